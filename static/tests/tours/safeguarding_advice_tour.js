/** @odoo-module **/

import {registry} from "@web/core/registry";

/*
 * A practitioner unsure of a draft decision ticks "I am unsure"; the form prompts for
 * advice, and "Ask for Advice" opens a request on the decision, saved as asked and
 * listed on its Advice tab (tests/test_advice.py checks the database).
 */

const FORM = ".o_action_manager .o_form_view .o_form_renderer";
const DIALOG = ".modal .o_form_view";

registry.category("web_tour.tours").add("safeguarding_advice_tour", {
    steps: () => [
        {
            content: "Mark the decision 'I am unsure'",
            trigger: `${FORM} .o_field_widget[name=unsure] input`,
            run: "check",
        },
        {
            content: "The form prompts for advice: ask for it",
            trigger: `${FORM} .alert button[name=action_ask_for_advice]`,
            run: "click",
        },
        {
            content: "Name the adviser",
            trigger: `${DIALOG} .o_field_widget[name=adviser_id] input`,
            run: "edit Test Parent",
        },
        {
            content: "Choose the adviser",
            trigger: ".o_field_widget[name=adviser_id] .o-autocomplete--dropdown-item a:contains(Test Parent)",
            run: "click",
        },
        {
            content: "A policy or legal team",
            trigger: `${DIALOG} .o_field_widget[name=adviser_role] select`,
            run: 'select "policy_legal"',
        },
        {
            content: "Ask the question",
            trigger: `${DIALOG} .o_field_widget[name=question] textarea`,
            run: "edit Does the s47 enquiry cover the school's records?",
        },
        {
            content: "Save the request",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Open the Advice tab",
            trigger: `body:not(:has(.modal)) ${FORM} .o_notebook .nav-link[name=advice]`,
            run: "click",
        },
        {
            content: "The request is listed, waiting for its answer",
            trigger: `${FORM} .o_field_widget[name=advice_ids] .o_data_row td[name=state]:contains(Asked)`,
        },
    ],
});

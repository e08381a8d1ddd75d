/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {FORM, pickMany2one} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * The practitioner's typical share, step by step, as issue 14 measured it (66
 * interactions then): bruising seen at school, referred to children's social care
 * without consent (a child at risk of harm), on public task, Article 9(2)(g) and
 * Schedule 1 paragraph 18, the six principles confirmed, two lines of what was shared,
 * submitted for sign-off. The agency's template gives the purpose, the lawful basis,
 * the channel, how much and whether the family is told; Confirm All the principles.
 * Every step with a `run` is one interaction: tests/test_interaction_counts.py counts them
 * from this list and fails above 25. The do-not-share (a landlord's request, with no
 * safeguarding purpose) is counted the same way.
 */

export const MAX_INTERACTIONS = 25;

function openNewDecision() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "Go to the cases",
            trigger: '.o_main_navbar [data-menu-xmlid="safeguarding_info_sharing.safeguarding_case_menu"]',
            run: "click",
        },
        {
            content: "Open the child's case",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Steps Child)",
            run: "click",
        },
        {
            content: "Record a sharing decision",
            trigger: `${FORM} button[name=action_new_decision]`,
            run: "click",
        },
        {
            content: "The new decision is a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=draft]",
        },
    ];
}

function disclosureLine(description) {
    return [
        {
            content: "Add a line of what was shared",
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Describe it: ${description}`,
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_selected_row td[name=description] textarea`,
            run: `edit ${description}`,
        },
        {
            content: "It is a fact",
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_selected_row td[name=fact_or_opinion] select`,
            run: 'select "fact"',
        },
    ];
}

function submit() {
    return [
        {
            content: "Submit the decision for sign-off",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "The decision awaits sign-off",
            trigger: `${FORM} .o_field_widget[name=signoff_state]:contains(Awaiting sign-off)`,
        },
    ];
}

export function typicalShareSteps() {
    return [
        ...openNewDecision(),
        ...pickMany2one("recipient_id", "Steps MASH worker"),
        ...pickMany2one("template_id", "Steps referral"),
        {
            content: "There is a clear and legitimate safeguarding purpose",
            trigger: `${FORM} .o_field_widget[name=legitimate_purpose_answer] input[data-value=yes]`,
            run: "check",
        },
        {
            content: "A child is at risk of harm: consent is not needed, nor sought",
            trigger: `${FORM} .o_field_widget[name=risk_of_harm_answer] input[data-value=yes]`,
            run: "check",
        },
        {
            content: "Only relevant, accurate information, to people with a role",
            trigger: `${FORM} .o_field_widget[name=relevant_answer] input[data-value=yes]`,
            run: "check",
        },
        {
            content: "The flowchart reaches: share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=share]`,
        },
        {
            content: "The principles are listed before any save",
            trigger: `${FORM} .o_field_widget[name=principle_ids] .o_data_row`,
        },
        {
            content: "Confirm all the principles, each with its usual justification",
            trigger: `${FORM} button[name=action_confirm_all_principles]`,
            run: "click",
        },
        {
            content: "Every principle is confirmed",
            trigger: `${FORM}.o_form_saved .o_field_widget[name=principle_ids]:not(:has(.o_data_row td[name=confirmed] input:not(:checked)))`,
        },
        {
            content: "The recipient's identity is verified",
            trigger: `${FORM} .o_field_widget[name=recipient_verified] input`,
            run: "check",
        },
        {
            content: "The child and her mother were not engaged first: it was not safe",
            trigger: `${FORM} .o_field_widget[name=engagement_answer] input[data-value=not_engaged]`,
            run: "check",
        },
        {
            content: "Why not",
            trigger: `${FORM} .o_field_widget[name=not_engaged_reason] select`,
            run: 'select "not_safe"',
        },
        ...disclosureLine("Bruising seen on the child's upper arm at school on 3 March"),
        ...disclosureLine("The child said the bruise came from home"),
        {
            content: "Give the reason",
            trigger: `${FORM} .o_field_widget[name=reason] textarea`,
            run: "edit Unexplained bruising: the child is at risk of significant harm",
        },
        {
            content: "Only the reason, still being typed, is missing",
            trigger: `${FORM} .o_field_widget[name=missing_items_html] li:only-child:contains(the reason for the decision)`,
        },
        ...submit(),
    ];
}

export function doNotShareSteps() {
    return [
        ...openNewDecision(),
        {
            content: "A request received",
            trigger: `${FORM} .o_field_widget[name=trigger] input[data-value=request]`,
            run: "check",
        },
        ...pickMany2one("requester_organisation_id", "Steps Landlord"),
        {
            content: "What the landlord asked for",
            trigger: `${FORM} .o_field_widget[name=information_requested] textarea`,
            run: "edit Whether the family has a social worker",
        },
        {
            content: "No clear and legitimate safeguarding purpose",
            trigger: `${FORM} .o_field_widget[name=legitimate_purpose_answer] input[data-value=no]`,
            run: "check",
        },
        {
            content: "The flowchart reaches: do not share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=do_not_share]`,
        },
        {
            content: "Give the reason",
            trigger: `${FORM} .o_field_widget[name=reason] textarea`,
            run: "edit The landlord's request serves no safeguarding purpose",
        },
        {
            content: "The decision was not discussed with the landlord",
            trigger: `${FORM} .o_field_widget[name=discussed_with_requester] select`,
            run: 'select "no"',
        },
        ...submit(),
    ];
}

registry.category("web_tour.tours").add("safeguarding_typical_share_tour", {
    url: "/odoo",
    steps: typicalShareSteps,
});

registry.category("web_tour.tours").add("safeguarding_do_not_share_tour", {
    url: "/odoo",
    steps: doNotShareSteps,
});

/** @odoo-module **/

import {registry} from "@web/core/registry";
import {
    answer,
    check,
    chooseRecord,
    field,
    inView,
    newDecision,
    pickMany2one,
    press,
    see,
    submit,
    toggle,
    typeIn,
} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * The practitioner's everyday jobs, counted as a person counts them from the case
 * form (tests/test_interaction_counts.py): every click, every sequence of keystrokes, every
 * pick in a dropdown is one interaction, so a many2one is three (the click that puts
 * the cursor there, the typing, the pick), a short list (the templates) two and a
 * text two. The targets: a typical
 * share without consent at most 15, a do-not-share on a request from a new
 * organisation at most 12, a share on the consent route at most 18.
 */

/*
 * Bruising seen at school, referred to children's social care without consent (a
 * child at risk of harm): the agency's template gives the purpose, the lawful basis
 * layer by layer, the channel, how much, whether the family is told and the two
 * lines of what is usually shared; why the child and her mother were not engaged
 * first; Confirm All the principles, then submit for sign-off.
 */
export function typicalShareSteps() {
    return [
        ...newDecision(),
        ...chooseRecord("template_id", "Steps referral"),
        ...pickMany2one("recipient_id", "Steps Social Care"),
        ...answer("legitimate_purpose_answer", "yes"),
        ...answer("risk_of_harm_answer", "yes"),
        ...answer("relevant_answer", "yes"),
        ...see(
            "The route reaches: share",
            ".o_form_view .o_safeguarding_flowchart[data-outcome=share]"
        ),
        ...see(
            "The template's two lines of what was shared are proposed, to the recipient",
            `${field("disclosure_ids")}:has(.o_data_row:nth-child(2) td[name=description]:contains(The child said the bruise came from home))`
        ),
        // Rule 2 of the 2024 advice, asked as the share is decided: picking why
        // not answers "No".
        ...answer("not_engaged_reason", "not_safe"),
        ...see(
            "Not engaged, by that pick",
            `${field("engagement_answer")} input[data-value=not_engaged]:checked`
        ),
        ...toggle("recipient_verified", "The recipient's identity is verified"),
        ...typeIn("reason", "Unexplained bruising: the child is at risk of significant harm"),
        ...press("action_confirm_all_principles", "Confirm all the principles"),
        ...see(
            "Every principle is confirmed",
            ".o_form_view .o_form_renderer.o_form_saved .o_field_widget[name=principle_ids]:not(:has(.o_data_row td[name=confirmed] input:not(:checked)))"
        ),
        ...see(
            "Nothing is missing",
            ".o_form_view .o_field_widget[name=missing_items_html]:contains(Nothing is missing)"
        ),
        ...submit(),
    ];
}

/*
 * A landlord's request about the family, from an organisation not yet known (created
 * on the way): no safeguarding purpose, so do not share; the reason, and that it was
 * not discussed with the landlord.
 */
export function doNotShareSteps() {
    return [
        ...newDecision(),
        ...answer("trigger", "request"),
        ...pickMany2one("requester_organisation_id", "Steps Lettings New", {create: true}),
        ...see(
            "The new landlord is the requester",
            ".o_form_view .o_field_widget[name=requester_organisation_id] input:value(Steps Lettings New)"
        ),
        ...typeIn("information_requested", "Whether the family has a social worker"),
        ...answer("legitimate_purpose_answer", "no"),
        ...see(
            "The route reaches: do not share",
            ".o_form_view .o_safeguarding_flowchart[data-outcome=do_not_share]"
        ),
        ...check("The reason is in view, no blank screen before it", () =>
            inView(".o_form_view .o_field_widget[name=reason]")
        ),
        ...see(
            "It would have gone to the landlord, as the form says",
            ".o_form_view .o_field_widget[name=recipient_id] input:value(Steps Lettings New)"
        ),
        ...typeIn("reason", "The landlord's request serves no safeguarding purpose"),
        ...answer("discussed_with_requester", "no"),
        ...submit(),
    ];
}

/*
 * Early help with the family's agreement: no child at risk of harm, the mother's
 * consent linked, the agency's early-help template for the rest.
 */
export function consentShareSteps() {
    return [
        ...newDecision(),
        ...chooseRecord("template_id", "Steps early help"),
        ...pickMany2one("recipient_id", "Steps Family Help"),
        ...answer("legitimate_purpose_answer", "yes"),
        ...answer("risk_of_harm_answer", "no"),
        ...pickMany2one("consent_id", "Steps Parent"),
        ...see(
            "The consent covers the share",
            ".o_form_view .alert-success:contains(The consent covers this purpose and recipient)"
        ),
        ...answer("relevant_answer", "yes"),
        ...check(
            "Given in confidence, the common-law ground is beside the answer",
            () => {
                const bases = document.querySelector(
                    ".o_form_view div[name=question_lawful_reason] .o_field_widget[name=lawful_basis_ids]"
                );
                const answer = document.querySelector(
                    ".o_form_view div[name=question_lawful_reason] .o_field_widget[name=confidential_answer] input[data-value=yes]:checked"
                );
                return (
                    bases && answer && bases.innerText.includes("Common law") &&
                    Math.abs(bases.getBoundingClientRect().top - answer.getBoundingClientRect().top) < 120
                );
            }
        ),
        ...toggle("recipient_verified", "The recipient's identity is verified"),
        ...typeIn("reason", "The family asked for early help with the housing move"),
        ...press("action_confirm_all_principles", "Confirm all the principles"),
        ...see(
            "Nothing is missing",
            ".o_form_view .o_form_renderer.o_form_saved .o_field_widget[name=missing_items_html]:contains(Nothing is missing)"
        ),
        ...submit(),
    ];
}

registry.category("web_tour.tours").add("safeguarding_typical_share_tour", {
    steps: typicalShareSteps,
});

registry.category("web_tour.tours").add("safeguarding_do_not_share_tour", {
    steps: doNotShareSteps,
});

registry.category("web_tour.tours").add("safeguarding_consent_share_tour", {
    steps: consentShareSteps,
});

/** @odoo-module **/

import {queryAll, waitFor} from "@odoo/hoot-dom";
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {FORM, pickMany2one} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * A practitioner records a decision to share on one of their cases, walking the
 * procedure of its guidance version (the 2018 flowchart: a clear purpose, no consent,
 * identifiable information, a lawful reason to share without consent; the 2024
 * procedure: a clear safeguarding purpose, a child at risk of harm, the family's
 * agreement not sought, the lawful basis, only relevant information to people with a
 * role); then the lawful basis layer by layer, the principles, the "how" checklist, what
 * was shared and the reason, and submits it for sign-off. A lead signs it off
 * (tests/test_decision_tour.py), then the practitioner records it
 * (safeguarding_decision_record_tour) and, under 2024, writes the letter to the family,
 * which is logged as the telling (safeguarding_decision_letter_tour). The
 * test creates the data and checks the database afterwards.
 */


const PRINCIPLE_ROWS = ".o_field_widget[name=principle_ids] .o_data_row";

/** Confirm every principle listed, each with its own justification. */
async function confirmAllPrinciples(helpers) {
    const count = queryAll(`${FORM} ${PRINCIPLE_ROWS}`).length;
    for (let row = 1; row <= count; row++) {
        const line = `${FORM} ${PRINCIPLE_ROWS}:nth-child(${row})`;
        await helpers.click(`${line} td[name=justification]`);
        // Leaving a row runs the form's onchange (the "still missing" list reads
        // the principles): the next row is selected once it answers.
        const justification = await waitFor(
            `${line}.o_selected_row td[name=justification] textarea`,
            {timeout: 5000}
        );
        await helpers.edit(`Tour justification ${row}`, justification);
        await helpers.check(
            await waitFor(`${line}.o_selected_row td[name=confirmed] input`, {
                timeout: 5000,
            })
        );
    }
}

/** The first question, the same under both versions: a clear purpose, described. */
const PURPOSE = [
    {
        content: "There is a clear and legitimate purpose",
        trigger: `${FORM} .o_field_widget[name=legitimate_purpose_answer] input[data-value=yes]`,
        run: "check",
    },
    {
        content: "Describe the purpose",
        trigger: `${FORM} .o_field_widget[name=purpose] textarea`,
        run: "edit To refer the child to children's social care",
    },
    ...pickMany2one("purpose_id", "Tour referral"),
];

const QUESTIONS_2018 = [
    // Question 1
    ...PURPOSE,
    // Question 2
    {
        content: "No consent: seeking it would increase the risk to the child",
        trigger: `${FORM} .o_field_widget[name=no_consent_reason] select`,
        run: 'select "risk_to_child"',
    },
    // Question 3
    {
        content: "The information identifies the child",
        trigger: `${FORM} .o_field_widget[name=identifiable_answer] input[data-value=yes]`,
        run: "check",
    },
    // Question 4
    ...pickMany2one("lawful_basis_ids", "Tour public task"),
];

const QUESTIONS_2024 = [
    ...PURPOSE,
    {
        content: "A child is at risk of harm: consent is not needed, nor asked",
        trigger: `${FORM} .o_field_widget[name=risk_of_harm_answer] input[data-value=yes]`,
        run: "check",
    },
    ...pickMany2one("lawful_basis_ids", "Tour public task"),
    {
        content: "Only relevant, accurate information, to people with a role",
        trigger: `${FORM} .o_field_widget[name=relevant_answer] input[data-value=yes]`,
        run: "check",
    },
];

/** Golden rule 2 of 2024, the child being at risk: why the family was not engaged. */
const ENGAGEMENT_2024 = [
    {
        content: "The family was not engaged before sharing",
        trigger: `${FORM} .o_field_widget[name=engagement_answer] input[data-value=not_engaged]`,
        run: "check",
    },
    {
        content: "It was not safe",
        trigger: `${FORM} .o_field_widget[name=not_engaged_reason] input[data-value=not_safe]`,
        run: "check",
    },
];

/** Under the 2018 tour's pin: the banner says why, never that it "was started" then. */
const PINNED_2018 = [
    {
        content: "The banner says the agency pinned the 2018 advice, and until when",
        trigger: `${FORM} .o_field_widget[name=guidance_note]:contains(because the agency pinned that advice for the decisions started until):not(:contains(was started))`,
    },
];

/** From opening the app to a new decision on the tour child's case. */
function newDecisionSteps() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "The app opens on My Work: go to the cases",
            trigger: '.o_main_navbar [data-menu-xmlid="safeguarding_info_sharing.safeguarding_case_menu"]',
            run: "click",
        },
        {
            content: "Open the case of the tour child",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Tour Child)",
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

/** Submit the decision for sign-off: the form holds all it needs. */
const SUBMIT = [
    {
        content: "Submit the decision to a safeguarding lead for sign-off",
        trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
        run: "click",
    },
    {
        content: "The decision awaits sign-off",
        trigger: `${FORM} .o_field_widget[name=signoff_state]:contains(Awaiting sign-off)`,
    },
];

/** The steps from opening the app to submitting, with the version's questions. */
function decisionSteps(questions, informed, engagement = [], banner = []) {
    return [
        ...newDecisionSteps(),
        ...banner,
        ...pickMany2one("recipient_id", "Tour MASH worker"),
        ...questions,
        {
            content: "The flowchart reaches: share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=share]`,
        },
        {
            content: "Open the recipients decided",
            trigger: `${FORM} details[name=recipients] > summary`,
            run: "click",
        },
        {
            content: "The recipient is listed among the recipients decided",
            trigger: `${FORM} .o_field_widget[name=recipient_ids] .o_data_row td[name=partner_id]:contains(Tour MASH worker)`,
        },
        {
            content: "The outcome is shown",
            trigger: `${FORM} .o_field_widget[name=outcome]:contains(Share)`,
        },
        {
            content: "Save the draft, which lists the principles",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The principles are listed",
            trigger: `${FORM}.o_form_saved ${PRINCIPLE_ROWS}`,
        },
        {
            content: "Confirm each principle with a justification",
            trigger: `${FORM}.o_form_saved ${PRINCIPLE_ROWS}`,
            run: confirmAllPrinciples,
        },
        {
            content: "Every principle is confirmed",
            trigger: `${FORM} .o_field_widget[name=principle_ids]:not(:has(.o_data_row td[name=confirmed] input:not(:checked)))`,
        },
        // The lawful basis, layer by layer
        {
            content: "The information holds no special category data",
            trigger: `${FORM} .o_field_widget[name=special_category_answer] input[data-value=no]`,
            run: "check",
        },
        {
            content: "It holds no criminal offence data (no allegation either)",
            trigger: `${FORM} .o_field_widget[name=criminal_offence_answer] input[data-value=no]`,
            run: "check",
        },
        {
            content: "It was not given in confidence",
            trigger: `${FORM} .o_field_widget[name=confidential_answer] input[data-value=no]`,
            run: "check",
        },
        ...engagement,
        // How
        {
            content: "How much to share",
            trigger: `${FORM} .o_field_widget[name=how_much] textarea`,
            run: "edit The concern and the child's school only",
        },
        {
            content: "The recipient's identity is verified",
            trigger: `${FORM} .o_field_widget[name=recipient_verified] input`,
            run: "check",
        },
        ...pickMany2one("channel_id", "Tour secure email"),
        {
            content: "Separate controllers, with no data sharing agreement",
            trigger: `${FORM} .o_field_widget[name=controller_relationship] select`,
            run: 'select "separate"',
        },
        {
            content: "The individual is informed",
            trigger: `${FORM} .o_field_widget[name=individual_informed] select`,
            run: `select "${informed}"`,
        },
        // What was shared, right after the principles
        {
            content: "Add a line",
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Describe what was shared",
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_selected_row td[name=description] textarea`,
            run: "edit Tour disclosure: bruising seen on 3 March",
        },
        {
            content: "It is a fact",
            trigger: `${FORM} .o_field_widget[name=disclosure_ids] .o_selected_row td[name=fact_or_opinion] select`,
            run: 'select "fact"',
        },
        // The decision
        {
            content: "Give the reason",
            trigger: `${FORM} .o_field_widget[name=reason] textarea`,
            run: "edit The child is at risk of significant harm",
        },
        ...SUBMIT,
        {
            content: "What the lead signs off can no longer be edited",
            trigger: `${FORM} .o_field_widget[name=reason].o_readonly_modifier`,
        },
    ];
}

/*
 * A request the route allows answering, which the practitioner decides not to share:
 * the form asks whether the decision was discussed with the requester, as submitting
 * requires, and the decision is submitted from the form.
 */
function declinedRequestSteps() {
    return [
        ...newDecisionSteps(),
        {
            content: "A request received",
            trigger: `${FORM} .o_field_widget[name=trigger] input[data-value=request]`,
            run: "check",
        },
        // Recorded with the decision, the request came now: no day to type.
        ...pickMany2one("requester_organisation_id", "Tour Housing Association"),
        {
            content: "What the housing association asked for",
            trigger: `${FORM} .o_field_widget[name=information_requested] textarea`,
            run: "edit The family's support plan",
        },
        ...QUESTIONS_2024,
        {
            content: "The flowchart reaches: share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=share]`,
        },
        {
            content: "The practitioner decides not to share",
            trigger: `${FORM} .o_field_widget[name=share_choice] input[data-value=not_share]`,
            run: "check",
        },
        ...pickMany2one("declined_principle_id", "Relevant"),
        {
            content: "Why that principle is not met",
            trigger: `${FORM} .o_field_widget[name=declined_reason] textarea`,
            run: "edit The plan holds nothing the association needs to house the family",
        },
        {
            content: "Give the reason",
            trigger: `${FORM} .o_field_widget[name=reason] textarea`,
            run: "edit Not needed for the tenancy: the support plan stays with the team",
        },
        {
            content: "The decision was discussed with the housing association",
            trigger: `${FORM} .o_field_widget[name=discussed_with_requester] input[data-value=yes]`,
            run: "check",
        },
        {
            content: "When it was discussed",
            trigger: `${FORM} .o_field_widget[name=date_discussed] input`,
            run: "edit 11/21/2026",
        },
        {
            content: "Only the date, still being typed, is missing",
            trigger: `${FORM} .o_field_widget[name=missing_items_html] li:only-child:contains(when the decision was discussed)`,
        },
        ...SUBMIT,
    ];
}

registry.category("web_tour.tours").add("safeguarding_declined_request_tour", {
    url: "/odoo",
    steps: declinedRequestSteps,
});

registry.category("web_tour.tours").add("safeguarding_decision_tour", {
    url: "/odoo",
    steps: () => decisionSteps(QUESTIONS_2018, "will_inform", [], PINNED_2018),
});

registry.category("web_tour.tours").add("safeguarding_decision_2024_tour", {
    url: "/odoo",
    steps: () => decisionSteps(QUESTIONS_2024, "will_inform", ENGAGEMENT_2024),
});

registry.category("web_tour.tours").add("safeguarding_decision_record_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "Open the decisions",
            trigger: '.o_main_navbar [data-menu-xmlid="safeguarding_info_sharing.safeguarding_decision_menu"]',
            run: "click",
        },
        {
            content: "Open the signed-off decision about the tour child",
            trigger: ".o_list_view .o_data_row:contains(Signed off) .o_data_cell:contains(Tour Child)",
            run: "click",
        },
        {
            content: "Record the decision",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_record]",
            run: "click",
        },
        {
            content: "The decision is recorded",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=recorded]:contains(Recorded)",
        },
        {
            content: "Recorded fields are read-only",
            trigger: `${FORM} .o_field_widget[name=reason].o_readonly_modifier`,
        },
        {
            content: "The flowchart still shows the route to: share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=share]`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_decision_letter_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "My Work shows the family still to be told: open it",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Tell them what was shared)",
            run: "click",
        },
        {
            content: "The decision says it follows the April 2024 advice",
            trigger: `${FORM} .o_field_widget[name=guidance_label]:contains(April 2024)`,
        },
        {
            content: "Write to the family",
            trigger: `${FORM} button[name=action_write_to_family]`,
            run: "click",
        },
        {
            content: "The letter is addressed to the mother, who holds parental responsibility",
            trigger: ".modal .o_field_widget[name=addressee_ids] .o_tag:contains(Tour Mother)",
        },
        {
            content: "Never, by default, to the alleged perpetrator",
            trigger: ".modal .o_field_widget[name=addressee_ids]:not(:has(.o_tag:contains(Tour Stepfather)))",
        },
        {
            content: "Write the letter",
            trigger: ".modal .modal-footer button[name=action_write]",
            run: "click",
        },
        {
            content: "The agency's letter is ready in the composer",
            trigger: ".modal .o_field_widget[name=body]:contains(What was shared:)",
        },
        {
            content: "Log the letter on the decision (an internal note: nothing is e-mailed)",
            trigger: ".modal .modal-footer button.o_mail_send:contains(Log)",
            run: "click",
        },
        {
            content: "The telling is listed on the decision",
            trigger: `${FORM} .o_field_widget[name=telling_ids] .o_data_row:contains(By letter)`,
        },
    ],
});

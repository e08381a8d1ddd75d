/** @odoo-module **/

import {registry} from "@web/core/registry";
import {
    answer,
    check,
    choose,
    chooseRecord,
    click,
    field,
    fitsIn,
    inView,
    newDecision,
    noTechnicalName,
    pickMany2one,
    press,
    see,
    submit,
    toggle,
    typeIn,
} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * A practitioner's path through a share, not the shortest one: the principles
 * confirmed all at once before the channel is chosen, the channel then found to be
 * the phone, Crime Suspected ticked and unticked, Immediate Risk ticked and unticked.
 * Nothing confirmed is taken back behind their back; what no longer holds, or what
 * nothing fitting is proposed for, is said beside the principles at once
 * (tests/test_form_path.py).
 */

const PRINCIPLES = field("principle_ids");
const PRINCIPLE_LIST = ".o_field_widget[name=principle_ids]";
const ROW = (name) => `${PRINCIPLES} .o_data_row:has(td[name=principle_id]:contains(${name}))`;
// No row but Secure's is unconfirmed.
const OTHERS_CONFIRMED = `${PRINCIPLE_LIST}:not(:has(.o_data_row:not(:has(td[name=principle_id]:contains(Secure))) td[name=confirmed] input:not(:checked)))`;
const NO_RECORD_BUTTON = ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_record]))";

registry.category("web_tour.tours").add("safeguarding_confirm_all_then_channel_tour", {
    steps: () => [
        ...newDecision(),
        ...pickMany2one("recipient_id", "Path Police"),
        ...answer("legitimate_purpose_answer", "yes"),
        ...typeIn("purpose", "To tell the police what the child said about home"),
        ...answer("risk_of_harm_answer", "yes"),
        ...pickMany2one("lawful_basis_ids", "Path public task"),
        ...answer("relevant_answer", "yes"),
        ...answer("special_category_answer", "no"),
        ...answer("criminal_offence_answer", "no"),
        ...answer("confidential_answer", "no"),
        ...press("action_confirm_all_principles", "Confirm all the principles"),
        ...see(
            "Every principle but Secure is confirmed",
            `.o_form_view .o_form_renderer.o_form_saved ${OTHERS_CONFIRMED}`
        ),
        ...see(
            "Secure waits for the channel, and the form says so",
            `${ROW("Secure")} td[name=confirmed] input:not(:checked)`
        ),
        ...see(
            "The form says why Secure is not proposed",
            `${field("principles_note")}:contains(the channel is not chosen yet)`
        ),
        // The channel, chosen afterwards, is the phone.
        ...pickMany2one("channel_id", "Path phone"),
        ...see(
            "The principles confirmed stay confirmed",
            `${field("principles_note")}:contains(Path phone is not a secure channel)`
        ),
        ...see("Nothing was unticked", `.o_form_view ${OTHERS_CONFIRMED}`),
        ...see(
            "Their justifications stay",
            `${ROW("Adequate")} td[name=justification]:contains(enough for the recipient)`
        ),
        ...typeIn(
            "insecure_channel_reason",
            "The officer was on the line and the child goes home at 3 pm"
        ),
        // A suspected crime, ticked then unticked: it is not an emergency.
        ...toggle("crime_suspected", "Tick Crime Suspected"),
        ...see(
            "Secure is proposed in the practitioner's own words for the phone",
            `${ROW("Secure")} td[name=justification]:contains(Path phone, not a secure channel: The officer was on the line)`
        ),
        ...see(
            "Secure is confirmed with them",
            `${ROW("Secure")} td[name=confirmed] input:checked`
        ),
        ...see("Crime Suspected is ticked", `${field("crime_suspected")} input:checked`),
        ...see(
            "A suspected crime alone is no emergency",
            `${field("emergency")} input:not(:checked)`
        ),
        ...see("No button skips the sign-off", NO_RECORD_BUTTON),
        ...toggle("crime_suspected", "Untick Crime Suspected"),
        ...see(
            "Crime Suspected is unticked",
            `${field("crime_suspected")} input:not(:checked)`
        ),
        ...see("Emergency stays off", `${field("emergency")} input:not(:checked)`),
        ...see("Nothing was unticked by the urgency", `.o_form_view ${OTHERS_CONFIRMED}`),
        // A child at immediate risk, ticked then unticked: the emergency offered and
        // taken back with it, the principles untouched.
        ...toggle("immediate_risk", "Tick Child at Immediate Risk"),
        ...see("The emergency route is offered", `${field("emergency")} input:checked`),
        ...toggle("immediate_risk", "Untick Child at Immediate Risk"),
        ...see(
            "The emergency offer goes with the risk",
            `${field("emergency")} input:not(:checked)`
        ),
        ...see("No button skips the sign-off now", NO_RECORD_BUTTON),
        ...see("Nothing was unticked by the risk", `.o_form_view ${OTHERS_CONFIRMED}`),
        ...see("Secure stays confirmed", `${ROW("Secure")} td[name=confirmed] input:checked`),
        ...toggle("recipient_verified", "The recipient's identity is verified"),
        ...choose("controller_relationship", "separate"),
        ...answer("not_engaged_reason", "not_practicable"),
        ...choose("individual_informed", "will_inform"),
        ...typeIn("how_much", "What the child said, word for word, and when"),
        ...typeIn("reason", "The child described being hit at home"),
        ...noTechnicalName(),
        ...submit(),
        ...noTechnicalName(),
    ],
});

/*
 * The form follows the work, in a window of 1400 by 900: the form of a typical share
 * fits in two screens at each step; as the last question is answered, what comes
 * next is brought into view, and "Still missing" stays in view; a click on an item
 * jumps to its field; What Was Shared shows only the columns a practitioner fills.
 */
const TWO_SCREENS = fitsIn(2);
// The case's reference whole in its field, not cut to its last digits.
const CASE_REFERENCE_WHOLE = () => {
    const input = document.querySelector(".o_form_view .o_field_widget[name=case_id] input");
    return input && input.value.startsWith("CASE/") && input.scrollWidth <= input.clientWidth;
};
const STILL_MISSING = ".o_form_view div[name=still_missing] .o_field_widget[name=missing_items_html]";

registry.category("web_tour.tours").add("safeguarding_form_follows_the_work_tour", {
    steps: () => [
        ...newDecision(),
        ...check("A new decision fits in two screens", TWO_SCREENS),
        ...check("The case's whole reference shows", CASE_REFERENCE_WHOLE),
        ...chooseRecord("template_id", "Path referral"),
        ...pickMany2one("recipient_id", "Path Police"),
        ...answer("legitimate_purpose_answer", "yes"),
        ...see("The next question is asked", ".o_form_view div[name=question_risk_of_harm]"),
        ...check("The next question is in view", () =>
            inView(".o_form_view div[name=question_risk_of_harm]")
        ),
        ...answer("risk_of_harm_answer", "yes"),
        ...see("The question after it is asked", ".o_form_view div[name=question_relevant]"),
        ...check("The question after it is in view", () =>
            inView(".o_form_view div[name=question_relevant]")
        ),
        ...answer("relevant_answer", "yes"),
        ...see(
            "The route reaches: share",
            ".o_form_view .o_safeguarding_flowchart[data-outcome=share]"
        ),
        ...check("How to share comes into view", () => inView(".o_form_view div[name=how]")),
        ...check("Still missing stays in view", () => inView(STILL_MISSING)),
        ...check("The share fits in two screens", TWO_SCREENS),
        ...click(
            "Jump to the reason from Still missing",
            `${STILL_MISSING} a[data-field=reason]`
        ),
        ...check(
            "The cursor is in the reason, in view",
            () =>
                document.activeElement.closest(".o_field_widget[name=reason]") &&
                inView(".o_form_view .o_field_widget[name=reason]"),
            ".o_form_view .o_field_widget[name=reason].o_safeguarding_jumped"
        ),
        {
            content: "Type the reason",
            trigger: ".o_form_view .o_field_widget[name=reason] textarea",
            run: "edit The child said she was hit at home",
        },
        ...toggle("recipient_verified", "The recipient's identity is verified"),
        ...answer("not_engaged_reason", "not_safe"),
        ...press("action_confirm_all_principles", "Confirm all the principles"),
        ...see(
            "Nothing is missing",
            ".o_form_view .o_form_renderer.o_form_saved .o_field_widget[name=missing_items_html]:contains(Nothing is missing)"
        ),
        ...check("With the principles confirmed it fits in two screens", TWO_SCREENS),
        ...click(
            "Add what was shared",
            ".o_form_view .o_field_widget[name=disclosure_ids] .o_field_x2many_list_row_add a"
        ),
        {
            content: "Describe it",
            trigger: ".o_form_view .o_field_widget[name=disclosure_ids] .o_selected_row td[name=description] textarea",
            run: "edit What the child said on 3 March about being hit at home by her mother's partner",
        },
        ...check(
            "What Was Shared shows the columns a practitioner fills, none cut off",
            () => {
                const list = document.querySelector(
                    ".o_form_view .o_field_widget[name=disclosure_ids] table"
                );
                const headers = [...list.querySelectorAll("thead th[data-name]")];
                const names = headers.map((th) => th.dataset.name);
                return (
                    names.join(",") === "description,fact_or_opinion,historical,historical_note" &&
                    headers.every((th) => th.scrollWidth <= th.clientWidth + 1) &&
                    list.getBoundingClientRect().width <= window.innerWidth
                );
            }
        ),
        ...check("With a line it fits in two screens", TWO_SCREENS),
        {
            content: "It is what the child said: a fact",
            trigger: ".o_form_view .o_field_widget[name=disclosure_ids] .o_selected_row td[name=fact_or_opinion] select",
            run: 'select "fact"',
        },
        ...click("Save", ".o_form_view .o_form_button_save"),
        ...see("Saved", ".o_form_view .o_form_renderer.o_form_saved"),
    ],
});

/** @odoo-module **/

import {registry} from "@web/core/registry";
import {
    answer,
    choose,
    click,
    field,
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
        ...click("Record a sharing decision", ".o_form_view button[name=action_new_decision]"),
        ...see(
            "The new decision is a draft",
            ".o_statusbar_status button.o_arrow_button_current[data-value=draft]"
        ),
        ...pickMany2one("recipient_id", "Path Police"),
        ...answer("legitimate_purpose_answer", "yes"),
        ...typeIn("purpose", "To tell the police what the child said about home"),
        ...answer("risk_of_harm_answer", "yes"),
        ...pickMany2one("lawful_basis_ids", "Path public task"),
        ...answer("relevant_answer", "yes"),
        ...answer("special_category_answer", "no"),
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
        ...choose("individual_informed", "will_inform"),
        ...typeIn("how_much", "What the child said, word for word, and when"),
        ...typeIn("reason", "The child described being hit at home"),
        ...noTechnicalName(),
        ...submit(),
        ...noTechnicalName(),
    ],
});

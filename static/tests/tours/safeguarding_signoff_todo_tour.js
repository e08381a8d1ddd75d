/** @odoo-module **/

import {registry} from "@web/core/registry";
import {click, see} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * A lead tries to tick off the "Sign this decision off" to-do from the decision's
 * chatter without signing it off: it is refused, saying how it is done, and the
 * to-do stays in their My Work (tests/test_signoff_todo.py).
 */

const TODO = ".o-mail-Activity:contains(Sign this decision off)";

registry.category("web_tour.tours").add("safeguarding_signoff_todo_tour", {
    steps: () => [
        ...see("The sign-off to-do is on the decision", TODO),
        ...click("Mark it done", `${TODO} .o-mail-Activity-markDone`),
        ...click("Done", ".o-mail-ActivityMarkAsDone button[aria-label=Done]"),
        ...see(
            "Refused: it is done by signing off",
            ".modal:contains(this to-do is done when you sign it off or return it)"
        ),
        ...click("Close the message", ".modal .modal-footer .btn-primary"),
        ...see("The to-do is still there", TODO),
        ...see(
            "The decision still awaits sign-off",
            ".o_form_view .o_field_widget[name=signoff_state]:contains(Awaiting sign-off)"
        ),
    ],
});

/** @odoo-module **/

import {registry} from "@web/core/registry";
import {see} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * Logged in, a user of any safeguarding role lands on My Work, not on Discuss: no
 * click between the login and their work (tests/test_landing.py). One who must first
 * enable two-factor authentication lands on the page that says how.
 */

registry.category("web_tour.tours").add("safeguarding_landing_tour", {
    steps: () => [
        ...see(
            "The Safeguarding app is open",
            '.o_main_navbar .o_menu_brand:contains(Safeguarding)'
        ),
        ...see("On My Work", ".o_control_panel .o_breadcrumb:contains(My Work)"),
        ...see("Its list of work", ".o_action_manager .o_list_view"),
    ],
});

registry.category("web_tour.tours").add("safeguarding_landing_second_factor_tour", {
    steps: () => [
        ...see(
            "On the page that says how to enable two factors",
            ".o_form_view .alert-warning:contains(Enable two-factor authentication to reach case data)"
        ),
    ],
});

/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/*
 * A lead opens the Safeguarding app and lands on My Work, where the decision awaiting
 * their sign-off is listed: one click on it opens the decision with its Sign Off
 * button. Opening the app and one click: every other step only waits and checks
 * (tests/test_my_work.py).
 */

registry.category("web_tour.tours").add("safeguarding_my_work_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "Open the decision awaiting my sign-off",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=summary]:contains(Sign this decision off)",
            run: "click",
        },
        {
            content: "The decision is open, ready to be signed off",
            trigger: ".o_form_view:has(.o_field_widget[name=recipient_id]:contains(My Work Social Care)) .o_statusbar_buttons button[name=action_approve]",
        },
    ],
});

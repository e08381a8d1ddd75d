/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/*
 * A practitioner who has not enabled two-factor authentication, while the agency
 * requires it, opens the Safeguarding app: it opens on the page that says how to
 * enable it (no access error), whose button starts auth_totp's own enabling, which
 * first asks for the password (tests/test_second_factor.py).
 */

registry.category("web_tour.tours").add("safeguarding_second_factor_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
        {
            content: "The page says what to do",
            trigger: ".o_form_view .alert-warning:contains(Enable two-factor authentication to reach case data):contains(Account Security)",
        },
        {
            content: "Enable two-factor authentication",
            trigger: ".o_form_view .alert-warning button[name=action_totp_enable_wizard]",
            run: "click",
        },
        {
            content: "auth_totp first asks for the password",
            trigger: ".modal .o_form_view [name=password] input",
        },
    ],
});

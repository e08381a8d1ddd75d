/** @odoo-module **/

import {registry} from "@web/core/registry";
import {click, see} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * The safeguarding administrator's own work, from their landing page: their settings
 * (templates and channels one click away), a new channel whose code is made from its
 * name, and a leaver given "No Role" from Staff and Roles (tests/test_staff_roles.py).
 */

const CONFIGURATION = '.o_main_navbar [data-menu-xmlid="safeguarding_info_sharing.menu_configuration"]';

registry.category("web_tour.tours").add("safeguarding_admin_settings_tour", {
    steps: () => [
        ...see("Landed on My Work", ".o_control_panel .o_breadcrumb:contains(My Work)"),
        ...click("Open Configuration", CONFIGURATION),
        ...click(
            "Open the settings",
            '.dropdown-item[data-menu-xmlid="safeguarding_info_sharing.safeguarding_config_settings_menu"]'
        ),
        ...see(
            "The settings hold the emergency hours",
            ".modal .o_field_widget[name=emergency_signoff_hours] input"
        ),
        ...click("Open the channels", ".modal button[name=action_open_channels]"),
        ...see("The channels are listed", ".o_list_view .o_data_row"),
        ...click("A new channel", ".o_control_panel .o_list_button_add"),
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Admin text message",
        },
        ...see(
            "No code to make up",
            ".o_form_view:not(:has(.o_field_widget[name=code] input))"
        ),
        ...click("Save", ".o_form_view .o_form_button_save"),
        ...see(
            "Its code is made from its name",
            ".o_form_view .o_field_widget[name=code]:contains(admin_text_message)"
        ),
        ...click("Open Configuration again", CONFIGURATION),
        ...click(
            "Open Staff and Roles",
            '.dropdown-item[data-menu-xmlid="safeguarding_info_sharing.safeguarding_staff_roles_menu"]'
        ),
        ...click(
            "Open the leaver",
            ".o_list_view .o_data_row td[name=name]:contains(Lena Leaver)"
        ),
        ...click("No role: she leaves", ".modal .o_field_widget[name=role] input[data-value=none]"),
        ...see(
            "What no role allows",
            ".modal .o_field_widget[name=role_description]:contains(reaches nothing of the Safeguarding app)"
        ),
        ...click("Change the role", ".modal button[name=action_apply]"),
        ...see(
            "She holds no role",
            "body:not(:has(.modal)) .o_list_view .o_data_row:has(td[name=name]:contains(Lena Leaver)) td[name=safeguarding_role_choice]:contains(No Role)"
        ),
    ],
});

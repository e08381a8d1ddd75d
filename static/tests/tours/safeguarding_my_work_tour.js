/** @odoo-module **/

import {registry} from "@web/core/registry";

/*
 * A lead logs in and lands on My Work, where the decision awaiting their sign-off is
 * listed: one click on it opens the decision, and they sign it off (two
 * interactions, counted by tests/test_interaction_counts.py) or return it with what to
 * change. A manager runs the Decision Analysis pivot, then exports the decision log
 * from the agency's export template. Steps without a `run` only wait and check
 * (tests/test_my_work.py).
 */

// The decision about the child: the child is among whose information it is, named by
// its tag (the child's own field shows only when the child is not among them).
const DECISION =
    ".o_form_view:has(.o_field_widget[name=subject_ids]:contains(My Work Child))";

function openAwaitingSignOff() {
    // Logged in, the lead lands on My Work (tests/test_landing.py).
    return [
        {
            content: "Landed on My Work",
            trigger: ".o_control_panel .o_breadcrumb:contains(My Work)",
        },
        {
            content: "Open the decision awaiting my sign-off",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=summary]:contains(Sign this decision off)",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("safeguarding_my_work_tour", {
    url: "/odoo",
    steps: () => [
        ...openAwaitingSignOff(),
        {
            content: "Sign the decision off",
            trigger: `${DECISION} .o_statusbar_buttons button[name=action_approve]`,
            run: "click",
        },
        {
            content: "The decision is signed off",
            trigger: `${DECISION} .o_field_widget[name=signoff_state]:contains(Signed off)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_return_tour", {
    url: "/odoo",
    steps: () => [
        ...openAwaitingSignOff(),
        {
            content: "Return the decision",
            trigger: `${DECISION} .o_statusbar_buttons button:contains(Return)`,
            run: "click",
        },
        {
            content: "Say what to change",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Add the date of each bruise.",
        },
        {
            content: "Confirm the return",
            trigger: ".modal footer button[name=action_confirm]:contains(Return)",
            run: "click",
        },
        {
            content: "The decision is returned to its practitioner",
            trigger: `${DECISION} .o_field_widget[name=signoff_state]:contains(Returned)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_manager_reports_tour", {
    url: "/odoo",
    steps: () => [
        // Logged in, the manager lands on My Work, in the app.
        {
            content: "Open Reporting",
            trigger: '.o_main_navbar [data-menu-xmlid="safeguarding_info_sharing.menu_reporting"]',
            run: "click",
        },
        {
            content: "Open Decision Analysis",
            trigger: '.dropdown-item[data-menu-xmlid="safeguarding_info_sharing.safeguarding_decision_report_menu"]',
            run: "click",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot counts the recorded decision",
            trigger: ".o_pivot thead .o_pivot_measure_row:contains(Count)",
        },
        {
            // The figures themselves are tested in tests/test_reports.py.
            content: "The total counts the decisions",
            trigger: ".o_pivot tbody tr:first-child .o_pivot_cell_value:not(:empty)",
        },
        {
            content: "Switch to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select every decision",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_control_panel .o_cp_action_menus .dropdown-toggle:contains(Actions)",
            run: "click",
        },
        {
            content: "Export",
            trigger: ".dropdown-menu span:contains(Export)",
            run: "click",
        },
        {
            content: "Choose the managers' decision log",
            trigger: ".o_export_data_dialog .o_exported_lists_select:has(option:contains(Decision log (managers)))",
            run() {
                const option = [...this.anchor.options].find(
                    (opt) => opt.textContent === "Decision log (managers)"
                );
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The log has the template's timeliness columns",
            trigger: ".o_export_data_dialog .o_fields_list .o_export_field:contains(Days from Request to Decision)",
        },
        {
            content: "Export the decision log",
            trigger: ".o_export_data_dialog .o_select_button",
            run: "click",
        },
        {
            content: "No error came back",
            trigger: "body:not(:has(.o_error_dialog)) .o_export_data_dialog",
        },
    ],
});

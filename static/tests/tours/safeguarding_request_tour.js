/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {FORM, pickMany2one} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * Requests against the clock, walked by the practitioner and the duty lead
 * (tests/test_request_tour.py creates the data, runs the watch at the frozen times
 * of the story and checks the database between the tours):
 *
 * - the duty practitioner records a Red MASH enquiry that came on Friday at 16:55
 *   and sees it due on Monday at 12:55, assigned to the case's practitioner;
 * - nobody picks it up: the duty lead finds it escalated in My Work;
 * - the practitioner picks it up from My Work and answers it with a decision not
 *   to share; the lead signs it off from My Work; recorded, the practitioner writes
 *   the reply to the requester, logged on the request;
 * - the same for a s16H request of the safeguarding partners (declined: the lead
 *   signs off with reasons), and for the agency's own request to a school, whose
 *   reply is recorded as a fact and what it is used for.
 */

function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Safeguarding app",
            trigger: '.o_app[data-menu-xmlid="safeguarding_info_sharing.menu_root"]',
            run: "click",
        },
    ];
}

function openCase(child) {
    return [
        ...openApp(),
        {
            content: "Open the cases",
            trigger: '.o_main_navbar a[data-menu-xmlid="safeguarding_info_sharing.safeguarding_case_menu"]',
            run: "click",
        },
        {
            content: `Open the case of ${child}`,
            trigger: `.o_list_view .o_data_row:contains(${child}) .o_data_cell[name=name]`,
            run: "click",
        },
    ];
}

function openFromMyWork(summary) {
    return [
        ...openApp(),
        {
            content: `My Work lists it: ${summary}`,
            trigger: `.o_list_view .o_data_row .o_data_cell[name=summary]:contains(${summary})`,
            run: "click",
        },
    ];
}

function edit(field, text, tag = "input") {
    return {
        content: `Fill ${field}`,
        trigger: `${FORM} .o_field_widget[name=${field}] ${tag}`,
        run: `edit ${text}`,
    };
}

function choose(field, value) {
    return {
        content: `Choose ${value} for ${field}`,
        trigger: `${FORM} .o_field_widget[name=${field}] input[data-value=${value}]`,
        run: "check",
    };
}

function save() {
    return {
        content: "Save",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    };
}

function receiveSteps(child, organisation, extra) {
    return [
        ...openCase(child),
        {
            content: "A request received about the case",
            trigger: `${FORM} .o_statusbar_buttons button:contains(Request Received)`,
            run: "click",
        },
        ...pickMany2one("organisation_id", organisation),
        ...extra,
        edit("date_request", "12/04/2026 16:55:00"),
        edit("information_requested", "What the service knows of the family", "textarea"),
        ...pickMany2one("user_id", "Ria Practitioner"),
        save(),
    ];
}

function declineSteps() {
    return [
        {
            content: "Pick the request up",
            trigger: `${FORM} button[name=action_pick_up]`,
            run: "click",
        },
        {
            content: "It is picked up",
            trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current:contains(Picked Up)`,
        },
        {
            content: "Answer it with a decision",
            trigger: `${FORM} button[name=action_new_decision]`,
            run: "click",
        },
        {
            content: "A new decision, answering the request: its reply due is shown",
            trigger: `${FORM} .o_field_widget[name=request_date_due]:contains(/2026)`,
        },
        choose("legitimate_purpose_answer", "no"),
        {
            content: "The flowchart reaches: do not share",
            trigger: `${FORM} .o_safeguarding_flowchart[data-outcome=do_not_share]`,
        },
        edit("reason", "Nothing the requester needs for a safeguarding purpose", "textarea"),
        {
            content: "Discussed with the requester",
            trigger: `${FORM} .o_field_widget[name=discussed_with_requester] input[data-value=no]`,
            run: "check",
        },
        {
            content: "Submit it for sign-off",
            trigger: `${FORM} button[name=action_submit]`,
            run: "click",
        },
        {
            content: "It awaits sign-off",
            trigger: `${FORM} .o_field_widget[name=signoff_state]:contains(Awaiting sign-off)`,
        },
    ];
}

registry.category("web_tour.tours").add("safeguarding_request_receive_tour", {
    url: "/odoo",
    steps: () => [
        ...receiveSteps("Tour Request Child", "Tour MASH", [
            choose("basis", "mash"),
            choose("rating", "red"),
        ]),
        {
            content: "Due on Monday at 12:55: five minutes on Friday, the rest from 9:00",
            trigger: `${FORM}.o_form_saved .o_field_widget[name=date_due]:contains(12/07/2026 12:55:00)`,
        },
        {
            content: "Not picked up before Monday at 9:55 it escalates",
            trigger: `${FORM} .o_field_widget[name=date_pick_up_due]:contains(12/07/2026 09:55:00)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_lead_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyWork("Escalated: see that this request is answered in time"),
        {
            content: "The Red enquiry, due Monday at 12:55",
            trigger: `${FORM} .o_field_widget[name=date_due]:contains(12/07/2026 12:55:00)`,
        },
        {
            content: "The lead was told why: nobody picked it up",
            trigger: ".o-mail-Message:contains(was not picked up within the first quarter)",
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_answer_tour", {
    url: "/odoo",
    steps: () => [...openFromMyWork("Answer this request"), ...declineSteps()],
});

registry.category("web_tour.tours").add("safeguarding_request_signoff_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyWork("Sign this decision off"),
        {
            content: "Sign the decision off",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_approve]`,
            run: "click",
        },
        {
            content: "It is signed off",
            trigger: `${FORM} .o_field_widget[name=signoff_state]:contains(Signed off)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_reply_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyWork("Write to the requester about what was not shared"),
        {
            content: "Reply to the requester",
            trigger: `${FORM} button[name=action_write_reply]`,
            run: "click",
        },
        {
            content: "The agency's reply is ready in the composer, in the practitioner's words",
            trigger: ".modal .o_field_widget[name=body]:contains(Nothing the requester needs for a safeguarding purpose)",
        },
        {
            content: "Log it on the request (an internal note: nothing is e-mailed)",
            trigger: ".modal .modal-footer button.o_mail_send:contains(Log)",
            run: "click",
        },
        {
            content: "Open the replies and chasers",
            trigger: `${FORM} .o_notebook .nav-link:contains(Replies and Chasers)`,
            run: "click",
        },
        {
            content: "The reply is kept on the request",
            trigger: `${FORM} .o_field_widget[name=exchange_ids] .o_data_row:contains(Reply to the requester)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_s16h_tour", {
    url: "/odoo",
    steps: () => [
        ...receiveSteps("Tour Request Child", "Tour Partnership", [
            choose("basis", "statutory"),
            {
                content: "Under Children Act 2004 s16H",
                trigger: `${FORM} .o_field_widget[name=statutory_basis] select`,
                run: 'select "s16h"',
            },
            choose("rating", "amber"),
            edit("request_reason", "A rapid review of a serious incident", "textarea"),
            edit("request_proportionality", "Only the health visiting records", "textarea"),
            edit("request_function", "A local child safeguarding practice review", "textarea"),
        ]),
        {
            content: "Amber: 24 working hours, due on Wednesday at 16:55",
            trigger: `${FORM}.o_form_saved .o_field_widget[name=date_due]:contains(12/09/2026 16:55:00)`,
        },
        ...declineSteps(),
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_s16h_signoff_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyWork("Sign this decision off"),
        {
            content: "Declining the safeguarding partners needs the lead's reasons",
            trigger: `${FORM} .o_statusbar_buttons button:contains(Sign Off with Reasons)`,
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The review's questions are answered by the health records it already holds",
        },
        {
            content: "Sign it off",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "It is signed off",
            trigger: `${FORM} .o_field_widget[name=signoff_state]:contains(Signed off)`,
        },
    ],
});

registry.category("web_tour.tours").add("safeguarding_request_school_tour", {
    url: "/odoo",
    steps: () => [
        ...openCase("Tour Request Child"),
        {
            content: "The agency asks the school",
            trigger: `${FORM} .o_statusbar_buttons button:contains(Request to a Partner)`,
            run: "click",
        },
        ...pickMany2one("organisation_id", "Tour School"),
        choose("rating", "amber"),
        edit("date_request", "12/04/2026 16:55:00"),
        edit("information_requested", "Attendance this term and any concerns logged", "textarea"),
        edit("request_reason", "An assessment of the family's needs", "textarea"),
        save(),
        {
            content: "The school's reply is due on Wednesday at 16:55",
            trigger: `${FORM}.o_form_saved .o_field_widget[name=date_due]:contains(12/09/2026 16:55:00)`,
        },
        {
            content: "The reply comes: record it",
            trigger: `${FORM} .o_statusbar_buttons button:contains(Record the Reply)`,
            run: "click",
        },
        {
            content: "What came back",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Attendance 95%, no concern logged",
        },
        {
            content: "It is a fact",
            trigger: ".modal .o_field_widget[name=fact_or_opinion] input[data-value=fact]",
            run: "check",
        },
        {
            content: "What it is used for",
            trigger: ".modal .o_field_widget[name=used_for] textarea",
            run: "edit The assessment of the family's needs",
        },
        {
            content: "Record it",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The request is answered",
            trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current:contains(Answered)`,
        },
    ],
});

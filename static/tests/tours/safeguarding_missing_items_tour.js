/** @odoo-module **/

import {registry} from "@web/core/registry";
import {FORM} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * The live "Still missing" list jumps to each item's field: one on the sheet (the
 * reason), one on a notebook page (the advice asked on an unsure decision).
 */

const MISSING = `${FORM} .o_field_widget[name=missing_items_html]`;

registry.category("web_tour.tours").add("safeguarding_missing_items_tour", {
    steps: () => [
        {
            content: "What was shared is listed right after how to share",
            trigger: `${FORM} div[name=how] + div[name=disclosures] .o_field_widget[name=disclosure_ids]`,
        },
        {
            content: "Jump to the reason for the decision",
            trigger: `${MISSING} a[data-field=reason]:contains(the reason for the decision)`,
            run: "click",
        },
        {
            // The headless browser's page never has the system focus, so :focus
            // never matches: the active element says where the cursor is.
            content: "The cursor is in the reason",
            trigger: `${FORM} .o_field_widget[name=reason].o_safeguarding_jumped textarea`,
            run() {
                if (document.activeElement !== this.anchor) {
                    throw new Error("The reason does not have the cursor.");
                }
            },
        },
        {
            content: "Jump to the advice asked on this unsure decision",
            trigger: `${MISSING} a[data-field=advice_ids]`,
            run: "click",
        },
        {
            content: "The Advice page is open, at its list",
            trigger: `${FORM} .o_notebook_headers .nav-link.active[name=advice]`,
        },
        {
            content: "The advice list is the field jumped to",
            trigger: `${FORM} .o_field_widget[name=advice_ids].o_safeguarding_jumped`,
        },
    ],
});

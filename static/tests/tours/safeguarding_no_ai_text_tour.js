/** @odoo-module **/

import {registry} from "@web/core/registry";
import {FORM} from "@safeguarding_info_sharing/../tests/tours/safeguarding_tour_utils";

/*
 * A practitioner on a case: the editor offers no AI command, neither in the
 * composer opened from the case's chatter nor in the case's own HTML field (the
 * concern), by the powerbox (typing /) or by the toolbar of a selection.
 */

const COMPOSER = ".o_mail_composer_form_view";
const SUMMARY = `${FORM} .o_field_widget[name=summary] .odoo-editor-editable`;

/** The powerbox opened by typing / in ``editable``. */
function openPowerbox(editable) {
    return {
        content: "Type / to open the powerbox",
        trigger: editable,
        async run(actions) {
            await actions.editor("/");
            this.anchor.dispatchEvent(
                new InputEvent("input", {inputType: "insertText", data: "/"})
            );
        },
    };
}

/** Fails the tour when the open powerbox lists an AI command. */
const powerboxWithoutAi = {
    content: "The powerbox lists its commands, and no AI command",
    trigger: ".o-we-powerbox .o-we-command",
    run() {
        const names = [...document.querySelectorAll(".o-we-powerbox .o-we-command-name")];
        const categories = [...document.querySelectorAll(".o-we-powerbox .o-we-category")];
        const offered = names
            .concat(categories)
            .map((element) => element.textContent.trim())
            .filter((text) => /ChatGPT|\bAI\b/.test(text));
        if (offered.length) {
            throw new Error(`The powerbox offers AI: ${offered.join(", ")}`);
        }
    },
};

registry.category("web_tour.tours").add("safeguarding_no_ai_text_tour", {
    steps: () => [
        {
            content: "Log a note on the case",
            trigger: ".o-mail-Chatter button:contains(Log note)",
            run: "click",
        },
        {
            content: "Open the full composer",
            trigger: ".o-mail-Chatter button[aria-label='Full composer']",
            run: "click",
        },
        openPowerbox(`${COMPOSER} .o_field_html[name=body] .odoo-editor-editable`),
        powerboxWithoutAi,
        {
            content: "Close the composer without logging anything",
            trigger: `.modal:has(${COMPOSER}) .modal-footer button:contains(Discard)`,
            run: "click",
        },
        {
            content: "Open the concern",
            trigger: `${FORM} .o_notebook_headers .nav-link[name=summary]`,
            run: "click",
        },
        {
            content: "Select the words of the concern",
            trigger: `${SUMMARY} p:contains(Bruising seen at school)`,
            run() {
                const range = document.createRange();
                range.selectNodeContents(this.anchor);
                const selection = document.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
            },
        },
        {
            content: "The toolbar offers formatting, and no AI command",
            trigger: ".o-we-toolbar .btn-group[name=decoration]",
            run() {
                const toolbar = this.anchor.closest(".o-we-toolbar");
                const ai = toolbar.querySelectorAll(
                    ".btn-group[name=ai], [name=chatgpt], [name=translate]"
                );
                if (ai.length) {
                    throw new Error("The toolbar offers AI.");
                }
            },
        },
        openPowerbox(SUMMARY),
        powerboxWithoutAi,
        {
            content: "Leave the concern as it was",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            content: "The concern is as it was",
            trigger: `${SUMMARY} p:contains(Bruising seen at school)`,
        },
    ],
});

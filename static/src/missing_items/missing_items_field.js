/** @odoo-module **/
// The live "Still missing" list of a decision: each item is a link that opens the
// notebook page holding its field, scrolls to it and puts the cursor there.
import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const MAX_FRAMES = 20;

function nextFrame() {
    return new Promise((resolve) => requestAnimationFrame(resolve));
}

function findField(form, name) {
    return form.querySelector(`.o_field_widget[name="${CSS.escape(name)}"]`);
}

/** The field's widget, once rendered (a notebook page renders on opening). */
async function waitForField(form, name) {
    for (let frame = 0; frame < MAX_FRAMES; frame++) {
        const widget = findField(form, name);
        if (widget) {
            return widget;
        }
        await nextFrame();
    }
    return null;
}

export async function jumpToField(form, name) {
    let widget = findField(form, name);
    if (!widget) {
        const tabs = [...form.querySelectorAll(".o_notebook_headers .nav-link")];
        const active = tabs.find((tab) => tab.classList.contains("active"));
        for (const tab of tabs) {
            if (tab === active) {
                continue;
            }
            tab.click();
            widget = await waitForField(form, name);
            if (widget) {
                break;
            }
        }
        if (!widget && active) {
            active.click();
        }
    }
    if (!widget) {
        return false;
    }
    // A folded part of the form (the recipients) opens to show it.
    for (let folded = widget.closest("details:not([open])"); folded; folded = folded.parentElement?.closest("details:not([open])")) {
        folded.open = true;
    }
    widget.scrollIntoView({ block: "center" });
    const input = widget.querySelector(
        "input:not([type=hidden]), textarea, select, [contenteditable=true]"
    );
    (input || widget).focus();
    widget.classList.add("o_safeguarding_jumped");
    setTimeout(() => widget.classList.remove("o_safeguarding_jumped"), 1500);
    return true;
}

export class MissingItemsField extends Component {
    static template = "safeguarding_info_sharing.MissingItemsField";
    static props = { ...standardFieldProps };

    get items() {
        return this.props.record.data[this.props.name] || "";
    }

    onClick(ev) {
        const link = ev.target.closest("a[data-field]");
        if (!link) {
            return;
        }
        ev.preventDefault();
        jumpToField(ev.currentTarget.closest(".o_form_renderer"), link.dataset.field);
    }
}

registry.category("fields").add("safeguarding_missing_items", {
    component: MissingItemsField,
    displayName: "Still Missing",
    supportedTypes: ["html"],
});

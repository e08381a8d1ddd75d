/** @odoo-module **/
// The decision form follows the work: as a question of the procedure is answered,
// the next one (or, once the route ends, what comes after the questions) is brought
// into view, so that nobody scrolls to find where to go on.
import { Component, useEffect, useRef } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const MAX_FRAMES = 30;
// Frames the part stays in view before the form is taken to have settled.
const SETTLED_FRAMES = 3;

function nextFrame() {
    return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Whether the top of ``element`` shows in the form's scrolling area. */
function inView(element) {
    const area = element.closest(".o_content") || document.documentElement;
    const box = element.getBoundingClientRect();
    const frame = area.getBoundingClientRect();
    return box.top >= frame.top && box.top + Math.min(box.height, 80) <= frame.bottom;
}

export class FollowWork extends Component {
    static template = "safeguarding_info_sharing.FollowWork";
    static props = { ...standardWidgetProps };

    setup() {
        this.anchor = useRef("anchor");
        let opening = true;
        useEffect(
            (where) => {
                // Only when an answer moves the route on, never on opening a record.
                if (opening) {
                    opening = false;
                } else if (where) {
                    this.bringIntoView(where);
                }
            },
            () => [this.where]
        );
    }

    /** The name of the part of the form the work goes on in. */
    get where() {
        const { route, outcome } = this.props.record.data;
        const waiting = (route || []).find(([, answer]) => answer === null);
        if (waiting) {
            return `question_${waiting[0]}`;
        }
        if (outcome === "share") {
            return "how";
        }
        return outcome ? "decision" : null;
    }

    /** Scroll to the part ``where`` once the form shows it, and keep it in view
     * while the form settles: the form renders the answer's consequences just after
     * this widget, and what it takes away above the part moves the part up. */
    async bringIntoView(where) {
        const form = this.anchor.el?.closest(".o_form_renderer");
        let settled = 0;
        for (let frame = 0; form && frame < MAX_FRAMES && settled < SETTLED_FRAMES; frame++) {
            const target = form.querySelector(`[name="${where}"]`);
            if (!target) {
                settled = 0;
            } else if (inView(target)) {
                settled++;
            } else {
                target.scrollIntoView({ block: "start" });
                settled = 0;
            }
            await nextFrame();
        }
    }
}

registry.category("view_widgets").add("safeguarding_follow_work", {
    component: FollowWork,
});

/** @odoo-module **/

// Steps and selectors the safeguarding tours share.
//
// Counted as a person counts: every step with a `run` is one interaction (a click, a
// sequence of keystrokes, a pick in a dropdown), and the helpers below make each
// interaction a step of its own: putting the cursor in a field is a click, typing
// into it a second interaction, and a many2one is three (the click, the typing, the
// pick). Steps without a `run` only wait and check. tests/test_interaction_counts.py counts
// them and fails above each job's target.

export const FORM = ".o_form_view .o_form_renderer";

/** The selector of the widget of ``field`` on the form. */
export function field(name) {
    return `${FORM} .o_field_widget[name=${name}]`;
}

/** One click on ``trigger``. */
export function click(content, trigger) {
    return [{content, trigger, run: "click"}];
}

/** A check: wait until ``trigger`` is there (no interaction). */
export function see(content, trigger) {
    return [{content, trigger}];
}

/** From the case form, record a sharing decision (one interaction): a new draft. */
export function newDecision() {
    return [
        ...click("Record a sharing decision", ".o_form_view button[name=action_new_decision]"),
        ...see(
            "The new decision is a draft",
            ".o_statusbar_status button.o_arrow_button_current[data-value=draft]"
        ),
    ];
}

/** Put the cursor in the text field ``name`` and type ``text`` (two interactions). */
export function typeIn(name, text, input = "textarea") {
    return [
        {
            content: `Click into ${name}`,
            trigger: `${field(name)} ${input}`,
            run: "click",
        },
        {
            content: `Type in ${name}: ${text}`,
            trigger: `${field(name)} ${input}`,
            run: `edit ${text}`,
        },
    ];
}

/** Choose ``value`` of the radio field ``name`` (one interaction). */
export function answer(name, value) {
    return [
        {
            content: `Answer ${name}: ${value}`,
            trigger: `${field(name)} input[data-value=${value}]`,
            run: "check",
        },
    ];
}

/** Tick or untick the checkbox ``name`` (one interaction). */
export function toggle(name, content = `Tick ${name}`) {
    return [{content, trigger: `${field(name)} input`, run: "click"}];
}

/** Open the select ``name`` and pick ``value`` (two interactions). */
export function choose(name, value) {
    return [
        {content: `Open ${name}`, trigger: `${field(name)} select`, run: "click"},
        {
            content: `Choose ${value} in ${name}`,
            trigger: `${field(name)} select`,
            run: `select "${value}"`,
        },
    ];
}

/**
 * Open the many2one ``name`` shown as a short list (a select) and pick the record
 * whose name holds ``label`` (two interactions).
 */
export function chooseRecord(name, label) {
    return [
        {content: `Open ${name}`, trigger: `${field(name)} select`, run: "click"},
        {
            content: `Choose ${label} in ${name}`,
            trigger: `${field(name)} select`,
            run: `selectByLabel ${label}`,
        },
    ];
}

/**
 * Click into the many2one ``name``, type ``text`` and pick it (three interactions);
 * with ``create``, pick "Create" to make a new record of that name on the way.
 */
export function pickMany2one(name, text, {create = false} = {}) {
    return [
        {
            content: `Click into ${name}`,
            trigger: `${FORM} .o_field_widget[name=${name}] input`,
            run: "click",
        },
        {
            content: `Type ${text} in ${name}`,
            trigger: `${FORM} .o_field_widget[name=${name}] input`,
            run: `edit ${text}`,
        },
        create
            ? {
                  content: `Create ${text}`,
                  trigger: `.o_field_widget[name=${name}] .o_m2o_dropdown_option_create a`,
                  run: "click",
              }
            : {
                  content: `Choose ${text}`,
                  trigger: `.o_field_widget[name=${name}] .o-autocomplete--dropdown-item a:contains(${text})`,
                  run: "click",
              },
    ];
}

/** Press the button ``name`` of the form (one interaction). */
export function press(name, content = `Press ${name}`) {
    return click(content, `.o_form_view button[name=${name}]`);
}

/** No technical name (a model, a recordset) shows anywhere on the form. */
export function noTechnicalName() {
    return see(
        "No technical name shows on the form",
        `${FORM}:not(:contains(/safeguarding\\.[a-z_]+\\.[a-z_]+|res\\.partner|res\\.users/))`
    );
}

/** Submit the decision for sign-off (one interaction) and see it awaits sign-off. */
export function submit() {
    return [
        ...click(
            "Submit the decision for sign-off",
            ".o_form_view .o_statusbar_buttons button[name=action_submit]"
        ),
        ...see(
            "The decision awaits sign-off",
            `${field("signoff_state")}:contains(Awaiting sign-off)`
        ),
    ];
}

/**
 * A check no selector can make (where something is on the screen): ``test`` returns
 * true when it holds. Its `run` is a function, never an interaction: the counts leave
 * it out.
 */
export function check(content, test, trigger = FORM) {
    return [
        {
            content,
            trigger,
            async run() {
                // What the form does after an answer (scrolling, say) takes a few
                // frames: the check waits up to three seconds for it to hold.
                const end = Date.now() + 3000;
                let result = test();
                while ((!result || typeof result === "string") && Date.now() < end) {
                    await new Promise((resolve) => requestAnimationFrame(resolve));
                    result = test();
                }
                if (!result || typeof result === "string") {
                    throw new Error(`Not so: ${content}${result ? ` (${result})` : ""}`);
                }
            },
        },
    ];
}

/** Whether the element ``selector`` is wholly in the visible part of the form. */
export function inView(selector) {
    const element = document.querySelector(selector);
    const area = document.querySelector(".o_action_manager .o_content");
    if (!element || !area) {
        return false;
    }
    const box = element.getBoundingClientRect();
    const frame = area.getBoundingClientRect();
    return box.top >= frame.top - 1 && box.top < frame.bottom && box.height > 0;
}

/** The height of the form, in screens of the browser's window. */
export function formScreens() {
    const content = document.querySelector(".o_action_manager .o_content");
    const sheet = content.querySelector(".o_form_sheet_bg");
    const top = sheet.getBoundingClientRect().top + content.scrollTop;
    return (top + sheet.getBoundingClientRect().height) / window.innerHeight;
}

/** The parts of the form's work column with their heights, tallest first. */
function tallestParts() {
    const column = document.querySelector(".o_form_view [name=work_column]");
    return [...(column?.children || [])]
        .map((part) => [part.getAttribute("name") || part.className, part.offsetHeight])
        .sort((a, b) => b[1] - a[1])
        .map(([name, height]) => `${name} ${height}px`)
        .join(", ");
}

/** True when the form fits in ``screens`` screens, else how many it takes and where. */
export function fitsIn(screens) {
    return () => {
        const taken = formScreens();
        return (
            taken <= screens ||
            `${taken.toFixed(2)} screens of ${window.innerWidth}x${window.innerHeight}: ${tallestParts()}`
        );
    };
}

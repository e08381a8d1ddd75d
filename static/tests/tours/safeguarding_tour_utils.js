/** @odoo-module **/

// Steps and selectors the safeguarding tours share.
//
// Counted as a person counts: every step with a `run` is one interaction (a click, a
// sequence of keystrokes, a pick in a dropdown), and the helpers below make each
// interaction a step of its own: putting the cursor in a field is a click, typing
// into it a second interaction, and a many2one is three (the click, the typing, the
// pick). Steps without a `run` only wait and check. tests/test_tour_steps.py counts
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

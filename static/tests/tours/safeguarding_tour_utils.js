/** @odoo-module **/

// Steps and selectors the safeguarding tours share.

export const FORM = ".o_form_view .o_form_renderer";

/** Type ``text`` in the many2one ``field`` of the form and choose it. */
export function pickMany2one(field, text) {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `${FORM} .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

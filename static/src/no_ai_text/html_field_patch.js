/** @odoo-module **/

import { HtmlField } from "@html_editor/fields/html_field";
import { ChatGPTPlugin } from "@html_editor/main/chatgpt/chatgpt_plugin";
import { patch } from "@web/core/utils/patch";
import { session } from "@web/session";

/*
 * Odoo's AI command (ChatGPT in the powerbox, AI and Translate with AI in the
 * toolbar) sends what is typed to Odoo's AI service. It is never offered to whoever
 * holds a safeguarding role, in any HTML field or composer: the server refuses it to
 * them as well (controllers/html_editor.py), whatever a client sends.
 */
patch(HtmlField.prototype, {
    getConfig() {
        const config = super.getConfig();
        if (session.safeguarding_ai_refused) {
            config.Plugins = config.Plugins.filter((Plugin) => Plugin !== ChatGPTPlugin);
        }
        return config;
    },
});

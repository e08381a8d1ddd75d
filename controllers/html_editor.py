from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.html_editor.controllers.main import HTML_Editor


class SafeguardingHtmlEditor(HTML_Editor):
    @http.route()
    def generate_text(self, prompt, conversation_history):
        """Odoo's AI text generation (the editor's AI command, both its routes)
        sends what is typed to Odoo's AI service: refused, before anything is sent,
        to whoever holds a safeguarding role (res.users._safeguarding_ai_refused)."""
        if request.env.user._safeguarding_ai_refused():
            raise AccessError(
                request.env._(
                    "AI text generation is not available to safeguarding staff: what "
                    "is typed would be sent to Odoo's AI service, outside this "
                    "server. Write the text yourself."
                )
            )
        return super().generate_text(prompt, conversation_history)

    @http.route()
    def link_preview_metadata(self, preview_url):
        """The editor's preview of a link pasted into an HTML field: the server
        would fetch the page (for anyone, signed in or not), telling its site what
        is written about and from where. No page is fetched; the editor shows the
        link as it is."""
        return False

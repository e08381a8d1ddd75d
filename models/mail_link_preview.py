from odoo import api, models


class MailLinkPreview(models.Model):
    """A link in a message, in a chatter or in Discuss, would make the server fetch
    its page (up to five a message) to preview it: the link's site learns, from this
    server, that someone here wrote about it, and a link typed into case text may
    point anywhere. No page is fetched for any message; told so, the web client
    does not ask, and its route (/mail/link_preview) answers with nothing."""

    _inherit = "mail.link.preview"

    @api.model
    def _is_link_preview_enabled(self):
        return False

    # Odoo's two fetchers, whoever calls them.
    @api.model
    def _create_from_message_and_notify(self, message, request_url=None):
        return self.browse()

    @api.model
    def _search_or_create_from_url(self, url):
        return self.browse()

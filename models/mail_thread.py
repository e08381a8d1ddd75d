from odoo import api, models

from .safeguarding_reader_mixin import safeguarding_threads

# Context keys with which a client asks the mail module not to track, or not to log a
# creation: never honoured on a safeguarding record, whose chatter is its audit trail.
NO_TRACKING_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _safeguarding_tracked(self):
        """The same records, tracked whatever the context the client sent."""
        if safeguarding_threads(self.env, self._name) is None or not any(
            self.env.context.get(key) for key in NO_TRACKING_KEYS
        ):
            return self
        return self.with_context(**dict.fromkeys(NO_TRACKING_KEYS, False))

    @api.model_create_multi
    def create(self, vals_list):
        tracked = self._safeguarding_tracked()
        if tracked is not self:
            return super(MailThread, tracked).create(vals_list).with_env(self.env)
        return super().create(vals_list)

    def write(self, vals):
        tracked = self._safeguarding_tracked()
        if tracked is not self:
            return super(MailThread, tracked).write(vals)
        return super().write(vals)

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        if safeguarding_threads(self.env, self._name) is None:
            return super()._get_thread_with_access(thread_id, mode, **kwargs)
        # A safeguarding record opens to its record rules alone: never to a portal
        # token or a signed link, which other modules accept for any thread.
        thread = self.browse(thread_id)
        if thread.exists() and thread.sudo(False).has_access(mode):
            # The chatter of a restricted case's records (its messages, followers
            # and attachments) is an opening of the case's content, logged as such.
            if isinstance(thread, self.pool["safeguarding.restricted.read.mixin"]):
                thread._log_restricted_opening()
            return thread
        return self.browse()

    def _message_compute_author(
        self, author_id=None, email_from=None, raise_on_email=True
    ):
        # Odoo refuses a post whose author has no e-mail address. A safeguarding
        # record's chatter is its audit trail: recording, signing off or returning
        # a decision is logged whether or not the user has an address. What little
        # leaves by e-mail (a neutral notice) goes from the server's own address.
        if safeguarding_threads(self.env, self._name) is None:
            return super()._message_compute_author(
                author_id=author_id,
                email_from=email_from,
                raise_on_email=raise_on_email,
            )
        author_id, email_from = super()._message_compute_author(
            author_id=author_id, email_from=email_from, raise_on_email=False
        )
        if not email_from:
            email_from = self.env["ir.mail_server"]._get_default_from_address()
        return author_id, email_from

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if safeguarding_threads(self.env, self._name) is None or not self:
            return recipients
        # Whoever may not read the record when the message is sent (a follower who
        # has not enabled two factors the agency now requires, say) is not notified:
        # no inbox, no bus event, no e-mail.
        partners = self.env["res.partner"].browse({r["id"] for r in recipients})
        readers = partners.filtered(lambda p: self._readable_by_partner(p) == self)
        return [r for r in recipients if r["id"] in readers.ids]

    def _message_get_suggested_recipients(self):
        suggested = super()._message_get_suggested_recipients()
        if safeguarding_threads(self.env, self._name) is None:
            return suggested
        partners = self.env["res.partner"].browse(
            [item["partner_id"] for item in suggested if item.get("partner_id")]
        )
        readers = partners.filtered(lambda p: self._readable_by_partner(p) == self)
        return [item for item in suggested if item.get("partner_id") in readers.ids]

    def _notify_thread_by_email(
        self, message, recipients_data, msg_vals=False, **kwargs
    ):
        thread = self
        if self._name in self.env["safeguarding.policy"]._case_data_models():
            # The neutral notification below is the mail queue's declared move.
            thread = self.with_env(self.env["mail.mail"]._as_move("notification").env)
        return super(MailThread, thread)._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _notify_thread_by_web_push(
        self, message, recipients_data, msg_vals=False, **kwargs
    ):
        # A push carries a message's author, record and text, through the browser's
        # push service (Google, Mozilla, Apple): what a practitioner writes of a
        # child in a chatter or in Discuss, to anyone. None is sent; the web
        # client's own notifications (inbox, bus) are unchanged.
        return

    def _notify_by_email_render_layout(
        self, message, recipients_group, msg_vals=False, render_values=None
    ):
        if safeguarding_threads(self.env, self._name) is None:
            return super()._notify_by_email_render_layout(
                message,
                recipients_group,
                msg_vals=msg_vals,
                render_values=render_values,
            )
        # An email leaves the server: it says there is something to read, not what.
        values = {**(render_values or {}), **recipients_group}
        return self.env["ir.qweb"]._render(
            "safeguarding_info_sharing.mail_notification_neutral",
            values,
            minimal_qcontext=True,
            lang=values.get("lang", self.env.lang),
        )

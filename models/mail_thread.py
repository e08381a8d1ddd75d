from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # The chatter of a restricted case's records (its messages, followers and
        # attachments) is an opening of the case's content, logged as such.
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        if thread and isinstance(
            thread, self.pool["safeguarding.restricted.read.mixin"]
        ):
            thread._log_restricted_opening()
        return thread

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .safeguarding_reader_mixin import safeguarding_threads


class MailNotification(models.Model):
    """Who was notified of a message of case data is read by the readers of its
    record only."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "safeguarding.document.readers.mixin"]

    def write(self, vals):
        if "mail_message_id" in vals:
            # sudo: the messages the notifications are of, to know where they are.
            messages = self.sudo().mail_message_id | self.env[
                "mail.message"
            ].sudo().browse(vals["mail_message_id"])
            if any(
                safeguarding_threads(self.env, m.model) is not None for m in messages
            ):
                raise UserError(
                    self.env._(
                        "A notification of a message of a safeguarding record is of "
                        "that message for ever."
                    )
                )
        return super().write(vals)

    def _document_place(self):
        message = SQL.identifier(self._table, "mail_message_id")
        return (
            SQL("(SELECT m.model FROM mail_message m WHERE m.id = %s)", message),
            SQL("(SELECT m.res_id FROM mail_message m WHERE m.id = %s)", message),
        )

    def _document_of(self, row):
        return (row.mail_message_id.model, row.mail_message_id.res_id)

from odoo import api, models
from odoo.exceptions import UserError

from .safeguarding_policy import Extension

# What places an e-mail on a record: its own model, or its message's.
PLACE_FIELDS = ("model", "res_id", "mail_message_id")


class MailMail(models.Model):
    _name = "mail.mail"
    _inherit = ["mail.mail", "safeguarding.server.facts.mixin"]
    # An e-mail about a record of case data leaves the server by these moves of
    # the application alone: the notifications of its chatter, which say there is
    # something to read and not what (mail_thread.py), and a request's reply where
    # the agency allows it (safeguarding.request). Any other code queueing one, as
    # the system or not, is refused.
    _safeguarding = Extension(moves={"notification": (), "request_reply": ()})

    @api.model_create_multi
    def create(self, vals_list):
        if not self._current_move():
            # Access first: whoever may not queue mail learns nothing of the guard.
            self.browse().check_access("create")
            default_model = self.env.context.get("default_model")
            self._check_not_case_data(
                [
                    dict(vals, model=vals.get("model") or default_model)
                    for vals in vals_list
                ]
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._current_move() and vals.keys() & set(PLACE_FIELDS):
            self.check_access("write")
            self._check_not_case_data([vals])
        return super().write(vals)

    def _check_not_case_data(self, vals_list):
        """Refuse e-mails placed by ``vals_list`` on a record of case data, by its
        model or its message's."""
        case_data = set(self.env["safeguarding.policy"]._case_data_models())
        placed = {vals.get("model") for vals in vals_list}
        message_ids = {
            vals["mail_message_id"] for vals in vals_list if vals.get("mail_message_id")
        }
        if message_ids:
            # sudo: where the messages named are, to refuse mail about case data;
            # nothing of them is returned.
            placed.update(
                self.env["mail.message"].sudo().browse(message_ids).mapped("model")
            )
        if placed & case_data:
            raise UserError(
                self.env._(
                    "Mail about a safeguarding record leaves the server by the "
                    "application's own moves only: its notifications, which say "
                    "there is something to read, and a request's reply where the "
                    "agency allows it. Write in the record's chatter instead."
                )
            )

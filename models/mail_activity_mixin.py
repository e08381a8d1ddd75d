from odoo import models

from .safeguarding_reader_mixin import safeguarding_threads


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    def activity_schedule(
        self, act_type_xmlid="", date_deadline=None, summary="", note="", **act_values
    ):
        records = self
        user_id = act_values.get("user_id")
        if self.env.su and user_id and safeguarding_threads(self.env, self._name):
            # The server's own jobs skip whoever may not read a safeguarding record;
            # a user assigning them is refused (mail.activity).
            records = self._readable_by_users(self.env["res.users"].browse(user_id))
        return super(MailActivityMixin, records).activity_schedule(
            act_type_xmlid, date_deadline, summary, note, **act_values
        )

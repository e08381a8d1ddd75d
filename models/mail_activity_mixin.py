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

    def unlink(self):
        # The done activities of a safeguarding record (its moves archive the work
        # they close) go with it, as Odoo removes its open ones.
        done = self.env["mail.activity"]
        if self and safeguarding_threads(self.env, self._name) is not None:
            # sudo: whoever deletes the record, its activities go with it.
            done = (
                self.env["mail.activity"]
                .sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("active", "=", False),
                    ]
                )
            )
        result = super().unlink()
        done.unlink()
        return result

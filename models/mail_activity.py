from odoo import api, fields, models

from .safeguarding_reader_mixin import safeguarding_threads


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Who a to-do on a safeguarding record is about, when it is to tell someone: the
    # notice logged to them completes it.
    safeguarding_recipient_id = fields.Many2one(
        "res.partner", string="Who to Tell", readonly=True, ondelete="cascade"
    )
    # Work against the clock (a request): when exactly it is due, so that My Work
    # orders the work of one day by the time left.
    safeguarding_due = fields.Datetime(string="Due At", readonly=True)
    # Which of a request's escalations it is (see safeguarding.request).
    safeguarding_escalation = fields.Selection(
        [
            ("pick_up", "Not picked up"),
            ("running_out", "Running out"),
            ("overdue", "Overdue"),
        ],
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        self._check_safeguarding_assignees(
            [
                (
                    vals.get("res_model")
                    or (
                        vals.get("res_model_id")
                        and self.env["ir.model"]
                        .sudo()
                        .browse(vals["res_model_id"])
                        .model
                    )
                    or context.get("default_res_model"),
                    vals.get("res_id") or context.get("default_res_id"),
                    vals.get("user_id", context.get("default_user_id")),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("user_id"):
            self._check_safeguarding_assignees(
                [
                    (activity.res_model, activity.res_id, vals["user_id"])
                    for activity in self.sudo()
                ]
            )
        return super().write(vals)

    @api.model
    def _check_safeguarding_assignees(self, targets):
        """An activity on a safeguarding record goes to someone who may read it."""
        for model_name, res_id, user_id in targets:
            threads = safeguarding_threads(self.env, model_name)
            if threads is not None and res_id and user_id:
                threads.browse(res_id)._check_reader_user(
                    self.env["res.users"].browse(user_id)
                )

from odoo import api, fields, models
from odoo.exceptions import UserError

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

    # ------------------------------------------------------------
    # A decision awaiting sign-off stays in some lead's My Work
    # ------------------------------------------------------------

    def _signoff_requests_awaiting(self):
        """{decision: activities} of these activities that ask a lead to sign off a
        decision still awaiting it."""
        # sudo: the kind of activity and the decision's sign-off state decide,
        # whoever asks; nothing is returned to the caller.
        kinds = self.env.ref(
            "safeguarding_info_sharing.mail_activity_type_signoff_request"
        ) | self.env.ref(
            "safeguarding_info_sharing.mail_activity_type_signoff_emergency"
        )
        requests = self.sudo().filtered(
            lambda activity: (
                activity.res_model == "safeguarding.decision"
                and activity.activity_type_id in kinds
            )
        )
        decisions = (
            self.env["safeguarding.decision"]
            .sudo()
            .browse(set(requests.mapped("res_id")))
            .filtered(lambda decision: decision.signoff_state == "submitted")
        )
        return {
            decision: requests.filtered(lambda a, d=decision: a.res_id == d.id)
            for decision in decisions
        }

    def _action_done(self, feedback=False, attachment_ids=None):
        # A sign-off to-do is done by signing the decision off or returning it.
        awaiting = self._signoff_requests_awaiting()
        if awaiting:
            raise UserError(
                self.env._(
                    "%(decisions)s still awaits sign-off: this to-do is done when you "
                    "sign it off or return it, from the decision.",
                    decisions=", ".join(decision.name for decision in awaiting),
                )
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_signoff_request(self):
        # Cancelling a sign-off request is fine while another lead is asked too;
        # the last one goes only with the sign-off, or with the decision.
        for decision, requests in self._signoff_requests_awaiting().items():
            kinds = requests.activity_type_id
            others = decision.activity_ids.sudo().filtered(
                lambda activity, kinds=kinds: activity.activity_type_id in kinds
            )
            if not others - self:
                raise UserError(
                    self.env._(
                        "%(decision)s awaits sign-off and no other lead is asked to "
                        "sign it off: this request goes when it is signed off or "
                        "returned. Hand it over to another lead instead of removing "
                        "it.",
                        decision=decision.name,
                    )
                )

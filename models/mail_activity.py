from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .safeguarding_policy import Extension
from .safeguarding_reader_mixin import refuse_also, safeguarding_threads
from .xmlids import cached_ref

# What places an activity: moving it by any of them is moving it.
PLACE_FIELDS = ("res_model", "res_model_id", "res_id")


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = [
        "mail.activity",
        "safeguarding.document.readers.mixin",
        "safeguarding.server.facts.mixin",
    ]
    # The fields the addon adds are the server's: written by the request watch and
    # the consent withdrawal's notices alone, never by a client.
    _safeguarding = Extension(
        server=(
            "safeguarding_recipient_id",
            "safeguarding_due",
            "safeguarding_escalation",
        ),
        moves={
            "request_watch": ("safeguarding_due", "safeguarding_escalation"),
            "withdrawal_notice": ("safeguarding_recipient_id",),
        },
    )

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
        self._check_server_facts_given(vals_list)
        context = self.env.context
        self._check_safeguarding_assignees(
            [
                (
                    self._placed_model(vals) or context.get("default_res_model"),
                    vals.get("res_id") or context.get("default_res_id"),
                    vals.get("user_id", context.get("default_user_id")),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        self._check_server_facts_written(vals)
        if vals.keys() & {*PLACE_FIELDS, "user_id"}:
            # sudo: where the activities the user writes are, to check where they go.
            for activity in self.sudo():
                model_name = self._placed_model(vals) or activity.res_model
                res_id = vals.get("res_id", activity.res_id)
                moved = (model_name, res_id) != (activity.res_model, activity.res_id)
                if moved and (
                    safeguarding_threads(self.env, activity.res_model) is not None
                    or safeguarding_threads(self.env, model_name) is not None
                ):
                    raise UserError(
                        self.env._(
                            "An activity on a safeguarding record stays on it, and "
                            "none moves onto one: schedule a new activity on the "
                            "record instead."
                        )
                    )
                if vals.get("user_id"):
                    self._check_safeguarding_assignees(
                        [(model_name, res_id, vals["user_id"])]
                    )
        return super().write(vals)

    def _placed_model(self, vals):
        """The model an activity is placed on by ``vals``, if they say."""
        if vals.get("res_model_id"):
            # sudo: the name of a model, to check where the activity goes.
            return self.env["ir.model"].sudo().browse(vals["res_model_id"]).model
        return vals.get("res_model")

    def _system_write_hint(self):
        return self.env._(
            "Who to tell (when a consent is withdrawn), when a request's to-do is due "
            "and which escalation it is are set by the application."
        )

    @api.model
    def _check_safeguarding_assignees(self, targets):
        """An activity on a safeguarding record goes to someone who may read it."""
        for model_name, res_id, user_id in targets:
            threads = safeguarding_threads(self.env, model_name)
            if threads is not None and res_id and user_id:
                threads.browse(res_id)._check_reader_user(
                    self.env["res.users"].browse(user_id)
                )

    # On a record of case data, an activity is read by the record's readers only,
    # its assignee included; it is changed, done or deleted by its assignee alone
    # (the addon's own moves act as the server): the work the application gives
    # someone (a lead's sign-off request, say) is not taken from them by whoever may
    # change the record.

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation not in ("write", "unlink") or self.env.su or not self:
            return result
        case_data = self.env["safeguarding.policy"]._case_data_models()
        self.flush_model(["res_model", "user_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM mail_activity WHERE id IN %s AND res_model IN %s "
                "AND (user_id IS NULL OR user_id != %s)",
                tuple(self.ids),
                tuple(case_data),
                self.env.uid,
            )
        )
        others = self.browse(row[0] for row in rows)
        if result:
            others -= result[0]
        return refuse_also(result, others, operation)

    # ------------------------------------------------------------
    # A decision awaiting sign-off stays in some lead's My Work
    # ------------------------------------------------------------

    def _signoff_requests_awaiting(self):
        """{decision: activities} of these activities that ask a lead to sign off a
        decision still awaiting it."""
        # sudo: the kind of activity and the decision's sign-off state decide,
        # whoever asks; nothing is returned to the caller.
        kinds = cached_ref(
            self.env, "safeguarding_info_sharing.mail_activity_type_signoff_request"
        ) | cached_ref(
            self.env, "safeguarding_info_sharing.mail_activity_type_signoff_emergency"
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

    def _close_finished(self):
        """Close these activities, whose work a move of the addon finished (a
        decision signed off, a request picked up or answered...): archived, as Odoo
        keeps a done activity, so that no one's My Work lists them and their history
        stays. Not unlinked: unlinking empties the whole record cache, and the rest
        of the move, or the next one in the same transaction, would read everything
        again."""
        # Their assignees' activity counters are told, as an unlink tells them.
        self.filtered(
            lambda act: act.date_deadline <= fields.Date.today()
        ).user_id._bus_send("mail.activity/updated", {"activity_deleted": True})
        self.action_archive()

    def _action_done(self, feedback=False, attachment_ids=None):
        # Access first: whoever may not act on these learns nothing of them.
        self.check_access("write")
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

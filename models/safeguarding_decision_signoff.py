from datetime import timedelta

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

EMERGENCY_HOURS_PARAM = "safeguarding_info_sharing.emergency_signoff_hours"


class SafeguardingDecisionSignoff(models.Model):
    """One submission, approval or return of a decision: kept for ever."""

    _name = "safeguarding.decision.signoff"
    _description = "Decision Sign-off"
    _order = "date, id"

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    case_id = fields.Many2one(related="decision_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="decision_id.company_id", store=True)
    action = fields.Selection(
        [("submit", "Submitted"), ("approve", "Approved"), ("return", "Returned")],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    reason = fields.Text(readonly=True)

    @api.model
    def _log(self, decisions, action, reason=False):
        # Rows come from the decision's own sign-off moves only: users cannot create
        # any.
        return self.sudo().create(
            [
                {
                    "decision_id": decision.id,
                    "action": action,
                    "user_id": self.env.uid,
                    "date": fields.Datetime.now(),
                    "reason": reason,
                }
                for decision in decisions
            ]
        )

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The sign-off history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The sign-off history cannot be deleted."))


class SafeguardingDecision(models.Model):
    """Sign-off of decisions by a safeguarding lead, before they are recorded or, in
    an emergency, within hours after."""

    _inherit = "safeguarding.decision"

    # Sign-off by a safeguarding lead
    signoff_state = fields.Selection(
        [
            ("none", "Not submitted"),
            ("submitted", "Awaiting sign-off"),
            ("approved", "Signed off"),
            ("returned", "Returned"),
        ],
        string="Sign-off",
        required=True,
        default="none",
        readonly=True,
        copy=False,
        tracking=True,
    )
    signoff_ids = fields.One2many(
        "safeguarding.decision.signoff", "decision_id", string="Sign-off History"
    )
    emergency = fields.Boolean(
        help="Waiting for sign-off would put a child at risk: record and share first; "
        "the sign-off is then due within the configured time."
    )
    emergency_reason = fields.Text(string="Why It Cannot Wait")
    signoff_due = fields.Datetime(string="Sign-off Due", readonly=True, copy=False)
    signoff_overdue = fields.Boolean(
        compute="_compute_signoff_overdue", search="_search_signoff_overdue"
    )

    @api.depends("signoff_due", "signoff_state")
    def _compute_signoff_overdue(self):
        now = fields.Datetime.now()
        for decision in self:
            decision.signoff_overdue = bool(
                decision.signoff_due
                and decision.signoff_due < now
                and decision.signoff_state != "approved"
            )

    def _search_signoff_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue sign-offs with = or != only."))
        overdue = [
            ("signoff_due", "<", fields.Datetime.now()),
            ("signoff_state", "!=", "approved"),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    def _workflow_fields(self):
        return super()._workflow_fields() | {"signoff_state", "signoff_due"}

    def _is_locked(self):
        # Under review or signed off, the draft is frozen too: what the lead approved
        # is what gets recorded.
        return super()._is_locked() or self.signoff_state in ("submitted", "approved")

    def _missing_items(self):
        missing = super()._missing_items()
        if self.emergency and not (self.emergency_reason or "").strip():
            missing.append(self.env._("why the decision cannot wait for sign-off"))
        return missing

    @api.depends("state", "signoff_state")
    def _compute_locked(self):
        return super()._compute_locked()

    def _check_can_record(self):
        result = super()._check_can_record()
        if self.signoff_state != "approved" and not self.emergency:
            raise UserError(
                self.env._(
                    "%(decision)s needs a safeguarding lead's sign-off before it "
                    "is recorded: submit it for sign-off. If waiting would put a "
                    "child at risk, mark it as an emergency and say why.",
                    decision=self.name,
                )
            )
        return result

    def _after_record(self, when):
        result = super()._after_record(when)
        # An emergency recorded before sign-off is submitted at once, due in hours.
        emergencies = self.filtered(lambda d: d.signoff_state != "approved")
        if emergencies:
            hours = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(EMERGENCY_HOURS_PARAM, 24)
            )
            emergencies._with_lock_lifted().write(
                {
                    "signoff_state": "submitted",
                    "signoff_due": when + timedelta(hours=hours),
                }
            )
            self.env["safeguarding.decision.signoff"]._log(
                emergencies,
                "submit",
                self.env._("Emergency: recorded before sign-off."),
            )
        return result

    def action_submit(self):
        """Ask a safeguarding lead to sign the draft off."""
        for decision in self:
            if decision.state != "draft" or decision.signoff_state not in (
                "none",
                "returned",
            ):
                raise UserError(
                    self.env._(
                        "%(decision)s is not a draft waiting to be submitted.",
                        decision=decision.name,
                    )
                )
            decision._raise_if_missing()
        self.check_access("write")
        self._with_lock_lifted().write({"signoff_state": "submitted"})
        self.env["safeguarding.decision.signoff"]._log(self, "submit")
        return True

    def action_approve(self):
        """Sign the decision off (safeguarding leads; never one's own decision)."""
        self._lock_for_signoff()
        self._with_lock_lifted().write({"signoff_state": "approved"})
        self.env["safeguarding.decision.signoff"]._log(self, "approve")
        return True

    def action_return(self, reason):
        """Send the decision back to the practitioner with the reason."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError(
                self.env._(
                    "Say why the decision is returned: the practitioner reads it."
                )
            )
        self._lock_for_signoff()
        self._with_lock_lifted().write({"signoff_state": "returned"})
        self.env["safeguarding.decision.signoff"]._log(self, "return", reason.strip())
        return True

    def _lock_for_signoff(self):
        """Check that the user may sign these decisions off, and take them so that a
        second lead acting at the same moment fails clearly instead of both winning."""
        if not self.env.user.has_group("safeguarding_info_sharing.group_lead"):
            raise AccessError(
                self.env._("Only a safeguarding lead signs decisions off.")
            )
        self.check_access("write")
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM safeguarding_decision WHERE id IN %s "
                        "FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    # A lead already on it is an expected outcome, not a bad query.
                    log_exceptions=False,
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Another lead is signing this decision off right now. Reload it "
                    "to see what they decided."
                )
            ) from None
        self.invalidate_recordset(["signoff_state"])
        for decision in self:
            if decision.signoff_state != "submitted":
                raise UserError(
                    self.env._(
                        "%(decision)s is not awaiting sign-off (it is %(state)s): "
                        "another lead may have acted on it already.",
                        decision=decision.name,
                        state=dict(
                            self._fields["signoff_state"]._description_selection(
                                self.env
                            )
                        )[decision.signoff_state],
                    )
                )
            submitter = decision.signoff_ids.filtered(
                lambda row: row.action == "submit"
            )[-1:].user_id
            if self.env.user in (
                submitter | decision.decided_by_id | decision.create_uid
            ):
                raise UserError(
                    self.env._(
                        "You cannot sign off %(decision)s: nobody signs off their own "
                        "decision.",
                        decision=decision.name,
                    )
                )

    @api.model
    def _cron_flag_overdue_signoffs(self):
        """Give each lead of the company an activity for every overdue sign-off."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        overdue = self.search([("signoff_overdue", "=", True)])
        leads = self.env.ref("safeguarding_info_sharing.group_lead").users
        for decision in overdue:
            flagged = decision.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and a.summary == "Sign-off overdue"
            ).user_id
            for lead in leads.filtered(
                lambda u, d=decision, f=flagged: (
                    d.company_id in u.company_ids and u not in f
                )
            ):
                decision.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary="Sign-off overdue",
                    note=self.env._(
                        "%(decision)s was recorded as an emergency and its sign-off "
                        "was due on %(due)s.",
                        decision=decision.name,
                        due=decision.signoff_due,
                    ),
                    user_id=lead.id,
                )

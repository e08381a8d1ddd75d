from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Written only by the retention review of the record (the daily job).
RECORD_RETENTION_FIELDS = frozenset(
    {"retention_review_date", "retention_policy_id", "retention_status"}
)
# A review's outcome: kept until a new review date, and why.
KEEP_FIELDS = frozenset({"retention_keep_until", "retention_keep_reason"})
# Who records that outcome: a safeguarding lead, or the administrator of the register.
KEEPER_GROUPS = (
    "safeguarding_info_sharing.group_lead",
    "safeguarding_info_sharing.group_admin",
)


class SafeguardingRetentionRecordMixin(models.AbstractModel):
    """Retention of a record kept outside a case (the register of data sharing
    agreements, the breach log), as for cases: the longest active rule of its kind
    gives the review date, a review due is put on someone's list, a legal hold where
    there is one stops it, and nothing is ever deleted by the system."""

    _name = "safeguarding.retention.record.mixin"
    _description = "Safeguarding Retention of a Register"
    _inherit = [
        "safeguarding.system.move.mixin",
        "safeguarding.record.guard.mixin",
        "safeguarding.retention.review.mixin",
    ]
    _system_moves = {"retention": RECORD_RETENTION_FIELDS}

    # The retention rules' kind of record (safeguarding.retention.policy.applies_to).
    _retention_applies_to = None

    retention_review_date = fields.Date(
        string="Retention Review On", readonly=True, copy=False, index=True
    )
    retention_policy_id = fields.Many2one(
        "safeguarding.retention.policy",
        string="Retention Rule",
        readonly=True,
        copy=False,
        help="The active rule of this kind of record that keeps it longest.",
    )
    retention_status = fields.Selection(
        [
            ("pending", "Not yet known"),
            ("scheduled", "Review scheduled"),
            ("due", "Review due"),
            ("held", "Legal hold"),
        ],
        readonly=True,
        copy=False,
        default="pending",
    )

    retention_keep_until = fields.Date(
        string="Kept Until",
        copy=False,
        help="A review's outcome: the record is still needed, and reviewed again on "
        "this date.",
    )
    retention_keep_reason = fields.Text(string="Why It Is Kept", copy=False)

    def write(self, vals):
        if KEEP_FIELDS.intersection(vals) and not self._current_move():
            self._check_retention_keeper()
        result = super().write(vals)
        if KEEP_FIELDS.intersection(vals):
            self._retention_kept()
        return result

    def _check_retention_keeper(self):
        if not any(self.env.user.has_group(group) for group in KEEPER_GROUPS):
            raise AccessError(
                self.env._(
                    "Only a safeguarding lead records the outcome of a retention "
                    "review."
                )
            )

    @api.constrains("retention_keep_until", "retention_keep_reason")
    def _check_retention_keep(self):
        for record in self.filtered("retention_keep_until"):
            if not (record.retention_keep_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why %(record)s is kept until %(date)s.",
                        record=record.display_name,
                        date=record.retention_keep_until,
                    )
                )

    def _retention_kept(self):
        """A review kept these records until a new date: their review moves there at
        once, the review due is done, and the chatter says so."""
        today = fields.Date.context_today(self)
        for record in self.filtered("retention_keep_until"):
            if record.retention_keep_until <= today:
                raise ValidationError(
                    self.env._(
                        "%(record)s kept after its review needs a new review date to "
                        "come.",
                        record=record.display_name,
                    )
                )
        kept = self.filtered("retention_keep_until")
        kept._retention_review(today)
        review_type = self.env.ref(self._retention_activity)
        for record in kept:
            note = self.env._(
                "Retention review: kept until %(date)s. Reason: %(reason)s",
                date=record.retention_keep_until,
                reason=record.retention_keep_reason.strip(),
            )
            record.activity_ids.filtered(
                lambda a: a.activity_type_id == review_type
            ).action_feedback(feedback=note)
            record.message_post(body=note)

    def _create_guarded_field_names(self):
        # A new record has had no review: it has no outcome either.
        return (
            super()._create_guarded_field_names()
            | RECORD_RETENTION_FIELDS
            | KEEP_FIELDS
        )

    def _system_write_hint(self):
        return self.env._(
            "The retention review date is set by the retention rules only: change "
            "the rule under Configuration > Retention Rules."
        )

    def _retention_start(self):
        """The date this record's retention runs from, or None while it is still in
        use (an agreement in force, a breach still open)."""
        raise NotImplementedError

    def _retention_policies(self):
        return (
            self.env["safeguarding.retention.policy"]
            .sudo()
            .search([("applies_to", "=", self._retention_applies_to)])
        )

    def _retention_write(self, vals):
        return self._as_move("retention").write(vals)

    def _retention_review_dates(self, today):
        policies = self._retention_policies()
        dates = {}
        for record in self:
            start = record._retention_start()
            found = [
                (policy._review_date({policy.trigger: start}, None), policy)
                for policy in policies
            ]
            found = [(review, policy) for review, policy in found if review]
            review, policy = (
                max(found, key=lambda item: (item[0], -item[1].id))
                if found
                else (None, policies.browse())
            )
            if review and record.retention_keep_until:
                review = max(review, record.retention_keep_until)
            dates[record] = (review, policy)
        return dates

    def _retention_review_note(self):
        return self.env._(
            "%(record)s reached its retention review date (%(rule)s): decide "
            "whether it is still needed.",
            record=self.display_name,
            rule=self.retention_policy_id.name,
        )

    @api.model
    def _retention_candidates_domain(self):
        """The records whose retention has started or was computed before (one
        put back in use goes back to pending)."""
        raise NotImplementedError

    @api.model
    def _cron_retention_review_records(self, job):
        """The daily review of the model's records (a register is small), each on
        its own for the scheduled job ``job`` (an xmlid)."""
        today = fields.Date.context_today(self)
        records = self.sudo().search(self._retention_candidates_domain())
        self.env["safeguarding.job.failure"]._each_on_its_own(
            job, records, lambda batch: batch._retention_review(today)
        )

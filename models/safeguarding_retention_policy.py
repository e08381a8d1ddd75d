from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRIGGERS = [
    ("date_of_birth", "Child's date of birth"),
    ("closure", "Case closure"),
    ("last_activity", "Last activity on the case"),
    ("order_date", "Order date"),
    ("agreement_end", "End of the agreement (ended or expired)"),
    ("breach_closed", "Breach closed"),
]
# The kinds of record a rule applies to, and the triggers each one runs from.
APPLIES_TO = [
    ("case", "Cases"),
    ("sharing_agreement", "Data sharing agreements"),
    ("breach", "Breach log"),
]
TRIGGERS_OF = {
    "case": ("date_of_birth", "closure", "last_activity", "order_date"),
    "sharing_agreement": ("agreement_end",),
    "breach": ("breach_closed",),
}


class SafeguardingRetentionPolicy(models.Model):
    """How long a kind of record is kept before it is reviewed: never deleted by the
    system. A case's decision, consent and advice logs follow the case's rules."""

    _name = "safeguarding.retention.policy"
    _description = "Retention Rule"
    _order = "sequence, name"

    name = fields.Char(string="Kind of Record", required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    applies_to = fields.Selection(
        APPLIES_TO,
        required=True,
        default="case",
        help="Cases follow the rules of their kinds of record; the register of data "
        "sharing agreements and the breach log follow every active rule of theirs, "
        "the longest winning.",
    )
    trigger = fields.Selection(
        TRIGGERS,
        required=True,
        help="The date the retention period runs from.",
    )
    period_years = fields.Integer(
        string="Years",
        required=True,
        help="How many years after the trigger date the record is reviewed.",
    )
    min_age_years = fields.Integer(
        string="Not Before Age",
        help="The record is not reviewed before the child's birthday at this age "
        "(e.g. a child in need record: the 18th birthday, plus 3 years of "
        "inactivity).",
    )
    action = fields.Selection(
        [("review", "Review")],
        string="When Due",
        required=True,
        default="review",
        help="What happens when the period is over: a safeguarding lead reviews the "
        "case and keeps it until a new review date or anonymises it. Nothing is "
        "deleted by the system.",
    )
    description = fields.Text(translate=True)
    applies_when_none = fields.Boolean(
        string="Applies When No Other Rule Does",
        help="The periodic review of a case that no kind of record matches: "
        "records kept indefinitely are reviewed at regular intervals.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each retention rule has its own code."),
        (
            "period_positive",
            "CHECK(period_years >= 0 AND COALESCE(min_age_years, 0) >= 0)",
            "A retention period cannot be negative.",
        ),
    ]

    @api.constrains("applies_to", "trigger", "min_age_years", "applies_when_none")
    def _check_applies_to(self):
        selection = dict(self._fields["applies_to"]._description_selection(self.env))
        for policy in self:
            if policy.trigger not in TRIGGERS_OF[policy.applies_to]:
                raise ValidationError(
                    self.env._(
                        "%(rule)s applies to %(kind)s: its period cannot run from "
                        "that date. Choose one of the dates of %(kind)s.",
                        rule=policy.name,
                        kind=selection[policy.applies_to],
                    )
                )
            if policy.applies_to != "case" and (
                policy.min_age_years or policy.applies_when_none
            ):
                raise ValidationError(
                    self.env._(
                        "%(rule)s applies to %(kind)s: a minimum age and the periodic "
                        "review of cases are rules of cases only.",
                        rule=policy.name,
                        kind=selection[policy.applies_to],
                    )
                )

    @api.constrains("trigger", "min_age_years")
    def _check_min_age(self):
        for policy in self:
            if policy.trigger == "date_of_birth" and policy.min_age_years:
                raise ValidationError(
                    self.env._(
                        "%(rule)s already runs from the date of birth: set its years, "
                        "not an age.",
                        rule=policy.name,
                    )
                )

    def _needs_date_of_birth(self):
        """Whether this rule (one) runs from the child's date of birth."""
        self.ensure_one()
        return self.trigger == "date_of_birth" or bool(self.min_age_years)

    def _review_date(self, trigger_dates, date_of_birth):
        """The review date this rule (one) gives, or None when its trigger date is not
        known yet (an open case for a rule that runs from closure, say)."""
        self.ensure_one()
        start = trigger_dates.get(self.trigger)
        if not start:
            return None
        review = start + relativedelta(years=self.period_years)
        if self.min_age_years:
            if not date_of_birth:
                return None
            review = max(
                review, date_of_birth + relativedelta(years=self.min_age_years)
            )
        return review

    @api.model
    def _cron_register_retention_review(self):
        """The daily retention review of the agreements register and the breach
        log: review dates from their rules, a review scheduled when one is due."""
        for model in (
            "safeguarding.sharing.agreement",
            "safeguarding.disclosure.breach",
        ):
            self.env[model]._cron_retention_review_records(
                "safeguarding_info_sharing.ir_cron_register_retention_review"
            )

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.misc import format_datetime

from .safeguarding_policy import SEE, WORK, CaseData
from .safeguarding_retention_record_mixin import RETENTION_GUARDS

# UK GDPR Article 33: a reportable breach is notified to the ICO within 72 hours of
# becoming aware of it; under DUE_SOON_HOURS left, the clock is shown as running out.
ICO_HOURS = 72
DUE_SOON_HOURS = 24
RETENTION_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_breach_retention_review"
)


class SafeguardingDisclosureBreach(models.Model):
    """A disclosure found to have gone wrong, recorded against that line: the
    disclosure itself stays as it was recorded (and sealed)."""

    _name = "safeguarding.disclosure.breach"
    _description = "Information Sharing Breach"
    _inherit = [
        "mail.thread",
        # Its retention review is an activity of the case's lead practitioner.
        "mail.activity.mixin",
        "safeguarding.case.record.mixin",
        "safeguarding.reader.mixin",
        "safeguarding.retention.record.mixin",
    ]
    _order = "date_found desc, id desc"
    _check_company_auto = True
    _retention_applies_to = "breach"
    _retention_activity = RETENTION_ACTIVITY
    # Recorded against its line by whoever works on the case, and kept: who found it
    # is the user recording it, and it is closed by its own button.
    _safeguarding = CaseData(
        parent="disclosure_id",
        reference="name",
        server=("found_by_id", "date_closed"),
        moves={"close": ("date_closed",)},
        create=WORK,
        read=SEE,
        write=WORK,
    ).extend(**RETENTION_GUARDS)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    disclosure_id = fields.Many2one(
        "safeguarding.disclosure",
        string="Information Shared",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(
        related="disclosure_id.case_id", store=True, precompute=True, readonly=True
    )
    decision_id = fields.Many2one(
        related="disclosure_id.decision_id", store=True, index=True
    )
    recipient_id = fields.Many2one(
        related="disclosure_id.recipient_id", string="Shared With"
    )
    kind = fields.Selection(
        [
            ("wrong_recipient", "Sent to the wrong recipient"),
            ("insecure_channel", "Sent by an insecure channel"),
            ("more_than_needed", "More shared than needed"),
            ("other", "Other"),
        ],
        string="What Happened",
        required=True,
        tracking=True,
    )
    description = fields.Text(required=True)
    date_found = fields.Datetime(
        string="Found On",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the breach was found: the ICO's 72 hours run from then.",
    )
    found_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    informed_ids = fields.Many2many(
        "res.partner", string="Who Was Told", help="The people told of the breach."
    )
    informed_note = fields.Text(string="How They Were Told")
    ico_reportable = fields.Selection(
        [("yes", "Reportable"), ("no", "Not reportable")],
        string="Reportable to the ICO",
        tracking=True,
        help="A breach likely to result in a risk to people's rights and freedoms "
        "is reported to the ICO within 72 hours of being found.",
    )
    ico_reportable_reason = fields.Text(string="Why (Not) Reportable")
    ico_deadline = fields.Datetime(
        string="Report to the ICO By",
        compute="_compute_ico_deadline",
        store=True,
        index=True,
    )
    ico_reported = fields.Boolean(string="Reported to the ICO", tracking=True)
    date_ico_reported = fields.Datetime(string="Reported On", tracking=True)
    ico_reference = fields.Char(string="ICO Reference")
    ico_clock = fields.Selection(
        [
            ("running", "Clock running"),
            ("due_soon", "Due within 24 hours"),
            ("overdue", "Overdue"),
            ("reported", "Reported"),
            ("not_reportable", "Not reportable"),
        ],
        string="ICO Clock",
        compute="_compute_ico_clock",
        search="_search_ico_clock",
    )
    ico_overdue = fields.Boolean(
        string="ICO Report Overdue",
        compute="_compute_ico_clock",
        search="_search_ico_overdue",
    )
    ico_hours_left = fields.Float(
        string="Hours Left to Report",
        compute="_compute_ico_clock",
        digits=(16, 1),
    )

    date_closed = fields.Date(
        string="Closed On",
        readonly=True,
        copy=False,
        tracking=True,
        help="The breach is dealt with: its retention runs from then.",
    )

    @api.depends("date_found")
    def _compute_ico_deadline(self):
        for breach in self:
            breach.ico_deadline = breach.date_found and breach.date_found + timedelta(
                hours=ICO_HOURS
            )

    @api.depends("ico_deadline", "ico_reported", "ico_reportable")
    def _compute_ico_clock(self):
        now = fields.Datetime.now()
        for breach in self:
            left = (
                (breach.ico_deadline - now).total_seconds() / 3600
                if breach.ico_deadline
                else 0.0
            )
            if breach.ico_reported:
                clock = "reported"
            elif breach.ico_reportable == "no":
                clock = "not_reportable"
            elif left <= 0:
                clock = "overdue"
            elif left < DUE_SOON_HOURS:
                clock = "due_soon"
            else:
                clock = "running"
            breach.ico_clock = clock
            breach.ico_overdue = clock == "overdue"
            breach.ico_hours_left = (
                max(left, 0.0) if clock in ("running", "due_soon") else 0.0
            )

    @api.model
    def _clock_domains(self):
        now = fields.Datetime.now()
        open_clock = [("ico_reported", "=", False), ("ico_reportable", "!=", "no")]
        soon = now + timedelta(hours=DUE_SOON_HOURS)
        return {
            "reported": [("ico_reported", "=", True)],
            "not_reportable": [
                ("ico_reported", "=", False),
                ("ico_reportable", "=", "no"),
            ],
            "overdue": [*open_clock, ("ico_deadline", "<=", now)],
            "due_soon": [
                *open_clock,
                ("ico_deadline", ">", now),
                ("ico_deadline", "<", soon),
            ],
            "running": [*open_clock, ("ico_deadline", ">=", soon)],
        }

    def _search_ico_clock(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        values = [value] if operator == "=" else value
        domains = self._clock_domains()
        return expression.OR([domains[clock] for clock in values if clock in domains])

    def _search_ico_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = self._clock_domains()["overdue"]
        if (operator == "=") == value:
            return overdue
        return ["!", *expression.normalize_domain(overdue)]

    @api.constrains("date_found", "date_ico_reported", "disclosure_id")
    def _check_dates_in_order(self):
        """Found after the line was shared, reported to the ICO after it was found
        (each within its plausible span too: models/plausible_dates.py)."""
        for breach in self:
            # sudo: when the line was shared, a date of the breach's own case.
            shared = breach.disclosure_id.sudo().date_shared
            if shared and breach.date_found < shared:
                raise ValidationError(
                    self.env._(
                        "Breach %(breach)s cannot be found before the information "
                        "was shared, %(shared)s: correct Found On.",
                        breach=breach.display_name,
                        shared=format_datetime(self.env, shared),
                    )
                )
            reported = breach.date_ico_reported
            if reported and reported < breach.date_found:
                raise ValidationError(
                    self.env._(
                        "Breach %(breach)s cannot be reported to the ICO before it "
                        "was found, %(found)s: correct Reported On.",
                        breach=breach.display_name,
                        found=format_datetime(self.env, breach.date_found),
                    )
                )

    @api.constrains("ico_reported", "date_ico_reported", "ico_reportable")
    def _check_ico_report(self):
        for breach in self:
            if breach.ico_reported and not breach.date_ico_reported:
                raise ValidationError(
                    self.env._(
                        "Breach %(breach)s is reported to the ICO: say when it was "
                        "reported.",
                        breach=breach.display_name,
                    )
                )
            if breach.ico_reported and breach.ico_reportable == "no":
                raise ValidationError(
                    self.env._(
                        "Breach %(breach)s is marked not reportable but reported to "
                        "the ICO: mark it reportable, or not reported.",
                        breach=breach.display_name,
                    )
                )

    # Closing, and retention from closure

    @api.constrains("date_closed", "ico_reportable", "ico_reported")
    def _check_closed(self):
        for breach in self.filtered("date_closed"):
            if not breach.ico_reportable or (
                breach.ico_reportable == "yes" and not breach.ico_reported
            ):
                raise ValidationError(
                    self.env._(
                        "Breach %(breach)s cannot be closed yet: mark it not "
                        "reportable, or reportable and reported to the ICO.",
                        breach=breach.display_name,
                    )
                )

    def action_close(self):
        self.check_access("write")
        self._as_move("close").write({"date_closed": fields.Date.context_today(self)})

    def action_reopen(self):
        self.check_access("write")
        self._as_move("close").write({"date_closed": False})

    def _retention_start(self):
        self.ensure_one()
        return self.date_closed or None

    def _retention_held(self):
        self.ensure_one()
        # sudo: whether its case is on legal hold, nothing else of the case.
        return self.case_id.sudo().legal_hold

    def _retention_reviewer(self):
        self.ensure_one()
        return self.case_id.sudo().user_id

    @api.model
    def _retention_candidates_domain(self):
        return [
            "|",
            ("date_closed", "!=", False),
            ("retention_status", "!=", "pending"),
        ]

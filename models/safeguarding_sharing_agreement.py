from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

REVIEW_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_agreement_review"
REVIEWS_JOB = "safeguarding_info_sharing.ir_cron_agreement_reviews"
RETENTION_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_agreement_retention_review"
)
# How long before its review date an agreement's review is put on someone's list.
REVIEW_NOTICE_DAYS = 30


class SafeguardingSharingAgreement(models.Model):
    """A data sharing agreement between the company and partner organisations (the
    ICO data sharing code, 2021): what may be shared with them, why, on which lawful
    basis, how it is kept and protected, and until when."""

    _name = "safeguarding.sharing.agreement"
    _description = "Data Sharing Agreement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.reader.mixin",
        "safeguarding.retention.record.mixin",
    ]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _retention_applies_to = "sharing_agreement"
    _retention_activity = RETENTION_ACTIVITY

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="Our organisation, the first party to the agreement.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Partner Organisations",
        required=True,
        domain="[('is_company', '=', True)]",
        help="The other parties: the organisations information is shared with.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Who reviews the agreement: the review activity goes to them.",
    )
    purpose = fields.Text(required=True)
    lawful_basis_ids = fields.Many2many("safeguarding.lawful.basis")
    information_shared = fields.Text(
        string="What May Be Shared",
        help="The categories of information and of people the agreement covers.",
    )
    controller_relationship = fields.Selection(
        [
            ("separate", "Separate controllers"),
            ("joint", "Joint controllers"),
            ("processor", "Controller and processor"),
        ],
        tracking=True,
    )
    retention = fields.Text(help="How long each party keeps what is shared.")
    security = fields.Text(help="How what is shared is sent and kept secure.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        index=True,
    )
    date_from = fields.Date(
        string="Effective From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="Effective To")
    review_date = fields.Date(tracking=True)
    date_terminated = fields.Date(
        string="Terminated On",
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the agreement was terminated: its retention runs from then.",
    )
    review_reminded = fields.Boolean(
        copy=False, help="The review activity of the current review date is set."
    )

    _sql_constraints = [
        (
            "dates_in_order",
            "CHECK (date_to IS NULL OR date_to >= date_from)",
            "An agreement cannot end before it starts.",
        ),
    ]

    @api.constrains("partner_ids")
    def _check_partner_ids(self):
        for agreement in self:
            if agreement.partner_ids != agreement.partner_ids.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The parties of %(agreement)s are organisations: choose the "
                        "organisation, not a person working there.",
                        agreement=agreement.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._invalidate_decisions()
        return super().create(vals_list)

    def write(self, vals):
        if "review_date" in vals:
            vals = dict(vals, review_reminded=False)
        self._invalidate_decisions()
        return super().write(vals)

    def unlink(self):
        self._invalidate_decisions()
        return super().unlink()

    def _invalidate_decisions(self):
        """The agreement in force on a decision is read from the register: a change
        of the register is seen at once."""
        self.env["safeguarding.decision"].invalidate_model(["sharing_agreement_id"])
        self.env["safeguarding.decision.recipient"].invalidate_model(
            ["sharing_agreement_id"]
        )

    @api.model
    def _in_force_with(self, organisations, companies):
        """The active agreements of ``companies`` with any of ``organisations``: the
        candidates, read once, that _in_force_for then picks from."""
        if not organisations:
            return self.browse()
        return self.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "active"),
                ("partner_ids", "in", organisations.ids),
            ]
        )

    def _in_force_for(self, company, organisation, day):
        """Whether this agreement (one) binds ``company`` and ``organisation`` on
        ``day``."""
        self.ensure_one()
        return (
            self.company_id == company
            and organisation in self.partner_ids
            and self.date_from <= day
            and (not self.date_to or self.date_to >= day)
        )

    # Actions

    def action_activate(self):
        self.write({"state": "active"})

    def action_terminate(self):
        self.write(
            {"state": "terminated", "date_terminated": fields.Date.context_today(self)}
        )

    def action_reset_draft(self):
        self.write({"state": "draft", "date_terminated": False})

    # Retention: an agreement that ended or expired is kept, then reviewed.

    def _retention_start(self):
        self.ensure_one()
        if self.state == "expired":
            return self.date_to or None
        if self.state == "terminated":
            return self.date_terminated or self.date_to or None
        return None

    def _retention_reviewer(self):
        self.ensure_one()
        return self.user_id or self.create_uid

    @api.model
    def _retention_candidates_domain(self):
        return [
            "|",
            ("state", "in", ("expired", "terminated")),
            ("retention_status", "!=", "pending"),
        ]

    # Business methods

    @api.model
    def _cron_agreement_reviews(self):
        """Expire the agreements whose end has passed, and put each review coming up
        within REVIEW_NOTICE_DAYS on its responsible's list, once a review date.
        Each agreement is treated on its own: one that fails is reported."""
        today = fields.Date.context_today(self)
        Agreement = self.sudo()
        Failure = self.env["safeguarding.job.failure"]
        Failure._each_on_its_own(
            REVIEWS_JOB,
            Agreement.search([("state", "=", "active"), ("date_to", "<", today)]),
            lambda batch: batch.write({"state": "expired"}),
        )
        due = Agreement.search(
            [
                ("state", "in", ("draft", "active")),
                ("review_reminded", "=", False),
                ("review_date", "!=", False),
                ("review_date", "<=", today + timedelta(days=REVIEW_NOTICE_DAYS)),
            ]
        )
        failed = Failure._each_on_its_own(
            REVIEWS_JOB, due, lambda batch: batch._ask_review()
        )
        return due - failed

    def _ask_review(self):
        """Put the review of these agreements on their responsible's list."""
        for agreement in self:
            agreement.activity_schedule(
                REVIEW_ACTIVITY,
                date_deadline=agreement.review_date,
                note=self.env._(
                    "The data sharing agreement %(agreement)s is due for review on "
                    "%(date)s.",
                    agreement=agreement.name,
                    date=agreement.review_date,
                ),
                user_id=(agreement.user_id or self.env.user).id,
            )
        self.write({"review_reminded": True})

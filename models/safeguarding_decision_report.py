from odoo import api, fields, models
from odoo.tools.misc import format_date, format_datetime

SECONDS_PER_HOUR = 3600.0


class SafeguardingDecision(models.Model):
    """What managers' reports group and measure decisions by: stored, so that pivot,
    graph and export read them in one query within the access rules."""

    # One concern per file, beside the model's own files (reports, retention).
    _inherit = "safeguarding.decision"  # pylint: disable=consider-merging-classes-inherited

    recipient_organisation_type_id = fields.Many2one(
        "safeguarding.organisation.type",
        string="Recipient Organisation Type",
        related="recipient_id.commercial_partner_id.safeguarding_organisation_type_id",
        store=True,
        index="btree_not_null",
    )
    case_user_id = fields.Many2one(
        "res.users",
        string="Case Lead Practitioner",
        related="case_id.user_id",
        store=True,
        index=True,
    )
    days_to_decision = fields.Integer(
        string="Days from Request to Decision",
        compute="_compute_days_to_decision",
        store=True,
        aggregator="avg",
        help="For a request received: days from the day it was received to the day "
        "the decision was recorded (UTC).",
    )
    hours_to_first_disclosure = fields.Float(
        string="Hours from Decision to First Share",
        compute="_compute_hours_to_first_disclosure",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the recording of a decision to share to the first item shared "
        "under it; negative when information was shared before the decision was "
        "recorded (an emergency, say).",
    )
    signoff_hours = fields.Float(
        string="Hours to Sign-off",
        compute="_compute_signoff_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the first submission for sign-off to the safeguarding lead's "
        "approval, returns included.",
    )

    @api.depends("trigger", "date_received", "date_decided")
    def _compute_days_to_decision(self):
        for decision in self:
            if (
                decision.trigger == "request"
                and decision.date_received
                and decision.date_decided
            ):
                decision.days_to_decision = (
                    decision.date_decided.date() - decision.date_received
                ).days
            else:
                decision.days_to_decision = 0

    @api.depends("date_decided", "outcome", "disclosure_ids.date_shared")
    def _compute_hours_to_first_disclosure(self):
        for decision in self:
            dates = decision.disclosure_ids.mapped("date_shared")
            if decision.outcome == "share" and decision.date_decided and dates:
                delay = min(dates) - decision.date_decided
                decision.hours_to_first_disclosure = round(
                    delay.total_seconds() / SECONDS_PER_HOUR, 2
                )
            else:
                decision.hours_to_first_disclosure = 0.0

    @api.depends("signoff_ids.action", "signoff_ids.date")
    def _compute_signoff_hours(self):
        for decision in self:
            rows = decision.signoff_ids.sorted(lambda row: (row.date, row.id))
            submitted = rows.filtered(lambda row: row.action == "submit")[:1]
            approved = rows.filtered(lambda row: row.action == "approve")[-1:]
            if submitted and approved:
                delay = approved.date - submitted.date
                decision.signoff_hours = round(
                    delay.total_seconds() / SECONDS_PER_HOUR, 2
                )
            else:
                decision.signoff_hours = 0.0

    # The printed decision record

    def _selection_label(self, field_name, record=None):
        record = record if record is not None else self
        value = record[field_name]
        if not value:
            return ""
        return dict(record._fields[field_name]._description_selection(record.env))[
            value
        ]

    def _decision_record_rows(self):
        """(label, value) rows of this decision's (one) printed record: the fields of
        the ICO data sharing code's one-off request form, then the decision. An empty
        value prints as "Not recorded"."""
        self.ensure_one()

        def join(values, sep="; "):
            return sep.join(value for value in values if value)

        def day(value):
            return format_date(self.env, value) if value else ""

        bases = self.lawful_basis_ids
        necessary = self.principle_ids.filtered(
            lambda line: line.principle_id.code == "necessary_proportionate"
        )
        advice = self.advice_ids.filtered(
            lambda a: a.adviser_role in ("dpo", "ig_lead", "caldicott")
        )
        case = self.case_id
        channel = self.channel_id
        security = ""
        if channel:
            security = join(
                [
                    channel.name,
                    self.env._("secure")
                    if channel.secure
                    else self.env._(
                        "not secure: %(why)s", why=self.insecure_channel_reason or ""
                    ),
                    self.recipient_verified
                    and self.env._("recipient's identity verified"),
                ],
                ", ",
            )
        request = [
            (self.env._("How it started"), self._selection_label("trigger")),
            (self.env._("Organisation holding the information"), self.company_id.name),
            (
                self.env._("Requesting organisation"),
                self.requester_organisation_id.name,
            ),
            (
                self.env._("Receiving organisation"),
                self.recipient_id.commercial_partner_id.name,
            ),
            (
                self.env._("Requester name and position"),
                join([self.requester_id.name, self.requester_id.function], ", "),
            ),
            (self.env._("Date request received"), day(self.date_received)),
            (self.env._("Data requested"), self.information_requested),
            (self.env._("Controller relationship"), ""),
            (self.env._("Data sharing agreement in place"), ""),
            (self.env._("Purpose"), join([self.purpose_id.name, self.purpose], ": ")),
            (
                self.env._("Lawful basis (UK GDPR Article 6)"),
                join(bases.filtered(lambda b: b.layer == "gdpr_art6").mapped("name")),
            ),
            (
                self.env._("Why the sharing is necessary"),
                join([self.request_reason, *necessary.mapped("justification")]),
            ),
            (
                self.env._("Special category or criminal offence conditions"),
                join(
                    bases.filtered(
                        lambda b: b.layer in ("gdpr_art9", "dpa_sch1", "dpa_sch8")
                    ).mapped("name")
                ),
            ),
            (
                self.env._("Legal power"),
                join(
                    [
                        *bases.filtered(
                            lambda b: b.layer in ("statutory", "common_law")
                        ).mapped("name"),
                        self.statutory_basis != "none"
                        and self._selection_label("statutory_basis"),
                    ]
                ),
            ),
            (
                self.env._("DPIA or DPO view"),
                join(
                    f"{self._selection_label('adviser_role', a)}: {a.advice}"
                    for a in advice
                ),
            ),
            (
                self.env._("Retention"),
                join(
                    [
                        join(case.retention_policy_ids.mapped("name")),
                        case.retention_review_date
                        and self.env._(
                            "review on %(date)s", date=day(case.retention_review_date)
                        ),
                    ],
                    ", ",
                ),
            ),
            (self.env._("Security"), security),
            (
                self.env._("Information rights (individual informed)"),
                join(
                    [
                        self._selection_label("individual_informed"),
                        self._selection_label("not_informed_reason"),
                        self.not_informed_note,
                    ],
                    ": ",
                ),
            ),
            (self.env._("Reply due by"), day(self.deadline)),
        ]
        decision = [
            (self.env._("Decision"), self._selection_label("outcome")),
            (self.env._("Reasons for sharing or not sharing"), self.reason),
            (
                self.env._("Consent"),
                self.consent_id.name
                if self.has_consent
                else self._selection_label("no_consent_reason"),
            ),
            (self.env._("How much is shared"), self.how_much),
            (
                self.env._("Decided by (name, position, date)"),
                join(
                    [
                        self.decided_by_id.name,
                        self.decided_by_id.function,
                        self.date_decided
                        and format_datetime(self.env, self.date_decided),
                    ],
                    ", ",
                ),
            ),
        ]
        if self.trigger == "request":
            decision.append(
                (
                    self.env._("Discussed with the requester"),
                    join(
                        [
                            self._selection_label("discussed_with_requester"),
                            day(self.date_discussed),
                        ],
                        ", ",
                    ),
                )
            )
        if self.immediate_risk or self.crime_suspected:
            decision.append(
                (
                    self.env._("Police notified (when, by whom, reference)"),
                    join(
                        [
                            self.date_police_notified
                            and format_datetime(self.env, self.date_police_notified),
                            self.police_notified_by_id.name,
                            self.police_reference,
                        ],
                        ", ",
                    ),
                )
            )
        return {"request": request, "decision": decision}

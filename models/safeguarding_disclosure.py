from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingDisclosure(models.Model):
    """One item of information actually shared under a decision to share."""

    _name = "safeguarding.disclosure"
    _description = "Information Shared"
    _inherit = ["safeguarding.record.lock.mixin", "safeguarding.integrity.mixin"]
    _order = "date_shared desc, id desc"
    _check_company_auto = True
    _integrity_fields = (
        "company_id",
        "decision_id",
        "description",
        "fact_or_opinion",
        "historical",
        "historical_note",
        "recipient_id",
        "channel_id",
        "date_shared",
        "shared_by_id",
    )

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(
        related="decision_id.case_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="decision_id.company_id", store=True, index=True, precompute=True
    )
    description = fields.Text(string="What Was Shared", required=True)
    fact_or_opinion = fields.Selection(
        [("fact", "Fact"), ("opinion", "Opinion")],
        required=True,
        help="Accuracy: say whether each item is a fact or an opinion.",
    )
    historical = fields.Boolean(help="Historical information, marked as such.")
    historical_note = fields.Text(string="Why Historical Information Is Shared")
    recipient_id = fields.Many2one(
        "res.partner",
        string="Shared With",
        required=True,
        help="The organisation and the person who received it.",
    )
    recipient_organisation_id = fields.Many2one(
        "res.partner",
        related="recipient_id.commercial_partner_id",
        string="Recipient Organisation",
        store=True,
    )
    channel_id = fields.Many2one("safeguarding.channel", required=True)
    date_shared = fields.Datetime(
        string="Shared On", required=True, default=fields.Datetime.now
    )
    shared_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )

    @api.model_create_multi
    def create(self, vals_list):
        disclosures = super().create(vals_list)
        disclosures._check_decision_shares()
        # What the lead is reviewing, or has approved, is not added to before recording.
        in_review = disclosures.decision_id.filtered(
            lambda d: d.state != "recorded" and d._is_locked()
        )
        if in_review:
            raise self._lock_refusal(in_review)
        # Lines added to a recorded share join the chain as they are added.
        disclosures.filtered(lambda d: d.decision_id.state == "recorded")._seal()
        return disclosures

    def _is_locked(self):
        # Frozen with its decision; a line added to a recorded share is locked as it
        # is added.
        return self.decision_id._is_locked()

    def _check_decision_shares(self):
        for disclosure in self:
            if not disclosure.decision_id._shares():
                raise ValidationError(
                    self.env._(
                        "%(decision)s does not decide to share, so nothing can be "
                        "listed as shared under it.",
                        decision=disclosure.decision_id.name,
                    )
                )

    @api.constrains("historical", "historical_note")
    def _check_historical_note(self):
        for disclosure in self:
            if disclosure.historical and not (disclosure.historical_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Explain why historical information is shared: '%(item)s'.",
                        item=disclosure.description,
                    )
                )

    @api.constrains("date_shared")
    def _check_date_shared(self):
        now = fields.Datetime.now()
        for disclosure in self:
            if disclosure.date_shared > now:
                raise ValidationError(
                    self.env._(
                        "Information cannot be recorded as shared in the future."
                    )
                )

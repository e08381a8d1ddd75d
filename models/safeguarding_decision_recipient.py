from odoo import api, fields, models

CONTROLLER_RELATIONSHIPS = [
    ("separate", "Separate controllers"),
    ("joint", "Joint controllers"),
    ("processor", "Controller and processor"),
]


class SafeguardingDecisionRecipient(models.Model):
    """One recipient a decision decides to share with: its own verification,
    channel, what it receives and, line by line, what it was sent. A line of what
    was shared goes only to a recipient a decision covers; the recipients are
    frozen with their decision (under review, signed off, recorded)."""

    _name = "safeguarding.decision.recipient"
    _description = "Recipient of a Decision"
    _inherit = ["safeguarding.decision.part.mixin"]
    _order = "decision_id, sequence, id"
    _part_name_field = "partner_id"
    _check_company_auto = True

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    case_id = fields.Many2one(
        related="decision_id.case_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="decision_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        index=True,
        help="The organisation or person the information goes to. A share names "
        "each recipient before it is submitted.",
    )
    organisation_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        string="Organisation",
        store=True,
        # In the row's insert, not an update after it.
        precompute=True,
    )
    organisation_type_id = fields.Many2one(
        "safeguarding.organisation.type",
        related="partner_id.commercial_partner_id.safeguarding_organisation_type_id",
        string="Organisation Type",
    )
    recipient_verified = fields.Boolean(string="Identity Verified")
    channel_id = fields.Many2one("safeguarding.channel")
    channel_secure = fields.Boolean(related="channel_id.secure")
    insecure_channel_reason = fields.Text(string="Why a Channel That Is Not Secure")
    how_much = fields.Text(
        string="What They Receive", help="Only what this recipient needs for its role."
    )
    controller_relationship = fields.Selection(
        CONTROLLER_RELATIONSHIPS,
        help="Between the agency and this recipient for this share, when no data "
        "sharing agreement with it is in force (the ICO's one-off request form).",
    )
    sharing_agreement_id = fields.Many2one(
        "safeguarding.sharing.agreement",
        string="Data Sharing Agreement",
        compute="_compute_sharing_agreement_id",
        help="The active agreement in force with this organisation on the day of "
        "the decision; empty when there is none.",
    )
    disclosure_ids = fields.One2many(
        "safeguarding.disclosure", "decision_recipient_id", string="What Was Sent"
    )

    _sql_constraints = [
        (
            "partner_uniq",
            "unique(decision_id, partner_id)",
            "A recipient is listed once on a decision.",
        ),
    ]

    @api.depends(
        "organisation_id",
        "company_id",
        "decision_id.date_decided",
        "decision_id.date_received",
    )
    def _compute_sharing_agreement_id(self):
        agreements = self.env["safeguarding.sharing.agreement"]._in_force_with(
            self.organisation_id, self.company_id
        )
        for row in self:
            row.sharing_agreement_id = agreements.filtered(
                lambda a, r=row: a._in_force_for(
                    r.company_id,
                    r.organisation_id,
                    r.decision_id._sharing_agreement_day(),
                )
            )[:1]

    def _covers(self, partner):
        """Whether a line to ``partner`` goes to this recipient (one): the recipient
        itself, or a person of the recipient organisation."""
        self.ensure_one()
        if not partner or not self.partner_id:
            return False
        return partner == self.partner_id or (
            partner.commercial_partner_id == self.organisation_id
        )

    def _missing_items(self, missing_item):
        """What this recipient (one) of a share still needs, each named, built with
        ``missing_item(field, text)``."""
        if not self.partner_id:
            return [
                missing_item(
                    "recipient_ids", self.env._("who the information is shared with")
                )
            ]
        name = self.partner_id.display_name
        missing = []
        if not (self.how_much or "").strip():
            missing.append(
                missing_item(
                    "recipient_ids",
                    self.env._("how much is shared with %(recipient)s", recipient=name),
                )
            )
        if not self.recipient_verified:
            missing.append(
                missing_item(
                    "recipient_ids",
                    self.env._(
                        "confirmation that the recipient's identity was verified "
                        "(%(recipient)s)",
                        recipient=name,
                    ),
                )
            )
        if not self.channel_id:
            missing.append(
                missing_item(
                    "recipient_ids",
                    self.env._(
                        "the channel used to share with %(recipient)s", recipient=name
                    ),
                )
            )
        elif (
            not self.channel_id.secure
            and not (self.insecure_channel_reason or "").strip()
        ):
            missing.append(
                missing_item(
                    "recipient_ids",
                    self.env._(
                        "why the channel '%(channel)s', which is not secure, is used "
                        "for %(recipient)s",
                        channel=self.channel_id.name,
                        recipient=name,
                    ),
                )
            )
        # The register is read only when the practitioner gave no answer.
        if not self.controller_relationship and not self.sharing_agreement_id:
            missing.append(
                missing_item(
                    "recipient_ids",
                    self.env._(
                        "the controller relationship with %(recipient)s: no data "
                        "sharing agreement with it is in force",
                        recipient=name,
                    ),
                )
            )
        return missing

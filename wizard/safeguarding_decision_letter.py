from odoo import api, fields, models


class SafeguardingDecisionLetter(models.TransientModel):
    """Whom the letter to the family about a decision is addressed to, before it is
    written: it tells them, and nobody else. An alleged perpetrator is never an
    addressee by default."""

    _name = "safeguarding.decision.letter"
    _description = "Letter to the Family about a Decision"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("decision_id",)

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, ondelete="cascade"
    )
    case_partner_ids = fields.Many2many(related="decision_id.case_partner_ids")
    addressee_ids = fields.Many2many(
        "res.partner",
        string="Addressed To",
        compute="_compute_addressee_ids",
        store=True,
        readonly=False,
        domain="[('id', 'in', case_partner_ids)]",
        help="Who the letter tells: those with parental responsibility on the case, "
        "or the child where none is recorded, never an alleged perpetrator unless "
        "you name them.",
    )

    @api.depends("decision_id")
    def _compute_addressee_ids(self):
        for wizard in self:
            wizard.addressee_ids = wizard.decision_id._family_letter_addressees()

    def action_write(self):
        """Open the composer on the letter to the addressees chosen."""
        self.ensure_one()
        return self.decision_id._family_letter_action(self.addressee_ids)

from odoo import fields, models


class SafeguardingDecisionPrinciple(models.Model):
    """One principle of the guidance, confirmed with a justification on a decision."""

    _name = "safeguarding.decision.principle"
    _description = "Principle Confirmed on a Decision"
    _inherit = ["safeguarding.decision.part.mixin"]
    _order = "decision_id, sequence, id"
    _part_name_field = "principle_id"

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, index=True, ondelete="cascade"
    )
    # Computed before the line is inserted (precompute), not updated after it.
    case_id = fields.Many2one(
        related="decision_id.case_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="decision_id.company_id", store=True, precompute=True
    )
    principle_id = fields.Many2one(
        "safeguarding.principle", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(
        related="principle_id.sequence", store=True, precompute=True
    )
    description = fields.Text(related="principle_id.description")
    question = fields.Char(related="principle_id.question")
    confirmed = fields.Boolean()
    justification = fields.Text()

    _sql_constraints = [
        (
            "principle_uniq",
            "unique(decision_id, principle_id)",
            "Each principle is confirmed once on a decision.",
        ),
    ]

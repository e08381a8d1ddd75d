from odoo import api, fields, models


class SafeguardingDecisionPrinciple(models.Model):
    """One principle of the guidance, confirmed with a justification on a decision."""

    _name = "safeguarding.decision.principle"
    _description = "Principle Confirmed on a Decision"
    _inherit = [
        "safeguarding.record.lock.mixin",
        "safeguarding.record.guard.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _parent_fields = ("decision_id", "case_id")
    _order = "decision_id, sequence, id"

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

    @api.depends("decision_id.name", "principle_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(decision)s: %(principle)s",
                decision=line.decision_id.name or "",
                principle=line.principle_id.name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        locked = lines.decision_id._locked()
        if locked:
            raise self._lock_refusal(locked)
        return lines

    def _is_locked(self):
        # Frozen with its decision: under review, signed off or recorded.
        return self.decision_id._is_locked()

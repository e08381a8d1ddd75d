from odoo import api, models


class SafeguardingDecisionPartMixin(models.AbstractModel):
    """A part of a decision (its principle lines, its recipients): it hangs from
    its decision for ever, is frozen with it (under review, signed off, recorded)
    and is named after it."""

    _name = "safeguarding.decision.part.mixin"
    _description = "Part of a Safeguarding Decision"
    _inherit = [
        "safeguarding.record.lock.mixin",
        "safeguarding.record.guard.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _parent_fields = ("decision_id", "case_id")
    # The field that names the part after its decision's reference.
    _part_name_field = None

    @api.depends(lambda self: ("decision_id.name", self._part_name_field))
    def _compute_display_name(self):
        for part in self:
            part.display_name = self.env._(
                "%(decision)s: %(part)s",
                decision=part.decision_id.name or "",
                part=part[self._part_name_field].display_name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        parts = super().create(vals_list)
        locked = parts.decision_id._locked()
        if locked:
            raise self._lock_refusal(locked)
        return parts

    def _is_locked(self):
        # Frozen with its decision: under review, signed off or recorded.
        return self.decision_id._is_locked()

from odoo import fields, models


class SafeguardingDecisionLedgerMixin(models.AbstractModel):
    """A row of one of a decision's own ledgers (its sign-offs, the police references
    added afterwards, the tellings): written by the decision's own moves only, sealed
    into its chain as it is added, kept for ever, read with the decision's case."""

    _name = "safeguarding.decision.ledger.mixin"
    _description = "Safeguarding Decision Ledger Row"
    _inherit = [
        "safeguarding.append.only.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.restricted.read.mixin",
    ]

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    # Computed before the row is inserted (precompute), not updated after it.
    case_id = fields.Many2one(
        related="decision_id.case_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="decision_id.company_id", store=True, precompute=True
    )

    def _log_rows(self, vals_list, seal=True):
        """Create and seal the rows ``vals_list`` describe. Users cannot create any:
        the decision's move that calls this has checked its own access. ``seal``
        False: the move seals them itself, last (a seal holds its chain's lock until
        the commit)."""
        rows = self.sudo().create(vals_list)
        if seal:
            rows._seal()
        return rows.sudo(False)

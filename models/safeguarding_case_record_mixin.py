from odoo import fields, models


class SafeguardingCaseRecordMixin(models.AbstractModel):
    """Something recorded on a case: its case and the case's company. Who sees it,
    and that it never moves to another case, its declaration says
    (safeguarding_policy.py)."""

    _name = "safeguarding.case.record.mixin"
    _description = "Recorded on a Safeguarding Case"
    _inherit = [
        "safeguarding.policy.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _check_company_auto = True

    case_id = fields.Many2one(
        "safeguarding.case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )

    def _letter_action(self, name, template_xmlid, **context):
        """Odoo's composer on a letter about this record (one) from the agency's
        template, to review and log on it as a note: the letter is printed and sent,
        or sent by the agency's secure channel, never e-mailed from the case."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(template_xmlid).id,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_note",
                **context,
            },
        }

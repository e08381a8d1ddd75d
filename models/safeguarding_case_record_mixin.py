from odoo import fields, models


class SafeguardingCaseRecordMixin(models.AbstractModel):
    """Something recorded on a case: it belongs to the case's company, and the record
    rules let people see it exactly as they see its case."""

    _name = "safeguarding.case.record.mixin"
    _description = "Recorded on a Safeguarding Case"
    _inherit = ["safeguarding.restricted.read.mixin"]
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

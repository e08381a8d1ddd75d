from odoo import fields, models

from ..models.safeguarding_policy import LEADS, Wizard


class SafeguardingCaseReview(models.TransientModel):
    """A safeguarding lead's retention review of a case: keep it until a new review
    date, or anonymise it. Both need a reason."""

    _name = "safeguarding.case.review"
    _description = "Retention Review of a Safeguarding Case"
    _inherit = ["safeguarding.policy.mixin"]
    _safeguarding = Wizard(parent="case_id", create=LEADS, read=LEADS, write=LEADS)

    case_id = fields.Many2one("safeguarding.case", required=True, ondelete="cascade")
    legal_hold = fields.Boolean(related="case_id.legal_hold")
    # An open case is only kept: anonymising is offered once it is closed.
    case_state = fields.Selection(related="case_id.state", string="Case Status")
    outcome = fields.Selection(
        [("keep", "Keep until a new review date"), ("anonymise", "Anonymise")],
        required=True,
        default="keep",
    )
    keep_until = fields.Date(string="Next Review On")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.outcome == "anonymise":
            self.case_id._anonymise(self.reason)
        else:
            self.case_id._retention_keep(self.keep_until, self.reason)
        return {"type": "ir.actions.act_window_close"}

from odoo import fields, models

from ..models.safeguarding_decision_telling import TELLING_METHODS


class SafeguardingDecisionTellingAdd(models.TransientModel):
    _name = "safeguarding.decision.telling.add"
    _description = "Record Telling the Individual about a Decision"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("decision_id",)

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, ondelete="cascade"
    )
    case_partner_ids = fields.Many2many(related="decision_id.case_partner_ids")
    told = fields.Boolean(
        string="They Were Told",
        default=True,
        help="Untick to record why they were not told.",
    )
    person_ids = fields.Many2many(
        "res.partner",
        string="Who Was Told",
        domain="[('id', 'in', case_partner_ids)]",
    )
    method = fields.Selection(TELLING_METHODS, string="How")
    date_told = fields.Datetime(string="When", default=fields.Datetime.now)
    summary = fields.Text(
        string="What They Were Told",
        help="What was shared, why, with whom, and how to ask questions.",
    )
    not_told_reason = fields.Text(string="Why They Were Not Told")

    def action_confirm(self):
        self.ensure_one()
        if self.told:
            values = {
                "told": True,
                "person_ids": self.person_ids.ids,
                "method": self.method,
                "date_told": self.date_told,
                "summary": self.summary,
            }
        else:
            values = {"told": False, "not_told_reason": self.not_told_reason}
        self.decision_id._add_telling(values)
        return {"type": "ir.actions.act_window_close"}

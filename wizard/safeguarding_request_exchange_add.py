from odoo import fields, models

from ..models.safeguarding_decision_telling import TELLING_METHODS
from ..models.safeguarding_request_exchange import EXCHANGE_VALUES


class SafeguardingRequestExchangeAdd(models.TransientModel):
    """Record on a request a reply received, a chaser or the referrer told."""

    _name = "safeguarding.request.exchange.add"
    _description = "Record a Reply, a Chaser or the Referrer Told"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("request_id",)

    request_id = fields.Many2one(
        "safeguarding.request", required=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("reply_received", "Reply received"),
            ("chased", "Chased"),
            ("referrer_told", "Referrer told the outcome"),
        ],
        required=True,
    )
    told = fields.Boolean(
        string="The Referrer Was Told",
        default=True,
        help="Untick to record why they were not told.",
    )
    method = fields.Selection(TELLING_METHODS, string="How")
    date = fields.Datetime(string="When", default=fields.Datetime.now)
    summary = fields.Text(string="What Was Said")
    fact_or_opinion = fields.Selection([("fact", "Fact"), ("opinion", "Opinion")])
    used_for = fields.Text()
    not_told_reason = fields.Text(string="Why Not Told")

    def action_confirm(self):
        self.ensure_one()
        values = {"kind": self.kind}
        for name in EXCHANGE_VALUES[self.kind]["fields"] - {"partner_id"}:
            values[name] = self[name]
        if self.kind == "referrer_told" and not self.told:
            values = {"kind": self.kind, "told": False}
            values["not_told_reason"] = self.not_told_reason
        self.request_id._add_exchange(values)
        return {"type": "ir.actions.act_window_close"}

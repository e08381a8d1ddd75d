from odoo import api, fields, models


class SafeguardingCaseAccessLog(models.Model):
    """Who opened a restricted case, and when. Written by the server only."""

    _name = "safeguarding.case.access.log"
    _description = "Restricted Case Access"
    _inherit = ["safeguarding.append.only.mixin"]
    _order = "date desc, id desc"
    _log_access = False

    case_id = fields.Many2one(
        "safeguarding.case",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    date = fields.Datetime(required=True, readonly=True)

    @api.model
    def _log_opening(self, cases):
        """Log an opening of each case by the current user. Users cannot create log
        rows themselves; the case's web_read, served read/write, writes them here."""
        now = fields.Datetime.now()
        self.sudo().create(
            [
                {"case_id": case.id, "user_id": self.env.uid, "date": now}
                for case in cases
            ]
        )

    def _append_only_what(self):
        return self.env._("The access log")

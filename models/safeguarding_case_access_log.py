from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SafeguardingCaseAccessLog(models.Model):
    """Who opened a restricted case, and when. Written by the server only."""

    _name = "safeguarding.case.access.log"
    _description = "Restricted Case Access"
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
        """Log an opening of each case by the current user.

        Odoo reads records on a read-only cursor (possibly a replica), so the row is
        written through a cursor of its own, committed at once: an opening stays
        logged even when the request that read the case fails afterwards.
        """
        if not cases:
            return
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """INSERT INTO safeguarding_case_access_log
                              (case_id, company_id, user_id, date)
                       SELECT c.id, c.company_id, %s, now() AT TIME ZONE 'UTC'
                         FROM safeguarding_case c WHERE c.id IN %s""",
                    self.env.uid,
                    tuple(cases.ids),
                )
            )

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The access log cannot be deleted."))

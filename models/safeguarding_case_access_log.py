from odoo import api, fields, models
from odoo.tools import SQL

from .safeguarding_policy import VERIFIERS, CaseData


class SafeguardingCaseAccessLog(models.Model):
    """Who opened a restricted case, and when. Written by the server only."""

    _name = "safeguarding.case.access.log"
    _description = "Restricted Case Access"
    _inherit = ["safeguarding.append.only.mixin", "safeguarding.policy.mixin"]
    # Leads and managers read all of it in their companies, the restricted cases
    # they are not named on included; the server writes it.
    _safeguarding = CaseData(read=VERIFIERS, scope="company")
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
    def _log_opening(self, case_ids):
        """Log an opening of each case by the current user, once per transaction.
        Users cannot create log rows themselves.

        Written in SQL, so that no case field reaches the ORM's cache unchecked on the
        way. A read may be served on a read-only cursor (possibly a replica): then the
        rows are written once it ends, in a transaction of their own on the primary,
        so the read stays a read and nothing fails.
        """
        opened = self.env.cr.precommit.data.setdefault(
            "safeguarding_cases_opened", set()
        )
        new = sorted({i for i in case_ids if (self.env.uid, i) not in opened})
        if not new:
            return
        opened.update((self.env.uid, case_id) for case_id in new)
        insert = SQL(
            """INSERT INTO safeguarding_case_access_log (case_id, company_id, user_id,
                                                         date)
               SELECT c.id, c.company_id, %s, %s FROM safeguarding_case c
                WHERE c.id IN %s""",
            self.env.uid,
            fields.Datetime.now(),
            tuple(new),
        )
        if not self.env.cr.readonly:
            self.env.cr.execute(insert)
            self.invalidate_model()
            return
        registry = self.env.registry

        def write_after_the_read():
            with registry.cursor() as cr:
                cr.execute(insert)

        self.env.cr.postcommit.add(write_after_the_read)

    def _append_only_what(self):
        return self.env._("The access log")

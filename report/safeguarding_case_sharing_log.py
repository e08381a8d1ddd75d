from odoo import api, models
from odoo.tools.misc import format_datetime


class ReportCaseSharingLog(models.AbstractModel):
    """The printed sharing log of a case: its timeline, oldest first."""

    _name = "report.safeguarding_info_sharing.report_case_sharing_log"
    _description = "Sharing Log of a Case"
    # Printed as an official record (models/ir_actions_report.py).
    _official_record = True

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["safeguarding.case"].browse(docids)
        # Refused at once, with the rules' own message, not halfway through the
        # template; nothing is logged for a refused print.
        cases.check_access("read")
        # Before the template reads them under the user's rules.
        cases._log_restricted_opening(checked=False)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.case",
            "docs": cases,
            # Called by the template, under the reader's own access rules.
            "timeline_of": self._timeline,
        }

    @api.model
    def _timeline(self, case):
        """The sharing log of ``case``, oldest first, with readable labels, read under
        the reader's own access rules (the log's _depends flushes what it reads)."""
        env = self.env

        def labels(model, field_name):
            return dict(env[model]._fields[field_name]._description_selection(env))

        details = {
            "decision": labels("safeguarding.decision", "outcome")
            | labels("safeguarding.decision", "state"),
            "disclosure": labels("safeguarding.disclosure", "fact_or_opinion"),
            "consent": labels("safeguarding.consent", "state"),
            "advice": labels("safeguarding.advice", "adviser_role"),
        }
        lines = env["safeguarding.sharing.log"].search(
            [("case_id", "=", case.id)], order="date, id"
        )
        kinds = labels("safeguarding.sharing.log", "kind")
        return [
            {
                "date": format_datetime(env, line.date, dt_format=False)
                if line.date
                else "",
                "kind": kinds.get(line.kind, line.kind),
                "summary": line.summary,
                "detail": details.get(line.kind, {}).get(line.detail, line.detail),
                "user": line.user_id.name,
            }
            for line in lines
        ]

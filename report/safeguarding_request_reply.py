from odoo import api, models
from odoo.tools.misc import format_datetime


class ReportRequestReply(models.AbstractModel):
    """The reply to a requester as it was logged on the request: the letter to
    print and send."""

    _name = "report.safeguarding_info_sharing.report_request_reply"
    _description = "Reply to the Requester"
    # Printed as an official record (models/ir_actions_report.py).
    _official_record = True

    @api.model
    def _get_report_values(self, docids, data=None):
        requests = self.env["safeguarding.request"].browse(docids)
        # Refused at once, with the rules' own message; nothing is logged for a
        # refused print.
        requests.check_access("read")
        requests._log_restricted_opening(checked=False)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.request",
            "docs": requests,
            "letters_of": self._letters,
        }

    @api.model
    def _letters(self, request):
        """Each reply logged on ``request``, oldest first: when, to whom, and the
        letter as it was logged (its message, which the reader may read)."""
        letters = []
        for entry in request._reply_letters():
            to = entry.partner_id
            letters.append(
                {
                    "date": format_datetime(self.env, entry.date, dt_format=False),
                    "to": to.name or "",
                    "address": to._display_address(without_company=True) if to else "",
                    "body": entry.message_id.body or entry.summary or "",
                }
            )
        return letters

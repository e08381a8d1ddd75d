from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEAD_GROUP = "safeguarding_info_sharing.group_lead"


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_dpo_id = fields.Many2one(
        "res.partner",
        string="Data Protection Officer",
        help="Receives each integrity checkpoint of the company by e-mail, where an "
        "outgoing mail server is set: the chains' lengths and last digests, to keep "
        "where the database cannot reach them.",
    )
    safeguarding_duty_lead_id = fields.Many2one(
        "res.users",
        string="Duty Safeguarding Lead",
        domain="[('share', '=', False)]",
        help="Watches the requests the agency receives and is told when one "
        "escalates; empty: every lead of the agency who may read it.",
    )
    safeguarding_reply_by_email = fields.Boolean(
        string="E-mail Replies to Requesters",
        help="The agency's policy: a reply written to a requester (a refusal, in "
        "whole or part) is also e-mailed to them from the request. Off: it is "
        "printed and sent, or sent by the agency's secure channel.",
    )

    @api.constrains("safeguarding_duty_lead_id")
    def _check_safeguarding_duty_lead(self):
        for company in self.filtered("safeguarding_duty_lead_id"):
            lead = company.safeguarding_duty_lead_id
            if not lead.has_group(LEAD_GROUP) or company not in lead.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the duty lead of %(company)s: the duty "
                        "lead is a safeguarding lead of the agency.",
                        user=lead.name,
                        company=company.name,
                    )
                )

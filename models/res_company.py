from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_dpo_id = fields.Many2one(
        "res.partner",
        string="Data Protection Officer",
        help="Receives each integrity checkpoint of the company by e-mail, where an "
        "outgoing mail server is set: the chains' lengths and last digests, to keep "
        "where the database cannot reach them.",
    )

from odoo import fields, models

from .safeguarding_policy import Reference


class SafeguardingOrganisationType(models.Model):
    _name = "safeguarding.organisation.type"
    _description = "Type of Organisation with a Safeguarding Duty"
    _inherit = ["safeguarding.policy.mixin"]
    _safeguarding = Reference()
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    statutory_duty = fields.Char(
        translate=True,
        help="The duty the organisation is under, e.g. Children Act 2004 s11.",
    )
    competent_authority = fields.Boolean(
        string="Law Enforcement Body",
        help="A competent authority of DPA 2018 Schedule 7, which processes for law "
        "enforcement purposes under Part 3: special category data shared with it "
        "needs a Schedule 8 condition.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each organisation type has its own code.")
    ]

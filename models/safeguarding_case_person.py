from odoo import fields, models

from .safeguarding_policy import SEE, WORK, CaseData


class SafeguardingCasePerson(models.Model):
    _name = "safeguarding.case.person"
    _description = "Person Involved in a Safeguarding Case"
    _inherit = [
        "safeguarding.restricted.read.mixin",
        "safeguarding.policy.mixin",
    ]
    _safeguarding = CaseData(create=WORK, read=SEE, write=WORK, unlink=WORK)
    _order = "case_id, sequence, id"
    _check_company_auto = True
    _rec_name = "partner_id"

    case_id = fields.Many2one(
        "safeguarding.case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    role = fields.Selection(
        [
            ("parent", "Parent"),
            ("carer", "Carer"),
            ("sibling", "Sibling"),
            ("alleged_perpetrator", "Alleged Perpetrator"),
            ("referrer", "Referrer"),
            ("other", "Other"),
        ],
        required=True,
        default="parent",
    )
    parental_responsibility = fields.Boolean(
        help="Holds parental responsibility for the child (Children Act 1989 s3)."
    )
    protect_identity = fields.Boolean(
        help="Their identity or whereabouts could put them at risk if it reached an "
        "abuser (a referrer, a neighbour, a new address): never share it without "
        "considering that risk.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "partner_role_uniq",
            "unique(case_id, partner_id, role)",
            "This person already has this role on the case.",
        ),
    ]

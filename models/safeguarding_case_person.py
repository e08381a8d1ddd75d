from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingCasePerson(models.Model):
    _name = "safeguarding.case.person"
    _description = "Person Involved in a Safeguarding Case"
    _inherit = [
        "safeguarding.restricted.read.mixin",
        "safeguarding.record.guard.mixin",
    ]
    _parent_fields = ("case_id",)
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
        help="Holds parental responsibility for the child (Children Act 1989 s3), "
        "as its evidence shows: their consent or refusal then speaks for the child "
        "who is not competent to decide."
    )
    parental_responsibility_basis = fields.Selection(
        [
            ("birth_mother", "Birth mother"),
            ("married_father", "Father married to the mother at the birth"),
            ("registered_father", "Father registered on the birth certificate"),
            ("agreement", "Parental responsibility agreement"),
            (
                "court_order",
                "Court order (parental responsibility, child arrangements)",
            ),
            ("special_guardianship", "Special guardianship order"),
            ("adoption", "Adoption order"),
            ("care_order", "Care order (local authority)"),
            ("other", "Other"),
        ],
        string="How It Is Held",
        help="Children Act 1989 ss2-4A: how this person holds parental responsibility.",
    )
    parental_responsibility_evidence = fields.Char(
        string="Evidence Seen",
        help="What shows it: the birth certificate, the order and its date, and so on.",
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

    @api.constrains(
        "parental_responsibility",
        "parental_responsibility_basis",
        "parental_responsibility_evidence",
    )
    def _check_parental_responsibility(self):
        for person in self:
            if person.parental_responsibility and not (
                person.parental_responsibility_basis
                and (person.parental_responsibility_evidence or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%(person)s holds parental responsibility on %(case)s: say how "
                        "it is held and the evidence seen.",
                        person=person.partner_id.name,
                        case=person.case_id.name,
                    )
                )

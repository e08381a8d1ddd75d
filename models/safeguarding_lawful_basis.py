from odoo import api, fields, models
from odoo.exceptions import ValidationError

LAYERS = [
    ("gdpr_art6", "UK GDPR Article 6"),
    ("gdpr_art9", "UK GDPR Article 9"),
    ("gdpr_art10", "UK GDPR Article 10"),
    ("dpa_sch1", "DPA 2018 Schedule 1"),
    ("dpa_sch8", "DPA 2018 Schedule 8"),
    ("statutory", "Statutory Gateway"),
    ("common_law", "Common Law Duty of Confidence"),
]


class SafeguardingLawfulBasis(models.Model):
    _name = "safeguarding.lawful.basis"
    _description = "Lawful Basis or Condition for Sharing"
    _inherit = ["safeguarding.reference.mixin"]
    _used_by = (("safeguarding.decision", "lawful_basis_ids", "integrity_hash"),)
    _order = "layer_order, sequence, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Stable technical key, e.g. art6_1_e.")
    name = fields.Char(required=True, translate=True)
    layer = fields.Selection(LAYERS, required=True)
    layer_order = fields.Integer(compute="_compute_layer_order", store=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    valid_from = fields.Date(
        help="Commencement: the basis cannot be relied on before this date."
    )
    valid_to = fields.Date(help="Repeal or replacement: not available after this date.")
    consent_based = fields.Boolean(
        help="The basis rests on the individual's consent, so it cannot be the lawful "
        "reason to share without consent."
    )
    requires_schedule_1 = fields.Boolean(
        string="Needs a Schedule 1 Condition",
        help="An Article 9 condition that DPA 2018 s10 completes with a Schedule 1 "
        "condition: 9(2)(b), (g), (h), (i) and (j).",
    )
    consent_kind = fields.Selection(
        [
            ("data_protection", "Data protection lawful basis"),
            ("confidentiality", "Confidentiality (common law)"),
        ],
        string="Rests on a Consent Of Kind",
        help="The kind of consent this basis rests on: each kind answers its own "
        "question only. A data-protection consent is UK GDPR Art 6(1)(a) or "
        "9(2)(a); a confidentiality consent is the common-law consent of the "
        "confider.",
    )
    paired_condition_ids = fields.Many2many(
        "safeguarding.lawful.basis",
        "safeguarding_lawful_basis_pairing_rel",
        "basis_id",
        "condition_id",
        string="Completed By",
        domain=[("layer", "=", "dpa_sch1")],
        help="The DPA 2018 Schedule 1 conditions that complete this Article 9 or "
        "Article 10 entry (DPA 2018 ss10-11): 9(2)(g) with a Part 2 condition, "
        "9(2)(h) with Part 1 paragraph 2, and so on.",
    )
    without_consent_only = fields.Boolean(
        string="Only Without Consent",
        help="The condition applies only where the processing is carried out without "
        "the consent of the data subject (DPA 2018 Schedule 1 paragraph 18, Schedule "
        "8 paragraph 4): never on a share that rests on a consent.",
    )
    commencement_required = fields.Boolean(
        string="Awaits Its Commencement",
        help="A provision an Act brings into force on a date set later: it is kept "
        "archived until an administrator sets its commencement date (In Force From) "
        "and makes it active.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each lawful basis has its own code."),
        (
            "validity_order",
            "CHECK(valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)",
            "A lawful basis cannot end before it starts.",
        ),
    ]

    @api.depends("layer")
    def _compute_layer_order(self):
        # Lists follow the layers in the order the law stacks them, not alphabetically.
        order = {key: index for index, (key, _label) in enumerate(LAYERS)}
        for basis in self:
            basis.layer_order = order.get(basis.layer, len(LAYERS))

    def _is_valid_on(self, day):
        self.ensure_one()
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or day <= self.valid_to
        )

    @api.constrains("active", "valid_from", "commencement_required")
    def _check_commencement(self):
        for basis in self:
            if basis.active and basis.commencement_required and not basis.valid_from:
                raise ValidationError(
                    self.env._(
                        "%(basis)s comes into force on a date set later: enter its "
                        "commencement date (In Force From) before making it active.",
                        basis=basis.name,
                    )
                )

from odoo import api, fields, models

LAYERS = [
    ("gdpr_art6", "UK GDPR Article 6"),
    ("gdpr_art9", "UK GDPR Article 9"),
    ("dpa_sch1", "DPA 2018 Schedule 1"),
    ("dpa_sch8", "DPA 2018 Schedule 8"),
    ("statutory", "Statutory Gateway"),
    ("common_law", "Common Law Duty of Confidence"),
]


class SafeguardingLawfulBasis(models.Model):
    _name = "safeguarding.lawful.basis"
    _description = "Lawful Basis or Condition for Sharing"
    _order = "layer, sequence, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(
        required=True, help="Short reference, e.g. 6(1)(e) or CA1989-s47."
    )
    name = fields.Char(required=True, translate=True)
    layer = fields.Selection(LAYERS, required=True)
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
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each lawful basis has its own code."),
        (
            "validity_order",
            "CHECK(valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)",
            "A lawful basis cannot end before it starts.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for basis in self:
            basis.display_name = f"{basis.code} {basis.name}"

    def _is_valid_on(self, day):
        self.ensure_one()
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or day <= self.valid_to
        )

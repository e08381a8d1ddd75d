from odoo import api, fields, models

from .safeguarding_policy import Reference

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
    _inherit = ["safeguarding.reference.mixin"]
    _safeguarding = Reference()
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

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingAdvice(models.Model):
    """Advice sought before deciding (golden rule 3), with what came of it."""

    _name = "safeguarding.advice"
    _description = "Advice Sought"
    _inherit = [
        "mail.thread",
        "safeguarding.case.record.mixin",
        "safeguarding.record.lock.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.reader.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _same_case_fields = ("decision_id",)
    # Who sought the advice is the user recording it.
    _create_guarded_fields = ("sought_by_id",)
    _integrity_columns = (
        "case_id",
        "company_id",
        "decision_id",
        "adviser_id",
        "adviser_role",
        "identity_withheld",
        "question",
        "advice",
        "outcome",
        "date",
        "sought_by_id",
    )

    decision_id = fields.Many2one(
        "safeguarding.decision",
        index="btree_not_null",
        check_company=True,
        domain="[('case_id', '=', case_id)]",
    )
    adviser_id = fields.Many2one("res.partner", required=True)
    adviser_role = fields.Selection(
        [
            ("ig_lead", "Information governance lead"),
            ("dsl", "Designated safeguarding lead"),
            ("caldicott", "Caldicott Guardian"),
            ("dpo", "Data protection officer"),
            ("manager", "Manager"),
            ("practitioner", "Another practitioner"),
        ],
        required=True,
    )
    identity_withheld = fields.Boolean(
        string="Individual's Identity Withheld",
        help="Advice is sought without disclosing the identity of the individual "
        "where possible.",
    )
    question = fields.Text(required=True)
    advice = fields.Text(required=True)
    outcome = fields.Text(
        string="Outcome of the Discussion",
        required=True,
        help="What you decided to do in the light of the advice.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    sought_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )

    @api.depends("adviser_id", "date")
    def _compute_display_name(self):
        for advice in self:
            advice.display_name = self.env._(
                "Advice from %(adviser)s on %(date)s",
                adviser=advice.adviser_id.name or "",
                date=advice.date or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        advice = super().create(vals_list)
        # Recorded as it is saved: sealed at once.
        advice._seal()
        return advice

    def _is_locked(self):
        # Advice is recorded as it is saved: the record of what was said stands.
        return bool(self.id)

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for advice in self:
            if advice.date > today:
                raise ValidationError(
                    self.env._("Advice cannot be dated in the future.")
                )

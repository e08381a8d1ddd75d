from odoo import api, models
from odoo.exceptions import UserError


class PrivacyLookupWizardLine(models.TransientModel):
    """Odoo's privacy lookup finds the safeguarding records of a person (through
    their stored links to the contact) and names them by reference only: its lines
    are read as the system by whoever runs it (Odoo's administrator), who reads no
    case content. Opening one still needs the rights to it, and none is deleted
    from here: a safeguarding record is kept by its retention rules."""

    _inherit = "privacy.lookup.wizard.line"

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        safeguarding = self.filtered(
            lambda line: (
                line.res_model
                and line.res_model.startswith("safeguarding.")
                and line.res_id
            )
        )
        for line in safeguarding:
            line.res_name = line._safeguarding_reference()
        return super(PrivacyLookupWizardLine, self - safeguarding)._compute_res_name()

    def _safeguarding_reference(self):
        """The record of this line (one) as a reference: its model and number, and
        the case it is on, never its content."""
        self.ensure_one()
        # sudo: the reference of a record the lookup found, as Odoo names its lines.
        record = self.env[self.res_model].sudo().browse(self.res_id)
        if not record.exists():
            return False
        model = self.res_model_id.name or self.res_model
        if record._name == "safeguarding.case":
            return self.env._("%(model)s %(case)s", model=model, case=record.name)
        case = record.case_id if "case_id" in record._fields else record.browse()
        if case:
            return self.env._(
                "%(model)s #%(id)s on %(case)s",
                model=model,
                id=record.id,
                case=case.name,
            )
        return self.env._("%(model)s #%(id)s", model=model, id=record.id)

    def action_unlink(self):
        safeguarding = self.filtered(
            lambda line: line.res_model and line.res_model.startswith("safeguarding.")
        )
        if safeguarding:
            raise UserError(
                self.env._(
                    "%(record)s is a safeguarding record: it is kept by its retention "
                    "rules and reviewed by a safeguarding lead, never deleted from the "
                    "privacy lookup.",
                    record=safeguarding[0].res_name,
                )
            )
        return super().action_unlink()

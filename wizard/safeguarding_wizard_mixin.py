from odoo import api, models


class SafeguardingWizardMixin(models.AbstractModel):
    """A wizard acting on a safeguarding record opens only on a record the user may
    change: created on any other, it would show its name (many2one names are read
    as the system) and related values, and act on it."""

    _name = "safeguarding.wizard.mixin"
    _description = "Safeguarding Wizard on a Record the User May Change"

    # The many2one fields naming the records the wizard acts on.
    _target_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        model_fields = self._fields
        for name in self._target_fields:
            ids = {vals[name] for vals in vals_list if vals.get(name)}
            if ids:
                self.env[model_fields[name].comodel_name].browse(ids).check_access(
                    "write"
                )
        return super().create(vals_list)

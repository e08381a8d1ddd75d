from odoo import models
from odoo.exceptions import UserError


class SafeguardingReferenceMixin(models.AbstractModel):
    """Reference data that recorded decisions name (a channel, a purpose, a lawful
    basis, a principle). Their sealed records and printed records carry its name, so
    once a sealed record uses it, what it says cannot change: it is archived and a new
    entry made instead."""

    _name = "safeguarding.reference.mixin"
    _description = "Safeguarding Reference Data"

    # The fields a sealed record carries, and (model, field, path to its seal) of the
    # records using it.
    _sealed_fields = ("code", "name")
    _used_by = ()

    def write(self, vals):
        changing = [name for name in self._sealed_fields if name in vals]
        if changing:
            changed = self.filtered(
                lambda record: any(
                    record._fields[name].convert_to_write(record[name], record)
                    != vals[name]
                    for name in changing
                )
            )
            used = changed._used_in_sealed_records()
            if used:
                raise UserError(
                    self.env._(
                        "%(records)s is named in sealed records, which must keep "
                        "saying what was decided: archive it and create a new entry "
                        "instead of changing %(fields)s.",
                        records=", ".join(used.mapped("display_name")),
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in changing
                        ),
                    )
                )
        return super().write(vals)

    def _used_in_sealed_records(self):
        used = self.browse()
        for model_name, field_name, seal_path in self._used_by:
            # Sealed records of any case: grouped, never read.
            found = (
                self.env[model_name]
                .sudo()
                ._read_group(
                    [(field_name, "in", self.ids), (seal_path, "!=", False)],
                    [field_name],
                )
            )
            for (records,) in found:
                used |= records
        return self.browse(used.ids)

from odoo import api, models
from odoo.exceptions import UserError


class SafeguardingReferenceMixin(models.AbstractModel):
    """Reference data that recorded decisions name (a channel, a purpose, a lawful
    basis, a principle). Their sealed records and printed records carry its name, so
    once a sealed record uses it, what it says cannot change, by a form, an import or
    a translation, and it is not deleted: it is archived and a new entry made
    instead."""

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
            changed._refuse_if_sealed(changing)
        return super().write(vals)

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # Renaming in a language goes past write(): the same rule holds.
        if field_name in self._sealed_fields and any(
            (value or self.with_context(lang="en_US")[field_name])
            != self.with_context(lang=lang)[field_name]
            for lang, value in translations.items()
        ):
            self._refuse_if_sealed([field_name])
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_named_in_sealed_records(self):
        self._refuse_if_sealed()

    def _refuse_if_sealed(self, fnames=None):
        """Refuse changing ``fnames`` of these records (deleting them, without),
        where sealed records name them."""
        used = self._used_in_sealed_records()
        if not used:
            return
        records = ", ".join(used.mapped("display_name"))
        if fnames is None:
            raise UserError(
                self.env._(
                    "%(records)s is named in sealed records, which must keep "
                    "saying what was decided: archive it instead of deleting it.",
                    records=records,
                )
            )
        raise UserError(
            self.env._(
                "%(records)s is named in sealed records, which must keep "
                "saying what was decided: archive it and create a new entry "
                "instead of changing %(fields)s.",
                records=records,
                fields=", ".join(
                    self._fields[name]._description_string(self.env) for name in fnames
                ),
            )
        )

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

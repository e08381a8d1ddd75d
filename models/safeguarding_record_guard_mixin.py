from odoo import api, models
from odoo.exceptions import UserError


class SafeguardingRecordGuardMixin(models.AbstractModel):
    """What a client never sets on a safeguarding record, declared per model.

    - ``_parent_fields``: the record it hangs from (its case, its decision). Set at
      creation, it never changes: a record moved under another case or decision would
      print there, escape that parent's lock and reach people it was never meant for.
    - ``_fixed_fields``: set at creation (or computed by the server), never rewritten.
    - ``_create_guarded_fields``: fields whose value on a new record is the server's
      own default, whatever the source a client tries: the values, a ``default_*``
      context key or a default the user saved for themselves (``ir.default``).
    """

    _name = "safeguarding.record.guard.mixin"
    _description = "Safeguarding Record Guards"

    _parent_fields = ()
    _fixed_fields = ()
    _create_guarded_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_create_guarded(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_fixed_fields(vals)
        return super().write(vals)

    # Fields set on creation only

    def _guard_value(self, fname, value):
        """``value`` of field ``fname`` as the cache holds it, empty as False."""
        return (
            self._fields[fname].convert_to_cache(value, self, validate=False) or False
        )

    def _check_fixed_fields(self, vals):
        names = [
            fname
            for fname in (*self._parent_fields, *self._fixed_fields)
            if fname in vals
        ]
        if not names:
            return
        # Access first: whoever may not write learns nothing about the record.
        self.check_access("write")
        records = self
        if isinstance(self, self.env.registry["safeguarding.record.lock.mixin"]):
            # A recorded one is refused by its lock, which says so.
            records -= self._locked()
        for record in records:
            for fname in names:
                new = record._guard_value(fname, vals[fname])
                if new == record._guard_value(fname, record[fname]):
                    continue
                if fname in self._parent_fields:
                    raise UserError(
                        self.env._(
                            "%(record)s stays on %(parent)s: what is recorded on a "
                            "case or a decision never moves to another one. Record it "
                            "again where it belongs.",
                            record=record.display_name,
                            parent=record[self._parent_fields[0]].display_name,
                        )
                    )
                raise UserError(
                    self.env._(
                        "%(field)s of %(record)s is set when it is created and never "
                        "changes.",
                        field=record._fields[fname]._description_string(self.env),
                        record=record.display_name,
                    )
                )

    # Fields guarded on creation

    def _create_guarded_field_names(self):
        """The fields the current user may not give on a new record."""
        return set(self._create_guarded_fields)

    def _create_guard_lifted(self):
        """Hook: the addon's own private moves that may set guarded fields."""
        return False

    def _check_create_guarded(self, vals_list):
        guarded = self._create_guarded_field_names()
        if not guarded or self._create_guard_lifted():
            return
        server = {}
        for fname in guarded:
            field = self._fields[fname]
            server[fname] = self._guard_value(
                fname, field.default(self) if field.default else False
            )
        offending = set()
        for vals in vals_list:
            # Context keys and saved user defaults arrive through default_get.
            missing = [fname for fname in guarded if fname not in vals]
            given = dict(self.default_get(missing) if missing else {}, **vals)
            offending.update(
                fname
                for fname in guarded
                if fname in given
                and self._guard_value(fname, given[fname]) != server[fname]
            )
        if offending:
            raise self._create_guard_refusal(
                [fname for fname in self._fields if fname in offending]
            )

    def _create_guard_refusal(self, fnames):
        """The error refusing a creation that gives the guarded ``fnames``."""
        return UserError(
            self.env._(
                "%(fields)s is set by the server on a new %(model)s: leave it out.",
                fields=", ".join(
                    self._fields[fname]._description_string(self.env)
                    for fname in fnames
                ),
                model=self._description,
            )
        )

from odoo import api, models
from odoo.exceptions import UserError

# mail.thread and mail.activity.mixin write their own bookkeeping on any document.
MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message_", "rating_")


class _Move:
    """The token of one of the addon's own moves on one model. It is a Python object
    made here only, so no client can put one in a context over RPC."""

    __slots__ = ("model", "name")

    def __init__(self, model, name):
        self.model = model
        self.name = name


_MOVES = {}


class SafeguardingSystemMoveMixin(models.AbstractModel):
    """Fields that only the addon's own moves write (recording, sign-off, retention).

    Each model declares its moves and the fields each one writes. A move writes those
    fields and nothing else; outside a move nobody writes them, ``sudo()`` included,
    whatever the context says.
    """

    _name = "safeguarding.system.move.mixin"
    _description = "Safeguarding System Moves"

    # {move: frozenset of the fields it writes}
    _system_moves = {}
    # The fields nobody writes outside a move; by default every field a move writes.
    _system_fields = None

    @classmethod
    def _guarded_fields(cls):
        if cls._system_fields is not None:
            return cls._system_fields
        return frozenset().union(*cls._system_moves.values())

    def _as_move(self, move):
        """These records, as the addon's own ``move`` writes them."""
        if move not in self._system_moves:
            raise ValueError(f"{self._name} has no move {move!r}")
        token = _MOVES.setdefault((self._name, move), _Move(self._name, move))
        return self.with_context(safeguarding_move=token)

    def _current_move(self):
        """The move these records are written by, or None."""
        token = self.env.context.get("safeguarding_move")
        if isinstance(token, _Move) and token.model == self._name:
            return token.name
        return None

    def _system_write_hint(self):
        """What the user does instead of writing a guarded field (translated)."""
        return self.env._("These fields are written by the application itself.")

    def _field_labels(self, names):
        return ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )

    def _check_system_write(self, vals):
        """Refuse ``vals`` naming a field its move does not write, or, outside a
        move, naming a guarded field. The refusal names the fields refused."""
        move = self._current_move()
        if move:
            refused = set(vals) - self._system_moves[move]
            if refused:
                raise UserError(
                    self.env._(
                        "The move '%(move)s' does not write %(fields)s.",
                        move=move,
                        fields=self._field_labels(refused),
                    )
                )
            return
        refused = self._guarded_fields().intersection(vals)
        if refused:
            # Access first: whoever may not write learns nothing more.
            self.check_access("write")
            raise self._system_write_refusal(refused)

    def _system_write_refusal(self, names):
        return UserError(
            self.env._(
                "%(hint)s Refused: %(fields)s.",
                hint=self._system_write_hint(),
                fields=self._field_labels(names),
            )
        )

    def _check_lock_write(self, vals):
        """Hook of the lock mixin: refuse ``vals`` on records that are locked."""

    def write(self, vals):
        self._check_system_write(vals)
        if not self._current_move():
            self._check_lock_write(vals)
        return super().write(vals)


class SafeguardingRecordLockMixin(models.AbstractModel):
    """A record that nobody can rewrite or delete once it is part of the record.

    The lock holds for every user, ``sudo()`` included, and no context key lifts it:
    only the model's own moves write the fields they declare. The only way to change
    what was recorded is a new record that supersedes it.
    """

    _name = "safeguarding.record.lock.mixin"
    _description = "Safeguarding Record Lock"
    _inherit = ["safeguarding.system.move.mixin"]

    # Fields that may still be written once a record is locked.
    _lock_writable_fields = frozenset()

    def _is_locked(self):
        """Whether this record (one) is part of the record and locked."""
        raise NotImplementedError

    def _locked(self):
        return self.filtered(lambda record: record._is_locked())

    def _lock_refusal(self, records):
        return UserError(
            self.env._(
                "%(records)s is recorded and can no longer be changed or deleted. "
                "To correct it, record a new entry that supersedes it.",
                records=", ".join(records.mapped("display_name")),
            )
        )

    def _check_lock_write(self, vals):
        blocked = [
            name
            for name in vals
            if name not in self._lock_writable_fields
            and not name.startswith(MAIL_FIELD_PREFIXES)
        ]
        if blocked:
            # Access first: whoever may not write learns nothing about the lock.
            self.check_access("write")
            locked = self._locked()
            if locked:
                raise self._lock_refusal(locked)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        locked = self._locked()
        if locked:
            raise self._lock_refusal(locked)


class SafeguardingAppendOnlyMixin(models.AbstractModel):
    """A ledger row (a consent event, a sign-off, an access log entry): created by the
    addon's own moves only, then never changed nor deleted."""

    _name = "safeguarding.append.only.mixin"
    _description = "Safeguarding Append-only Ledger"

    def _append_only_what(self):
        """The ledger as the user names it, e.g. "The sign-off history" (translated)."""
        return self._description

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._(
                    "%(what)s cannot be changed: it is kept as it was written.",
                    what=self._append_only_what(),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "%(what)s cannot be deleted: it is kept as it was written.",
                what=self._append_only_what(),
            )
        )

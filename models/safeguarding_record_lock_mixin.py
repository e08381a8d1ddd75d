from odoo import api, models
from odoo.exceptions import UserError

from .safeguarding_policy_mixin import MAIL_FIELD_PREFIXES


class SafeguardingRecordLockMixin(models.AbstractModel):
    """A record that nobody can rewrite or delete once it is part of the record.

    The lock holds for every user, ``sudo()`` included, and no context key lifts it:
    only the model's own moves write the fields they declare, and the declaration's
    ``open_when_locked`` fields stay open. The only way to change what was recorded
    is a new record that supersedes it.
    """

    _name = "safeguarding.record.lock.mixin"
    _description = "Safeguarding Record Lock"
    _inherit = ["safeguarding.policy.mixin"]

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
            if name not in self._safeguarding.open_when_locked
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
            # Access first: whoever may not write learns nothing of the ledger.
            self.check_access("write")
            raise UserError(
                self.env._(
                    "%(what)s cannot be changed: it is kept as it was written.",
                    what=self._append_only_what(),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # (unlink checks access before the ondelete methods run)
        raise UserError(
            self.env._(
                "%(what)s cannot be deleted: it is kept as it was written.",
                what=self._append_only_what(),
            )
        )

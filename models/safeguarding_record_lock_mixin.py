from odoo import api, models
from odoo.exceptions import UserError

# mail.thread and mail.activity.mixin write their own bookkeeping on any document.
MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message_", "rating_")

# The addon's own moves (recording, sign-off) write locked fields under this token. It
# is
# a Python object, so no client can put it in a context over RPC.
LOCK_LIFTED = object()


class SafeguardingRecordLockMixin(models.AbstractModel):
    """A record that nobody can rewrite or delete once it is part of the record.

    The lock holds for every user, ``sudo()`` included, and no context key lifts it: the
    only way to change what was recorded is a new record that supersedes it.
    """

    _name = "safeguarding.record.lock.mixin"
    _description = "Safeguarding Record Lock"

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

    def _with_lock_lifted(self):
        """These records, writable by the addon's own private moves only."""
        return self.with_context(safeguarding_lock_lifted=LOCK_LIFTED)

    def _lock_is_lifted(self):
        return self.env.context.get("safeguarding_lock_lifted") is LOCK_LIFTED

    def write(self, vals):
        if self._lock_is_lifted():
            return super().write(vals)
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
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        locked = self._locked()
        if locked:
            raise self._lock_refusal(locked)

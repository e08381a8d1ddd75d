from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .safeguarding_policy import policy_of

# What places an attachment: moving it by any of them is moving it.
PLACE_FIELDS = ("res_model", "res_id", "res_field")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("public") and policy_of(self.env, vals.get("res_model")):
                self._refuse_public(vals.get("name") or vals["res_model"])
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            self._check_safeguarding_write(vals)
        return super().write(vals)

    def _check_safeguarding_write(self, vals):
        """An attachment of a safeguarding record is never public, stays on its
        record, and is not changed once the record is locked; none moves onto a
        record the user may not change, whichever of its fields says where."""
        self.flush_recordset([*PLACE_FIELDS, "public"])
        rows = (
            self.env.execute_query(
                SQL(
                    "SELECT id, res_model, res_id, res_field, public "
                    "FROM ir_attachment WHERE id IN %s",
                    tuple(self.ids),
                )
            )
            if self.ids
            else []
        )
        moving = any(name in vals for name in PLACE_FIELDS)
        ours = [row for row in rows if policy_of(self.env, row[1])]
        if not ours and not (moving or vals.get("public")):
            return
        if not self.env.su:
            # Access first: whoever may not change it learns nothing more.
            self.check("write")
        for row_id, *place, public in rows:
            attachment = self.browse(row_id)
            new = tuple(
                vals.get(name, value)
                for name, value in zip(PLACE_FIELDS, place, strict=True)
            )
            if vals.get("public", public) and policy_of(self.env, new[0]):
                self._refuse_public(attachment.sudo().name)
            if new != tuple(place):
                if policy_of(self.env, place[0]):
                    raise UserError(
                        self.env._(
                            "%(name)s stays on the safeguarding record it was "
                            "attached to: attach a copy where it is needed.",
                            name=attachment.sudo().name,
                        )
                    )
                if new[0] in self.env and new[1] and not self.env.su:
                    self.env[new[0]].browse(new[1]).check_access("write")
            if policy_of(self.env, place[0]):
                attachment._check_record_unlocked()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_record(self):
        # sudo: where they are, to know which are on safeguarding records.
        for attachment in self.sudo():
            if policy_of(self.env, attachment.res_model):
                attachment.with_env(self.env)._check_record_unlocked()

    def _check_record_unlocked(self):
        """Refuse changing this attachment (one) of a locked record: what a recorded
        decision holds is kept as it was recorded."""
        # sudo: the record it is attached to, to know whether it is locked.
        attachment = self.sudo()
        lock = self.env.registry["safeguarding.record.lock.mixin"]
        if not (attachment.res_model and attachment.res_id):
            return
        records = self.env[attachment.res_model].sudo().browse(attachment.res_id)
        if isinstance(records, lock) and records.exists() and records._locked():
            raise UserError(
                self.env._(
                    "%(name)s is attached to %(record)s, which is recorded: it can "
                    "no longer be changed or deleted. Attach a new document instead.",
                    name=attachment.name,
                    record=records.display_name,
                )
            )

    def _refuse_public(self, name):
        raise UserError(
            self.env._(
                "%(name)s is attached to a safeguarding record: it cannot be made "
                "public. Only the people who may read the record open it.",
                name=name,
            )
        )

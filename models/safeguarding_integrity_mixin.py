import hashlib
import json

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SafeguardingIntegrityMixin(models.AbstractModel):
    """A hash over each record's own fields, chained to the previous record of its
    company (the pattern of account.move's inalterability hash): editing or removing
    a hashed record, even directly in the database, breaks the chain from there on."""

    _name = "safeguarding.integrity.mixin"
    _description = "Safeguarding Integrity Chain"

    # The fields whose values the hash covers; each model names its own.
    _integrity_fields = ()

    integrity_sequence = fields.Integer(
        readonly=True, copy=False, index="btree_not_null"
    )
    integrity_hash = fields.Char(readonly=True, copy=False)

    def write(self, vals):
        if {"integrity_sequence", "integrity_hash"}.intersection(vals):
            raise UserError(
                self.env._("The integrity chain is written only by sealing.")
            )
        return super().write(vals)

    def _integrity_payload(self):
        """The canonical text of this record's hashed fields (one record)."""
        values = {}
        for name in self._integrity_fields:
            field = self._fields[name]
            value = self[name]
            if field.type in ("many2one",):
                value = value.id
            elif field.type in ("many2many", "one2many"):
                value = sorted(value.ids)
            elif field.type in ("date", "datetime"):
                value = fields.Datetime.to_string(value) if value else False
            values[name] = value
        return json.dumps(values, sort_keys=True, ensure_ascii=True, default=str)

    @staticmethod
    def _integrity_digest(previous_hash, payload):
        return hashlib.sha256(f"{previous_hash or ''}|{payload}".encode()).hexdigest()

    def _seal(self):
        """Give each record, in id order, its place and hash in its company's chain.

        Called by the model itself when its records become part of the record; a lock
        on the company's chain keeps concurrent sealing from forking it.
        """
        for record in self.sorted("id"):
            self.env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    f"{self._table}:{record.company_id.id}",
                )
            )
            self.env.cr.execute(
                SQL(
                    """SELECT integrity_sequence, integrity_hash FROM %s
                        WHERE company_id = %s AND integrity_sequence IS NOT NULL
                     ORDER BY integrity_sequence DESC LIMIT 1""",
                    SQL.identifier(self._table),
                    record.company_id.id,
                )
            )
            previous = self.env.cr.fetchone() or (0, "")
            record.flush_recordset()
            digest = self._integrity_digest(previous[1], record._integrity_payload())
            # Written below write(): the fields are part of what the lock protects.
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET integrity_sequence = %s, integrity_hash = %s "
                    "WHERE id = %s",
                    SQL.identifier(self._table),
                    previous[0] + 1,
                    digest,
                    record.id,
                )
            )
            record.invalidate_recordset(["integrity_sequence", "integrity_hash"])

    def _integrity_break(self, company):
        """The first record of ``company``'s chain that does not verify, or an empty
        recordset when the whole chain holds."""
        records = self.search(
            [("company_id", "=", company.id), ("integrity_sequence", "!=", False)],
            order="integrity_sequence",
        )
        previous_hash = ""
        expected_sequence = 1
        for record in records:
            digest = self._integrity_digest(previous_hash, record._integrity_payload())
            if record.integrity_sequence != expected_sequence or (
                record.integrity_hash != digest
            ):
                return record
            previous_hash = record.integrity_hash
            expected_sequence += 1
        return self.browse()

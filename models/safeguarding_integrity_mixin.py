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
        """Give the records, in id order, their places and hashes in their company's
        chain: per company one lock, one read of the chain's end and one update.

        Called by the model itself when its records become part of the record; the
        lock on the company's chain keeps concurrent sealing from forking it.
        """
        self.flush_recordset()
        for company, records in self.sorted("id").grouped("company_id").items():
            self.env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    f"{self._table}:{company.id}",
                )
            )
            self.env.cr.execute(
                SQL(
                    """SELECT integrity_sequence, integrity_hash FROM %s
                        WHERE company_id = %s AND integrity_sequence IS NOT NULL
                     ORDER BY integrity_sequence DESC LIMIT 1""",
                    SQL.identifier(self._table),
                    company.id,
                )
            )
            sequence, digest = self.env.cr.fetchone() or (0, "")
            sequences, digests = [], []
            for record in records:
                sequence += 1
                digest = self._integrity_digest(digest, record._integrity_payload())
                sequences.append(sequence)
                digests.append(digest)
            # Written below write(): the chain is part of what the lock protects.
            self.env.cr.execute(
                SQL(
                    """UPDATE %s AS t
                          SET integrity_sequence = v.sequence, integrity_hash = v.digest
                         FROM unnest(%s::int[], %s::int[], %s::varchar[])
                              AS v(id, sequence, digest)
                        WHERE t.id = v.id""",
                    SQL.identifier(self._table),
                    records.ids,
                    sequences,
                    digests,
                )
            )
        self.invalidate_recordset(["integrity_sequence", "integrity_hash"])

    def _integrity_break(self, company, batch_size=2000):
        """The first record of ``company``'s chain that does not verify, or an empty
        recordset when the whole chain holds. Reads the chain page by page and drops
        each page from the cache, so memory stays flat however long the chain."""
        previous_hash, expected_sequence = "", 1
        last_sequence, last_id = 0, 0
        while True:
            # Keyset pages on (sequence, id): a duplicated or missing place is seen too.
            records = self.search(
                [
                    ("company_id", "=", company.id),
                    ("integrity_sequence", "!=", False),
                    "|",
                    ("integrity_sequence", ">", last_sequence),
                    "&",
                    ("integrity_sequence", "=", last_sequence),
                    ("id", ">", last_id),
                ],
                order="integrity_sequence, id",
                limit=batch_size,
            )
            if not records:
                return self.browse()
            for record in records:
                digest = self._integrity_digest(
                    previous_hash, record._integrity_payload()
                )
                if record.integrity_sequence != expected_sequence or (
                    record.integrity_hash != digest
                ):
                    return record
                previous_hash = record.integrity_hash
                expected_sequence += 1
            last_sequence, last_id = records[-1].integrity_sequence, records[-1].id
            self.env.invalidate_all()

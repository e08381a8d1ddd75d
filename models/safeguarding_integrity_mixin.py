"""The integrity chain of what is recorded: its formats, sealing and verification.

Each sealed record carries a digest over its payload chained to the previous record of
its company (the pattern of account.move's inalterability hash), so editing, inserting
or removing a sealed record, even directly in the database, breaks the chain; a head row
per chain records its length and last digest, so removing the last records is found too.

The stored digest carries its format version. Version 2 is an HMAC keyed with a secret
from the server's configuration (``safeguarding_integrity_key``), which is not in the
database: whoever can only edit the database cannot compute a digest that verifies.
Version 1 (unkeyed SHA-256 over ids only) is still verified where it was sealed.
"""

import hashlib
import hmac
import json
import uuid

from psycopg2.extras import register_default_json, register_default_jsonb

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

KEY_OPTION = "safeguarding_integrity_key"
VERSION = 2
V2_PREFIX = "2$"
# Rows a verification holds at a time: it reads its chain through one server-side
# cursor, this many rows per round trip, so that its memory stays flat.
PAGE_SIZE = 5000
# The columns _integrity_select reads before the payload's own: they are not in it.
CHAIN_COLUMNS = ("integrity_sequence", "integrity_hash")


def _canonical_encoder():
    """json.dumps(values, sort_keys=True, ensure_ascii=True, default=str), the text
    every payload has been sealed with, made once: its C encoder (when Python has
    it) without the per-call set-up that cost as much as encoding a short payload,
    nor the check for circular values, which no payload has."""
    encoder = json.JSONEncoder(
        check_circular=False, sort_keys=True, ensure_ascii=True, default=str
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    c_encode = make(
        None,
        encoder.default,
        json.encoder.encode_basestring_ascii,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )
    return lambda values: "".join(c_encode(values, 0))


_encode = _canonical_encoder()


def canonical(values):
    """The canonical text of a payload: the same values always give the same text."""
    return _encode(values)


def digest_v1(previous, payload):
    return hashlib.sha256(f"{previous or ''}|{payload}".encode()).hexdigest()


_scan_json = json.JSONDecoder().scan_once


def _json_loads(text):
    """json.loads(text) by its own C scanner, without the Python steps around it
    (a quarter of the time for the short arrays the payloads' related values are):
    the same values, for psycopg2 to read the rows' json and jsonb with."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def payload_v2(names, values):
    """Format 2's payload: the canonical text of the values by their names (the row's
    id and every column _integrity_select reads, the chain's own two excepted). One
    pure function of plain values, for sealing and verifying alike."""
    return canonical(dict(zip(names, values, strict=True)))


def digest_v2(key, previous, payload):
    message = f"{previous or ''}|{payload}".encode()
    return V2_PREFIX + hmac.digest(key, message, "sha256").hex()


def hash_version(stored):
    """The format version a stored digest was sealed with."""
    return VERSION if (stored or "").startswith(V2_PREFIX) else 1


def server_key():
    """The integrity key of the server's configuration, as bytes, or None."""
    key = tools.config.get(KEY_OPTION)
    return key.encode() if key else None


def head_seal(key, chain, company_id, length, last_hash):
    message = f"{chain}:{company_id}:{length}:{last_hash or ''}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def head_parameter(chain, company_id, length=None):
    """The system parameter holding a chain's head: "length:last digest:seal".

    Each head is a parameter of its own, named by its length (and the chain of a
    database sealed before heads were named so, by the chain alone): moving the head
    inserts a row and never updates one, so that recordings of one company in
    concurrent transactions do not fail as a concurrent update of a shared row."""
    key = f"safeguarding_info_sharing.integrity_head.{chain}.{company_id}"
    return key if length is None else f"{key}.{length:012d}"


class SafeguardingIntegrityMixin(models.AbstractModel):
    """A record sealed into its company's chain once it is part of the record."""

    _name = "safeguarding.integrity.mixin"
    _description = "Safeguarding Integrity Chain"

    # Format 1's fields (read through the ORM: ids for relations). Kept as they were
    # sealed: version 1 digests are verified against exactly these.
    _integrity_fields = ()
    # Format 2's stored columns of the model's own table, and the other models whose
    # tables _integrity_related reads (flushed before sealing).
    _integrity_columns = ()
    _integrity_models = ()

    integrity_sequence = fields.Integer(
        readonly=True, copy=False, index="btree_not_null"
    )
    integrity_hash = fields.Char(readonly=True, copy=False)

    # The chain's fields are written by sealing only, on create as on write.
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_chain_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_chain_fields(vals)
        return super().write(vals)

    def _refuse_chain_fields(self, vals):
        if {"integrity_sequence", "integrity_hash"}.intersection(vals):
            raise UserError(
                self.env._("The integrity chain is written only by sealing.")
            )

    # Payloads

    def _integrity_related(self):
        """{name: SQL expression over the row ``t``}: what format 2 covers beyond the
        table's own columns (lines, reference data names). Each model adds its own."""
        return {}

    def _integrity_select(self, where, limit=None):
        """SQL reading, in chain order, the rows ``where`` selects (over ``t``): id,
        sequence, stored digest and every value format 2 covers."""
        columns = [
            SQL("t.%s AS %s", SQL.identifier(name), SQL.identifier(name))
            for name in self._integrity_columns
        ]
        columns += [
            SQL("%s AS %s", expression, SQL.identifier(name))
            for name, expression in self._integrity_related().items()
        ]
        # The chain's columns first, then the payload's (CHAIN_COLUMNS, payload_v2).
        return SQL(
            """SELECT t.integrity_sequence AS integrity_sequence,
                      t.integrity_hash AS integrity_hash, t.id AS id, %s
                 FROM %s t
                WHERE %s
             ORDER BY t.integrity_sequence, t.id
             %s""",
            SQL(", ").join(columns),
            SQL.identifier(self._table),
            where,
            SQL("LIMIT %s", limit) if limit else SQL(),
        )

    @staticmethod
    def _integrity_payload_v2(row):
        """Format 2's payload of one row read by ``_integrity_select`` as a dict
        (sealing): payload_v2, as verification computes it from the row's tuple."""
        names = [name for name in row if name not in CHAIN_COLUMNS]
        return payload_v2(names, [row[name] for name in names])

    def _integrity_payload_v1(self):
        """Format 1's payload of this record (one), through the ORM as it was sealed."""
        values = {}
        for name in self._integrity_fields:
            field = self._fields[name]
            value = self[name]
            if field.type == "many2one":
                value = value.id
            elif field.type in ("many2many", "one2many"):
                value = sorted(value.ids)
            elif field.type in ("date", "datetime"):
                value = fields.Datetime.to_string(value) if value else False
            values[name] = value
        return canonical(values)

    def _integrity_flush(self):
        """Write to the tables what sealing reads, and nothing else."""
        self.flush_model()
        for model_name in self._integrity_models:
            self.env[model_name].flush_model()

    def _integrity_payload(self):
        """This record's (one) format 2 payload, as sealing computes it."""
        self.ensure_one()
        self._integrity_flush()
        self.env.cr.execute(self._integrity_select(SQL("t.id = %s", self.id)))
        return self._integrity_payload_v2(self.env.cr.dictfetchone())

    def _integrity_digest(self, previous_hash, payload):
        """Format 2's digest of a payload chained to the previous digest."""
        key = server_key()
        if not key:
            raise UserError(
                self.env._(
                    "The server has no integrity key, so nothing can be sealed: ask "
                    "the server's administrator to set %(option)s in its "
                    "configuration file.",
                    option=KEY_OPTION,
                )
            )
        return digest_v2(key, previous_hash, payload)

    # Sealing

    def _seal(self):
        """Give the records, in id order, their places and digests in their
        company's chain: per company one lock, one read and one update, and the
        chain's head moved on.

        Called by the model itself when its records become part of the record; the
        lock on the company's chain keeps concurrent sealing from forking it. Four
        statements per company: the lock with the chain's end this transaction sees,
        the end committed (a transaction of its own), the records' values, and their
        seals written with the head moved on.
        """
        if not self:
            return
        self._integrity_flush()
        for company, records in self.sorted("id").grouped("company_id").items():
            sequence, digest = self._integrity_chain_end_locked(company)
            start = sequence
            self.env.cr.execute(
                self._integrity_select(SQL("t.id IN %s", tuple(records.ids)))
            )
            rows = sorted(self.env.cr.dictfetchall(), key=lambda row: row["id"])
            ids, sequences, digests = [], [], []
            for row in rows:
                sequence += 1
                digest = self._integrity_digest(digest, self._integrity_payload_v2(row))
                ids.append(row["id"])
                sequences.append(sequence)
                digests.append(digest)
            # Written below write(): the chain is part of what the lock protects.
            # The records' places and digests and the chain's new head in one
            # statement.
            self._integrity_move_head(
                company,
                sequence,
                digest,
                start,
                sealed=SQL(
                    """UPDATE %s AS t
                          SET integrity_sequence = v.sequence, integrity_hash = v.digest
                         FROM unnest(%s::int[], %s::int[], %s::varchar[])
                              AS v(id, sequence, digest)
                        WHERE t.id = v.id""",
                    SQL.identifier(self._table),
                    ids,
                    sequences,
                    digests,
                ),
            )
        self.invalidate_recordset(["integrity_sequence", "integrity_hash"])

    # Verification

    def _integrity_verify(self, company):
        """Verify ``company``'s whole chain of this model, with flat memory: one query
        read through a server-side cursor, PAGE_SIZE rows at a time, each row's
        payload built from its plain values by payload_v2, as it was sealed. Returns
        (length, breaks): breaks lists (record id, what is wrong) for every record
        that does not verify, and the head's findings. Writes nothing."""
        key = server_key()
        breaks = []
        previous, expected, length = "", 1, 0
        self.env.flush_all()
        query = self._integrity_select(
            SQL("t.company_id = %s AND t.integrity_sequence IS NOT NULL", company.id)
        )
        # Without JIT compilation for this query: compiling its expressions cost
        # PostgreSQL more than running them (5 s of 5.2 s for 20,000 decisions).
        self.env.cr.execute(
            "SELECT current_setting('jit'), set_config('jit', 'off', true)"
        )
        jit = self.env.cr.fetchone()[0]
        # A named (server-side) cursor in the same transaction: it sees what this
        # cursor sees, and holds a page at a time however long the chain.
        rows_cr = self.env.cr._cnx.cursor(name=f"sg_verify_{uuid.uuid4().hex}")
        try:
            register_default_json(rows_cr, loads=_json_loads)
            register_default_jsonb(rows_cr, loads=_json_loads)
            rows_cr.itersize = PAGE_SIZE
            rows_cr.execute(query.code, query.params)
            names = None
            while rows := rows_cr.fetchmany(PAGE_SIZE):
                if names is None:
                    columns = rows_cr.description[len(CHAIN_COLUMNS) :]
                    names = [column.name for column in columns]
                v1_payloads = self._integrity_payloads_v1(
                    [row[2] for row in rows if not (row[1] or "").startswith(V2_PREFIX)]
                )
                for row in rows:
                    sequence, stored = row[0], row[1] or ""
                    if not stored.startswith(V2_PREFIX):
                        computed = digest_v1(previous, v1_payloads[row[2]])
                    elif key:
                        computed = digest_v2(key, previous, payload_v2(names, row[2:]))
                    else:
                        computed = None
                    if sequence != expected:
                        breaks.append((row[2], "place"))
                    elif computed is None:
                        breaks.append((row[2], "no_key"))
                    elif not hmac.compare_digest(computed, stored):
                        breaks.append((row[2], "digest"))
                    # Go on from what is stored: one altered record is one break.
                    previous, expected = row[1], sequence + 1
                    length += 1
        finally:
            rows_cr.close()
        # (Not on an error: the transaction is then rolled back, JIT with it.)
        self.env.cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
        head = self._integrity_head(company)
        if head and not (
            key
            and head[:2] == (expected - 1, previous or "")
            and hmac.compare_digest(
                head[2],
                head_seal(key, self._name, company.id, expected - 1, previous),
            )
        ):
            breaks.append((False, "head"))
        return length, breaks

    def _integrity_payloads_v1(self, ids):
        """{id: format 1 payload} of these records, through the ORM as they were
        sealed; the cache emptied after, so that memory stays flat."""
        if not ids:
            return {}
        payloads = {
            record.id: record._integrity_payload_v1() for record in self.browse(ids)
        }
        self.env.invalidate_all()
        return payloads

    # The chain's head: its length and last digest, sealed with the key

    def _integrity_head_value(self, company):
        """SQL of the value of ``company``'s longest head (a subquery): read from
        the table, not Odoo's parameter cache."""
        return SQL(
            """SELECT value FROM ir_config_parameter
                WHERE starts_with(key, %s) OR key = %s
             ORDER BY key = %s, key DESC LIMIT 1""",
            head_parameter(self._name, company.id) + ".",
            head_parameter(self._name, company.id),
            head_parameter(self._name, company.id),
        )

    @staticmethod
    def _integrity_parse_head(value):
        """(length, last digest, seal) of a head's value, or None."""
        if not value:
            return None
        length, last_hash, seal = value.split(":")
        return int(length), last_hash, seal

    def _integrity_head(self, company, cr=None):
        """(length, last digest, seal) of ``company``'s chain, or None: its longest
        head, as ``cr`` (the transaction's own by default) sees them."""
        cr = cr or self.env.cr
        cr.execute(self._integrity_head_value(company))
        return self._integrity_parse_head((cr.fetchone() or [None])[0])

    def _integrity_chain_end(self, company, cr=None, head=False):
        """(length, last digest) to seal on from, as ``cr`` sees the chain; a chain
        sealed before heads were recorded is read from its rows. ``head``: the head
        already read (None when there is none), or False to read it."""
        cr = cr or self.env.cr
        if head is False:
            head = self._integrity_head(company, cr)
        if head:
            return head[0], head[1]
        cr.execute(
            SQL(
                """SELECT integrity_sequence, integrity_hash FROM %s
                    WHERE company_id = %s AND integrity_sequence IS NOT NULL
                 ORDER BY integrity_sequence DESC LIMIT 1""",
                SQL.identifier(self._table),
                company.id,
            )
        )
        return cr.fetchone() or (0, "")

    def _integrity_chain_end_locked(self, company):
        """(length, last digest) to seal on from, called under the chain's lock.

        The request's transaction reads a snapshot taken when it began, before it
        waited for the lock: what the sealer before it committed meanwhile is not in
        it. A transaction begun now, under the lock, sees it; the request's own
        transaction sees what it sealed itself. The chain ends at the longer of the
        two. That transaction also removes the heads before the last committed one
        (skipping any a transaction holds), which no one reads any more.

        While modules are installed or updated (the registry not ready), what the
        transaction creates is not committed yet and no one else records: its own
        view is the chain's.

        The lock and this transaction's head are one statement (in a repeatable-read
        transaction the head it reads is the same before and after the lock); the
        committed head and the removal of the older ones another."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtext(%s)) IS NULL, (%s)",
                f"{self._table}:{company.id}",
                self._integrity_head_value(company),
            )
        )
        own_head = self._integrity_parse_head(self.env.cr.fetchone()[1])
        own = self._integrity_chain_end(company, head=own_head)
        if not self.env.registry.ready:
            return own
        prefix = head_parameter(self._name, company.id) + "."
        with self.env.registry.cursor() as fresh:
            # A head's key ends with its length on 12 digits (head_parameter).
            fresh.execute(
                SQL(
                    """WITH head AS (%s),
                            older AS (
                               DELETE FROM ir_config_parameter WHERE key IN (
                                   SELECT key FROM ir_config_parameter
                                    WHERE starts_with(key, %s)
                                      AND key < %s || lpad(split_part(
                                              (SELECT value FROM head), ':', 1),
                                              12, '0')
                                      FOR UPDATE SKIP LOCKED))
                       SELECT value FROM head""",
                    self._integrity_head_value(company),
                    prefix,
                    prefix,
                )
            )
            committed_head = self._integrity_parse_head((fresh.fetchone() or [None])[0])
            committed = self._integrity_chain_end(company, fresh, head=committed_head)
        return max(own, committed, key=lambda end: end[0])

    def _integrity_move_head(
        self, company, length, last_hash, previous_length=None, sealed=None
    ):
        """Record the chain's new head, and drop the one it was sealed on from
        where this transaction sees it (the next sealer drops it otherwise), in one
        statement; ``sealed``: the statement writing the seals, run with them."""
        seal = head_seal(server_key(), self._name, company.id, length, last_hash)
        steps = []
        if sealed:
            steps.append(SQL("sealed AS (%s)", sealed))
        if previous_length:
            steps.append(
                SQL(
                    "dropped AS (DELETE FROM ir_config_parameter WHERE key = %s)",
                    head_parameter(self._name, company.id, previous_length),
                )
            )
        # Below the ORM: set_param would clear every cache of the registry, on every
        # worker, each time a record is sealed. A new row, never an update: see
        # head_parameter.
        self.env.cr.execute(
            SQL(
                """%s INSERT INTO ir_config_parameter
                          (key, value, create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, now() AT TIME ZONE 'UTC', %s,
                           now() AT TIME ZONE 'UTC')""",
                SQL("WITH %s", SQL(", ").join(steps)) if steps else SQL(),
                head_parameter(self._name, company.id, length),
                f"{length}:{last_hash}:{seal}",
                self.env.uid,
                self.env.uid,
            )
        )

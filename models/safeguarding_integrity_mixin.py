"""The integrity chain of what is recorded: its formats, sealing and verification.

Each sealed record carries a digest over its payload chained to the previous record of
its company (the pattern of account.move's inalterability hash), so editing, inserting
or removing a sealed record, even directly in the database, breaks the chain. Each
chain's head (its length, its last digest, the boundary below which the unkeyed format
1 is accepted) is a row of ``safeguarding.integrity.head`` sealed with the key, so that
removing the last records, the head or the boundary is found too; a checkpoint
exported out of the database (``safeguarding.integrity.checkpoint``) finds what was
removed with the heads.

The stored digest carries its format version ("<version>$..."). Each format's payload
is frozen in the code of its model (``_integrity_formats``): a column added to a sealed
model goes into a new format, and the records sealed under an earlier one keep
verifying against the columns it had. Formats 2 and later are an HMAC keyed with a
secret from the server's configuration (``safeguarding_integrity_key``), which is not
in the database: whoever can only edit the database cannot compute a digest that
verifies. Format 1 (unkeyed SHA-256 over ids only) is verified only below the boundary
its chain's head records.
"""

import hashlib
import hmac
import json
import logging
import uuid
from operator import itemgetter
from typing import NamedTuple

from psycopg2.extras import register_default_json, register_default_jsonb

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

KEY_OPTION = "safeguarding_integrity_key"
# Rows a verification holds at a time: it reads its chain through one server-side
# cursor, this many rows per round trip, so that its memory stays flat.
PAGE_SIZE = 5000
# The columns _integrity_select reads before the payload's own: they are not in it.
CHAIN_COLUMNS = ("integrity_sequence", "integrity_hash")
# What a record's sealing stored of the other records it names (their names as they
# were, the agreement in force...): a column of the payload of the formats that have it.
SNAPSHOT = "integrity_snapshot"
# The keyed seal of a record's text as an anonymisation left it (see
# _integrity_seal_anonymised): read after the payload's columns, never in it.
ANONYMISED = "integrity_anonymised"
# Written by sealing only: never by a client, a default or write().
SEALED_FIELDS = (*CHAIN_COLUMNS, SNAPSHOT, ANONYMISED)


class IntegrityFormat(NamedTuple):
    """What a format's payload covers: the model's own stored columns, and the
    names of its ``_integrity_related`` expressions. Frozen once records are sealed
    with it: a change is a new format."""

    columns: tuple
    related: tuple = ()


class ChainEnd(NamedTuple):
    """Where a chain ends, to seal on from: its length and last digest, the
    boundary up to which format 1 is accepted, the place of the first record sealed
    over a damaged head (or None), and what was wrong with the head (or None)."""

    length: int
    last_hash: str
    boundary: int = 0
    sealed_over: int | None = None
    damage: str | None = None


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


def payload(names, values):
    """A keyed format's payload: the canonical text of the values by their names
    (the row's id and every value its format covers). One pure function of plain
    values, for sealing and verifying alike."""
    return canonical(dict(zip(names, values, strict=True)))


def digest(key, version, previous, text):
    """A keyed format's digest of a payload chained to the previous digest."""
    message = f"{previous or ''}|{text}".encode()
    return f"{version}${hmac.digest(key, message, 'sha256').hex()}"


def hash_version(stored):
    """The format version a stored digest was sealed with."""
    prefix, separator, _rest = (stored or "").partition("$")
    return int(prefix) if separator and prefix.isdigit() else 1


def server_key():
    """The integrity key of the server's configuration, as bytes, or None."""
    key = tools.config.get(KEY_OPTION)
    return key.encode() if key else None


def anonymised_seal(key, stored, text):
    """The keyed seal of a record's payload ``text`` as an anonymisation left it,
    bound to the digest ``stored`` the record was sealed with."""
    message = f"anonymised|{stored}|{text}".encode()
    return hmac.digest(key, message, "sha256").hex()


def head_seal(key, chain, company_id, end):
    """The keyed seal of a chain's head: its length, last digest, format 1
    boundary and the place it was sealed on over a damaged head."""
    message = (
        f"{chain}:{company_id}:{end.length}:{end.last_hash or ''}:"
        f"{end.boundary}:{end.sealed_over or ''}"
    )
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def head_holds(key, chain, company_id, end, seal):
    """Whether a head read from the database carries its own seal."""
    return bool(
        key
        and seal
        and hmac.compare_digest(seal, head_seal(key, chain, company_id, end))
    )


class _ChainScan:
    """Verification's pass over one chain, a page of rows at a time: each row's
    place, format and digest, the head it must end at (``trusted``, a ChainEnd
    that carries its seal, or None) and the checkpoint's ``anchor`` (length, last
    digest) it must hold."""

    def __init__(self, key, trusted, anchor):
        self.key = key
        self.boundary = trusted.boundary if trusted else 0
        self.sealed_over = trusted.sealed_over if trusted else None
        self.trusted = trusted
        self.anchor = anchor
        self.anchored = False
        self.payloads = None
        self.breaks = []
        self.previous, self.expected, self.length = "", 1, 0

    def v1_ids(self, rows):
        """The ids of the rows sealed in format 1 where their chain accepts it."""
        return [
            row[2]
            for row in rows
            if row[0] <= self.boundary and hash_version(row[1]) == 1
        ]

    def page(self, rows, v1_payloads):
        anchor = self.anchor
        for row in rows:
            sequence, stored = row[0], row[1] or ""
            what = self.finding(row, sequence, stored, v1_payloads)
            if what:
                self.breaks.append((row[2], what))
            if sequence == self.sealed_over:
                self.breaks.append((row[2], "sealed_over"))
            if anchor and sequence == anchor[0]:
                self.anchored = True
                if not hmac.compare_digest(stored, anchor[1] or ""):
                    self.breaks.append((row[2], "checkpoint"))
            # Go on from what is stored: one altered record is one break.
            self.previous, self.expected = stored, sequence + 1
            self.length += 1

    def finding(self, row, sequence, stored, v1_payloads):
        """What is wrong with one row (None: nothing). A row an anonymisation
        rewrote holds by its anonymised seal (the row's last column), bound to the
        digest it keeps in the chain."""
        version = hash_version(stored)
        if sequence != self.expected:
            return "place"
        if version == 1:
            if sequence > self.boundary:
                return "downgrade"
            text = v1_payloads[row[2]]
            computed = digest_v1(self.previous, text)
        elif not self.key:
            return "no_key"
        elif version in self.payloads:
            text = self.payloads[version](row)
            computed = digest(self.key, version, self.previous, text)
        else:
            return "digest"
        if hmac.compare_digest(computed, stored):
            return None
        if row[-1] and self.key:
            sealed = anonymised_seal(self.key, stored, text)
            if hmac.compare_digest(sealed, row[-1]):
                return None
        return "digest"

    def end_findings(self, head):
        """What is wrong at the chain's end: its head (read, as ``head``) and the
        checkpoint's anchor."""
        findings = []
        if head is None:
            if self.length:
                findings.append((False, "no_head"))
        elif self.key and not self.trusted:
            findings.append((False, "bad_head"))
        elif self.trusted and self.trusted[:2] != (self.expected - 1, self.previous):
            findings.append((False, "head"))
        if self.anchor and self.anchor[0] and not self.anchored:
            findings.append((False, "truncated", {"end": self.expected - 1}))
        return findings


def chained_models(env):
    """Every sealed model's name, in the order Verify lists them: the models of the
    registry that inherit the integrity mixin, by their ``_integrity_order``."""
    mixin = env.registry["safeguarding.integrity.mixin"]
    found = [
        model
        for model in env.registry.values()
        if not model._abstract and issubclass(model, mixin)
    ]
    return [
        model._name
        for model in sorted(found, key=lambda m: (m._integrity_order, m._name))
    ]


class SafeguardingIntegrityMixin(models.AbstractModel):
    """A record sealed into its company's chain once it is part of the record."""

    _name = "safeguarding.integrity.mixin"
    _description = "Safeguarding Integrity Chain"

    # Where Verify lists the chain.
    _integrity_order = 100
    # Format 1's fields (read through the ORM: ids for relations). Kept as they were
    # sealed: version 1 digests are verified against exactly these.
    _integrity_fields = ()
    # {version: IntegrityFormat} of the keyed formats; new records are sealed with
    # the highest. Never edit a format once records are sealed with it.
    _integrity_formats = {}
    # The other models whose tables _integrity_related reads (flushed before
    # sealing).
    _integrity_models = ()

    integrity_sequence = fields.Integer(
        readonly=True, copy=False, index="btree_not_null"
    )
    integrity_hash = fields.Char(readonly=True, copy=False)
    integrity_anonymised = fields.Char(
        string="Seal of the Anonymised Text",
        readonly=True,
        copy=False,
        help="The text an anonymisation of its case left in this record, sealed "
        "with the key against the digest it keeps in the chain.",
    )
    integrity_snapshot = fields.Json(
        readonly=True,
        copy=False,
        help="What this record named (other records' names, the agreement in "
        "force...) as it was sealed: printed and shown from here.",
    )

    # The chain's fields are written by sealing only, on create as on write, and
    # never taken from a default (a ``default_*`` context key, a saved default).
    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(list(SEALED_FIELDS))
        for vals in vals_list:
            self._refuse_chain_fields(dict(defaults, **vals))
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_chain_fields(vals)
        return super().write(vals)

    def _refuse_chain_fields(self, vals):
        if set(SEALED_FIELDS).intersection(vals):
            raise UserError(
                self.env._("The integrity chain is written only by sealing.")
            )

    # What was sealed, as the record prints and shows it

    def _recorded(self, key, position=1, entry=None):
        """What this record (one) sealed in its snapshot under ``key``: the value at
        ``position`` of it (of its element about record id ``entry``, for a list),
        a name in the user's language. None when it sealed no snapshot (not sealed
        yet, or sealed in an earlier format): its records are then read as they
        are."""
        snapshot = self.integrity_snapshot
        if not isinstance(snapshot, dict) or key not in snapshot:
            return None
        try:
            value = snapshot[key]
            if entry is not None:
                value = next((item for item in value or () if item[0] == entry), None)
            if value is None:
                return ""
            value = value[position]
            if isinstance(value, dict):
                value = value.get(self.env.lang or "en_US") or value.get("en_US")
        except (TypeError, IndexError, KeyError):
            # Rewritten in the database: Verify reports it; today's values stand.
            return None
        return "" if value is None else value

    def _as_recorded(self, recorded, today):
        """The text of a name as it was sealed (``recorded``, from _recorded), saying
        so where today's name differs; today's when nothing was sealed."""
        if recorded is None:
            return today or ""
        if recorded and today and today != recorded:
            return self.env._(
                "%(recorded)s (as recorded; today: %(today)s)",
                recorded=recorded,
                today=today,
            )
        return recorded

    # Formats and payloads

    @classmethod
    def _integrity_version(cls):
        """The format new records are sealed with."""
        return max(cls._integrity_formats)

    @classmethod
    def _integrity_names(cls, version):
        """The names of format ``version``'s payload, in the order it reads them."""
        fmt = cls._integrity_formats[version]
        return ("id", *fmt.columns, *fmt.related)

    def _integrity_related(self):
        """{name: SQL expression over the row ``t``}: what the formats cover beyond
        the table's own columns (lines, reference data). Each model adds its own;
        an expression, once a format names it, never changes."""
        return {}

    def _integrity_snapshot_sql(self):
        """{name: SQL expression over the row ``t``}: what sealing stores in the
        snapshot of the formats that cover it, as it is when the record is sealed."""
        return {}

    def _integrity_snapshot_extra(self):
        """{id: {name: value}}: what sealing stores in the snapshot beyond
        ``_integrity_snapshot_sql``, computed by the ORM (these records unsealed)."""
        return {}

    def _integrity_select(self, where, limit=None, versions=None, sealing=False):
        """SQL reading, in chain order, the rows ``where`` selects (over ``t``): the
        chain's columns (CHAIN_COLUMNS), then the id and every value the formats
        ``versions`` cover (all of them by default), each once. Sealing reads the
        snapshot as it is now, verifying as it was stored."""
        versions = versions or sorted(self._integrity_formats)
        names = list(
            dict.fromkeys(
                name
                for version in versions
                for name in self._integrity_names(version)[1:]
            )
        )
        related = self._integrity_related()
        columns = []
        for name in names:
            if name in related:
                expression = related[name]
            elif name == SNAPSHOT and sealing:
                expression = self._integrity_snapshot_expression()
            else:
                expression = SQL("t.%s", SQL.identifier(name))
            columns.append(SQL("%s AS %s", expression, SQL.identifier(name)))
        return SQL(
            """SELECT t.integrity_sequence AS integrity_sequence,
                      t.integrity_hash AS integrity_hash, t.id AS id, %s,
                      t.integrity_anonymised AS integrity_anonymised
                 FROM %s t
                WHERE %s
             ORDER BY t.integrity_sequence, t.id
             %s""",
            SQL(", ").join(columns),
            SQL.identifier(self._table),
            where,
            SQL("LIMIT %s", limit) if limit else SQL(),
        )

    def _integrity_snapshot_expression(self):
        parts = self._integrity_snapshot_sql()
        if not parts:
            return SQL("NULL::jsonb")
        return SQL(
            "jsonb_build_object(%s)",
            SQL(", ").join(
                SQL("%s, %s", name, expression) for name, expression in parts.items()
            ),
        )

    @classmethod
    def _integrity_payloads(cls, columns):
        """{version: a function of a row read by _integrity_select (a tuple whose
        columns are named ``columns``) giving that format's payload}."""
        position = {name: index for index, name in enumerate(columns)}
        payloads = {}
        for version in cls._integrity_formats:
            names = cls._integrity_names(version)
            pick = itemgetter(*(position[name] for name in names))
            payloads[version] = lambda row, names=names, pick=pick: payload(
                names, pick(row)
            )
        return payloads

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
        """This record's (one) payload: as it was sealed when it is, else as
        sealing would compute it now."""
        self.ensure_one()
        self._integrity_flush()
        if not self.integrity_hash:
            columns, rows = self._integrity_rows_to_seal(self._integrity_version())
            return self._integrity_payloads(columns)[self._integrity_version()](rows[0])
        version = hash_version(self.integrity_hash)
        self.env.cr.execute(
            self._integrity_select(SQL("t.id = %s", self.id), versions=[version])
        )
        row = self.env.cr.fetchone()
        columns = [column.name for column in self.env.cr.description]
        return self._integrity_payloads(columns)[version](row)

    def _integrity_rows_to_seal(self, version):
        """(column names, rows in id order) of these records as format ``version``
        seals them now: their values, and their snapshot taken now."""
        self.env.cr.execute(
            self._integrity_select(
                SQL("t.id IN %s", tuple(self.ids)), versions=[version], sealing=True
            )
        )
        columns = [column.name for column in self.env.cr.description]
        rows = sorted(self.env.cr.fetchall(), key=itemgetter(2))
        if SNAPSHOT not in columns:
            return columns, rows
        at = columns.index(SNAPSHOT)
        extra = self._integrity_snapshot_extra()
        return columns, [
            (*row[:at], dict(row[at] or {}, **extra.get(row[2], {})), *row[at + 1 :])
            for row in rows
        ]

    @api.model
    def _integrity_key(self):
        """The server's key, or the refusal that says how to set it."""
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
        return key

    def _integrity_digest(self, previous_hash, text, version=None):
        """The current format's digest of a payload chained to the previous one."""
        return digest(
            self._integrity_key(),
            version or self._integrity_version(),
            previous_hash,
            text,
        )

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
        self._integrity_key()
        self._integrity_flush()
        for company, records in self.sorted("id").grouped("company_id").items():
            end = self._integrity_chain_end_locked(company)
            if end.damage:
                self._integrity_warn_damage(company, end, records[:1])
            sealed, update = records._integrity_seals(end)
            self._integrity_move_head(company, sealed, end, update)
        self.invalidate_recordset(list(SEALED_FIELDS))

    def _integrity_seal_rows(self, end):
        """Seal these records (of one company, unsealed, in id order) on from
        ``end`` in the current format: one read, one update. Returns the chain's
        new end; the head is left to the caller."""
        sealed, update = self._integrity_seals(end)
        self.env.cr.execute(update)
        return sealed

    def _integrity_seals(self, end):
        """(the chain's new end, the UPDATE writing these records' seals) of these
        records (of one company, unsealed, in id order) sealed on from ``end`` in
        the current format, their values read in one query. Used under the chain's
        lock; the update is run with the head moved on (_integrity_move_head)."""
        version = self._integrity_version()
        key = self._integrity_key()
        columns, rows = self._integrity_rows_to_seal(version)
        snapshot_at = columns.index(SNAPSHOT) if SNAPSHOT in columns else None
        to_payload = self._integrity_payloads(columns)[version]
        sequence, previous = end.length, end.last_hash
        ids, sequences, digests, snapshots = [], [], [], []
        for row in rows:
            if snapshot_at is not None:
                snapshots.append(json.dumps(row[snapshot_at]))
            sequence += 1
            previous = digest(key, version, previous, to_payload(row))
            ids.append(row[2])
            sequences.append(sequence)
            digests.append(previous)
        # Written below write(): the chain is part of what the lock protects.
        update = SQL(
            """UPDATE %s AS t
                  SET integrity_sequence = v.sequence, integrity_hash = v.digest,
                      integrity_snapshot = %s
                 FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::jsonb[])
                      AS v(id, sequence, digest, snapshot)
                WHERE t.id = v.id""",
            SQL.identifier(self._table),
            SQL("v.snapshot") if snapshot_at is not None else SQL("NULL"),
            ids,
            sequences,
            digests,
            snapshots or [None] * len(ids),
        )
        sealed = end._replace(
            length=sequence,
            last_hash=previous,
            sealed_over=end.sealed_over or (end.length + 1 if end.damage else None),
            damage=None,
        )
        return sealed, update

    # Anonymisation

    def _integrity_holding(self):
        """The ids of these sealed records whose values, as they are now, still give
        the digest they were sealed with (chained to the record before them)."""
        key = server_key()
        sealed = self.filtered("integrity_sequence")
        if not key or not sealed:
            return set()
        self._integrity_flush()
        self.env.cr.execute(
            SQL(
                """SELECT t.id, p.integrity_hash
                     FROM %s t
                LEFT JOIN %s p ON p.company_id = t.company_id
                              AND p.integrity_sequence = t.integrity_sequence - 1
                    WHERE t.id IN %s""",
                SQL.identifier(self._table),
                SQL.identifier(self._table),
                tuple(sealed.ids),
            )
        )
        previous = dict(self.env.cr.fetchall())
        holding = set()
        for record_id, stored, text in self._integrity_texts():
            version = hash_version(stored)
            computed = (
                digest_v1(previous[record_id], text)
                if version == 1
                else digest(key, version, previous[record_id], text)
            )
            if hmac.compare_digest(computed, stored):
                holding.add(record_id)
        return holding

    def _integrity_texts(self):
        """[(id, stored digest, payload text as the record is now)] of these sealed
        records, each in the format it was sealed with."""
        self.env.invalidate_all()
        texts = []
        for record in self.filtered("integrity_sequence"):
            stored = record.integrity_hash
            version = hash_version(stored)
            if version == 1:
                text = record._integrity_payload_v1()
            else:
                self.env.cr.execute(
                    self._integrity_select(
                        SQL("t.id = %s", record.id), versions=[version]
                    )
                )
                row = self.env.cr.fetchone()
                columns = [column.name for column in self.env.cr.description]
                text = self._integrity_payloads(columns)[version](row)
            texts.append((record.id, stored, text))
        return texts

    def _integrity_seal_anonymised(self, holding):
        """Seal the text an anonymisation left in these records, for those whose
        values gave their digest before it (``holding``, from _integrity_holding):
        they verify by it from now on, their place and digest in the chain kept. A
        record that did not hold stays as Verify finds it."""
        key = server_key()
        seals = [
            (record_id, anonymised_seal(key, stored, text))
            for record_id, stored, text in self.browse(list(holding))._integrity_texts()
        ]
        if seals:
            ids, values = zip(*seals, strict=True)
            self.env.cr.execute(
                SQL(
                    """UPDATE %s AS t SET integrity_anonymised = v.seal
                         FROM unnest(%s::int[], %s::varchar[]) AS v(id, seal)
                        WHERE t.id = v.id""",
                    SQL.identifier(self._table),
                    list(ids),
                    list(values),
                )
            )
        self.invalidate_recordset([ANONYMISED])

    def _integrity_warn_damage(self, company, end, first):
        """Say, in the server's log and to the user recording, that the chain is
        sealed on over a head that is missing or does not verify (Verify Integrity
        reports it for ever)."""
        # The user sees it at once; who may verify finds it whenever they look.
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "warning",
                "sticky": True,
                "title": self.env._("The record's seal was tampered with"),
                "message": self.env._(
                    "%(record)s is recorded and sealed, but the record of "
                    "%(company)s it joins was altered outside the product. Tell your "
                    "data protection officer now: Verify Integrity shows what was "
                    "changed.",
                    record=first.display_name,
                    company=company.name,
                ),
            },
        )
        if end.damage == "no_head":
            _logger.warning(
                "The chain %s of %s has sealed records but no head: %s is sealed on "
                "from the chain's last record, and Verify Integrity reports it.",
                self._name,
                company.name,
                first.display_name,
            )
        else:
            _logger.warning(
                "The head of the chain %s of %s does not verify: %s is sealed on "
                "from the chain's last record, and Verify Integrity reports it.",
                self._name,
                company.name,
                first.display_name,
            )

    # Verification

    def _integrity_verify(self, company, anchor=None):
        """Verify ``company``'s whole chain of this model, with flat memory: one query
        read through a server-side cursor, PAGE_SIZE rows at a time, each row's
        payload built from its plain values as it was sealed, in the format its
        digest names. ``anchor`` (length, last digest), from a checkpoint: the chain
        must still hold that digest at that place. Returns (length, breaks): breaks
        lists (record id or False, what is wrong[, details]) for every record that
        does not verify, then the head's and the anchor's findings, then the facts
        the model checks against its sealed records. Writes nothing."""
        key = server_key()
        self.env.flush_all()
        head, seal = self._integrity_head(company)
        trusted = head if head_holds(key, self._name, company.id, head, seal) else None
        scan = _ChainScan(key, trusted, anchor)
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
            while rows := rows_cr.fetchmany(PAGE_SIZE):
                if scan.payloads is None:
                    scan.payloads = self._integrity_payloads(
                        [column.name for column in rows_cr.description]
                    )
                scan.page(rows, self._integrity_payloads_v1(scan.v1_ids(rows)))
        finally:
            rows_cr.close()
        # (Not on an error: the transaction is then rolled back, JIT with it.)
        self.env.cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
        breaks = scan.breaks + scan.end_findings(head)
        breaks += [
            (record_id, what)
            for record_id, what in self._integrity_verify_facts(company)
        ]
        return scan.length, breaks

    def _integrity_verify_facts(self, company):
        """[(record id, what)] of ``company``'s sealed records whose current facts
        disagree with what is sealed elsewhere (a model's own check). Writes
        nothing."""
        return []

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

    # The chain's head: its length, last digest and boundary, sealed with the key

    def _integrity_head_sql(self, company):
        """SQL of ``company``'s longest head of this chain (length, last digest,
        boundary, sealed over, seal), at most one row."""
        return SQL(
            """SELECT chain_length, last_hash, format1_boundary, sealed_over, seal
                 FROM safeguarding_integrity_head
                WHERE chain = %s AND company_id = %s
             ORDER BY chain_length DESC LIMIT 1""",
            self._name,
            company.id,
        )

    @staticmethod
    def _integrity_parse_head(row):
        """(ChainEnd, seal) of a row of _integrity_head_sql, or (None, None)."""
        if not row or row[0] is None:
            return None, None
        length, last_hash, boundary, sealed_over, seal = row
        return ChainEnd(length, last_hash or "", boundary or 0, sealed_over), seal

    def _integrity_head(self, company, cr=None):
        """(ChainEnd, seal) of ``company``'s longest head as ``cr`` (the
        transaction's own by default) sees the heads, or (None, None)."""
        cr = cr or self.env.cr
        cr.execute(self._integrity_head_sql(company))
        return self._integrity_parse_head(cr.fetchone())

    def _integrity_chain_end(self, company, cr=None, head=False):
        """The ChainEnd to seal on from, as ``cr`` sees the chain: its head when the
        head verifies; otherwise its last sealed row, with what is wrong. ``head``:
        the (ChainEnd, seal) already read, or False to read it."""
        cr = cr or self.env.cr
        head, seal = self._integrity_head(company, cr) if head is False else head
        if head and head_holds(server_key(), self._name, company.id, head, seal):
            return head
        cr.execute(
            SQL(
                """SELECT integrity_sequence, integrity_hash FROM %s
                    WHERE company_id = %s AND integrity_sequence IS NOT NULL
                 ORDER BY integrity_sequence DESC LIMIT 1""",
                SQL.identifier(self._table),
                company.id,
            )
        )
        row = cr.fetchone()
        if head is None and row is None:
            return ChainEnd(0, "")  # a new chain: keyed from its first record
        length, last_hash = row or (0, "")
        return ChainEnd(
            length, last_hash or "", damage="bad_head" if head else "no_head"
        )

    def _integrity_chain_end_locked(self, company):
        """The ChainEnd to seal on from, called under the chain's lock.

        The request's transaction reads a snapshot taken when it began, before it
        waited for the lock: what the sealer before it committed meanwhile is not in
        it. A transaction begun now, under the lock, sees it; the request's own
        transaction sees what it sealed itself. The chain ends at the longer of the
        two. That transaction also removes the heads before the last committed one
        (skipping any a transaction holds), which no one reads any more.

        While modules are installed or updated (the registry not ready), what the
        transaction creates is not committed yet and no one else records: its own
        view is the chain's.

        Two statements: the lock with the head this transaction sees (in a
        repeatable-read transaction its snapshot is the same before and after the
        lock), and, in the transaction of its own, the committed head with the
        heads shorter than it removed."""
        self.env.cr.execute(
            SQL(
                """SELECT head.* FROM (
                       SELECT pg_advisory_xact_lock(hashtext(%s))) AS locked
                   LEFT JOIN (%s) AS head ON TRUE""",
                f"{self._table}:{company.id}",
                self._integrity_head_sql(company),
            )
        )
        own = self._integrity_chain_end(
            company, head=self._integrity_parse_head(self.env.cr.fetchone())
        )
        if not self.env.registry.ready:
            return own
        with self.env.registry.cursor() as fresh:
            fresh.execute(
                SQL(
                    """WITH head AS (%s),
                            older AS (
                               DELETE FROM safeguarding_integrity_head WHERE id IN (
                                   SELECT id FROM safeguarding_integrity_head
                                    WHERE chain = %s AND company_id = %s
                                      AND chain_length < (SELECT chain_length FROM head)
                                      FOR UPDATE SKIP LOCKED))
                       SELECT * FROM head""",
                    self._integrity_head_sql(company),
                    self._name,
                    company.id,
                )
            )
            committed = self._integrity_chain_end(
                company, fresh, head=self._integrity_parse_head(fresh.fetchone())
            )
        return max(own, committed, key=lambda end: (end.length, not end.damage))

    def _integrity_move_head(self, company, end, previous, sealed=None):
        """Record the chain's new head ``end``, and drop the one it was sealed on
        from (``previous``) where this transaction sees it (the next sealer drops
        it otherwise); sealed over a damaged head, every other head of the chain.
        One statement, with ``sealed`` (the UPDATE writing the seals) when given."""
        steps = [SQL("sealed AS (%s)", sealed)] if sealed else []
        steps.append(
            SQL(
                """dropped AS (DELETE FROM safeguarding_integrity_head
                                WHERE chain = %s AND company_id = %s AND %s)""",
                self._name,
                company.id,
                SQL("chain_length <> %s", end.length)
                if previous.damage
                else SQL("chain_length = %s", previous.length),
            )
        )
        # A new row, never an update: recordings of one company in concurrent
        # transactions must not fail as a concurrent update of a shared row. The
        # statements of one WITH share a snapshot: the new head is not dropped.
        self.env["safeguarding.integrity.head"]._record(
            self._name, company, end, self._integrity_key(), steps=steps
        )

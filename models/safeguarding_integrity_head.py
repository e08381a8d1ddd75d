import hashlib
import hmac
import logging

from odoo import api, fields, models
from odoo.tools import SQL

from .safeguarding_integrity_mixin import (
    ChainEnd,
    chained_models,
    hash_version,
    head_seal,
    server_key,
)

_logger = logging.getLogger(__name__)

# Where versions 18.0.1.0.x kept the heads: system parameters, one per head.
PARAMETER_HEADS = "safeguarding_info_sharing.integrity_head."


class SafeguardingIntegrityHead(models.Model):
    """The head of a chain of one company: its length, its last digest, the
    boundary up to which the unkeyed format 1 is accepted, and where it was sealed
    on over a damaged head, sealed with the server's key.

    Written by sealing only, below the ORM: no role creates, changes or deletes a
    head (Odoo's administrators read them). Sealing inserts a new row for each new
    head and removes the older ones, so that concurrent recordings never update one
    shared row."""

    _name = "safeguarding.integrity.head"
    _description = "Safeguarding Integrity Chain Head"
    _order = "chain, company_id, chain_length desc"

    chain = fields.Char(required=True, readonly=True, help="The sealed model.")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="restrict"
    )
    chain_length = fields.Integer(string="Length", required=True, readonly=True)
    last_hash = fields.Char(string="Last Digest", required=True, readonly=True)
    format1_boundary = fields.Integer(
        string="Format 1 Boundary",
        required=True,
        readonly=True,
        help="The unkeyed format 1 is accepted up to this place of the chain only: "
        "where the chain moved to a keyed format.",
    )
    sealed_over = fields.Integer(
        readonly=True,
        help="The place of the first record sealed while this chain's head was "
        "missing or did not verify.",
    )
    seal = fields.Char(required=True, readonly=True)

    _sql_constraints = [
        (
            "chain_length_uniq",
            "unique(chain, company_id, chain_length)",
            "A chain has one head of each length.",
        ),
    ]

    @api.model
    def _adopt_parameter_heads(self):
        """Move the heads of versions 18.0.1.0.x, kept as system parameters, into
        this table, each chain's format 1 boundary recorded where its first keyed
        record is, as the database holds them at the upgrade. A head that does not
        verify is recorded as a head sealed over (Verify reports it); a chain sealed
        before heads were kept gets one from its rows."""
        key = server_key()
        if not key:
            _logger.warning(
                "No integrity key in the server's configuration: the chains' heads "
                "are left as system parameters until the addon is updated with one."
            )
            return
        self.env.cr.execute(
            SQL(
                "SELECT key, value FROM ir_config_parameter WHERE starts_with(key, %s)",
                PARAMETER_HEADS,
            )
        )
        parameters = dict(self.env.cr.fetchall())
        for model_name in chained_models(self.env):
            model = self.env[model_name]
            # Every company: an agency has a handful. pylint: disable=no-search-all
            for company in self.env["res.company"].search([]):
                self._adopt_parameter_head(model, company, parameters, key)
        self.env.cr.execute(
            SQL(
                "DELETE FROM ir_config_parameter WHERE starts_with(key, %s)",
                PARAMETER_HEADS,
            )
        )

    def _adopt_parameter_head(self, model, company, parameters, key):
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM safeguarding_integrity_head "
                "WHERE chain = %s AND company_id = %s LIMIT 1",
                model._name,
                company.id,
            )
        )
        if self.env.cr.fetchone():
            return
        prefix = f"{PARAMETER_HEADS}{model._name}.{company.id}"
        values = [
            value
            for name, value in sorted(parameters.items(), reverse=True)
            if name == prefix or name.startswith(prefix + ".")
        ]
        self.env.cr.execute(
            SQL(
                """SELECT integrity_sequence, integrity_hash FROM %s
                    WHERE company_id = %s AND integrity_sequence IS NOT NULL
                 ORDER BY integrity_sequence""",
                SQL.identifier(model._table),
                company.id,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows and not values:
            return
        first_keyed = next(
            (sequence for sequence, stored in rows if hash_version(stored) > 1), None
        )
        boundary = first_keyed - 1 if first_keyed else (rows[-1][0] if rows else 0)
        old = _parse_parameter_head(values[0]) if values else None
        if old and hmac.compare_digest(
            old[2],
            hmac.new(
                key,
                f"{model._name}:{company.id}:{old[0]}:{old[1]}".encode(),
                hashlib.sha256,
            ).hexdigest(),
        ):
            end = ChainEnd(old[0], old[1], boundary)
        else:
            length, last_hash = rows[-1] if rows else (0, "")
            end = ChainEnd(
                length, last_hash, boundary, sealed_over=length if values else None
            )
        self._record(model._name, company, end, key)

    @api.model
    def _record(self, chain, company, end, key, steps=()):
        """Insert ``end`` as a head of ``chain`` of ``company``, sealed with ``key``:
        below the ORM, as sealing writes (see the class); ``steps``: statements run
        with it, as a WITH's named queries."""
        self.env.cr.execute(
            SQL(
                """%s INSERT INTO safeguarding_integrity_head
                          (chain, company_id, chain_length, last_hash, format1_boundary,
                           sealed_over, seal, create_uid, create_date, write_uid,
                           write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s,
                           now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC')""",
                SQL("WITH %s", SQL(", ").join(steps)) if steps else SQL(),
                chain,
                company.id,
                end.length,
                end.last_hash,
                end.boundary,
                end.sealed_over,
                head_seal(key, chain, company.id, end),
                self.env.uid,
                self.env.uid,
            )
        )


def _parse_parameter_head(value):
    """(length, last digest, seal) of a head kept as a system parameter, or None."""
    try:
        length, last_hash, seal = value.split(":")
        return int(length), last_hash, seal
    except (AttributeError, ValueError):
        return None

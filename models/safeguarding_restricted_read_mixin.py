from odoo import api, models
from odoo.tools import SQL

# The token of a listing (a list or kanban view): a Python object, so no client can
# put it in a context over RPC.
LISTING = object()


class SafeguardingRestrictedReadMixin(models.AbstractModel):
    """Content of a case: every read of it by a user, on a restricted case, is logged
    in the case's access log (who, when), once per request. A row in a list or a card
    in a kanban view is not an opening; a form, an RPC read, an export, a printed
    record and the chatter are."""

    _name = "safeguarding.restricted.read.mixin"
    _description = "Safeguarding Restricted Case Reading"

    def _restricted_cases_read(self, checked=True):
        """Ids of the restricted cases whose content these records are. Once the
        user's read of them has succeeded (``checked``), through the ORM as the user;
        before that, in SQL, so that nothing the user may not read reaches the
        ORM's cache on the way."""
        if checked:
            cases = self if self._name == "safeguarding.case" else self.case_id
            return cases.filtered("restricted").ids
        ids = tuple(self.ids)
        if not ids:
            return []
        column = "id" if self._name == "safeguarding.case" else "case_id"
        self.flush_recordset([column] if column != "id" else [])
        self.env["safeguarding.case"].flush_model(["restricted"])
        self.env.cr.execute(
            SQL(
                """SELECT c.id FROM safeguarding_case c
                    WHERE c.restricted
                      AND c.id IN (SELECT %s FROM %s WHERE id IN %s)""",
                SQL.identifier(column),
                SQL.identifier(self._table),
                ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _log_restricted_opening(self, checked=True):
        if self.env.su or self.env.context.get("safeguarding_listing") is LISTING:
            return
        case_ids = self._restricted_cases_read(checked)
        if case_ids:
            self.env["safeguarding.case.access.log"]._log_opening(case_ids)

    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load)
        self._log_restricted_opening()
        return result

    @api.model
    @api.readonly
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        result = super().search_read(
            domain, fields, offset, limit, order, **read_kwargs
        )
        self.browse([row["id"] for row in result])._log_restricted_opening()
        return result

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        listing = self.with_context(safeguarding_listing=LISTING)
        return super(SafeguardingRestrictedReadMixin, listing).web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    def web_read(self, specification):
        # Not marked read-only: a form opening writes its log row in the request's
        # own transaction. Lists (web_search_read) stay on read-only cursors.
        return super().web_read(specification)

    web_read._readonly = False

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._log_restricted_opening()
        return result

from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import SQL

from .safeguarding_policy import case_path

# The token of a listing (a list or kanban view): a Python object, so no client can
# put it in a context over RPC.
LISTING = object()
# The views whose rows, cards and cells are no opening of a case.
LISTING_VIEWS = ("list", "kanban", "pivot", "graph")
# What a listing reads of a related record: its name (and a tag's colour).
LISTING_RELATED = frozenset({"id", "display_name", "color"})


class SafeguardingRestrictedReadMixin(models.AbstractModel):
    """Content of a case: every read of it by a user, on a restricted case, is logged
    in the case's access log (who, when), once per request. A row in a list, a card
    in a kanban view or a cell of a pivot or graph is not an opening, as long as it
    reads only what the model's views of those kinds show; a form, an RPC read, an
    export, a printed record, the chatter, and a list or a grouping reading anything
    else are."""

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
    @tools.ormcache(cache="templates")
    def _listing_fields(self):
        """What this model's lists, cards, pivots and graphs show (every view of
        those kinds): reading only these is no opening."""
        views = (
            self.env["ir.ui.view"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("type", "in", LISTING_VIEWS),
                    ("mode", "=", "primary"),
                ]
            )
        )
        names = {"id", "display_name"}
        for view in views:
            shown = self.sudo()._get_view_cache(view.id, view.type)["models"]
            names.update(shown.get(self._name, ()))
        return frozenset(names)

    def _is_listing(self, specification):
        """Whether a ``web_search_read`` specification reads no more than a listing
        shows."""
        if not set(specification) <= self._listing_fields():
            return False
        # Of a related record of a case, its name; of a contact or a user, what the
        # list shows of them.
        mixin = self.env.registry["safeguarding.restricted.read.mixin"]
        return all(
            set((spec or {}).get("fields") or ()) <= LISTING_RELATED
            for name, spec in specification.items()
            if self._fields[name].relational
            and isinstance(self.env[self._fields[name].comodel_name], mixin)
        )

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        records = self
        if self._is_listing(specification):
            records = self.with_context(safeguarding_listing=LISTING)
        return super(SafeguardingRestrictedReadMixin, records).web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    @api.model
    @api.readonly
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        result = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        groupby = [groupby] if isinstance(groupby, str) else groupby
        names = {_field_of(spec) for spec in [*fields, *groupby]} - {"__count"}
        if not names <= self._listing_fields():
            # Grouped by what no listing shows: an opening of the restricted cases
            # the groups hold.
            path = case_path(self.env, self._name) + "restricted"
            self.search(
                expression.AND([domain or [], [(path, "=", True)]])
            )._log_restricted_opening()
        return result

    def web_read(self, specification):
        # Not marked read-only: a form opening writes its log row in the request's
        # own transaction. Lists (web_search_read) stay on read-only cursors.
        return super().web_read(specification)

    web_read._readonly = False

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._log_restricted_opening()
        return result


def _field_of(spec):
    """The field a ``read_group`` field or groupby names ("date:month",
    "total:sum(amount)", "amount:sum")."""
    spec = spec.strip()
    if "(" in spec:
        return spec[spec.index("(") + 1 : spec.rindex(")")].strip()
    return spec.split(":")[0].strip()

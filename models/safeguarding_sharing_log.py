from typing import NamedTuple

from odoo import fields, models, tools
from odoo.tools import SQL

from .safeguarding_policy import SEE, CaseData


class LogSource(NamedTuple):
    """One branch of the log: a model whose records become rows, and the columns of
    each row, as fields of that model (a tuple of fields: the first one set wins)."""

    model: str
    kind: str
    date: tuple
    summary: str
    detail: tuple
    user: tuple
    # Boolean fields that must all be set for a record to be a row (none: every
    # record is one).
    where: tuple = ()
    # The field whose value "draft" marks a row as a draft, if the source has drafts.
    draft: str = ""


# The sources of the log, in the order that interleaves their ids: the row of a
# record of the source at place ``offset`` has the id ``record id * N + offset``,
# N the number of sources. A source is only ever appended, never inserted.
SOURCES = (
    LogSource(
        "safeguarding.decision",
        "decision",
        date=("date_decided", "create_date"),
        summary="name",
        detail=("outcome", "state"),
        user=("decided_by_id", "create_uid"),
        draft="state",
    ),
    LogSource(
        "safeguarding.disclosure",
        "disclosure",
        date=("date_shared",),
        summary="description",
        detail=("fact_or_opinion",),
        user=("shared_by_id",),
    ),
    LogSource(
        "safeguarding.consent",
        "consent",
        date=(
            "date_withdrawn",
            "date_expiry",
            "date_given",
            "date_refused",
            "create_date",
        ),
        summary="name",
        detail=("state",),
        user=("create_uid",),
    ),
    LogSource(
        "safeguarding.advice",
        "advice",
        date=("date",),
        summary="question",
        detail=("adviser_role",),
        user=("sought_by_id",),
    ),
    # Notifying the police (immediate risk, a suspected crime) is itself a
    # disclosure: to the police, when and by whom it was made.
    LogSource(
        "safeguarding.decision",
        "police",
        date=("date_police_notified",),
        summary="name",
        detail=("police_reference",),
        user=("police_notified_by_id",),
        where=("police_notified",),
    ),
)
# The summary is cut to this many characters (descriptions and questions are texts).
SUMMARY_LENGTH = 200


def _log_id(offset):
    """The log id of a source's rows; its expression index must say exactly this."""
    return SQL("id * %s + %s", SQL(str(len(SOURCES))), SQL(str(offset)))


def _log_index(table, offset):
    """The name of a source's expression index: it says the expression, so that an
    index of another number of sources is never taken for it."""
    return f"{table}_sharing_log_id{len(SOURCES)}_{offset}_index"


def _first_set(names):
    if len(names) == 1:
        return SQL.identifier(names[0])
    return SQL("COALESCE(%s)", SQL(", ").join(SQL.identifier(name) for name in names))


def _branch(offset, source, table):
    return SQL(
        """SELECT %(id)s AS id, case_id, company_id, %(date)s::timestamp AS date,
               %(kind)s AS kind, LEFT(%(summary)s, %(length)s) AS summary,
               %(detail)s AS detail, %(draft)s AS draft, %(user)s AS user_id,
               %(model)s AS res_model, id AS res_id
          FROM %(table)s%(where)s""",
        id=_log_id(offset),
        date=_first_set(source.date),
        kind=source.kind,
        summary=SQL.identifier(source.summary),
        length=SUMMARY_LENGTH,
        detail=_first_set(source.detail),
        draft=(
            SQL("COALESCE(%s = 'draft', FALSE)", SQL.identifier(source.draft))
            if source.draft
            else SQL("FALSE")
        ),
        user=_first_set(source.user),
        model=source.model,
        table=SQL.identifier(table),
        where=SQL(" WHERE %s", SQL(" AND ").join(map(SQL.identifier, source.where)))
        if source.where
        else SQL(),
    )


def _log_depends():
    """The fields each source model's rows are read from (a model may be the source
    of more than one branch)."""
    depends = {}
    for source in SOURCES:
        names = depends.setdefault(source.model, [])
        for name in (
            "case_id",
            "company_id",
            *source.date,
            source.summary,
            *source.detail,
            *source.user,
            *source.where,
            *([source.draft] if source.draft else []),
        ):
            if name not in names:
                names.append(name)
    return depends


class SafeguardingSharingLog(models.Model):
    """Every decision, disclosure, consent and advice of a case, as one timeline."""

    _name = "safeguarding.sharing.log"
    _description = "Sharing Log"
    _inherit = ["safeguarding.restricted.read.mixin", "safeguarding.policy.mixin"]
    # A view of what is recorded on the case, read as the case is.
    _safeguarding = CaseData(read=SEE)
    _auto = False
    _order = "date desc, id desc"
    # What the view reads: the ORM flushes these before any query on the log, so what
    # was just written is in it.
    _depends = _log_depends()

    case_id = fields.Many2one("safeguarding.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(
        [
            ("decision", "Decision"),
            ("disclosure", "Shared"),
            ("consent", "Consent"),
            ("advice", "Advice"),
            ("police", "Shared with the police"),
        ],
        readonly=True,
    )
    summary = fields.Char(readonly=True)
    detail = fields.Char(string="Detail Value", readonly=True)
    detail_label = fields.Char(string="Detail", compute="_compute_detail_label")
    draft = fields.Boolean(readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Integer(readonly=True)

    def _compute_detail_label(self):
        """The detail as the user reads it: the label of its value, not its key,
        and a draft said to be one."""
        labels = {}
        for source in SOURCES:
            fields_ = self.env[source.model]._fields
            labels[source.kind] = {}
            for name in reversed(source.detail):
                if fields_[name].type == "selection":
                    labels[source.kind].update(
                        fields_[name]._description_selection(self.env)
                    )
        for line in self:
            label = labels.get(line.kind, {}).get(line.detail, line.detail or "")
            line.detail_label = (
                self.env._("%(detail)s (draft)", detail=label) if line.draft else label
            )

    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(
                    _branch(offset, source, self.env[source.model]._table)
                    for offset, source in enumerate(SOURCES)
                ),
            )
        )
        # The ORM reads the log by its ids; these expression indexes let PostgreSQL
        # push "id IN (...)" into each branch of the view instead of building all of
        # it (a case form went from about a second to 50 ms on 1.5 million rows).
        wanted = {}
        for offset, source in enumerate(SOURCES):
            table = self.env[source.model]._table
            wanted[_log_index(table, offset)] = (table, offset)
        # An index of another number of sources has another expression: drop it.
        cr.execute(
            SQL(
                "SELECT indexname FROM pg_indexes WHERE tablename IN %s "
                "AND indexname LIKE %s",
                tuple({table for table, _offset in wanted.values()}),
                "%\\_sharing\\_log\\_id%\\_index",
            )
        )
        for (name,) in cr.fetchall():
            if name not in wanted:
                cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        for name, (table, offset) in wanted.items():
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON %s ((%s))",
                    SQL.identifier(name),
                    SQL.identifier(table),
                    _log_id(offset),
                )
            )

    def action_open(self):
        self.ensure_one()
        self.check_access("read")
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

from odoo import api, models, tools
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import SQL

from .safeguarding_policy import ROLE_GROUPS, policy_of

CASE = "safeguarding.case"

# mail.thread and mail.activity.mixin write their own bookkeeping on any document.
MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message_", "rating_")


class _Move:
    """The token of one of the addon's own moves on one model. It is a Python object
    made here only, so no client can put one in a context over RPC."""

    __slots__ = ("model", "name")

    def __init__(self, model, name):
        self.model = model
        self.name = name


_MOVES = {}


class SafeguardingServerFactsMixin(models.AbstractModel):
    """The server's own fields of a declaration (``_safeguarding``: its ``server``
    fields and its ``moves``), for every user, ``sudo()`` included, whatever the
    context says: never given on creation (as a value, a ``default_*`` context key
    or a default the user saved), written by the declared moves only, each move
    writing its fields and nothing else. The policy mixin below builds on it; one
    of Odoo's models the addon adds server fields to (an activity's) inherits it
    alone, with an :class:`~.safeguarding_policy.Extension` declaration."""

    _name = "safeguarding.server.facts.mixin"
    _description = "Safeguarding Server Facts"

    # Moves

    def _as_move(self, move):
        """These records, as the addon's own ``move`` writes them."""
        if move not in self._safeguarding.moves:
            raise ValueError(f"{self._name} has no move {move!r}")
        token = _MOVES.setdefault((self._name, move), _Move(self._name, move))
        return self.with_context(safeguarding_move=token)

    def _current_move(self):
        """The move these records are written by, or None."""
        token = self.env.context.get("safeguarding_move")
        if isinstance(token, _Move) and token.model == self._name:
            return token.name
        return None

    def _move_fields(self):
        move = self._current_move()
        return frozenset(self._safeguarding.moves[move]) if move else frozenset()

    # Creation

    def _refuse_guarded_given(self, vals_list, guarded, own):
        """Refuse a creation that gives a field of ``guarded`` (but those the
        current move writes) a value other than the server's default: as a value,
        or, for those of ``own`` (declared, not the ORM's), from ``default_get``
        (context keys and saved user defaults)."""
        guarded = guarded - self._move_fields()
        offending = set()
        for vals in vals_list:
            missing = [name for name in own & guarded if name not in vals]
            given = dict(self.default_get(missing) if missing else {}, **vals)
            offending.update(
                name
                for name in guarded
                if name in given
                and self._guard_value(name, given[name]) != self._server_default(name)
            )
        if offending:
            raise self._create_guard_refusal(
                [name for name in self._fields if name in offending]
            )

    def _check_server_facts_given(self, vals_list):
        """On creation: the declared server fields, refused unless a move gives
        them."""
        server = frozenset(self._safeguarding.server)
        self._refuse_guarded_given(vals_list, server, server)

    def _server_default(self, name):
        """What a new record holds in a guarded field when nobody gives it."""
        field = self._fields[name]
        if field.default and not (field.compute or field.related):
            return self._guard_value(name, field.default(self))
        return False

    def _create_guard_refusal(self, fnames):
        """The error refusing a creation that gives the guarded ``fnames``."""
        return UserError(
            self.env._(
                "%(fields)s is set by the server on a new %(model)s: leave it out.",
                fields=", ".join(
                    self._fields[fname]._description_string(self.env)
                    for fname in fnames
                ),
                model=self._description,
            )
        )

    # Writing

    def _check_move_write(self, vals):
        """Under a move: refuse what it does not write; whether it is one."""
        move = self._current_move()
        if not move:
            return False
        refused = set(vals) - self._move_fields()
        if refused:
            raise UserError(
                self.env._(
                    "The move '%(move)s' does not write %(fields)s.",
                    move=move,
                    fields=self._field_labels(refused),
                )
            )
        return True

    def _check_server_facts_written(self, vals):
        """On writing: the declared server fields, written by their moves only."""
        if self._check_move_write(vals):
            return
        refused = set(self._safeguarding.server).intersection(vals)
        if refused:
            # Access first: whoever may not write learns nothing more.
            self.check_access("write")
            raise self._system_write_refusal(refused)

    def _system_write_hint(self):
        """What the user does instead of writing a server field (translated)."""
        return self.env._("These fields are written by the application itself.")

    def _system_write_refusal(self, names):
        return UserError(
            self.env._(
                "%(hint)s Refused: %(fields)s.",
                hint=self._system_write_hint(),
                fields=self._field_labels(names),
            )
        )

    def _field_labels(self, names):
        return ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )

    def _guard_value(self, fname, value):
        """``value`` of field ``fname`` as the cache holds it, empty as False."""
        return (
            self._fields[fname].convert_to_cache(value, self, validate=False) or False
        )


class SafeguardingPolicyMixin(models.AbstractModel):
    """The guards every model of the addon's declaration (``_safeguarding``, see
    safeguarding_policy.py) implies, for every user, ``sudo()`` included, whatever
    the context says:

    - on creation, a server field is never given (as a value, a ``default_*``
      context key or a default the user saved), nor a field written after creation;
      the reference is numbered by the server; the links to other records of case
      data name records of the same case; a wizard opens only on a parent the user
      may change;
    - on writing, the parent, the company, the reference and the fixed fields never
      change; the server fields are written by the model's own moves only, each
      move writing its fields and nothing else; links stay in the case;
    - a copy starts without what the server wrote;
    - a method acting on one record says so to a client that gives it none or
      several.
    """

    _name = "safeguarding.policy.mixin"
    _inherit = ["safeguarding.server.facts.mixin"]
    _description = "Safeguarding Access Policy Guards"

    def _auto_init(self):
        result = super()._auto_init()
        # A reference is unique in its company.
        policy = getattr(self, "_safeguarding", None)
        reference = policy and policy.reference
        if reference and self._auto:
            columns = [reference]
            if self._fields.get("company_id") and self._fields["company_id"].store:
                columns.append("company_id")
            tools.create_unique_index(
                self.env.cr, f"{self._table}_{reference}_uniq", self._table, columns
            )
        return result

    # The fields, from the declaration and the registry

    @tools.ormcache()
    def _policy_fields(self):
        """(fixed, server, after creation, links) as frozensets of field names. The
        ORM's own fields (computed or related, read-only) are the server's; a link
        is a stored relation to a record of case data other than the parent."""
        policy = self._safeguarding
        fields_ = self._fields
        fixed = {policy.parent, policy.reference, *policy.fixed} - {None}
        if "company_id" in fields_:
            fixed.add("company_id")
        derived = {
            name
            for name, field in fields_.items()
            if (field.compute or field.related)
            and field.readonly
            and name not in models.MAGIC_COLUMNS
            and name != "display_name"
            and not name.startswith(MAIL_FIELD_PREFIXES)
        }
        links = {
            name
            for name, field in fields_.items()
            if field.store
            and field.type in ("many2one", "many2many")
            and name != policy.parent
            and name not in derived
            and _has_case(self.env, field.comodel_name)
        }
        return (
            frozenset(fixed - derived),
            frozenset(set(policy.server) | derived),
            frozenset(policy.after_creation),
            frozenset(links),
        )

    # Creation

    @api.model
    def default_get(self, fields_list):
        # What the ORM computes has no default a client could give.
        defaults = super().default_get(fields_list)
        server = self._policy_fields()[1] - set(self._safeguarding.server)
        return {name: value for name, value in defaults.items() if name not in server}

    @api.model_create_multi
    def create(self, vals_list):
        self._check_create_policy(vals_list)
        policy = self._safeguarding
        if policy.reference:
            for vals in vals_list:
                vals[policy.reference] = self._next_reference(vals)
        if policy.parent and policy.kind in ("wizard", "case_data"):
            self._check_parent_changeable(vals_list)
        return super().create(vals_list)

    def _check_create_policy(self, vals_list):
        # Access first: whoever may not create learns nothing of the guards.
        self.browse().check_access("create")
        _fixed, server, after_creation, links = self._policy_fields()
        policy = self._safeguarding
        self._check_role_fields(vals_list, creating=True)
        # A declared field from any source, the ORM's own as values.
        self._refuse_guarded_given(
            vals_list,
            frozenset((server | {policy.reference} | after_creation) - {None}),
            frozenset(set(policy.server) | {policy.reference} | after_creation),
        )
        self._check_links(vals_list, links)

    def _check_role_fields(self, vals_list, creating=False):
        """Refuse the fields only some roles give or write (from any source on
        creation) to anyone else; the server's own jobs may."""
        role_fields = self._safeguarding.role_fields
        if not role_fields or self.env.su:
            return
        refused = set()
        for vals in vals_list:
            given = dict(vals)
            if creating:
                missing = [name for name in role_fields if name not in vals]
                given = dict(self.default_get(missing) if missing else {}, **vals)
            # On creation an empty value is no value given.
            refused.update(
                name
                for name in role_fields
                if (given.get(name) if creating else name in given)
            )
        refused = {
            name
            for name in refused
            if not any(
                self.env.user.has_group(ROLE_GROUPS[role]) for role in role_fields[name]
            )
        }
        if refused:
            if not creating:
                self.check_access("write")
            raise self._role_field_refusal(refused)

    def _role_field_refusal(self, names):
        return AccessError(
            self.env._(
                "Your role does not give or change %(fields)s of a %(model)s.",
                fields=self._field_labels(names),
                model=self._description,
            )
        )

    def _next_reference(self, vals):
        """The next reference of a new record, numbered in its company."""
        policy = self._safeguarding
        company = self.env.company
        if vals.get("company_id"):
            company = self.env["res.company"].browse(vals["company_id"])
        elif vals.get(policy.parent):
            parent = self.env[self._fields[policy.parent].comodel_name].browse(
                vals[policy.parent]
            )
            # sudo: only the company of the parent the record is created on.
            company = parent.sudo().company_id or company
        return self.env["ir.sequence"].with_company(company).next_by_code(
            self._name
        ) or self.env._("New")

    def _check_parent_changeable(self, vals_list):
        """A record is made on a parent the user may change, checked before anything
        is written: a wizard made on any other would show its name and act on it, and
        a record of case data would meet the unique constraints of a case the user
        may not read (an oracle)."""
        parent = self._safeguarding.parent
        ids = {vals[parent] for vals in vals_list if vals.get(parent)}
        if ids:
            self.env[self._fields[parent].comodel_name].browse(ids).check_access(
                "write"
            )

    # Writing

    def write(self, vals):
        if vals:
            self._check_write_policy(vals)
        return super().write(vals)

    def _check_lock_write(self, vals):
        """Hook of the lock mixin: refuse ``vals`` on records that are locked."""

    def _check_write_policy(self, vals):
        fixed, server, _after, links = self._policy_fields()
        if self._check_move_write(vals):
            return
        refused = server.intersection(vals)
        if refused:
            # Access first: whoever may not write learns nothing more.
            self.check_access("write")
            parent = self._safeguarding.parent
            following = [
                name
                for name in refused
                if parent and (self._fields[name].related or "").split(".")[0] == parent
            ]
            if following and self:
                # What follows the parent (its case, its company) moves with it.
                raise self[:1]._parent_refusal()
            raise self._system_write_refusal(refused)
        self._check_role_fields([vals])
        self._check_lock_write(vals)
        changing = fixed.intersection(vals)
        if changing:
            self.check_access("write")
            self._check_fixed(vals, changing)
        if links.intersection(vals):
            self._check_links([vals], links.intersection(vals))

    def _check_fixed(self, vals, names):
        parent = self._safeguarding.parent
        records = self
        if isinstance(self, self.env.registry["safeguarding.record.lock.mixin"]):
            # A recorded one is refused by its lock, which says so.
            records -= self._locked()
        for record in records:
            for fname in names:
                new = record._guard_value(fname, vals[fname])
                if new == record._guard_value(fname, record[fname]):
                    continue
                if fname == parent:
                    raise record._parent_refusal()
                raise UserError(
                    self.env._(
                        "%(field)s of %(record)s is set when it is created and never "
                        "changes.",
                        field=record._fields[fname]._description_string(self.env),
                        record=record.display_name,
                    )
                )

    def _parent_refusal(self):
        """The refusal of moving this record (one) off its parent."""
        return UserError(
            self.env._(
                "%(record)s stays on %(parent)s: what is recorded on a case or a "
                "decision never moves to another one. Record it again where it "
                "belongs.",
                record=self.display_name,
                parent=self[self._safeguarding.parent].display_name,
            )
        )

    # Links across cases

    def _check_links(self, vals_list, links):
        """Refuse a link (``links``: field names) to a record of case data of
        another case than this record's, before anything is written or read: the
        message names this record and its case, never the record linked."""
        if not links:
            return
        for vals in vals_list:
            given = {name: _ids(vals[name]) for name in links if name in vals}
            given = {name: ids for name, ids in given.items() if ids}
            if not given:
                continue
            if self:
                # Access first: whoever may not write learns nothing more.
                self.check_access("write")
                own = _case_ids_of(self)
            else:
                own = self._cases_of_new(vals)
            for name, ids in given.items():
                comodel = self.env[self._fields[name].comodel_name]
                theirs = _case_ids_of(comodel.browse(ids))
                if len(own) == 1 and theirs <= own:
                    continue
                case = self.env[CASE].browse(sorted(own)[:1])
                raise ValidationError(
                    self.env._(
                        "%(field)s of %(record)s must be one recorded on the same "
                        "case, %(case)s: choose one from that case.",
                        field=self._fields[name]._description_string(self.env),
                        record=self.display_name
                        if len(self) == 1
                        else self.env._("the new %(model)s", model=self._description),
                        case=case.display_name,
                    )
                )

    def _cases_of_new(self, vals):
        """The case of a record created with ``vals``, as a set of one id: the case
        of its parent, which the user must read."""
        parent = self._safeguarding.parent
        if not parent or not vals.get(parent):
            return set()
        parents = self.env[self._fields[parent].comodel_name].browse(vals[parent])
        # Access first: whoever may not read the parent learns nothing of its case.
        parents.check_access("read")
        return _case_ids_of(parents)

    # Exporting

    def export_data(self, fields_to_export):
        # Access first: an export names its records (and gives them an external id).
        self.check_access("read")
        return super().export_data(fields_to_export)

    # Copying

    def copy_data(self, default=None):
        _fixed, server, after_creation, _links = self._policy_fields()
        dropped = server | after_creation | {self._safeguarding.reference}
        default = dict(default or {})
        return [
            {
                name: value
                for name, value in vals.items()
                if name not in dropped or name in default
            }
            for vals in super().copy_data(default)
        ]

    # One record at a time

    def ensure_one(self):
        if len(self) != 1:
            raise UserError(
                self.env._(
                    "This acts on one %(model)s at a time, and was given %(count)s.",
                    model=self._description,
                    count=len(self),
                )
            )
        return self


def _has_case(env, model_name):
    """Whether records of ``model_name`` are recorded on a case."""
    policy = policy_of(env, model_name)
    return bool(policy and policy.kind == "case_data")


def _ids(value):
    """The ids a many2one or many2many value given by a client names."""
    if not value:
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, models.BaseModel):
        return set(value.ids)
    ids = set()
    for item in value:
        if isinstance(item, int):
            ids.add(item)
        elif isinstance(item, (list, tuple)) and item:
            if item[0] == 6 and len(item) > 2:
                ids.update(i for i in item[2] if isinstance(i, int))
            elif item[0] in (1, 4) and len(item) > 1 and isinstance(item[1], int):
                ids.add(item[1])
    return ids


def _case_ids_of(records):
    """The ids of the cases of ``records`` (of case data), read in SQL: nothing of
    records the user may not read reaches the ORM's cache."""
    ids = tuple(records._ids)
    if not ids or any(not isinstance(i, int) for i in ids):
        return set()
    column = "id" if records._name == "safeguarding.case" else "case_id"
    records.flush_model([] if column == "id" else [column])
    records.env.cr.execute(
        SQL(
            "SELECT DISTINCT %s FROM %s WHERE id IN %s",
            SQL.identifier(column),
            SQL.identifier(records._table),
            ids,
        )
    )
    found = {row[0] for row in records.env.cr.fetchall()}
    if not found:
        raise MissingError(records.env._("A record named here does not exist."))
    return found

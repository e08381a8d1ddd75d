"""The access policy of the addon: one declaration per model, everything else derived.

Each model of the addon says what it is in its class attribute ``_safeguarding``:

- :class:`CaseData`: a case, or something recorded on one (its people, decisions and
  their lines, consents and their events, advice, disclosures, breaches, tellings,
  police references, the logs). It hangs from a ``parent`` (its case, decision,
  consent or disclosure) and is seen exactly as its case is, in its case's company,
  by users who have enabled two factors when the agency requires them.
- :class:`Wizard`: a transient form acting on a ``parent`` the user may change. Its
  rows are its creator's alone, in the parent's company.
- :class:`Register`: a company's own records that are not on a case (the data
  sharing agreements, the subject access log).
- :class:`Reference`: reference data, read by every internal user and kept by the
  safeguarding administrators.
- :class:`Extension`: one of Odoo's models the addon adds server fields to (an
  activity's due time, say): those fields and the moves that write them, nothing
  else.

A declaration names the roles that may create, read, write and delete the model, and
its guarded fields in one shape: ``fixed`` (given on creation, never changed; the
parent, the company and the ``reference`` are fixed too), ``server`` (the server's
alone: never given by a client, written by the model's own ``moves`` only) and
``after_creation`` (never given on creation, written later by whoever may), and
``role_fields`` name the fields only some roles give or write. Fields
computed or related by the ORM are the server's without being declared.

Derived from the declarations, and from nothing written by hand:

- the access rights and the record rules (:meth:`SafeguardingPolicy._apply`, run
  when the addon is installed or updated): the role rules (which cases each role
  sees), the company rule, the two-factor rule of case data, the owner rule of
  wizards;
- the guards on fields, parents, links across cases, wizards' parents and the
  fields only some roles give
  (``safeguarding.policy.mixin``);
- the models of case data whose messages, activities, followers, notifications,
  attachments and templates only their readers reach (``mail_*.py``,
  ``ir_attachment.py``, ``mail_template.py``, ``ir_rule.py``);
- the tests (``tests/test_access_policy.py``), generated from the registry, which
  fail for a model of the addon that declares nothing.
"""

from dataclasses import dataclass, field, replace

from odoo import api, models, tools

MODULE = "safeguarding_info_sharing"

PRACTITIONER = "practitioner"
LEAD = "lead"
MANAGER = "manager"
ADMIN = "admin"
SYSTEM = "system"
USER = "user"
ROLE_GROUPS = {
    PRACTITIONER: f"{MODULE}.group_practitioner",
    LEAD: f"{MODULE}.group_lead",
    MANAGER: f"{MODULE}.group_manager",
    ADMIN: f"{MODULE}.group_admin",
    SYSTEM: "base.group_system",
    USER: "base.group_user",
}
# Who works on cases (a lead is a practitioner too) and who sees them.
WORK = (PRACTITIONER,)
SEE = (PRACTITIONER, LEAD, MANAGER)
LEADS = (LEAD,)
VERIFIERS = (LEAD, MANAGER)

# Which cases each role sees, over the path to the case: the people named on a case
# see it; leads and managers see every unrestricted case of their companies too.
NAMED = "['|', ('{p}user_id', '=', user.id), ('{p}member_ids', 'in', user.id)]"
UNRESTRICTED_OR_NAMED = (
    "['|', ('{p}restricted', '=', False), "
    "'|', ('{p}user_id', '=', user.id), ('{p}member_ids', 'in', user.id)]"
)
ROLE_SEES = {
    PRACTITIONER: NAMED,
    LEAD: UNRESTRICTED_OR_NAMED,
    MANAGER: UNRESTRICTED_OR_NAMED,
}
SECOND_FACTOR = "[(0, '=', 1)] if safeguarding_second_factor_missing else []"
OPERATIONS = ("read", "write", "create", "unlink")


@dataclass(frozen=True, kw_only=True)
class Policy:
    """What a model is, who may do what with it, and which of its fields are
    guarded. See the module's docstring."""

    create: tuple = ()
    read: tuple = ()
    write: tuple = ()
    unlink: tuple = ()
    parent: str | None = None
    fixed: tuple = ()
    server: tuple = ()
    after_creation: tuple = ()
    # {move: the fields it writes}: the model's own moves, the only writers of its
    # server fields (and of nothing else while they write).
    moves: dict = field(default_factory=dict)
    # The reference field, numbered by the sequence of the model's name.
    reference: str | None = None
    # Fields still written once the record is locked (safeguarding.record.lock.mixin).
    open_when_locked: tuple = ()
    # {field: the roles alone who give or write it} (a legal hold: leads).
    role_fields: dict = field(default_factory=dict)
    # The field naming its company (or companies): rows of the user's companies only.
    company: str = "company_id"

    kind = None

    def extend(
        self, server=(), moves=None, after_creation=(), fixed=(), role_fields=None
    ):
        """The same declaration with more guarded fields, for a concern that lives in
        a file of its own (a retention review, say)."""
        return replace(
            self,
            server=(*self.server, *server),
            moves={**self.moves, **(moves or {})},
            after_creation=(*self.after_creation, *after_creation),
            fixed=(*self.fixed, *fixed),
            role_fields={**self.role_fields, **(role_fields or {})},
        )

    def roles(self):
        """Every role the declaration names, in order."""
        found = []
        for operation in OPERATIONS:
            found += [role for role in getattr(self, operation) if role not in found]
        return found

    def grants(self, role):
        """{operation: whether ``role`` may do it}."""
        return {operation: role in getattr(self, operation) for operation in OPERATIONS}


@dataclass(frozen=True, kw_only=True)
class CaseData(Policy):
    parent: str | None = "case_id"
    # "case": seen as its case is; "company": every row of the user's companies (the
    # restricted case access log, which leads and managers read whole).
    scope: str = "case"

    kind = "case_data"


@dataclass(frozen=True, kw_only=True)
class Wizard(Policy):
    # Whether its rows hold case data (then two factors apply): by default, whether
    # its parent is case data.
    case_data: bool | None = None

    kind = "wizard"


@dataclass(frozen=True, kw_only=True)
class Register(Policy):
    # Whether it holds case data (then two factors apply).
    case_data: bool = False

    kind = "register"


@dataclass(frozen=True, kw_only=True)
class Reference(Policy):
    create: tuple = (ADMIN,)
    read: tuple = (USER,)
    write: tuple = (ADMIN,)
    unlink: tuple = (ADMIN,)

    kind = "reference"


@dataclass(frozen=True, kw_only=True)
class Extension(Policy):
    """Fields the addon adds to one of Odoo's models: its ``server`` fields and
    the ``moves`` that write them (``safeguarding.server.facts.mixin``). It grants
    nothing and makes no rule: Odoo's own access decides the rest."""

    company: str | None = None

    kind = "extension"


# The registry, read


def policy_of(env, model_name):
    """The declaration of a model of the addon, or None (for one of Odoo's models,
    an :class:`Extension` included)."""
    if model_name not in env.registry:
        return None
    policy = getattr(env.registry[model_name], "_safeguarding", None)
    return None if isinstance(policy, Extension) else policy


def addon_models(env):
    """The concrete models the addon defines."""
    return sorted(
        name
        for name, model in env.registry.items()
        if model._original_module == MODULE and not model._abstract
    )


def holds_case_data(env, model_name):
    """Whether a model's rows are case data: two factors guard them, and only their
    readers reach what the mail module keeps of them."""
    policy = policy_of(env, model_name)
    if policy is None:
        return False
    if policy.kind == "case_data":
        return True
    if policy.kind == "wizard" and policy.case_data is None:
        parent = env[model_name]._fields.get(policy.parent or "")
        return bool(parent and holds_case_data(env, parent.comodel_name))
    return bool(getattr(policy, "case_data", False))


def case_data_models(env):
    """Every model of case data, from the registry."""
    return tuple(name for name in addon_models(env) if holds_case_data(env, name))


def case_path(env, model_name):
    """The path from a record of case data to its case: "" on the case itself."""
    return "" if model_name == "safeguarding.case" else "case_id."


class SafeguardingPolicy(models.AbstractModel):
    """The policy written into the database: access rights and record rules."""

    _name = "safeguarding.policy"
    _description = "Safeguarding Access Policy"

    @api.model
    @tools.ormcache()
    def _case_data_models(self):
        """Every model of case data (a tuple), from the registry: those with a
        two-factor rule, whose messages and activities it covers too."""
        return case_data_models(self.env)

    @api.model
    def _apply(self):
        """Write the access rights and record rules every declaration implies, under
        the addon's xmlids; those no declaration implies any more are removed by the
        module update like any other record of the addon."""
        accesses, rules = [], []
        for model_name in addon_models(self.env):
            policy = policy_of(self.env, model_name)
            if policy is not None:
                accesses += self._accesses(model_name, policy)
                rules += self._rules(model_name, policy)
        self.env["ir.model.access"].sudo()._load_records(accesses, update=True)
        self.env["ir.rule"].sudo()._load_records(rules, update=True)

    @api.model
    def _accesses(self, model_name, policy):
        table = self.env[model_name]._table
        model_id = self.env["ir.model"]._get_id(model_name)
        return [
            {
                "xml_id": f"{MODULE}.access_{table}_{role}",
                "values": {
                    "name": f"{model_name} {role}",
                    "model_id": model_id,
                    "group_id": self.env.ref(ROLE_GROUPS[role]).id,
                    **{
                        f"perm_{operation}": granted
                        for operation, granted in policy.grants(role).items()
                    },
                },
            }
            for role in policy.roles()
        ]

    @api.model
    def _rules(self, model_name, policy):
        """The record rules of a model: (xml id suffix, name, domain, roles)."""
        model = self.env[model_name]
        found = []
        company = policy.company if policy.company in model._fields else None
        if policy.kind == "wizard":
            found.append(
                ("owner", "its creator only", "[('create_uid', '=', user.id)]", ())
            )
            parent = model._fields.get(policy.parent or "")
            comodel = parent and self.env[parent.comodel_name]
            if (
                comodel
                and "company_id" in comodel._fields
                and holds_case_data(self.env, comodel._name)
            ):
                company = f"{policy.parent}.company_id"
        if policy.kind == "reference":
            company = None
        if company:
            found.append(
                (
                    "company",
                    "the user's companies",
                    f"[('{company}', 'in', company_ids)]",
                    (),
                )
            )
        if holds_case_data(self.env, model_name):
            found.append(
                (
                    "second_factor",
                    "two-factor authentication, when the agency requires it",
                    SECOND_FACTOR,
                    (),
                )
            )
        if policy.kind == "case_data" and policy.scope == "case":
            prefix = case_path(self.env, model_name)
            found += [
                (
                    role,
                    f"{role}s, on the cases they see",
                    ROLE_SEES[role].format(p=prefix),
                    (role,),
                )
                for role in policy.roles()
                if role in ROLE_SEES
            ]
        model_id = self.env["ir.model"]._get_id(model_name)
        return [
            {
                "xml_id": f"{MODULE}.{model._table}_rule_{suffix}",
                "values": {
                    "name": f"{model._description}: {name}",
                    "model_id": model_id,
                    "domain_force": domain,
                    "groups": [
                        (6, 0, [self.env.ref(ROLE_GROUPS[role]).id for role in roles])
                    ],
                    "perm_read": True,
                    "perm_write": True,
                    "perm_create": True,
                    "perm_unlink": True,
                },
            }
            for suffix, name, domain, roles in found
        ]

"""Who may create, read, write and delete what: a declarative table, a subTest a cell.

Each cell of ``MATRIX`` names a role, a model (or a model in a given state), a record
situation and an operation, and the exact outcome. The test builds every record once,
then performs each operation as a least-privileged user in a savepoint that is always
rolled back, asserts the outcome and, when refused, that nothing changed.
"""

from collections import namedtuple

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.ir_rule import SECOND_FACTOR_MODELS
from .common import GROUP, DecisionCommon

# Operations, in the order of the letters of each cell code.
OPERATIONS = ("create", "read", "write", "unlink")
# A: allowed; E: odoo.exceptions.AccessError; U: odoo.exceptions.UserError (exactly:
# the append-only refusals and moves the model itself refuses).
OUTCOMES = {"A": None, "E": AccessError, "U": UserError}

# Where the record lives. For the practitioner role, "own" is the case they lead and
# "restricted" a restricted case they are a team member of; lead_named is a team member
# of the restricted case; nobody else is named on it.
SITUATIONS = ("own", "other", "restricted", "company2")
REFERENCE = ("reference",)

ROLES = (
    "practitioner",  # lead practitioner of "own", team member of "restricted"
    "practitioner_unnamed",  # practitioner named on no case
    "lead",  # safeguarding lead named on no case
    "lead_named",  # safeguarding lead, team member of "restricted"
    "manager",
    "manager_other_company",  # manager whose only company is the second company
    "admin",  # group_admin only
    "system",  # base.group_system (implies group_admin)
    "follower",  # internal user with no safeguarding group, following every case
    "portal_child",  # portal user who is the child of the cases
)

# Which role sees which case: the situations of the cases each role sees (the record
# rules say it). Leads see every unrestricted case, practitioners the cases they work
# on, and a restricted case only those named on it; a company's cases only its users.
SEES = {
    "practitioner": ("own", "restricted"),
    "practitioner_unnamed": (),
    "lead": ("own", "other"),
    "lead_named": ("own", "other", "restricted"),
    "manager": ("own", "other"),
    "manager_other_company": ("company2",),
    "admin": (),
    "system": (),
    "follower": (),
    "portal_child": (),
}
# Practitioners and leads work on the cases they see; managers only read them.
WORKERS = ("practitioner", "practitioner_unnamed", "lead", "lead_named")
MANAGERS = ("manager", "manager_other_company")

# Which rights each model grants, as the code of its four operations: to a worker who
# sees the case, to a manager who sees it, and to anyone on a case they do not see.
Rights = namedtuple("Rights", "worker manager unseen")
RIGHTS = {
    "safeguarding.case": Rights("AAAE", "EAEE", "EEEE"),
    "safeguarding.case.person": Rights("AAAA", "EAEE", "EEEE"),
    "safeguarding.decision:draft": Rights("AAAA", "EAEE", "EEEE"),
    # create: a decision cannot be created as recorded (refused before any access
    # check, so for everyone); write and unlink: the lock refuses whoever can see the
    # decision and may change it.
    "safeguarding.decision:recorded": Rights("UAUU", "UAEE", "UEEE"),
    "safeguarding.decision.principle:draft": Rights("AAAA", "EAEE", "EEEE"),
    # create: a principle line added to a recorded decision (see
    # test_no_principle_line_added_to_a_recorded_decision).
    "safeguarding.decision.principle:recorded": Rights("UAUU", "EAEE", "EEEE"),
    "safeguarding.decision.recipient:draft": Rights("AAAA", "EAEE", "EEEE"),
    # create: a recipient added to a recorded decision, refused by its lock.
    "safeguarding.decision.recipient:recorded": Rights("UAUU", "EAEE", "EEEE"),
    # Append-only: the model refuses any write before any access check ("cannot be
    # changed"), which reveals nothing.
    "safeguarding.decision.signoff": Rights("EAUE", "EAUE", "EEUE"),
    # Append-only, as the sign-off rows: added by the decision's own move.
    "safeguarding.decision.police.reference": Rights("EAUE", "EAUE", "EEUE"),
    # Append-only, as the sign-off rows: added by the decision's own move.
    "safeguarding.decision.telling": Rights("EAUE", "EAUE", "EEUE"),
    "safeguarding.disclosure:draft": Rights("AAAA", "EAEE", "EEEE"),
    # create: what is shared after recording is added, and locked as it is added.
    "safeguarding.disclosure:recorded": Rights("AAUU", "EAEE", "EEEE"),
    "safeguarding.consent:requested": Rights("AAAA", "EAEE", "EEEE"),
    # create: a consent recorded as given at once (its two events are logged).
    "safeguarding.consent:given": Rights("AAUU", "EAEE", "EEEE"),
    # Append-only, as the sign-off rows.
    "safeguarding.consent.event": Rights("EAUE", "EAUE", "EEUE"),
    # Advice is recorded as it is saved.
    "safeguarding.advice": Rights("AAUU", "EAEE", "EEEE"),
    # A breach is recorded by whoever works on the case, and kept.
    "safeguarding.disclosure.breach": Rights("AAAE", "EAEE", "EEEE"),
    # An SQL view: read only, for those who see the case.
    "safeguarding.sharing.log": Rights("EAEE", "EAEE", "EEEE"),
    # Append-only, written by the server only (see SEES_EXCEPTIONS).
    "safeguarding.case.access.log": Rights("EAUE", "EAUE", "EEUE"),
    # A request still open is worked on (and, with nothing recorded on it, deleted)
    # by whoever works on the case.
    "safeguarding.request:open": Rights("AAAA", "EAEE", "EEEE"),
    # create: a request cannot be created answered (refused before any access
    # check); write and unlink: the lock refuses whoever may change it.
    "safeguarding.request:answered": Rights("UAUU", "UAEE", "UEEE"),
    # Append-only, as the sign-off rows: added by the request's own move.
    "safeguarding.request.exchange": Rights("EAUE", "EAUE", "EEUE"),
}

# The exceptions to SEES, by model: the roles that see other cases' records of it.
SEES_EXCEPTIONS = {
    # Who opened a restricted case: leads and managers of the company read it, the
    # restricted cases they are not named on included; practitioners have no right
    # to it at all (only the append-only refusal of a write shows).
    "safeguarding.case.access.log": {
        "practitioner": (),
        "lead": ("own", "other", "restricted"),
        "manager": ("own", "other", "restricted"),
    },
}


def _case_cells(entry_name):
    """role -> (own, other, restricted, company2), each code the outcomes of create,
    read, write, unlink: what RIGHTS grants where SEES (or its exception) says."""
    rights = RIGHTS[entry_name]
    sees = dict(SEES, **SEES_EXCEPTIONS.get(entry_name, {}))
    cells = {}
    for role in ROLES:
        seen = rights.worker if role in WORKERS else rights.manager
        cells[role] = tuple(
            seen if situation in sees[role] else rights.unseen
            for situation in SITUATIONS
        )
    return cells


# The matrix. Case data: role -> (own, other, restricted, company2), each code the
# outcomes of create, read, write, unlink. Reference data: role -> one code.
MATRIX = {entry_name: _case_cells(entry_name) for entry_name in RIGHTS}

# Reference data: every internal user reads it, only administrators change it.
REFERENCE_RIGHTS = {
    "practitioner": "EAEE",
    "practitioner_unnamed": "EAEE",
    "lead": "EAEE",
    "lead_named": "EAEE",
    "manager": "EAEE",
    "manager_other_company": "EAEE",
    "admin": "AAAA",
    "system": "AAAA",
    "follower": "EAEE",
    "portal_child": "EEEE",
}
REFERENCE_MODELS = (
    "safeguarding.lawful.basis",
    "safeguarding.golden.rule",
    "safeguarding.principle",
    "safeguarding.channel",
    "safeguarding.organisation.type",
    "safeguarding.purpose",
    "safeguarding.retention.policy",
    "safeguarding.guidance",
    "safeguarding.decision.template",
    "safeguarding.decision.template.line",
)
MATRIX.update({model: REFERENCE_RIGHTS for model in REFERENCE_MODELS})

# What a scheduled job could not treat: written by the server only, read (and its
# to-do marked done) by the safeguarding administrators; one record, in no case.
JOB_FAILURE_MODELS = ("safeguarding.job.failure",)
MATRIX["safeguarding.job.failure"] = dict.fromkeys(ROLES, "EEEE") | {
    "admin": "EAAE",
    "system": "EAAE",
}

# Company registers (the data sharing agreements): everyone in the safeguarding groups
# of the company reads them, leads and administrators keep them; another company's
# register is out of reach. Situations: the first company's record, the second's.
REGISTER_SITUATIONS = ("own", "company2")
REGISTER_RIGHTS = {
    "practitioner": ("EAEE", "EEEE"),
    "practitioner_unnamed": ("EAEE", "EEEE"),
    "lead": ("AAAA", "EEEE"),
    "lead_named": ("AAAA", "EEEE"),
    "manager": ("EAEE", "EEEE"),
    "manager_other_company": ("EEEE", "EAEE"),
    "admin": ("AAAA", "EEEE"),
    "system": ("AAAA", "EEEE"),
    "follower": ("EEEE", "EEEE"),
    "portal_child": ("EEEE", "EEEE"),
}
# The subject access log: written by the server only (nobody creates a row), read by
# the company's leads and managers; append-only, so a write is refused before any
# access check.
SUBJECT_ACCESS_LOG_RIGHTS = {
    "practitioner": ("EEUE", "EEUE"),
    "practitioner_unnamed": ("EEUE", "EEUE"),
    "lead": ("EAUE", "EEUE"),
    "lead_named": ("EAUE", "EEUE"),
    "manager": ("EAUE", "EEUE"),
    "manager_other_company": ("EEUE", "EAUE"),
    "admin": ("EEUE", "EEUE"),
    "system": ("EEUE", "EEUE"),
    "follower": ("EEUE", "EEUE"),
    "portal_child": ("EEUE", "EEUE"),
}
# The seal's own rows, written by the server only: the chains' heads, read by Odoo's
# administrators of the company; the checkpoints, read by those who verify.
NOBODY = ("EEEE", "EEEE")
INTEGRITY_HEAD_RIGHTS = dict.fromkeys(ROLES, NOBODY) | {"system": ("EAEE", "EEEE")}
INTEGRITY_CHECKPOINT_RIGHTS = dict.fromkeys(ROLES, NOBODY) | {
    "lead": ("EAEE", "EEEE"),
    "lead_named": ("EAEE", "EEEE"),
    "manager": ("EAEE", "EEEE"),
    "manager_other_company": ("EEEE", "EAEE"),
}
# The reply times of the ratings: the agency's protocol, reference data of each
# company, read by its users and kept by its safeguarding administrators.
REPLY_TIME_RIGHTS = {
    "practitioner": ("EAEE", "EEEE"),
    "practitioner_unnamed": ("EAEE", "EEEE"),
    "lead": ("EAEE", "EEEE"),
    "lead_named": ("EAEE", "EEEE"),
    "manager": ("EAEE", "EEEE"),
    "manager_other_company": ("EEEE", "EAEE"),
    "admin": ("AAAA", "EEEE"),
    "system": ("AAAA", "EEEE"),
    "follower": ("EAEE", "EEEE"),
    "portal_child": ("EEEE", "EEEE"),
}
REGISTER_MODELS = (
    "safeguarding.sharing.agreement",
    "safeguarding.subject.access.log",
    "safeguarding.integrity.head",
    "safeguarding.integrity.checkpoint",
    "safeguarding.reply.time",
)
# The registers that hold no case data: no two-factor rule.
NO_CASE_DATA = (
    "safeguarding.sharing.agreement",
    "safeguarding.integrity.head",
    "safeguarding.integrity.checkpoint",
    "safeguarding.reply.time",
)
MATRIX.update(
    {
        "safeguarding.sharing.agreement": REGISTER_RIGHTS,
        "safeguarding.subject.access.log": SUBJECT_ACCESS_LOG_RIGHTS,
        "safeguarding.integrity.head": INTEGRITY_HEAD_RIGHTS,
        "safeguarding.integrity.checkpoint": INTEGRITY_CHECKPOINT_RIGHTS,
        "safeguarding.reply.time": REPLY_TIME_RIGHTS,
    }
)

# What each operation does on each entry: the field written and its new value, the
# fields read, and how to build the values of a new record in a situation.
Entry = namedtuple("Entry", "model write read create")


def _case_vals(test, situation):
    case = test.cases[situation]
    return {
        "child_id": case.child_id.id,
        "user_id": case.user_id.id,
        "member_ids": [(6, 0, case.member_ids.ids)],
        "company_id": case.company_id.id,
        "restricted": case.restricted,
        "restriction_reason": case.restriction_reason,
    }


ENTRIES = {
    "safeguarding.case": Entry(
        "safeguarding.case", {"color": 7}, ["name", "user_id"], _case_vals
    ),
    "safeguarding.case.person": Entry(
        "safeguarding.case.person",
        {"note": "Changed by the matrix"},
        ["partner_id", "role"],
        lambda t, s: {
            "case_id": t.cases[s].id,
            "partner_id": t.parent.id,
            "role": "sibling",
        },
    ),
    "safeguarding.decision:draft": Entry(
        "safeguarding.decision",
        {"reason": "Changed by the matrix"},
        ["name", "reason"],
        lambda t, s: t.decision_vals(t.cases[s]),
    ),
    "safeguarding.decision:recorded": Entry(
        "safeguarding.decision",
        {"reason": "Changed by the matrix"},
        ["name", "reason"],
        lambda t, s: dict(t.decision_vals(t.cases[s]), state="recorded"),
    ),
    "safeguarding.decision.principle:draft": Entry(
        "safeguarding.decision.principle",
        {"justification": "Changed by the matrix"},
        ["principle_id", "justification"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:draft"].id,
            "principle_id": t.extra_principle.id,
        },
    ),
    "safeguarding.decision.principle:recorded": Entry(
        "safeguarding.decision.principle",
        {"justification": "Changed by the matrix"},
        ["principle_id", "justification"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:recorded"].id,
            "principle_id": t.extra_principle.id,
            "confirmed": True,
            "justification": "Confirmed after the decision was recorded",
        },
    ),
    "safeguarding.decision.recipient:draft": Entry(
        "safeguarding.decision.recipient",
        {"how_much": "Changed by the matrix"},
        ["partner_id", "how_much"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:draft"].id,
            "partner_id": t.matrix_recipient.id,
        },
    ),
    "safeguarding.decision.recipient:recorded": Entry(
        "safeguarding.decision.recipient",
        {"how_much": "Changed by the matrix"},
        ["partner_id", "how_much"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:recorded"].id,
            "partner_id": t.matrix_recipient.id,
        },
    ),
    "safeguarding.decision.signoff": Entry(
        "safeguarding.decision.signoff",
        {"reason": "Changed by the matrix"},
        ["action", "user_id"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:recorded"].id,
            "action": "approve",
            "user_id": t.lead.id,
            "date": fields.Datetime.now(),
        },
    ),
    "safeguarding.decision.police.reference": Entry(
        "safeguarding.decision.police.reference",
        {"reference": "Changed by the matrix"},
        ["reference", "user_id"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:recorded"].id,
            "reference": "Forged by the matrix",
            "user_id": t.lead.id,
            "date": fields.Datetime.now(),
        },
    ),
    "safeguarding.decision.telling": Entry(
        "safeguarding.decision.telling",
        {"summary": "Changed by the matrix"},
        ["summary", "user_id"],
        lambda t, s: {
            "decision_id": t.records[s]["safeguarding.decision:recorded"].id,
            "moment": "after",
            "told": False,
            "not_told_reason": "Forged by the matrix",
            "user_id": t.lead.id,
            "date_logged": fields.Datetime.now(),
        },
    ),
    "safeguarding.disclosure:draft": Entry(
        "safeguarding.disclosure",
        {"description": "Changed by the matrix"},
        ["description", "recipient_id"],
        lambda t, s: t.disclosure_vals(t.share_drafts[s]),
    ),
    "safeguarding.disclosure:recorded": Entry(
        "safeguarding.disclosure",
        {"description": "Changed by the matrix"},
        ["description", "recipient_id"],
        lambda t, s: t.disclosure_vals(t.records[s]["safeguarding.decision:recorded"]),
    ),
    "safeguarding.consent:requested": Entry(
        "safeguarding.consent",
        {"scope_information": "Changed by the matrix"},
        ["state", "scope_information"],
        lambda t, s: t.consent_vals(t.cases[s]),
    ),
    "safeguarding.consent:given": Entry(
        "safeguarding.consent",
        {"scope_information": "Changed by the matrix"},
        ["state", "scope_information"],
        lambda t, s: t.consent_vals(t.cases[s], given=True),
    ),
    "safeguarding.consent.event": Entry(
        "safeguarding.consent.event",
        {"note": "Changed by the matrix"},
        ["event", "note"],
        lambda t, s: {
            "consent_id": t.records[s]["safeguarding.consent:given"].id,
            "event": "withdrawn",
            "date": fields.Datetime.now(),
        },
    ),
    "safeguarding.advice": Entry(
        "safeguarding.advice",
        {"advice": "Changed by the matrix"},
        ["question", "advice"],
        lambda t, s: t.advice_vals(t.cases[s]),
    ),
    "safeguarding.disclosure.breach": Entry(
        "safeguarding.disclosure.breach",
        {"description": "Changed by the matrix"},
        ["kind", "description"],
        lambda t, s: t.breach_vals(t.records[s]["safeguarding.disclosure:recorded"]),
    ),
    "safeguarding.sharing.log": Entry(
        "safeguarding.sharing.log",
        {"summary": "Changed by the matrix"},
        ["kind", "summary"],
        lambda t, s: {"case_id": t.cases[s].id, "kind": "decision", "summary": "X"},
    ),
    "safeguarding.case.access.log": Entry(
        "safeguarding.case.access.log",
        {"date": "2020-01-01 00:00:00"},
        ["case_id", "user_id", "date"],
        lambda t, s: {
            "case_id": t.cases[s].id,
            "user_id": t.colleague.id,
            "date": fields.Datetime.now(),
        },
    ),
    "safeguarding.request:open": Entry(
        "safeguarding.request",
        {"information_requested": "Changed by the matrix"},
        ["name", "information_requested"],
        lambda t, s: t.request_vals(t.cases[s]),
    ),
    "safeguarding.request:answered": Entry(
        "safeguarding.request",
        {"information_requested": "Changed by the matrix"},
        ["name", "information_requested"],
        lambda t, s: dict(t.request_vals(t.cases[s]), state="answered"),
    ),
    "safeguarding.request.exchange": Entry(
        "safeguarding.request.exchange",
        {"summary": "Changed by the matrix"},
        ["kind", "summary"],
        lambda t, s: {
            "request_id": t.records[s]["safeguarding.request:answered"].id,
            "kind": "chased",
            "date": fields.Datetime.now(),
            "user_id": t.colleague.id,
            "date_logged": fields.Datetime.now(),
        },
    ),
}


def _reference_vals(model, suffix):
    """A reference record of the matrix's own; ``suffix`` keeps codes unique."""
    number = {"existing": 98, "new": 99}[suffix]
    name = f"Matrix {model} {suffix}"
    code = f"matrix_{suffix}"
    return {
        "safeguarding.lawful.basis": {"code": code, "name": name, "layer": "gdpr_art6"},
        "safeguarding.golden.rule": {"sequence": number, "name": name},
        "safeguarding.principle": {"code": code, "name": name},
        "safeguarding.channel": {"code": code, "name": name},
        "safeguarding.organisation.type": {"code": code, "name": name},
        "safeguarding.purpose": {"code": code, "name": name},
        "safeguarding.decision.template": {"name": name},
        # A line of the template of the matrix's own (made just before it).
        "safeguarding.decision.template.line": {
            "description": name,
            "fact_or_opinion": "fact",
        },
        "safeguarding.retention.policy": {
            "code": code,
            "name": name,
            "trigger": "closure",
            "period_years": 6,
        },
        # A period of its own, long before any decision.
        "safeguarding.guidance": {
            "version": "2018",
            "name": name,
            "date_from": f"{1900 + number}-01-01",
            "date_to": f"{1900 + number}-12-31",
        },
    }[model]


for _model in REFERENCE_MODELS:
    ENTRIES[_model] = Entry(
        _model,
        {"name": "Changed by the matrix"},
        ["name"],
        lambda t, s, m=_model: _reference_vals(m, "new"),
    )
ENTRIES["safeguarding.decision.template.line"] = Entry(
    "safeguarding.decision.template.line",
    {"description": "Changed by the matrix"},
    ["description"],
    lambda t, s: dict(
        _reference_vals("safeguarding.decision.template.line", "new"),
        template_id=t.records["reference"]["safeguarding.decision.template"].id,
    ),
)


ENTRIES["safeguarding.job.failure"] = Entry(
    "safeguarding.job.failure",
    {"error": "Changed by the matrix"},
    ["job", "record_name", "error"],
    lambda t, s: {
        "job": "Matrix job",
        "res_model": "safeguarding.case",
        "res_id": t.cases["own"].id,
        "record_name": t.cases["own"].name,
        "error": "The matrix failed it.",
    },
)


def _agreement_vals(test, situation):
    company = test.company2 if situation == "company2" else test.company
    return {
        "name": f"Matrix agreement {situation}",
        "company_id": company.id,
        "partner_ids": [(6, 0, test.mash.ids)],
        "purpose": "Referrals.",
        "date_from": "2026-01-01",
    }


ENTRIES["safeguarding.sharing.agreement"] = Entry(
    "safeguarding.sharing.agreement",
    {"purpose": "Changed by the matrix"},
    ["name", "purpose"],
    _agreement_vals,
)


def _subject_access_log_vals(test, situation):
    company = test.company2 if situation == "company2" else test.company
    return {
        "partner_id": test.parent.id,
        "user_id": test.lead.id,
        "company_id": company.id,
        "date": "2026-03-02 10:00:00",
        "output_format": "csv",
    }


ENTRIES["safeguarding.subject.access.log"] = Entry(
    "safeguarding.subject.access.log",
    {"output_format": "pdf"},
    ["partner_id", "output_format"],
    _subject_access_log_vals,
)


def _situation_company(test, situation):
    return test.company2 if situation == "company2" else test.company


ENTRIES["safeguarding.integrity.head"] = Entry(
    "safeguarding.integrity.head",
    {"last_hash": "Changed by the matrix"},
    ["chain", "chain_length"],
    # A chain of its own: never one that sealing or Verify reads.
    lambda t, s: {
        "chain": f"matrix.chain.{s}",
        "company_id": _situation_company(t, s).id,
        "chain_length": 1,
        "last_hash": "2$matrix",
        "format1_boundary": 0,
        "seal": "matrix",
    },
)
ENTRIES["safeguarding.integrity.checkpoint"] = Entry(
    "safeguarding.integrity.checkpoint",
    {"content": "Changed by the matrix"},
    ["date", "content"],
    lambda t, s: {
        "company_id": _situation_company(t, s).id,
        "date": "2026-03-02 10:00:00",
        "trigger": "manual",
        "content": "{}",
    },
)


def _reply_time_vals(test, situation, year=2031):
    """A reply time of the matrix's own, after the shipped ones (ended in 2029)."""
    company = test.company2 if situation == "company2" else test.company
    return {
        "company_id": company.id,
        "rating": "red",
        "hours": 4,
        "calendar_id": test.env.ref(
            "safeguarding_info_sharing.resource_calendar_england_wales"
        ).id,
        "date_from": f"{year}-01-01",
        "date_to": f"{year}-12-31",
    }


ENTRIES["safeguarding.reply.time"] = Entry(
    "safeguarding.reply.time",
    {"hours": 9.0},
    ["rating", "hours"],
    _reply_time_vals,
)


def entry_model(entry_name):
    return entry_name.split(":")[0]


@tagged("post_install", "-at_install")
class TestAccessMatrix(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company2 = env["res.company"].create({"name": "Second Test Council"})
        in_company2 = {
            "company_id": cls.company2.id,
            "company_ids": [(6, 0, cls.company2.ids)],
        }
        cls.practitioner_unnamed = new_test_user(
            env, "m_practitioner_unnamed", groups=GROUP + "practitioner"
        )
        cls.lead_named = new_test_user(env, "m_lead_named", groups=GROUP + "lead")
        cls.manager2 = new_test_user(
            env, "m_manager2", groups=GROUP + "manager", **in_company2
        )
        cls.practitioner2 = new_test_user(
            env, "m_practitioner2", groups=GROUP + "practitioner", **in_company2
        )
        cls.lead2 = new_test_user(env, "m_lead2", groups=GROUP + "lead", **in_company2)
        cls.system = new_test_user(
            env, "m_system", groups="base.group_user,base.group_system"
        )
        cls.follower = new_test_user(env, "m_follower", groups="base.group_user")
        cls.portal_child = new_test_user(
            env, "m_portal_child", groups="base.group_portal"
        )
        cls.roles = {
            "practitioner": cls.practitioner,
            "practitioner_unnamed": cls.practitioner_unnamed,
            "lead": cls.lead,
            "lead_named": cls.lead_named,
            "manager": cls.manager,
            "manager_other_company": cls.manager2,
            "admin": cls.sg_admin,
            "system": cls.system,
            "follower": cls.follower,
            "portal_child": cls.portal_child,
        }

        child = cls.portal_child.partner_id
        child.company_id = False
        Case = env["safeguarding.case"]
        cls.case.child_id = child
        cls.cases = {
            "own": cls.case,
            "other": Case.create({"child_id": child.id, "user_id": cls.colleague.id}),
            "restricted": Case.create(
                {
                    "child_id": child.id,
                    "user_id": cls.colleague.id,
                    "member_ids": [(6, 0, (cls.practitioner | cls.lead_named).ids)],
                    "restricted": True,
                    "restriction_reason": "Child of a member of staff.",
                }
            ),
            "company2": Case.create(
                {
                    "child_id": child.id,
                    "user_id": cls.practitioner2.id,
                    "company_id": cls.company2.id,
                }
            ),
        }
        for case in cls.cases.values():
            case.message_subscribe(partner_ids=cls.follower.partner_id.ids)

        cls.records = {}
        cls.share_drafts = {}
        for situation, case in cls.cases.items():
            signer = cls.lead2 if situation == "company2" else cls.lead_named
            Decision = env["safeguarding.decision"]
            draft, share_draft, recorded = Decision.create(
                [cls.decision_vals(cls, case) for _i in range(3)]
            )
            for decision in draft | share_draft | recorded:
                cls.confirm_principles(decision)
            env["safeguarding.disclosure"].create(
                [
                    cls.disclosure_vals(cls, share_draft),
                    cls.disclosure_vals(cls, recorded),
                ]
            )
            recorded.action_submit()
            recorded.with_user(signer).action_approve()
            recorded.action_record()
            consents = env["safeguarding.consent"].create(
                [cls.consent_vals(cls, case), cls.consent_vals(cls, case, given=True)]
            )
            cls.share_drafts[situation] = share_draft
            cls.records[situation] = {
                "safeguarding.case": case,
                "safeguarding.case.person": case.person_ids.filtered(
                    lambda p: p.partner_id == cls.parent and p.role == "parent"
                )
                or env["safeguarding.case.person"].create(
                    {"case_id": case.id, "partner_id": cls.parent.id, "role": "parent"}
                ),
                "safeguarding.decision:draft": draft,
                "safeguarding.decision:recorded": recorded,
                "safeguarding.decision.principle:draft": draft.principle_ids[:1],
                "safeguarding.decision.principle:recorded": recorded.principle_ids[:1],
                "safeguarding.decision.recipient:draft": draft.recipient_ids[:1]
                or env["safeguarding.decision.recipient"].create(
                    {"decision_id": draft.id, "partner_id": cls.mash.id}
                ),
                "safeguarding.decision.recipient:recorded": recorded.recipient_ids[:1],
                "safeguarding.decision.signoff": recorded.signoff_ids[:1],
                "safeguarding.decision.police.reference": env[
                    "safeguarding.decision.police.reference"
                ].create(
                    {
                        "decision_id": recorded.id,
                        "reference": "CAD-1/25",
                        "user_id": cls.colleague.id,
                        "date": fields.Datetime.now(),
                    }
                ),
                "safeguarding.decision.telling": env[
                    "safeguarding.decision.telling"
                ].create(
                    {
                        "decision_id": recorded.id,
                        "moment": "after",
                        "told": False,
                        "not_told_reason": "Telling the family would alert him.",
                        "user_id": cls.colleague.id,
                        "date_logged": fields.Datetime.now(),
                    }
                ),
                "safeguarding.disclosure:draft": share_draft.disclosure_ids,
                "safeguarding.disclosure:recorded": recorded.disclosure_ids,
                "safeguarding.consent:requested": consents[0],
                "safeguarding.consent:given": consents[1],
                "safeguarding.consent.event": consents[1].event_ids[:1],
                "safeguarding.advice": env["safeguarding.advice"].create(
                    cls.advice_vals(cls, case)
                ),
                "safeguarding.disclosure.breach": env[
                    "safeguarding.disclosure.breach"
                ].create(cls.breach_vals(cls, recorded.disclosure_ids)),
                "safeguarding.case.access.log": env[
                    "safeguarding.case.access.log"
                ].create(
                    {
                        "case_id": case.id,
                        "user_id": cls.colleague.id,
                        "date": fields.Datetime.now(),
                    }
                ),
            }
        # The log is a view: reading it flushes what it reads (its _depends).
        for situation, case in cls.cases.items():
            cls.records[situation]["safeguarding.sharing.log"] = env[
                "safeguarding.sharing.log"
            ].search([("case_id", "=", case.id)], limit=1)
        # Requests: one open, one answered (ours, by the partner's reply), with it.
        for situation, case in cls.cases.items():
            requests = env["safeguarding.request"].create(
                [cls.request_vals(cls, case), cls.request_vals(cls, case, sent=True)]
            )
            requests[1]._add_exchange(
                {
                    "kind": "reply_received",
                    "date": requests[1].date_request,
                    "summary": "Attendance.",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment.",
                }
            )
            cls.records[situation].update(
                {
                    "safeguarding.request:open": requests[0],
                    "safeguarding.request:answered": requests[1],
                    "safeguarding.request.exchange": requests[1].exchange_ids,
                }
            )
        # The shipped reply times end before the matrix's own.
        env["safeguarding.reply.time"].search([]).write({"date_to": "2029-12-31"})
        for situation in REGISTER_SITUATIONS:
            cls.records[situation].update(
                {
                    model: env[model].create(ENTRIES[model].create(cls, situation))
                    for model in REGISTER_MODELS
                    if model != "safeguarding.reply.time"
                }
            )
            cls.records[situation]["safeguarding.reply.time"] = env[
                "safeguarding.reply.time"
            ].create(_reply_time_vals(cls, situation, year=2030))
        cls.records["reference"] = {}
        for model in REFERENCE_MODELS:
            vals = _reference_vals(model, "existing")
            if model == "safeguarding.decision.template.line":
                vals["template_id"] = cls.records["reference"][
                    "safeguarding.decision.template"
                ].id
            cls.records["reference"][model] = env[model].create(vals)
        cls.records["reference"] |= {
            model: env[model].create(ENTRIES[model].create(cls, "reference"))
            for model in JOB_FAILURE_MODELS
        }
        # A recipient no decision has yet, for the rows created by the matrix.
        cls.matrix_recipient = env["res.partner"].create(
            {"name": "Matrix recipient", "is_company": True}
        )
        # A principle no decision has yet, for the lines created by the matrix.
        cls.extra_principle = env["safeguarding.principle"].create(
            {"code": "matrix_extra", "name": "Matrix extra principle"}
        )

    def decision_vals(self, case):
        # Called on the class too (setUpClass): the common complete share, on ``case``.
        return DecisionCommon.share_vals(self, case_id=case.id)

    def breach_vals(self, disclosure):
        return {
            "disclosure_id": disclosure.id,
            "kind": "wrong_recipient",
            "description": "Sent to the wrong team.",
        }

    def consent_vals(self, case, given=False):
        vals = {
            "case_id": case.id,
            "given_by_id": self.parent.id,
            "relationship": "parent",
            "scope_information": "School reports.",
        }
        if given:
            vals.update(
                state="given",
                date_given=fields.Datetime.now(),
                scope_recipient_ids=[(6, 0, self.school.ids)],
                scope_purpose_ids=[(6, 0, self.other_purpose.ids)],
            )
        return vals

    def request_vals(self, case, sent=False):
        return {
            "case_id": case.id,
            "direction": "sent" if sent else "received",
            "organisation_id": self.mash.id,
            "information_requested": "What the service knows of the family.",
            "user_id": case.user_id.id,
        }

    def advice_vals(self, case):
        return {
            "case_id": case.id,
            "adviser_id": self.mash_worker.id,
            "adviser_role": "dsl",
            "question": "May we share the injuries?",
            "advice": "Yes, with the MASH.",
            "outcome": "Shared with the MASH.",
        }

    # The operations, as ``user``; each returns the record it created or acted on.

    def _create(self, entry, user, record, situation):
        vals = entry.create(self, situation)
        return self.env[entry.model].with_user(user).create(vals)

    def _read(self, entry, user, record, situation):
        values = record.with_user(user).read(entry.read)
        expected = record.sudo().read(entry.read)
        self.assertEqual(values, expected)
        found = self.env[entry.model].with_user(user).search([("id", "=", record.id)])
        self.assertEqual(found.ids, record.ids)
        return record

    def _write(self, entry, user, record, situation):
        record.with_user(user).write(dict(entry.write))
        return record

    def _unlink(self, entry, user, record, situation):
        record.with_user(user).unlink()
        return record

    def _snapshot(self, entry, record):
        """What a refused operation must leave as it was, read as superuser."""
        self.env.invalidate_all()
        model = self.env[entry.model].sudo().with_context(active_test=False)
        return (
            model.search_count([]),
            record.sudo().with_context(active_test=False).exists().ids,
            record.sudo().read(list(entry.write) + entry.read),
        )

    def _check_cell(self, entry_name, role, situation, operation, code):
        entry = ENTRIES[entry_name]
        user = self.roles[role]
        record = self.records[situation][entry_name]
        self.assertEqual(len(record), 1, "the matrix needs its record")
        before = self._snapshot(entry, record)
        savepoint = self.env.cr.savepoint()
        try:
            self.env.invalidate_all()
            refusal = None
            try:
                result = getattr(self, "_" + operation)(entry, user, record, situation)
                self.env.flush_all()
            except UserError as error:  # AccessError is a UserError
                refusal = error
            expected = OUTCOMES[code]
            if expected is None:
                self.assertIsNone(refusal, f"refused: {refusal}")
                self._assert_done(entry, operation, result, before)
                return
            self.assertIs(type(refusal), expected, f"{refusal!r}")
            # Rolled back as a failed request is, nothing of it may remain.
            savepoint.rollback()
            self.env.clear()
            self.assertEqual(self._snapshot(entry, record), before)
            if operation == "read":
                # Nor does a search find what cannot be read.
                try:
                    found = (
                        self.env[entry.model]
                        .with_user(user)
                        .search_count([("id", "=", record.id)])
                    )
                except AccessError:
                    found = 0
                self.assertEqual(found, 0)
        finally:
            savepoint.close(rollback=True)
            self.env.clear()

    def _assert_done(self, entry, operation, result, before):
        self.env.invalidate_all()
        count = before[0]
        model = self.env[entry.model].sudo().with_context(active_test=False)
        if operation == "create":
            self.assertEqual(model.search_count([]), count + 1)
            self.assertTrue(result.sudo().exists())
        elif operation == "write":
            values = result.sudo().read(list(entry.write))[0]
            for name, value in entry.write.items():
                self.assertEqual(
                    values[name],
                    fields.Datetime.to_datetime(value) if name == "date" else value,
                )
        elif operation == "unlink":
            self.assertFalse(result.sudo().exists())
            self.assertEqual(model.search_count([]), count - 1)

    def test_access_matrix(self):
        cells = 0
        for entry_name, by_role in MATRIX.items():
            situations = (
                REFERENCE
                if entry_name in REFERENCE_MODELS + JOB_FAILURE_MODELS
                else REGISTER_SITUATIONS
                if entry_name in REGISTER_MODELS
                else SITUATIONS
            )
            for role in ROLES:
                codes = by_role[role]
                codes = (codes,) if isinstance(codes, str) else codes
                for situation, code in zip(situations, codes, strict=True):
                    for operation, outcome in zip(OPERATIONS, code, strict=True):
                        with self.subTest(
                            model=entry_name,
                            role=role,
                            situation=situation,
                            operation=operation,
                            expected=outcome,
                        ):
                            self._check_cell(
                                entry_name, role, situation, operation, outcome
                            )
                        cells += 1
        self.assertEqual(cells, 4520)

    def test_matrix_covers_every_model_and_role(self):
        """A model added to the addon fails here until the matrix has its rows."""
        models = self.env["ir.model"].search([("model", "=like", "safeguarding.%")])
        concrete = {
            model.model
            for model in models
            if not model.transient and not self.env[model.model]._abstract
        }
        self.assertEqual({entry_model(name) for name in MATRIX}, concrete)
        self.assertEqual(set(MATRIX), set(ENTRIES))
        for entry_name, by_role in MATRIX.items():
            self.assertEqual(set(by_role), set(ROLES), entry_name)
        # The two tables name every role, and a role that sees a case either works
        # on it or manages it.
        self.assertEqual(set(SEES), set(ROLES))
        self.assertEqual(set(REFERENCE_RIGHTS), set(ROLES))
        for sees in (SEES, *SEES_EXCEPTIONS.values()):
            for role, situations in sees.items():
                self.assertLessEqual(set(situations), set(SITUATIONS), role)
                if situations:
                    self.assertIn(role, WORKERS + MANAGERS)
        self.assertLessEqual(set(SEES_EXCEPTIONS), set(RIGHTS))

    def test_one_company_rule_per_model(self):
        """Company isolation is one global rule per model on its own stored
        company_id; the group rules only say who sees which case."""
        models = self.env["ir.model"].search([("model", "=like", "safeguarding.%")])
        with_company = sorted(
            model.model
            for model in models
            if not model.transient
            and not self.env[model.model]._abstract
            and "company_id" in self.env[model.model]._fields
        )
        self.assertEqual(
            with_company,
            sorted({entry_model(name) for name in RIGHTS} | set(REGISTER_MODELS)),
        )
        rules = self.env["ir.rule"].search(
            [("model_id.model", "=like", "safeguarding.%")]
        )
        # Two factors for case data: one more global rule on each model of case
        # data, which holds no company (tests/test_second_factor.py).
        xmlids = rules.get_external_id()
        second_factor = rules.filtered(
            lambda r: xmlids[r.id].endswith("_rule_second_factor")
        )
        rules -= second_factor
        # A wizard has no company: its only global rule keeps it to its creator.
        # Verify's results are read in the companies they cover.
        wizard_rules = rules.filtered(lambda r: r.model_id.transient)
        self.assertEqual(
            sorted(
                (r.model_id.model, r.domain_force, r["global"]) for r in wizard_rules
            ),
            [
                (
                    "safeguarding.integrity.check",
                    "[('company_ids', 'in', company_ids)]",
                    True,
                ),
                (
                    "safeguarding.integrity.check.line",
                    "[('company_id', 'in', company_ids)]",
                    True,
                ),
                (
                    "safeguarding.integrity.checkpoint.verify",
                    "[('create_uid', '=', user.id)]",
                    True,
                ),
                ("safeguarding.role.change", "[('create_uid', '=', user.id)]", True),
                (
                    "safeguarding.subject.access",
                    "[('create_uid', '=', user.id)]",
                    True,
                ),
            ],
        )
        rules -= wizard_rules
        global_rules = rules.filtered("global")
        self.assertEqual(
            sorted(second_factor.mapped("model_id.model")), sorted(SECOND_FACTOR_MODELS)
        )
        # Every model of case data has it: all those of a company but the registers
        # that hold none.
        self.assertEqual(
            sorted(set(with_company) - set(NO_CASE_DATA)),
            sorted(
                name for name in SECOND_FACTOR_MODELS if not self.env[name]._transient
            ),
        )
        for rule in second_factor:
            self.assertEqual(
                rule.domain_force,
                "[(0, '=', 1)] if safeguarding_second_factor_missing else []",
            )
        for model_name in with_company:
            with self.subTest(model=model_name):
                model = self.env[model_name]
                field = model._fields["company_id"]
                self.assertTrue(field.store)
                rule = global_rules.filtered(
                    lambda r, m=model_name: r.model_id.model == m
                )
                self.assertEqual(len(rule), 1)
                self.assertEqual(
                    rule.get_external_id()[rule.id],
                    f"safeguarding_info_sharing.{model._table}_rule_company",
                )
                self.assertEqual(
                    rule.domain_force, "[('company_id', 'in', company_ids)]"
                )
                perms = ("perm_read", "perm_write", "perm_create", "perm_unlink")
                self.assertEqual([rule[perm] for perm in perms], [True] * 4)
        self.assertEqual(len(global_rules), len(with_company))
        for rule in rules - global_rules:
            with self.subTest(rule=rule.name):
                self.assertNotIn("company", rule.domain_force)

    def test_follower_and_child_see_nothing(self):
        """Following a case or being its child grants nothing, searches included."""
        case = self.cases["own"]
        self.assertIn(self.follower.partner_id, case.message_partner_ids)
        self.assertEqual(case.child_id, self.portal_child.partner_id)
        for user in (self.follower, self.portal_child):
            for entry_name, entry in ENTRIES.items():
                # Reference data, the reply times included, is every user's to read.
                if entry_name in (*REFERENCE_MODELS, "safeguarding.reply.time"):
                    continue
                with self.subTest(user=user.login, model=entry.model):
                    self.env.invalidate_all()
                    with self.assertRaises(AccessError):
                        self.env[entry.model].with_user(user).search([])
            # Nor do the case's messages reach them through the chatter.
            messages = (
                self.env["mail.message"]
                .with_user(user)
                .search([("model", "=", "safeguarding.case"), ("res_id", "=", case.id)])
            )
            self.assertFalse(messages)

    def test_no_principle_line_added_to_a_recorded_decision(self):
        # Regression (fixed in 361108b): the lock mixin guarded write and unlink only,
        # so a confirmed principle line could be created on a recorded decision.
        decision = self.records["own"]["safeguarding.decision:recorded"]
        line = {
            "principle_id": self.extra_principle.id,
            "confirmed": True,
            "justification": "Confirmed after the decision was recorded.",
        }
        as_practitioner = self.as_user(self.practitioner, decision)
        with self.assertRefused(UserError, "can no longer be changed"):
            as_practitioner.write({"principle_ids": [(0, 0, line)]})
        with self.assertRefused(UserError, "can no longer be changed"):
            self.env["safeguarding.decision.principle"].with_user(
                self.practitioner
            ).create(dict(line, decision_id=decision.id))
        self.env.invalidate_all()
        self.assertNotIn(self.extra_principle, decision.principle_ids.principle_id)

    def test_principles_frozen_once_submitted(self):
        # Regression (fixed in 361108b): a principle line was only locked once its
        # decision was recorded, so a justification could be rewritten or deleted
        # after the lead signed the decision off.
        decision = self.records["own"]["safeguarding.decision:draft"]
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        line = self.as_user(self.practitioner, decision.principle_ids[:1])
        justification = line.sudo().justification
        with self.assertRefused(UserError, "can no longer be changed"):
            line.write({"justification": "Rewritten after sign-off."})
        with self.assertRefused(UserError, "can no longer be changed"):
            line.unlink()
        self.env.invalidate_all()
        self.assertEqual(line.sudo().justification, justification)

"""The access policy, proved by tests generated from the registry and the declarations
(models/safeguarding_policy.py), not written model by model.

- Every model of the addon declares itself; a model added without a declaration, or
  holding case data without saying so, fails here (shown with a throwaway model).
- The access rights and record rules in the database are exactly those the
  declarations imply.
- From outside, over JSON-RPC on a running server, as each role (a practitioner off
  the case, a practitioner of another company, a lead, a manager, a safeguarding
  administrator, Odoo's administrator, a user named on the case without two factors,
  the child's portal account): every model of the addon, wizards included, x create,
  read, search_read, web_search_read, read_group, write of each stored field,
  unlink, copy, name_search and export; every model the mail module places on a
  record x moves onto one the caller may not read; the routes the web client uses
  (the chatter's, attachments' download, the printed records').
"""

import base64
import inspect
import json
import re
import threading
from contextlib import contextmanager
from types import SimpleNamespace
from unittest.mock import patch

from odoo import Command, fields, http, models
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.safeguarding_policy import (
    MODULE,
    Extension,
    Policy,
    addon_models,
    case_data_models,
    holds_case_data,
    policy_of,
)
from .common import (
    ACCESS_ERROR,
    GROUP,
    DecisionCommon,
    RpcClient,
    enable_second_factor,
    require_second_factor,
    rpc_user,
)

# What a refusal may be: never an unhandled server error.
REFUSALS = {
    ACCESS_ERROR,
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}
POLICY_MIXIN = "safeguarding.policy.mixin"
SEAL_FIELDS = ("integrity_sequence", "integrity_hash")
NO_EXPORT = "You don't have the rights to export data. Please contact an Administrator."
CASE = "safeguarding.case"

# The parameters by which a route names a record.
RECORD_PARAMETERS = {
    "id",
    "res_id",
    "thread_id",
    "docids",
    "ids",
    "message_id",
    "attachment_id",
    "attachment",
    "follower_id",
    "file_ids",
}
EDITORS = ("html_editor", "web_editor")
# Every route that names a record, and every route of the addon: (pattern of its
# rule, family). A family of TRIED is tried on a record out of reach; any other
# says why it reaches no case data.
ROUTES = (
    (r"^/web/dataset/call_(kw|button)", "covered: every model x operation, above"),
    (r"^/web/content", "content"),
    (r"^/web/image", "image"),
    (r"^/web/binary/upload_attachment$", "upload"),
    (r"^/web/dataset/resequence$", "resequence"),
    (r"^/mail/thread/data$", "thread_data"),
    (r"^/mail/thread/messages$", "thread_messages"),
    (r"^/mail/message/post$", "post"),
    (r"^/mail/message/update_content$", "update_content"),
    (r"^/mail/message/reaction$", "reaction"),
    (r"^/mail/read_subscription_data$", "subscription"),
    (r"^/mail/unfollow$", "unfollow"),
    (r"^/mail/view$", "view"),
    (r"^/mail/message/<int:message_id>$", "message_redirect"),
    (r"^/mail/message/translate$", "message_translate"),
    (r"^/mail/link_preview$", "message_link_preview"),
    (r"^/discuss/channel/mark_as_unread$", "mark_as_unread"),
    (r"^/mail/attachment/upload$", "attachment_upload"),
    (r"^/mail/attachment/delete$", "attachment_delete"),
    (r"^/mail/attachment/zip$", "attachment_zip"),
    (r"^/discuss/channel/<int:channel_id>/(attachment|image)/", "channel_attachment"),
    (r"^/report/(<converter>|download)", "report"),
    (r"^/(html_editor|web_editor)/attachment/add_(data|url)$", "editor_add"),
    (r"^/(html_editor|web_editor)/modify_image/", "editor_modify"),
    (r"^/(html_editor|web_editor)/bus_broadcast$", "editor_broadcast"),
    (r"^/web_editor/attachment/remove$", "editor_remove"),
    (r"^/web_editor/(checklist|stars)$", "editor_checklist"),
    (r"^/base_import/set_file$", "no case data: a file of the user's own import"),
    (
        r"^/web_enterprise/partner/",
        "no case data: a contact's card (a child's health identifiers are nobody's)",
    ),
    (r"^/web/speedscope/", "no case data: a profile, Odoo's administrators' alone"),
    # The addon's own routes.
    (
        r"^/(html_editor|web_editor)/generate_text$",
        "no record: AI text, refused to safeguarding roles (no outgoing test)",
    ),
    (
        r"^/html_editor/link_preview_external$",
        "no record: fetches nothing (no outgoing test)",
    ),
)
TRIED = {family for _pattern, family in ROUTES if " " not in family}
# A one-pixel PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

# The roles the policy keeps out, each as the roles of the declarations it holds and
# where it stands: "named" on the cases, its "company", two factors enabled.
ROLES = {
    "practitioner_off_the_case": {"roles": {"practitioner", "user"}},
    "practitioner_of_another_company": {
        "roles": {"practitioner", "user"},
        "company": 2,
    },
    "lead": {"roles": {"practitioner", "lead", "user"}},
    "manager": {"roles": {"manager", "user"}},
    "safeguarding_administrator": {"roles": {"admin", "user"}},
    "odoo_administrator": {"roles": {"admin", "system", "user"}},
    "named_without_two_factors": {
        "roles": {"practitioner", "user"},
        "named": True,
        "second_factor": False,
    },
    "portal": {"roles": set()},
}


# Which models may hold what, from the registry


def policy_problems(env):
    """What is wrong with the declarations of the addon's models, in words: an empty
    list when every model declares itself, consistently with its fields."""
    problems = []
    case_data = set(case_data_models(env))
    for name in addon_models(env):
        model = env[name]
        policy = policy_of(env, name)
        if not isinstance(policy, Policy):
            problems.append(f"{name} declares no access policy (_safeguarding)")
            continue
        if not isinstance(model, env.registry[POLICY_MIXIN]):
            problems.append(f"{name} does not inherit {POLICY_MIXIN}")
        declared = {
            policy.parent,
            policy.reference,
            *policy.fixed,
            *policy.server,
            *policy.after_creation,
            *policy.open_when_locked,
            *policy.role_fields,
            *(f for names in policy.moves.values() for f in names),
        } - {None}
        problems += [
            f"{name} declares {fname}, which it has not"
            for fname in sorted(declared - set(model._fields))
        ]
        if policy.kind == "case_data":
            parent = model._fields.get(policy.parent) if policy.parent else None
            if policy.parent and not (parent and parent.type == "many2one"):
                problems.append(f"{name}: its parent is no many2one")
            for column in (
                ("company_id", "case_id") if name != CASE else ("company_id",)
            ):
                if not (column in model._fields and model._fields[column].store):
                    problems.append(f"{name} is case data without a stored {column}")
        # A model linked to case data holds case data: it says so.
        if name not in case_data:
            problems += [
                f"{name} links case data ({fname}) but is declared {policy.kind}"
                for fname, field in model._fields.items()
                if field.store
                and field.type == "many2one"
                and field.comodel_name in case_data
            ]
    # Odoo's models the addon adds server fields to declare only fields they have.
    for name, model in env.registry.items():
        policy = getattr(model, "_safeguarding", None)
        if isinstance(policy, Extension):
            declared = {
                *policy.server,
                *(f for fs in policy.moves.values() for f in fs),
            }
            problems += [
                f"{name} declares {fname}, which it has not"
                for fname in sorted(declared - set(env[name]._fields))
            ]
    return problems


@contextmanager
def throwaway_models(env, *classes):
    """``classes`` (model classes of the addon made in a test) in the registry and
    the database for the while; both as they were afterwards."""
    registry = env.registry
    names = []
    try:
        for cls in classes:
            names.append(cls._build_model(registry, env.cr)._name)
        registry.setup_models(env.cr)
        registry.init_models(env.cr, names, {"module": MODULE}, install=True)
        yield [env[name] for name in names]
    finally:
        for name in names:
            if name in registry:
                del registry[name]
        registry.setup_models(env.cr)


def throwaway_class(name, declaration=None, parent=True):
    """A model class of the addon, made here and kept out of the addon's list of
    classes (the next registry would build it)."""
    attrs = {
        "__module__": __name__,
        "_name": name,
        "_description": "Throwaway",
        "_module": MODULE,
        "_inherit": [POLICY_MIXIN],
        "note": fields.Char(),
    }
    if parent:
        attrs["case_id"] = fields.Many2one(CASE)
        attrs["company_id"] = fields.Many2one(related="case_id.company_id", store=True)
    if declaration is not None:
        attrs["_safeguarding"] = declaration
    cls = type("Throwaway", (models.Model,), attrs)
    models.MetaModel.module_to_models[MODULE].remove(cls)
    return cls


@tagged("post_install", "-at_install")
class TestPolicyDeclarations(TransactionCase):
    def test_every_model_of_the_addon_declares_itself(self):
        self.assertEqual(policy_problems(self.env), [])
        # Every kind is there, and case data holds the case and its records.
        kinds = {policy_of(self.env, name).kind for name in addon_models(self.env)}
        self.assertEqual(kinds, {"case_data", "wizard", "register", "reference"})
        self.assertIn(CASE, case_data_models(self.env))

    def test_odoo_s_models_extended_declare_their_server_fields(self):
        self.assertEqual(
            {
                name: sorted(model._safeguarding.moves)
                for name, model in self.env.registry.items()
                if isinstance(getattr(model, "_safeguarding", None), Extension)
            },
            {
                "mail.activity": ["request_watch", "withdrawal_notice"],
                "mail.mail": ["notification", "request_reply"],
            },
        )
        self.assertIsNone(policy_of(self.env, "mail.activity"))

    def test_a_model_added_without_a_declaration_fails(self):
        from ..models.safeguarding_policy import WORK, CaseData

        with throwaway_models(
            self.env, throwaway_class("safeguarding.throwaway.undeclared")
        ):
            self.assertIn(
                "safeguarding.throwaway.undeclared declares no access policy "
                "(_safeguarding)",
                policy_problems(self.env),
            )
        # Declared as a register while it links a case: it must say case data.
        with throwaway_models(
            self.env,
            throwaway_class(
                "safeguarding.throwaway.register",
                __import__(
                    "odoo.addons.safeguarding_info_sharing.models.safeguarding_policy",
                    fromlist=["Register"],
                ).Register(read=WORK),
            ),
        ):
            self.assertIn(
                "safeguarding.throwaway.register links case data (case_id) but is "
                "declared register",
                policy_problems(self.env),
            )
        # Declared, it joins: its rights and rules come from its declaration alone.
        with throwaway_models(
            self.env,
            throwaway_class(
                "safeguarding.throwaway.declared",
                CaseData(create=WORK, read=("practitioner", "manager"), write=WORK),
            ),
        ) as (model,):
            self.assertEqual(policy_problems(self.env), [])
            self.assertIn(model._name, case_data_models(self.env))
            self.env["safeguarding.policy"]._apply()
            rules = self.env["ir.rule"].search([("model_id.model", "=", model._name)])
            self.assertEqual(
                sorted(rules.mapped(lambda r: (r.domain_force, r.groups.ids))),
                sorted(
                    [
                        ("[('company_id', 'in', company_ids)]", []),
                        (
                            (
                                "[(0, '=', 1)] if safeguarding_second_factor_missing "
                                "else []"
                            ),
                            [],
                        ),
                        (
                            (
                                "['|', ('case_id.user_id', '=', user.id), "
                                "('case_id.member_ids', 'in', user.id)]"
                            ),
                            self.env.ref(GROUP + "practitioner").ids,
                        ),
                        (
                            (
                                "['|', ('case_id.restricted', '=', False), '|', "
                                "('case_id.user_id', '=', user.id), "
                                "('case_id.member_ids', 'in', user.id)]"
                            ),
                            self.env.ref(GROUP + "manager").ids,
                        ),
                    ]
                ),
            )
            accesses = self.env["ir.model.access"].search(
                [("model_id.model", "=", model._name)]
            )
            self.assertEqual(
                sorted(
                    accesses.mapped(
                        lambda a: (
                            a.group_id.id,
                            a.perm_read,
                            a.perm_write,
                            a.perm_create,
                            a.perm_unlink,
                        )
                    )
                ),
                sorted(
                    [
                        (
                            self.env.ref(GROUP + "practitioner").id,
                            True,
                            True,
                            True,
                            False,
                        ),
                        (self.env.ref(GROUP + "manager").id, True, False, False, False),
                    ]
                ),
            )
            # Its guards too: a client gives none of what the ORM computes.
            self.assertEqual(model._policy_fields()[1], frozenset({"company_id"}))

    def test_the_database_holds_the_declarations_and_nothing_else(self):
        Policy = self.env["safeguarding.policy"]
        expected_rules, expected_accesses = {}, {}
        for name in addon_models(self.env):
            policy = policy_of(self.env, name)
            for data in Policy._rules(name, policy):
                expected_rules[data["xml_id"]] = data["values"]
            for data in Policy._accesses(name, policy):
                expected_accesses[data["xml_id"]] = data["values"]
        rules = self.env["ir.rule"].search(
            [("model_id.model", "in", addon_models(self.env))]
        )
        self.assertEqual(
            sorted(rules.get_external_id().values()), sorted(expected_rules)
        )
        for rule in rules:
            values = expected_rules[rule.get_external_id()[rule.id]]
            self.assertEqual(
                (rule.domain_force, rule.groups.ids),
                (values["domain_force"], values["groups"][0][2]),
            )
        accesses = self.env["ir.model.access"].search(
            [("model_id.model", "in", addon_models(self.env))]
        )
        self.assertEqual(
            sorted(accesses.get_external_id().values()), sorted(expected_accesses)
        )
        for access in accesses:
            values = expected_accesses[access.get_external_id()[access.id]]
            self.assertEqual(
                [access[f"perm_{op}"] for op in ("read", "write", "create", "unlink")],
                [values[f"perm_{op}"] for op in ("read", "write", "create", "unlink")],
            )
        # Two factors guard every model of case data, and only those.
        second_factor = rules.filtered(
            lambda r: r.get_external_id()[r.id].endswith("_rule_second_factor")
        )
        self.assertEqual(
            sorted(second_factor.model_id.mapped("model")),
            sorted(case_data_models(self.env)),
        )


# From outside, as each role


def _ids(value):
    """The record ids a read value names (many2one pair, x2many list)."""
    if isinstance(value, list) and value and isinstance(value[0], int):
        return value
    return []


@tagged("post_install", "-at_install")
class TestPolicyFromOutside(RpcClient, HttpCase, DecisionCommon):
    """Every model of the addon x every operation x every role, expected outcomes
    derived from the declarations; one server session per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company2 = env["res.company"].create({"name": "Policy Second Council"})

        def user(login, groups, company=None):
            return rpc_user(env, login, groups, company)

        cls.owner = user("g_owner", GROUP + "practitioner")
        cls.signer = user("g_signer", GROUP + "lead")
        cls.users = {
            "practitioner_off_the_case": user("g_off", GROUP + "practitioner"),
            "practitioner_of_another_company": user(
                "g_foreign", GROUP + "practitioner", cls.company2
            ),
            "lead": user("g_lead", GROUP + "lead"),
            "manager": user("g_manager", GROUP + "manager"),
            "safeguarding_administrator": user("g_sg_admin", GROUP + "admin"),
            "odoo_administrator": user("g_system", "base.group_user,base.group_system"),
            "named_without_two_factors": user("g_no_2fa", GROUP + "practitioner"),
            "portal": user("g_portal", "base.group_portal"),
        }
        named = cls.users["named_without_two_factors"]
        Case = env[CASE]
        cls.cases = {
            "open": Case.create(
                {
                    "child_id": cls.child.id,
                    "user_id": cls.owner.id,
                    "member_ids": [Command.set(named.ids)],
                }
            ),
            "restricted": Case.create(
                {
                    "child_id": cls.child.id,
                    "user_id": cls.owner.id,
                    "member_ids": [Command.set((named | cls.signer).ids)],
                    "restricted": True,
                    "restriction_reason": "Child of a member of staff.",
                }
            ),
        }
        for case in cls.cases.values():
            cls._fill_case(case)
        env["safeguarding.sharing.agreement"].with_user(cls.signer).create(
            {
                "name": "Referrals to the MASH",
                "partner_ids": [Command.set(cls.mash.ids)],
                "purpose": "Referrals of children at risk.",
            }
        )
        env["safeguarding.subject.access.log"].sudo().create(
            {
                "date": fields.Datetime.now(),
                "user_id": cls.signer.id,
                "partner_id": cls.parent.id,
                "company_id": cls.env.company.id,
                "output_format": "csv",
            }
        )
        env["safeguarding.integrity.checkpoint"].sudo().create(
            {
                "company_id": cls.env.company.id,
                "date": fields.Datetime.now(),
                "trigger": "manual",
                "content": "{}",
            }
        )
        # An item a template usually shares, as its keeper writes it.
        env["safeguarding.decision.template.line"].create(
            {
                "template_id": env["safeguarding.decision.template"]
                .search([], limit=1)
                .id,
                "description": "Attendance this term.",
                "fact_or_opinion": "fact",
            }
        )
        # What a scheduled job could not treat, as its report writes it.
        env["safeguarding.job.failure"].sudo()._as_move("report").create(
            {
                "job": "Retention review",
                "res_model": CASE,
                "res_id": cls.cases["open"].id,
                "record_name": cls.cases["open"].name,
                "error": "The review failed.",
                "date": fields.Datetime.now(),
            }
        )
        cls.records = cls._sample_records()
        require_second_factor(env, True)
        for login, found in cls.users.items():
            if ROLES[login].get("second_factor", True) and login != "portal":
                enable_second_factor(found)

    # The world: a case with a record of every model of case data

    @classmethod
    def _fill_case(cls, case):
        """Record on ``case`` what a practitioner does, so that every model of case
        data has a record there."""
        env = cls.env
        owner = cls.owner

        def decision():
            found = (
                env["safeguarding.decision"]
                .with_user(owner)
                .create(cls.share_vals(cls, case_id=case.id))
            )
            cls.confirm_principles(found)
            return found

        draft, recorded = decision(), decision()
        line = {
            "description": "The bruising on the left arm.",
            "fact_or_opinion": "fact",
            "recipient_id": cls.mash_worker.id,
            "channel_id": cls.secure_channel.id,
        }
        env["safeguarding.disclosure"].with_user(owner).create(
            [dict(line, decision_id=draft.id), dict(line, decision_id=recorded.id)]
        )
        recorded.action_submit()
        recorded.with_user(cls.signer).action_approve()
        recorded.action_record()
        env["safeguarding.decision.telling"].with_user(owner)._log(
            recorded, {"told": False, "not_told_reason": "It would alert him."}
        )
        draft.with_user(owner).action_notify_police()
        env["safeguarding.decision.police.reference"].with_user(owner)._log(
            draft, "CAD-2"
        )
        consent = (
            env["safeguarding.consent"]
            .with_user(owner)
            .create(cls.consent_vals(cls, case_id=case.id))
        )
        consent.action_give()
        env["safeguarding.advice"].with_user(owner).create(
            {
                "case_id": case.id,
                "decision_id": draft.id,
                "adviser_id": cls.parent.id,
                "adviser_role": "dsl",
                "question": "Do we share without consent?",
            }
        )
        env["safeguarding.case.person"].with_user(owner).create(
            {"case_id": case.id, "partner_id": cls.parent.id, "role": "parent"}
        )
        request = (
            env["safeguarding.request"]
            .with_user(owner)
            .create(
                {
                    "case_id": case.id,
                    "direction": "sent",
                    "organisation_id": cls.mash.id,
                    "information_requested": "What the school knows.",
                }
            )
        )
        request._add_exchange(
            {
                "kind": "chased",
                "method": "phone",
                "date": fields.Datetime.now(),
                "summary": "Chased by phone.",
            }
        )
        env["safeguarding.disclosure.breach"].with_user(owner).create(
            {
                "disclosure_id": recorded.disclosure_ids.id,
                "kind": "wrong_recipient",
                "description": "Sent to the wrong team.",
            }
        )
        case.with_user(owner).read(["name"])  # an access log row, if restricted
        for thread in (case, draft, consent):
            thread.with_user(owner).message_post(
                body="A note of the case.", message_type="comment"
            )

    @classmethod
    def _sample_records(cls):
        """{model: {situation: record}}: one record of every model of the addon."""
        env = cls.env
        records = {}
        # Wizard rows, made by the owner on the open case's records.
        wizards = cls._owner_wizards()
        for name in addon_models(env):
            policy = policy_of(env, name)
            model = env[name].sudo().with_context(active_test=False)
            if policy.kind == "case_data":
                path = "id" if name == CASE else "case_id"
                records[name] = {
                    situation: model.search([(path, "=", case.id)], limit=1)
                    for situation, case in cls.cases.items()
                }
            elif policy.kind == "wizard":
                records[name] = {"open": wizards.get(name, model.browse())}
            else:
                records[name] = {"any": model.search([], limit=1)}
        return records

    @classmethod
    def _owner_wizards(cls):
        env = cls.env
        case = cls.cases["open"]
        decision = (
            env["safeguarding.decision"]
            .sudo()
            .search([("case_id", "=", case.id)], limit=1)
        )
        consent = (
            env["safeguarding.consent"]
            .sudo()
            .search([("case_id", "=", case.id)], limit=1)
        )
        request = (
            env["safeguarding.request"]
            .sudo()
            .search([("case_id", "=", case.id)], limit=1)
        )
        owner_env = env(user=cls.owner)
        signer_env = env(user=cls.signer)
        made = {
            "safeguarding.case.close": owner_env["safeguarding.case.close"].create(
                {"case_id": case.id, "close_reason": "Support in place."}
            ),
            "safeguarding.consent.withdraw": owner_env[
                "safeguarding.consent.withdraw"
            ].create(
                {
                    "consent_id": consent.id,
                    "withdrawn_by_id": cls.parent.id,
                    "withdrawal_reason": "Father moved away.",
                }
            ),
            "safeguarding.decision.telling.add": owner_env[
                "safeguarding.decision.telling.add"
            ].create(
                {"decision_id": decision.id, "told": False, "not_told_reason": "X"}
            ),
            "safeguarding.consent.notice.sent": owner_env[
                "safeguarding.consent.notice.sent"
            ].create(
                {
                    "consent_id": consent.id,
                    "recipient_id": cls.parent.id,
                    "method": "post",
                }
            ),
            "safeguarding.decision.letter": owner_env[
                "safeguarding.decision.letter"
            ].create({"decision_id": decision.id}),
            "safeguarding.request.exchange.add": owner_env[
                "safeguarding.request.exchange.add"
            ].create({"request_id": request.id, "kind": "chased"}),
            "safeguarding.decision.police.reference.add": owner_env[
                "safeguarding.decision.police.reference.add"
            ].create({"decision_id": decision.id, "reference": "CAD-3"}),
            "safeguarding.case.review": signer_env["safeguarding.case.review"].create(
                {"case_id": case.id, "reason": "Still needed."}
            ),
            "safeguarding.decision.return": signer_env[
                "safeguarding.decision.return"
            ].create({"decision_id": decision.id, "reason": "Say more."}),
            "safeguarding.subject.access": signer_env[
                "safeguarding.subject.access"
            ].create({"partner_id": cls.parent.id}),
        }
        made["safeguarding.integrity.checkpoint.verify"] = signer_env[
            "safeguarding.integrity.checkpoint.verify"
        ].create({"checkpoint_file": "e30=", "checkpoint_filename": "checkpoint.json"})
        check = signer_env["safeguarding.integrity.check"]._run(signer_env.companies)
        made["safeguarding.integrity.check"] = check
        made["safeguarding.integrity.check.line"] = check.line_ids[:1]
        made["safeguarding.handover"] = signer_env["safeguarding.handover"].create(
            {"leaver_id": cls.owner.id}
        )
        # A role given by the safeguarding administrator: the role the owner holds.
        made["safeguarding.role.change"] = env(
            user=cls.users["safeguarding_administrator"]
        )["safeguarding.role.change"].create(
            {"user_ids": [Command.set(cls.owner.ids)], "role": "practitioner"}
        )
        made["safeguarding.config.settings"] = env(
            user=cls.users["safeguarding_administrator"]
        )["safeguarding.config.settings"].create({})
        return {name: record.sudo() for name, record in made.items()}

    # What the declarations say each role may do

    def grants(self, login, name, operation):
        return bool(
            ROLES[login]["roles"] & set(getattr(policy_of(self.env, name), operation))
        )

    def sees(self, login, record):
        """Whether ``login`` reads ``record``, by its model's declaration."""
        name, spec, user = record._name, ROLES[login], self.users[login]
        policy = policy_of(self.env, name)
        if not self.grants(login, name, "read"):
            return False
        if holds_case_data(self.env, name) and not spec.get("second_factor", True):
            return False
        if policy.kind == "wizard":
            return record.create_uid == user
        company = record._fields.get("company_id")
        if (
            company
            and company.store
            and record.company_id
            and record.company_id not in user.company_ids
        ):
            return False
        if policy.kind != "case_data" or policy.scope != "case":
            return True
        case = record if name == CASE else record.case_id
        # Group rules are OR-ed; a role without one is not restricted by them.
        roles = (
            spec["roles"] & set(policy.roles()) & {"practitioner", "lead", "manager"}
        )
        named = user in case.user_id | case.member_ids
        return (
            not roles
            or named
            or (bool(roles - {"practitioner"}) and not case.restricted)
        )

    def writes(self, login, record):
        return self.sees(login, record) and self.grants(login, record._name, "write")

    # Calling

    def answer(self, login, model, method, *args, **kwargs):
        """(result, None) or (None, (error type, message)): the server's answer to
        ``model.method`` as ``login``."""
        response = self.rpc_answer(self.users[login], model, method, *args, **kwargs)
        if "error" in response:
            data = response["error"]["data"]
            return None, (data["name"], data["message"])
        return response.get("result"), None

    def assertRefused(self, error, expected=ACCESS_ERROR):
        """Refused with ``expected`` (None: any clear refusal). An export is refused
        first to whoever may not export at all, which tells nothing of the record."""
        self.assertIsNotNone(error, "not refused")
        if expected and error[1] != NO_EXPORT:
            self.assertEqual(error[0], expected, error[1])
        else:
            self.assertIn(error[0], REFUSALS, error[1])

    # Values

    def stored_fields(self, record):
        return [
            name
            for name, field in record._fields.items()
            if field.store
            and field.type != "one2many"
            and name not in models.MAGIC_COLUMNS
            and not field.groups
        ]

    def value_of(self, record, name):
        """The value of a field as a client writes it back."""
        field = record._fields[name]
        value = record.sudo()[name]
        if field.type == "many2one":
            return value.id
        if field.type == "many2many":
            return [Command.set(value.ids)]
        if field.type in ("binary",):
            return value.decode() if isinstance(value, bytes) else value
        return json.loads(json.dumps(field.convert_to_read(value, record), default=str))

    def other_value(self, record, name):
        """Another value of a field than the record holds, as a client gives it, or
        None when there is none to give."""
        field = record._fields[name]
        current = record.sudo()[name]
        kind = field.type
        if kind == "many2one":
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "!=", current.id)], limit=1)
            )
            return other.id or None
        if kind == "many2many":
            if current:
                return [Command.set([])]
            other = self.env[field.comodel_name].sudo().search([], limit=1)
            return [Command.set(other.ids)] if other else None
        if kind in ("char", "text", "html"):
            return "Changed from outside"
        if kind == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            others = [key for key in values if key != current]
            return others[0] if others else None
        if kind == "boolean":
            return not current
        if kind in ("integer", "float", "monetary"):
            return (current or 0) + 1
        if kind == "date":
            return "2099-01-01"
        if kind == "datetime":
            return "2099-01-01 10:00:00"
        if kind == "json":
            return {"changed": True}
        if kind == "binary":
            return "Y2hhbmdlZA=="
        return None

    def held(self, record, name):
        self.env.invalidate_all()
        return record.sudo().with_context(active_test=False).read([name], load=None)

    def count(self, name):
        self.env.invalidate_all()
        return self.env[name].sudo().with_context(active_test=False).search_count([])

    # Every model x every operation, as each role

    def records_for(self, login, name):
        """The records of ``name`` to try as ``login``: those out of everyone's
        reach (on the restricted case), and those the role reaches."""
        if "any" in self.records[name] and not self.records[name]["any"].exists():
            # A register the server rewrites (a chain's head): its current row.
            self.records[name]["any"] = self.env[name].sudo().search([], limit=1)
        return [
            record
            for situation, record in self.records[name].items()
            if record
            and (
                situation != "open"
                or self.sees(login, record)
                or not holds_case_data(self.env, name)
                or policy_of(self.env, name).kind == "wizard"
            )
        ]

    def snapshot(self, record):
        """Every stored value of ``record``, read as superuser with nothing cached."""
        self.env.invalidate_all()
        names = self.stored_fields(record)
        return record.sudo().with_context(active_test=False).read(names, load=None)

    def guarded(self, record):
        """The fields of ``record`` a guard of its declaration covers."""
        policy = policy_of(self.env, record._name)
        fixed, server, after, links = record._policy_fields()
        return set(fixed | server | after | links | set(policy.role_fields))

    def _check_role(self, login):
        checked = 0
        # Refused requests are logged (odoo.http), and so are a name search on a
        # model without a name (odoo.models) and a unique constraint a creation
        # meets (odoo.sql_db): the answers are checked here instead.
        with mute_logger("odoo.http", "odoo.models", "odoo.sql_db"):
            for name in self.records:
                records = self.records_for(login, name)
                self.assertTrue(records, f"the world holds no record of {name}")
                checked += self._check_reads(login, name, records)
                for record in records:
                    checked += self._check_record(login, record)
        return checked

    def _check_reads(self, login, name, records):
        ids = [record.id for record in records]
        visible = sorted(record.id for record in records if self.sees(login, record))
        domain = [("id", "in", ids)]
        readable = self.grants(login, name, "read")
        calls = {
            "search_read": (
                (domain, ["display_name"]),
                {},
                lambda rows: sorted(r["id"] for r in rows),
            ),
            "web_search_read": (
                (domain, {"display_name": {}}),
                {},
                lambda result: sorted(r["id"] for r in result["records"]),
            ),
            "name_search": (
                ("",),
                {"args": domain, "limit": 1000},
                lambda rows: sorted(i for i, _n in rows),
            ),
            "read_group": (
                (domain, ["__count"], []),
                {},
                lambda groups: groups[0]["__count"] if groups else 0,
            ),
        }
        for method, (args, kwargs, found) in calls.items():
            with self.subTest(role=login, model=name, method=method):
                result, error = self.answer(login, name, method, *args, **kwargs)
                if not readable:
                    self.assertRefused(error)
                    continue
                self.assertIsNone(error, error)
                expected = len(visible) if method == "read_group" else visible
                self.assertEqual(found(result), expected)
        return len(calls)

    def _check_record(self, login, record):
        name = record._name
        sees, writes = self.sees(login, record), self.writes(login, record)
        names = self.stored_fields(record)
        before = self.snapshot(record)
        for method, args in (
            ("read", ([record.id], names)),
            ("export_data", ([record.id], ["id", "display_name"])),
        ):
            with self.subTest(role=login, model=name, record=record.id, method=method):
                _result, error = self.answer(login, name, method, *args)
                if not sees:
                    self.assertRefused(error)
                elif method != "export_data":
                    self.assertIsNone(error, error)
        # Writing: each guarded field on its own, its value and another; every
        # other stored field at once, its value (a no-op for whoever may write it).
        guarded = self.guarded(record) & set(names)
        fixed, server, after, links = record._policy_fields()
        if not writes:
            # Each kind of guard once (they all check access first), with another
            # value: refused as any write is, before any guard speaks.
            policy = policy_of(self.env, name)
            kinds = (fixed, server, after, links, set(policy.role_fields))
            guarded = {min(kind & guarded) for kind in kinds if kind & guarded}
        # (what is written, values, whether a writer is refused it all the same)
        attempts = []
        for fname in sorted(guarded):
            other = self.other_value(record, fname)
            if writes:
                attempts.append(
                    (fname, {fname: self.value_of(record, fname)}, fname in server)
                )
            if other is not None and (fname in fixed | server or not writes):
                attempts.append((fname, {fname: other}, True))
        unguarded = {
            fname: self.value_of(record, fname)
            for fname in names
            if fname not in guarded
        }
        attempts.append(("unguarded", unguarded, False))
        for label, vals, refused in attempts:
            with self.subTest(role=login, model=name, field=label, vals=vals):
                _result, error = self.answer(login, name, "write", [record.id], vals)
                if not writes:
                    self.assertRefused(error)
                elif refused or error:
                    # A guard, or what the model itself refuses (a lock, a ledger).
                    self.assertRefused(error, expected=None)
        self.assertEqual(self.snapshot(record), before, f"{login} changed {record}")
        # Copying, deleting: refused to whoever may not, and nothing made or lost.
        count = self.count(name)
        with self.subTest(role=login, model=name, record=record.id, method="copy"):
            _result, error = self.answer(login, name, "copy", [record.id])
            if not (sees and self.grants(login, name, "create")):
                self.assertRefused(error)
                self.assertEqual(self.count(name), count)
            elif error:
                self.assertRefused(error, expected=None)
        with self.subTest(role=login, model=name, record=record.id, method="unlink"):
            if not (writes and self.grants(login, name, "unlink")):
                _result, error = self.answer(login, name, "unlink", [record.id])
                self.assertRefused(error)
                self.assertTrue(record.sudo().exists())
        # Creating one like it, on the same parent: refused to whoever may not.
        with self.subTest(role=login, model=name, record=record.id, method="create"):
            vals = self.creation_values(record)
            count = self.count(name)
            _result, error = self.answer(login, name, "create", vals)
            if not self.creates_like(login, record):
                self.assertRefused(
                    error,
                    None if not self.grants(login, name, "create") else ACCESS_ERROR,
                )
                self.assertEqual(self.count(name), count)
            elif error:
                self.assertRefused(error, expected=None)
        return 5 + len(attempts)

    def creation_values(self, record):
        """What a client gives to create a record like ``record``: its own fields,
        none of the server's."""
        server = record._policy_fields()[1]
        policy = policy_of(self.env, record._name)
        # (The seal's own columns guard themselves: safeguarding.integrity.mixin.)
        skipped = {*server, *policy.after_creation, policy.reference, *SEAL_FIELDS}
        return {
            fname: self.value_of(record, fname)
            for fname in self.stored_fields(record)
            if fname not in skipped
        }

    def creates_like(self, login, record):
        """Whether ``login`` may create a record like ``record``, where it is."""
        name = record._name
        policy = policy_of(self.env, name)
        if not self.grants(login, name, "create"):
            return False
        if policy.kind == "wizard":
            parent = record[policy.parent] if policy.parent else None
            return not parent or self.writes(login, parent)
        if policy.kind == "case_data":
            return (
                self.sees(login, record) if self.grants(login, name, "read") else False
            )
        return True

    # The mail module's records, moved or made onto a record the caller may not read

    def threads(self):
        """{model: the restricted case's record}: every record of case data that has
        a chatter, on the case none of the roles is named on with two factors."""
        found = {}
        for name, situations in self.records.items():
            record = situations.get("restricted")
            if record and isinstance(record, self.env.registry["mail.thread"]):
                found[name] = record
        return found

    def placed_rows(self, login):
        """Rows of the mail module's models placed on an ordinary record (a contact)
        and held by ``login``: theirs to write, as Odoo decides."""
        user = self.users[login]
        as_user = self.env(user=user, su=True)
        partner = self.parent
        message = as_user["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": partner.id,
                "body": "A note of theirs.",
                "author_id": user.partner_id.id,
                "message_type": "comment",
            }
        )
        notification = as_user["mail.notification"].create(
            {"mail_message_id": message.id, "res_partner_id": user.partner_id.id}
        )
        rows = {
            "mail.message": message,
            "mail.notification": notification,
            "ir.attachment": as_user["ir.attachment"].create(
                {
                    "name": "theirs.txt",
                    "raw": b"Theirs",
                    "res_model": "res.partner",
                    "res_id": partner.id,
                }
            ),
        }
        if user._is_internal():
            rows["mail.activity"] = as_user["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": partner.id,
                    "user_id": user.id,
                    "summary": "Theirs.",
                }
            )
        return {name: row.with_env(self.env).sudo() for name, row in rows.items()}

    def moves_onto(self, row, thread):
        """The writes that would place ``row`` on ``thread``, by every field that
        says where it is."""
        model_id = self.env["ir.model"]._get_id(thread._name)
        if row._name == "mail.message":
            return [{"model": thread._name, "res_id": thread.id}]
        if row._name == "mail.notification":
            message = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [("model", "=", thread._name), ("res_id", "=", thread.id)], limit=1
                )
            )
            return [{"mail_message_id": message.id}] if message else []
        moves = [{"res_model": thread._name, "res_id": thread.id}]
        if row._name == "mail.activity":
            moves.append({"res_model_id": model_id, "res_id": thread.id})
        return moves

    def placements(self, thread):
        """What the mail module holds on ``thread``, read as superuser."""
        self.env.invalidate_all()
        place = [("res_model", "=", thread._name), ("res_id", "=", thread.id)]
        return (
            self.env["mail.message"]
            .sudo()
            .search_count([("model", "=", thread._name), ("res_id", "=", thread.id)]),
            self.env["mail.activity"].sudo().search_count(place),
            self.env["ir.attachment"].sudo().search_count(place),
            self.env["mail.followers"].sudo().search_count(place),
        )

    def test_mail_rows_never_move_onto_a_record_out_of_reach(self):
        """Every model of the mail module that a role may write and that places its
        rows on a record, x every field that places it, as each role."""
        placed = {
            name
            for name in (
                "mail.message",
                "mail.notification",
                "ir.attachment",
                "mail.activity",
            )
        }
        self.assertEqual(placed, set(self.placed_models()) & placed)
        threads = self.threads()
        self.assertEqual(
            set(threads),
            {
                name
                for name in case_data_models(self.env)
                if isinstance(self.env[name], self.env.registry["mail.thread"])
            },
        )
        before = {name: self.placements(thread) for name, thread in threads.items()}
        # Every role x every model with a chatter, from the registry: each role's
        # own rows moved onto each record out of reach, and made there.
        with mute_logger("odoo.http"):
            for login in ROLES:
                rows = self.placed_rows(login).values()
                for thread in threads.values():
                    for row in rows:
                        for vals in self.moves_onto(row, thread):
                            with self.subTest(role=login, model=row._name, vals=vals):
                                held = row.read(list(vals), load=None)
                                _result, error = self.answer(
                                    login, row._name, "write", row.ids, vals
                                )
                                self.assertRefused(error, expected=None)
                                self.env.invalidate_all()
                                self.assertEqual(row.read(list(vals), load=None), held)
                    for model, vals, action in self.made_onto(login, thread):
                        with self.subTest(role=login, model=model, thread=thread._name):
                            result, error = self.answer(login, model, "create", vals)
                            if action and not error:
                                _result, error = self.answer(
                                    login, model, action, [result]
                                )
                            self.assertRefused(error, expected=None)
        self.assertEqual(
            {name: self.placements(thread) for name, thread in threads.items()}, before
        )

    def made_onto(self, login, thread):
        """(model, values, action to run on it): what would place something on
        ``thread``, made from outside."""
        model_id = self.env["ir.model"]._get_id(thread._name)
        # Someone else than the caller (subscribing oneself without access is
        # silently nothing).
        partner = self.owner.partner_id
        return [
            (
                "mail.activity",
                {
                    "res_model_id": model_id,
                    "res_id": thread.id,
                    "user_id": self.users[login].id,
                    "summary": "Planted.",
                },
                None,
            ),
            (
                "ir.attachment",
                {
                    "name": "planted.txt",
                    "raw": "UGxhbnRlZA==",
                    "res_model": thread._name,
                    "res_id": thread.id,
                },
                None,
            ),
            (
                "mail.message",
                {"model": thread._name, "res_id": thread.id, "body": "Planted."},
                None,
            ),
            (
                "mail.scheduled.message",
                {
                    "model": thread._name,
                    "res_id": thread.id,
                    "body": "Planted.",
                    "scheduled_date": "2099-01-01 10:00:00",
                },
                None,
            ),
            (
                "mail.compose.message",
                {
                    "model": thread._name,
                    "res_ids": str(thread.ids),
                    "composition_mode": "comment",
                    "body": "Planted.",
                },
                "action_send_mail",
            ),
            (
                "mail.wizard.invite",
                {
                    "res_model": thread._name,
                    "res_id": thread.id,
                    "partner_ids": [Command.set(partner.ids)],
                },
                "add_followers",
            ),
        ]

    def placed_models(self):
        """The mail module's models (and attachments) that place their rows on a
        record (a reference to any record, or a message) and that a role may create
        or write. Odoo's administrator, who may write any model, is left out: what
        they can always do is said in the README."""
        found = set()
        for name, model in self.env.registry.items():
            if model._original_module != "mail" and name != "ir.attachment":
                continue
            if model._abstract:
                continue
            places = any(
                field.type == "many2one_reference"
                or (field.type == "many2one" and field.comodel_name == "mail.message")
                for field in model._fields.values()
                if field.store
            )
            if not places:
                continue
            for login, user in self.users.items():
                if login == "odoo_administrator":
                    continue
                env = self.env(user=user)
                if any(env[name].has_access(op) for op in ("create", "write")):
                    found.add(name)
                    break
        return found

    def test_every_placed_mail_model_is_covered(self):
        """A model of the mail module that places rows on records, writable by a
        role, is either moved (moves_onto) or made (made_onto) by the tests above,
        or says here why it places nothing on a record."""
        moved = {"mail.message", "mail.notification", "ir.attachment", "mail.activity"}
        thread = next(iter(self.threads().values()))
        made = {model for model, _vals, _action in self.made_onto("lead", thread)}
        harmless = {
            # Resends the notifications of a message its user already reads.
            "mail.resend.message",
            # A member's last message seen or fetched in a channel: counters only.
            "discuss.channel.member",
            # A sub-channel's message is one of its parent channel (its constraint).
            "discuss.channel",
        }
        self.assertLessEqual(self.placed_models(), moved | made | harmless)

    # The routes of the web client, on the record out of reach

    def test_the_web_clients_routes_open_nothing_out_of_reach(self):
        threads = self.threads()
        attachments = self.env["ir.attachment"].sudo()
        for thread in threads.values():
            attachments |= attachments.create(
                {
                    "name": "minutes.txt",
                    "raw": b"The minutes of the strategy meeting.",
                    "res_model": thread._name,
                    "res_id": thread.id,
                }
            )
        reports = (
            self.env["ir.actions.report"]
            .sudo()
            .search([("model", "in", list(case_data_models(self.env)))])
        )
        self.assertTrue(reports)
        with mute_logger("odoo.http", "odoo.addons.web.controllers.report"):
            for login, user in self.users.items():
                self.authenticate(user.login, self.rpc_password)
                self._rpc_login = user.login
                for name, thread in threads.items():
                    with self.subTest(
                        role=login, route="/mail/thread/data", model=name
                    ):
                        data = self.make_jsonrpc_request(
                            "/mail/thread/data",
                            {
                                "thread_model": name,
                                "thread_id": thread.id,
                                "request_list": [
                                    "followers",
                                    "attachments",
                                    "activities",
                                ],
                            },
                        )
                        self.assertNotIn(
                            "attachments",
                            json.dumps(data).replace('"attachments": false', ""),
                        )
                        self.assertNotIn("minutes.txt", json.dumps(data))
                    with self.subTest(
                        role=login, route="/mail/thread/messages", model=name
                    ):
                        answer = self.url_open(
                            "/mail/thread/messages",
                            data=json.dumps(
                                {
                                    "params": {
                                        "thread_model": name,
                                        "thread_id": thread.id,
                                    }
                                }
                            ),
                            headers={"Content-Type": "application/json"},
                        ).json()
                        self.assertNotIn("A note of the case", json.dumps(answer))
                for attachment in attachments:
                    with self.subTest(
                        role=login, route="/web/content", id=attachment.id
                    ):
                        response = self.url_open(f"/web/content/{attachment.id}")
                        self.assertNotEqual(response.status_code, 200)
                        self.assertNotIn(b"strategy meeting", response.content)
                for report in reports:
                    record = threads.get(report.model) or self.records[
                        report.model
                    ].get("restricted")
                    if not record:
                        continue
                    for kind in ("html", "pdf"):
                        with self.subTest(
                            role=login, report=report.report_name, kind=kind
                        ):
                            response = self.url_open(
                                f"/report/{kind}/{report.report_name}/{record.id}"
                            )
                            self.assertNotEqual(response.status_code, 200)
                            self.assertNotIn(
                                record.display_name.encode(), response.content
                            )

    # Every route that takes a record, from the running server's routing map

    def record_routes(self):
        """{rule: module} of every route of the running server that names a record
        (a model and an id, an attachment, a message, a follower, a report's
        documents), and every route of the addon's own controllers."""
        found = {}
        # The routing map is the database's, named by the thread serving it.
        with patch.object(
            threading.current_thread(), "dbname", self.env.cr.dbname, create=True
        ):
            routing_map = self.env["ir.http"].routing_map()
        for rule in routing_map.iter_rules():
            function = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            module = function.__module__
            names = set(rule.arguments) | set(inspect.signature(function).parameters)
            if (
                module.startswith(f"odoo.addons.{MODULE}.")
                or names & RECORD_PARAMETERS
                or "<model(" in rule.rule
            ):
                found[rule.rule] = module
        return found

    def route_requests(self, family, target):
        """The requests trying ``family`` (a key of ROUTES) on ``target``."""
        t = target
        thread, name = t.thread, t.thread._name
        attachment, message = t.attachment, t.message
        png = base64.b64encode(PNG).decode()
        place = {"res_model": name, "res_id": thread.id}
        report = f"{t.report.report_name}/{t.report_record.id}"
        return {
            "content": [
                ("get", f"/web/content/{attachment.id}", None),
                ("get", f"/web/content/ir.attachment/{attachment.id}/datas", None),
                ("get", f"/web/content?model=ir.attachment&id={attachment.id}", None),
            ],
            "image": [
                ("get", f"/web/image/{attachment.id}", None),
                ("get", f"/web/image/ir.attachment/{attachment.id}/datas", None),
                ("get", f"/web/image/{name}/{thread.id}/display_name", None),
            ],
            "upload": [
                (
                    "post",
                    "/web/binary/upload_attachment",
                    {"model": name, "id": thread.id},
                ),
            ],
            "resequence": [
                (
                    "json",
                    "/web/dataset/resequence",
                    {"model": name, "ids": thread.ids, "field": "user_id"},
                ),
            ],
            "thread_data": [
                (
                    "json",
                    "/mail/thread/data",
                    {
                        "thread_model": name,
                        "thread_id": thread.id,
                        "request_list": ["followers", "attachments", "activities"],
                    },
                ),
            ],
            "thread_messages": [
                (
                    "json",
                    "/mail/thread/messages",
                    {"thread_model": name, "thread_id": thread.id},
                ),
            ],
            "post": [
                (
                    "json",
                    "/mail/message/post",
                    {
                        "thread_model": name,
                        "thread_id": thread.id,
                        "post_data": {"body": "Planted.", "message_type": "comment"},
                    },
                ),
            ],
            "update_content": [
                (
                    "json",
                    "/mail/message/update_content",
                    {
                        "message_id": message.id,
                        "body": "Rewritten.",
                        "attachment_ids": [],
                        "partner_ids": [],
                    },
                ),
            ],
            "reaction": [
                (
                    "json",
                    "/mail/message/reaction",
                    {"message_id": message.id, "content": "+1", "action": "add"},
                ),
            ],
            "subscription": [
                (
                    "json",
                    "/mail/read_subscription_data",
                    {"follower_id": t.follower.id},
                ),
            ],
            "unfollow": [
                (
                    "get",
                    (
                        f"/mail/unfollow?model={name}&res_id={thread.id}"
                        f"&pid={self.owner.partner_id.id}&token=x"
                    ),
                    None,
                ),
            ],
            "view": [("get", f"/mail/view?model={name}&res_id={thread.id}", None)],
            "message_redirect": [("get", f"/mail/message/{message.id}", None)],
            "message_translate": [
                ("json", "/mail/message/translate", {"message_id": message.id}),
            ],
            "message_link_preview": [
                ("json", "/mail/link_preview", {"message_id": message.id}),
            ],
            "mark_as_unread": [
                (
                    "json",
                    "/discuss/channel/mark_as_unread",
                    {"channel_id": t.channel.id, "message_id": message.id},
                ),
            ],
            "attachment_upload": [
                (
                    "post",
                    "/mail/attachment/upload",
                    {"thread_model": name, "thread_id": thread.id},
                ),
            ],
            "attachment_delete": [
                ("json", "/mail/attachment/delete", {"attachment_id": attachment.id}),
            ],
            "attachment_zip": [
                (
                    "post",
                    "/mail/attachment/zip",
                    {"file_ids": str(attachment.id), "zip_name": "minutes.zip"},
                ),
            ],
            "channel_attachment": [
                (
                    "get",
                    f"/discuss/channel/{t.channel.id}/attachment/{attachment.id}",
                    None,
                ),
                (
                    "get",
                    f"/discuss/channel/{t.channel.id}/image/{attachment.id}",
                    None,
                ),
            ],
            "report": [
                ("get", f"/report/html/{report}", None),
                ("get", f"/report/pdf/{report}", None),
                (
                    "get",
                    f"/report/pdf/{t.report.report_name}?docids={t.report_record.id}",
                    None,
                ),
                (
                    "post",
                    "/report/download",
                    {
                        "data": json.dumps([f"/report/pdf/{report}", "qweb-pdf"]),
                        "context": "{}",
                    },
                ),
            ],
            "editor_add": [
                (
                    "json",
                    f"/{editor}/attachment/add_data",
                    dict(place, name="planted.png", data=png, is_image=True),
                )
                for editor in EDITORS
            ]
            + [
                (
                    "json",
                    f"/{editor}/attachment/add_url",
                    dict(place, url="/web/static/img/logo.png"),
                )
                for editor in EDITORS
            ],
            "editor_modify": [
                (
                    "json",
                    f"/{editor}/modify_image/{attachment.id}",
                    dict(place, data=png, name="minutes.png", mimetype="image/png"),
                )
                for editor in EDITORS
            ],
            "editor_broadcast": [
                (
                    "json",
                    f"/{editor}/bus_broadcast",
                    {
                        "model_name": name,
                        "field_name": "summary",
                        "res_id": thread.id,
                        "bus_data": {"type": "ping"},
                    },
                )
                for editor in EDITORS
            ],
            "editor_remove": [
                ("json", "/web_editor/attachment/remove", {"ids": attachment.ids}),
            ],
            "editor_checklist": [
                (
                    "json",
                    "/web_editor/checklist",
                    dict(
                        place, filename="summary", checklistId="checkId-1", checked=True
                    ),
                ),
                (
                    "json",
                    "/web_editor/stars",
                    dict(place, filename="summary", starsId="checkId-1", rating=3),
                ),
            ],
        }[family]

    def send(self, method, url, payload):
        """The response to one request, as the signed-in user."""
        if method == "get":
            return self.url_open(url, allow_redirects=True)
        if method == "json":
            return self.url_open(
                url,
                data=json.dumps(
                    {"jsonrpc": "2.0", "method": "call", "params": payload}
                ),
                headers={"Content-Type": "application/json"},
            )
        token = http.Request.csrf_token(
            SimpleNamespace(env=self.env, session=self.session)
        )
        return self.url_open(
            url,
            data=dict(payload, csrf_token=token),
            files={"ufile": ("planted.txt", b"Planted.", "text/plain")},
        )

    def route_snapshot(self, target):
        """What the routes could change of ``target``, read as superuser."""
        self.env.invalidate_all()
        t = target
        return (
            self.placements(t.thread),
            t.thread.read(["user_id", "summary"]),
            t.attachment.exists() and (t.attachment.raw, t.attachment.res_id),
            t.message.body,
            len(t.message.reaction_ids),
            t.follower.exists().ids,
        )

    def test_every_route_that_takes_a_record_opens_nothing_out_of_reach(self):
        """Every route of the routing map that names a record, and every route of
        the addon, is classified in ROUTES (a route added unclassified fails
        here), and each one that reaches a record is tried, as every role kept
        out, on the restricted case, its attachment, its note and its follower:
        no answer shows them, nothing of them changes."""
        routes = self.record_routes()
        classified = {
            rule: next(
                (family for pattern, family in ROUTES if re.search(pattern, rule)),
                None,
            )
            for rule in routes
        }
        self.assertEqual(
            sorted(rule for rule, family in classified.items() if family is None), []
        )
        self.assertIn("/html_editor/link_preview_external", routes)
        thread = self.cases["restricted"]
        report = (
            self.env["ir.actions.report"]
            .sudo()
            .search([("model", "in", list(case_data_models(self.env)))], limit=1)
        )
        target = SimpleNamespace(
            thread=thread,
            attachment=self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "minutes.txt",
                    "raw": b"The minutes of the strategy meeting.",
                    "res_model": thread._name,
                    "res_id": thread.id,
                }
            ),
            message=self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", thread._name),
                    ("res_id", "=", thread.id),
                    ("message_type", "=", "comment"),
                ],
                limit=1,
            ),
            follower=self.env["mail.followers"]
            .sudo()
            .search(
                [("res_model", "=", thread._name), ("res_id", "=", thread.id)], limit=1
            ),
            channel=self.env["discuss.channel"].sudo().search([], limit=1),
            report=report,
            report_record=self.records[report.model]["restricted"],
        )
        self.assertTrue(target.message and target.follower and target.channel)
        secrets = (
            b"strategy meeting",
            b"A note of the case",
            thread.display_name.encode(),
            target.report_record.display_name.encode(),
        )
        families = sorted({family for family in classified.values() if family in TRIED})
        before = self.route_snapshot(target)
        with mute_logger(
            "odoo.http",
            "odoo.addons.web.controllers.report",
            "odoo.addons.base.models.ir_attachment",
            # An unfollow link with a wrong token.
            "odoo.addons.mail.controllers.mail",
        ):
            for login, user in self.users.items():
                self.authenticate(user.login, self.rpc_password)
                self._rpc_login = user.login
                for family in families:
                    for method, url, payload in self.route_requests(family, target):
                        with self.subTest(role=login, route=url):
                            content = self.send(method, url, payload).content
                            for secret in secrets:
                                self.assertNotIn(secret, content)
            self.assertEqual(self.route_snapshot(target), before)
            # The proof can fail: the case's owner, through the same requests, is
            # shown the attachment, the note and the printed record, and uploads.
            enable_second_factor(self.owner)
            self.authenticate(self.owner.login, self.rpc_password)
            self._rpc_login = self.owner.login
            shown = {
                family: b"".join(
                    self.send(*request).content
                    for request in self.route_requests(family, target)
                )
                for family in ("content", "thread_messages", "report")
            }
            for request in self.route_requests("attachment_upload", target):
                self.send(*request)
        self.assertIn(b"strategy meeting", shown["content"])
        self.assertIn(b"A note of the case", shown["thread_messages"])
        self.assertIn(target.report_record.display_name.encode(), shown["report"])
        self.assertEqual(
            self.placements(thread)[2], before[0][2] + 1, "the upload was made"
        )

    # Every public method of the addon, called with bad arguments

    def public_methods(self):
        """(model, method name, parameters) of every public method the addon's
        classes add to a model (not an override of Odoo's own)."""
        found = []
        prefix = f"odoo.addons.{MODULE}."
        for name, model in sorted(self.env.registry.items()):
            if model._abstract:
                continue
            own, others = set(), set()
            for cls in type(self.env[name]).__mro__:
                names = {
                    key
                    for key, value in vars(cls).items()
                    if callable(value) and not key.startswith("_") and key != "init"
                }
                (own if cls.__module__.startswith(prefix) else others).update(names)
            for method in sorted(own - others):
                function = getattr(type(self.env[name]), method)
                parameters = [
                    p
                    for p in inspect.signature(function).parameters.values()
                    if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD
                ]
                found.append((name, method, function, parameters))
        return found

    def test_every_public_method_refuses_bad_arguments(self):
        """No public method of the addon answers bad arguments with an unhandled
        server error, whoever calls it: each is refused, as every role, with a
        UserError, ValidationError, AccessError (or does nothing, on no record)."""
        methods = self.public_methods()
        self.assertGreater(len(methods), 20)
        bad_values = (None, "x", -1, {"x": 1}, [0])
        with mute_logger("odoo.http"):
            for model, method, function, parameters in methods:
                by_model = getattr(function, "_api", None) == "model"
                # No record, a missing one, two, and one of the open case.
                samples = self.env[model].sudo().search([], limit=2).ids
                reached = (self.records.get(model) or {}).get("open")
                one = reached.ids if reached else samples[:1]
                id_sets = [[]] if by_model else [[], [999999], samples, one]
                count = len(parameters)
                calls = [[None] * count]
                calls += [
                    [bad if i == position else None for i in range(count)]
                    for position in range(count)
                    for bad in bad_values
                ]
                for login in ROLES:
                    for ids in id_sets:
                        for args in calls:
                            with self.subTest(
                                role=login,
                                model=model,
                                method=method,
                                ids=ids,
                                args=args,
                            ):
                                call_args = args if by_model else [ids, *args]
                                _result, error = self.answer(
                                    login, model, method, *call_args
                                )
                                if error:
                                    self.assertIn(error[0], REFUSALS, error[1])


for _login in ROLES:

    def _test(self, login=_login):
        self.assertGreater(self._check_role(login), 0)

    _test.__name__ = f"test_as_{_login}"
    _test.__doc__ = f"Every model of the addon x every operation, as {_login}."
    setattr(TestPolicyFromOutside, _test.__name__, _test)

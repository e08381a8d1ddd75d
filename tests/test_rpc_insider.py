"""What a curious or malicious insider tries from outside, over JSON-RPC on the running
server: the chatter of a case they are not named on, moving records between cases,
links across cases, and fields the server sets on creation."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP, DecisionCommon, server_today

PASSWORD = "Insider-Test-Pass-2024"
ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
NOT_FOUND = "werkzeug.exceptions.NotFound"


@tagged("post_install", "-at_install")
class TestRpcInsider(HttpCase, DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, **values):
            return new_test_user(
                cls.env, login, groups=groups, password=PASSWORD, **values
            )

        cls.i_practitioner = user("i_practitioner", GROUP + "practitioner")
        cls.i_member = user("i_member", GROUP + "practitioner")
        cls.i_outsider = user("i_outsider", GROUP + "practitioner")
        cls.i_lead = user("i_lead", GROUP + "lead")
        cls.i_signer = user("i_signer", GROUP + "lead")
        cls.i_staff = user("i_staff", "base.group_user")
        # The child's own portal account.
        cls.i_child = user("i_child", "base.group_portal")
        cls.child_partner = cls.i_child.partner_id
        cls.child_partner.company_id = False

        Case = cls.env["safeguarding.case"]
        # Restricted: the lead is not named on it, so may not read it.
        cls.own_case = Case.create(
            {
                "child_id": cls.child_partner.id,
                "user_id": cls.i_practitioner.id,
                "member_ids": [Command.set(cls.i_member.ids)],
                "restricted": True,
                "restriction_reason": "Child of a member of staff.",
            }
        )
        cls.other_case = Case.create(
            {"child_id": cls.parent.id, "user_id": cls.i_outsider.id}
        )

        def decision(case, author):
            found = (
                cls.env["safeguarding.decision"]
                .with_user(author)
                .create(cls.share_vals(cls, case_id=case.id))
            )
            cls.confirm_principles(found)
            return found.sudo()

        cls.own_draft = decision(cls.own_case, cls.i_practitioner)
        cls.own_line = (
            cls.env["safeguarding.disclosure"]
            .with_user(cls.i_practitioner)
            .create(cls.disclosure_vals(cls, cls.own_draft))
            .sudo()
        )
        cls.other_recorded = decision(cls.other_case, cls.i_outsider)
        cls.other_recorded.with_user(cls.i_outsider).action_submit()
        cls.other_recorded.with_user(cls.i_lead).action_approve()
        cls.other_recorded.with_user(cls.i_outsider).action_record()
        cls.env["safeguarding.disclosure"].with_user(cls.i_outsider).create(
            cls.disclosure_vals(cls, cls.other_recorded)
        )
        cls.other_draft = decision(cls.other_case, cls.i_outsider)

        Consent = cls.env["safeguarding.consent"]
        cls.own_consent = Consent.with_user(cls.i_practitioner).create(
            cls.consent_vals(cls, case_id=cls.own_case.id)
        )
        cls.own_given = Consent.with_user(cls.i_practitioner).create(
            cls.consent_vals(cls, case_id=cls.own_case.id)
        )
        cls.own_given.with_user(cls.i_practitioner).action_give()
        cls.other_consent = Consent.with_user(cls.i_outsider).create(
            cls.consent_vals(cls, case_id=cls.other_case.id)
        )
        cls.other_consent.with_user(cls.i_outsider).action_give()

        cls.own_advice = (
            cls.env["safeguarding.advice"]
            .with_user(cls.i_practitioner)
            .create(cls.advice_vals(cls, cls.own_case))
        )
        cls.own_person = cls.env["safeguarding.case.person"].create(
            {"case_id": cls.own_case.id, "partner_id": cls.parent.id}
        )
        # The member follows the case and what is recorded on it.
        cls.own_threads = (
            cls.own_case.sudo(),
            cls.own_draft.sudo(),
            cls.own_consent.sudo(),
            cls.own_advice.sudo(),
        )
        for thread in cls.own_threads:
            thread.with_user(cls.i_member).message_subscribe(
                cls.i_member.partner_id.ids
            )

    def advice_vals(self, case, **overrides):
        vals = {
            "case_id": case.id,
            "adviser_id": self.parent.id,
            "adviser_role": "dsl",
            "question": "Do we share without consent?",
            "advice": "Yes, the risk is immediate.",
            "outcome": "Shared with the MASH.",
        }
        vals.update(overrides)
        return vals

    # Helpers

    def login(self, user):
        if getattr(self, "_rpc_login", None) != user.login:
            self.authenticate(user.login, PASSWORD)
            self._rpc_login = user.login

    def post_json(self, user, route, params):
        """The raw JSON-RPC answer of ``route`` called as ``user``."""
        self.login(user)
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps(
                    {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
                ).encode(),
                headers={"Content-Type": "application/json"},
            )
        return response.json()

    def call_kw(self, user, model, method, *args, **kwargs):
        return self.post_json(
            user,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def call(self, user, model, method, *args, **kwargs):
        answer = self.call_kw(user, model, method, *args, **kwargs)
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def assertRefused(self, error, message, answer):
        """The JSON-RPC answer is this refusal: exception type and the message."""
        self.assertIn("error", answer, f"not refused: {answer.get('result')!r}")
        data = answer["error"]["data"]
        self.assertEqual((data["name"], data["message"]), (error, message))

    def assertCallRefused(self, error, message, user, model, method, *args, **kw):
        self.assertRefused(
            error, message, self.call_kw(user, model, method, *args, **kw)
        )

    def db(self, records, *names):
        """What the database holds, read as superuser with nothing cached."""
        self.env.invalidate_all()
        return records.sudo().with_context(active_test=False).read(list(names))

    def followers(self, *threads):
        self.env.invalidate_all()
        return sorted(
            (follower.res_model, follower.res_id, follower.partner_id.id)
            for follower in self.env["mail.followers"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    "|",
                    ("res_model", "=", "safeguarding.case"),
                    ("res_model", "=", "safeguarding.decision"),
                    ("res_model", "=", "safeguarding.consent"),
                    ("res_model", "=", "safeguarding.advice"),
                ]
            )
            if any(
                (follower.res_model, follower.res_id) == (t._name, t.id)
                for t in threads or self.own_threads
            )
        )

    def counts(self):
        self.env.invalidate_all()
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
            for model in (
                "safeguarding.case",
                "safeguarding.case.person",
                "safeguarding.decision",
                "safeguarding.decision.principle",
                "safeguarding.disclosure",
                "safeguarding.consent",
                "safeguarding.consent.event",
                "safeguarding.advice",
                "mail.message",
                "mail.followers",
                "mail.activity",
            )
        }

    def not_a_reader(self, partner, record):
        return (
            f"{partner.name} may not read {record.display_name}, so they cannot follow "
            "it, be notified of it or be given an activity on it: only the people who "
            "may read a safeguarding record do."
        )

    @staticmethod
    def server_set(label, model):
        return f"{label} is set by the server on a new {model}: leave it out."

    # 1. The chatter reaches only the people who may read the case

    def test_removed_member_no_longer_follows_nor_posts(self):
        member = self.i_member.partner_id
        self.assertEqual(
            {(m, p) for m, _r, p in self.followers() if p == member.id},
            {
                ("safeguarding.case", member.id),
                ("safeguarding.decision", member.id),
                ("safeguarding.consent", member.id),
                ("safeguarding.advice", member.id),
            },
        )
        self.call(
            self.i_practitioner,
            "safeguarding.case",
            "write",
            self.own_case.ids,
            {"member_ids": [Command.unlink(self.i_member.id)]},
        )
        self.assertFalse([f for f in self.followers() if f[2] == member.id])
        posted = self.call(
            self.i_practitioner,
            "safeguarding.case",
            "message_post",
            self.own_case.ids,
            body="Strategy meeting moved to Tuesday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        before = self.counts()
        # The former member neither reads the new message nor posts into the case.
        rows = self.call(
            self.i_member,
            "mail.message",
            "search_read",
            [("model", "=", "safeguarding.case"), ("res_id", "=", self.own_case.id)],
            ["body"],
        )
        self.assertNotIn(posted, [row["id"] for row in rows])
        answer = self.call_kw(
            self.i_member,
            "safeguarding.case",
            "message_post",
            self.own_case.ids,
            body="Still here.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(answer["error"]["data"]["name"], ACCESS_ERROR)
        self.assertEqual(self.counts(), before)

    def test_restricting_a_case_drops_the_leads_who_no_longer_read_it(self):
        case = self.other_case
        case.with_user(self.i_lead).message_subscribe(self.i_lead.partner_id.ids)
        self.assertIn(self.i_lead.partner_id, case.sudo().message_partner_ids)
        self.call(
            self.i_outsider,
            "safeguarding.case",
            "write",
            case.ids,
            {"restricted": True, "restriction_reason": "High-profile family."},
        )
        self.env.invalidate_all()
        self.assertNotIn(self.i_lead.partner_id, case.sudo().message_partner_ids)

    def test_nobody_else_is_subscribed(self):
        before = self.followers(), self.counts()
        outsiders = [
            self.child_partner,  # the child (and their portal account)
            self.parent,  # a contact without a user
            self.i_outsider.partner_id,  # a practitioner not named on the case
            self.i_lead.partner_id,  # a lead, but the case is restricted
            self.i_staff.partner_id,  # an internal user with no safeguarding role
        ]
        for thread in self.own_threads:
            for partner in outsiders:
                with self.subTest(model=thread._name, partner=partner.name):
                    self.assertCallRefused(
                        USER_ERROR,
                        self.not_a_reader(partner, thread),
                        self.i_practitioner,
                        thread._name,
                        "message_subscribe",
                        thread.ids,
                        partner_ids=partner.ids,
                    )
            with self.subTest(model=thread._name, path="message_partner_ids"):
                self.assertCallRefused(
                    USER_ERROR,
                    self.not_a_reader(self.child_partner, thread),
                    self.i_practitioner,
                    thread._name,
                    "write",
                    thread.ids,
                    {"message_partner_ids": [Command.link(self.child_partner.id)]},
                )
        self.assertEqual((self.followers(), self.counts()), before)
        # Someone who may read it follows it.
        self.call(
            self.i_member,
            "safeguarding.case",
            "message_subscribe",
            self.own_case.ids,
            partner_ids=self.i_practitioner.partner_id.ids,
        )
        self.assertIn(
            ("safeguarding.case", self.own_case.id, self.i_practitioner.partner_id.id),
            self.followers(),
        )

    def test_no_message_reaches_a_non_reader(self):
        before = self.followers(), self.counts()
        self.assertCallRefused(
            USER_ERROR,
            self.not_a_reader(self.child_partner, self.own_case),
            self.i_practitioner,
            "safeguarding.case",
            "message_post",
            self.own_case.ids,
            body="The strategy meeting is on Tuesday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.child_partner.ids,
        )
        # The chatter's own route, asking to make the recipient a follower too.
        answer = self.post_json(
            self.i_practitioner,
            "/mail/message/post",
            {
                "thread_model": "safeguarding.case",
                "thread_id": self.own_case.id,
                "post_data": {
                    "body": "The strategy meeting is on Tuesday.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    "partner_ids": self.i_outsider.partner_id.ids,
                },
                "context": {"mail_post_autofollow": True},
            },
        )
        self.assertRefused(
            USER_ERROR,
            self.not_a_reader(self.i_outsider.partner_id, self.own_case),
            answer,
        )
        self.assertEqual((self.followers(), self.counts()), before)

    def test_lead_practitioner_and_members_are_safeguarding_staff(self):
        before = self.db(self.own_case, "user_id", "member_ids"), self.counts()
        for user in (self.i_child, self.i_staff):
            message = (
                f"{user.name} cannot be named on {self.own_case.name}: the lead "
                "practitioner and the team members are internal users with a "
                "safeguarding role (practitioner, lead or manager)."
            )
            with self.subTest(user=user.login):
                self.assertCallRefused(
                    VALIDATION_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.case",
                    "write",
                    self.own_case.ids,
                    {"user_id": user.id},
                )
                self.assertCallRefused(
                    VALIDATION_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.case",
                    "write",
                    self.own_case.ids,
                    {"member_ids": [Command.link(user.id)]},
                )
        answer = self.call_kw(
            self.i_practitioner,
            "safeguarding.case",
            "create",
            [
                {
                    "child_id": self.parent.id,
                    "member_ids": [Command.set(self.i_child.ids)],
                }
            ],
        )
        self.assertEqual(answer["error"]["data"]["name"], VALIDATION_ERROR)
        self.assertRegex(
            answer["error"]["data"]["message"],
            rf"^{re.escape(self.i_child.name)} cannot be named on CASE/",
        )
        self.assertEqual(
            (self.db(self.own_case, "user_id", "member_ids"), self.counts()), before
        )

    def test_no_activity_for_someone_who_may_not_read(self):
        case_model = self.env["ir.model"]._get_id("safeguarding.case")
        todo = self.env.ref("mail.mail_activity_data_todo")
        mine = self.call(
            self.i_practitioner,
            "mail.activity",
            "create",
            [
                {
                    "res_model_id": case_model,
                    "res_id": self.own_case.id,
                    "activity_type_id": todo.id,
                    "summary": "Chase the school",
                    "user_id": self.i_member.id,
                }
            ],
        )
        before = self.followers(), self.counts()
        for partner_user in (self.i_outsider, self.i_lead, self.i_child):
            message = self.not_a_reader(partner_user.partner_id, self.own_case)
            with self.subTest(user=partner_user.login):
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "mail.activity",
                    "create",
                    [
                        {
                            "res_model_id": case_model,
                            "res_id": self.own_case.id,
                            "activity_type_id": todo.id,
                            "summary": "Read the case",
                            "user_id": partner_user.id,
                        }
                    ],
                )
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.case",
                    "activity_schedule",
                    self.own_case.ids,
                    "mail.mail_activity_data_todo",
                    summary="Read the case",
                    user_id=partner_user.id,
                )
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "mail.activity",
                    "write",
                    mine,
                    {"user_id": partner_user.id},
                )
        self.assertEqual((self.followers(), self.counts()), before)
        self.assertEqual(
            self.db(self.env["mail.activity"].browse(mine), "user_id")[0]["user_id"][0],
            self.i_member.id,
        )

    def test_portal_reaches_no_safeguarding_record(self):
        before = self.counts()
        for model in (
            "safeguarding.case",
            "safeguarding.decision",
            "safeguarding.consent",
            "safeguarding.advice",
            "safeguarding.disclosure",
        ):
            with self.subTest(model=model):
                answer = self.call_kw(self.i_child, model, "search_read", [], ["id"])
                self.assertEqual(answer["error"]["data"]["name"], ACCESS_ERROR)
        for thread in self.own_threads:
            for extra in (
                {},
                {"hash": "0" * 64, "pid": self.child_partner.id},
                {"token": "0" * 32},
            ):
                with self.subTest(model=thread._name, extra=extra):
                    answer = self.post_json(
                        self.i_child,
                        "/mail/message/post",
                        {
                            "thread_model": thread._name,
                            "thread_id": thread.id,
                            "post_data": {"body": "Hello", "message_type": "comment"},
                            **extra,
                        },
                    )
                    self.assertEqual(answer["error"]["data"]["name"], NOT_FOUND)
                    answer = self.post_json(
                        self.i_child,
                        "/mail/thread/data",
                        {
                            "thread_model": thread._name,
                            "thread_id": thread.id,
                            "request_list": ["followers", "attachments"],
                            **extra,
                        },
                    )
                    self.assertEqual(
                        answer["result"],
                        {
                            "mail.thread": [
                                {
                                    "hasReadAccess": False,
                                    "hasWriteAccess": False,
                                    "id": thread.id,
                                    "model": thread._name,
                                }
                            ]
                        },
                    )
        self.assertEqual(self.counts(), before)

    # 2. What is recorded on a case or a decision never moves to another one

    def test_parent_never_changes(self):
        def stays(record, parent):
            return (
                f"{record.display_name} stays on {parent.display_name}: what is "
                "recorded on a case or a decision never moves to another one. Record "
                "it again where it belongs."
            )

        line = self.own_draft.principle_ids[0]
        attempts = [
            (self.own_line, "decision_id", self.other_recorded, self.own_draft),
            (self.own_line, "case_id", self.other_case, self.own_draft),
            (line, "decision_id", self.other_recorded, self.own_draft),
            (self.own_draft, "case_id", self.other_case, self.own_case),
            (self.own_consent, "case_id", self.other_case, self.own_case),
            (self.own_person, "case_id", self.other_case, self.own_case),
        ]
        watched = [
            (self.own_line, ["decision_id", "case_id"]),
            (self.own_draft.principle_ids, ["decision_id", "case_id"]),
            (self.own_draft, ["case_id"]),
            (self.own_consent, ["case_id"]),
            (self.own_advice, ["case_id"]),
            (self.own_person, ["case_id"]),
            (self.other_recorded, ["disclosure_ids", "principle_ids"]),
            (
                self.other_case,
                ["decision_ids", "consent_ids", "advice_ids", "person_ids"],
            ),
        ]
        before = [self.db(r, *names) for r, names in watched], self.counts()
        for record, fname, target, parent in attempts:
            with self.subTest(model=record._name, field=fname):
                self.assertCallRefused(
                    USER_ERROR,
                    stays(record, parent),
                    self.i_practitioner,
                    record._name,
                    "write",
                    record.ids,
                    {fname: target.id},
                )
        # Advice is recorded as it is saved: its lock refuses the move.
        self.assertCallRefused(
            USER_ERROR,
            f"{self.own_advice.display_name} is recorded and can no longer be changed "
            "or deleted. To correct it, record a new entry that supersedes it.",
            self.i_practitioner,
            "safeguarding.advice",
            "write",
            self.own_advice.ids,
            {"case_id": self.other_case.id},
        )
        after = [self.db(r, *names) for r, names in watched], self.counts()
        self.assertEqual(after, before)

    # 4. Links stay within the case

    def test_links_stay_in_the_case(self):
        watched = [
            (self.own_draft, ["consent_id", "has_consent", "supersedes_id"]),
            (self.other_recorded, ["advice_ids", "superseded_by_ids"]),
            (self.other_consent, ["decision_ids"]),
        ]
        before = [self.db(r, *names) for r, names in watched], self.counts()
        own = self.own_case.name
        consent_msg = (
            f"Consent of {self.own_draft.name} must be one recorded on the same case, "
            f"{own}: choose one from that case."
        )
        self.assertCallRefused(
            VALIDATION_ERROR,
            consent_msg,
            self.i_practitioner,
            "safeguarding.decision",
            "write",
            self.own_draft.ids,
            {"consent_id": self.other_consent.id},
        )
        answer = self.call_kw(
            self.i_practitioner,
            "safeguarding.decision",
            "create",
            [
                self.share_vals(
                    case_id=self.own_case.id, consent_id=self.other_consent.id
                )
            ],
        )
        self.assertEqual(answer["error"]["data"]["name"], VALIDATION_ERROR)
        self.assertRegex(
            answer["error"]["data"]["message"],
            rf"^Consent of .* must be one recorded on the same case, {own}",
        )
        answer = self.call_kw(
            self.i_practitioner,
            "safeguarding.advice",
            "create",
            [self.advice_vals(self.own_case, decision_id=self.other_recorded.id)],
        )
        self.assertRefused(
            VALIDATION_ERROR,
            "Decision of Advice from Test Parent on "
            f"{server_today(self.i_practitioner)} must be one recorded on the "
            f"same case, {own}: choose one from that case.",
            answer,
        )
        for target in (self.other_recorded, self.own_draft):
            with self.subTest(supersedes=target.name):
                answer = self.call_kw(
                    self.i_practitioner,
                    "safeguarding.decision",
                    "create",
                    [
                        self.share_vals(
                            case_id=self.own_case.id, supersedes_id=target.id
                        )
                    ],
                )
                self.assertEqual(answer["error"]["data"]["name"], VALIDATION_ERROR)
                self.assertRegex(
                    answer["error"]["data"]["message"],
                    rf"^Supersedes of .* must be one recorded on the same case, {own}"
                    if target == self.other_recorded
                    else r"^.* corrects a recorded decision only: .* is not recorded",
                )
        self.assertCallRefused(
            VALIDATION_ERROR,
            f"Supersedes of {self.own_draft.name} must be one recorded on the same "
            f"case, {own}: choose one from that case.",
            self.i_practitioner,
            "safeguarding.decision",
            "write",
            self.own_draft.ids,
            {"supersedes_id": self.other_recorded.id},
        )
        after = [self.db(r, *names) for r, names in watched], self.counts()
        self.assertEqual(after, before)

    # 9. Guarded fields stay guarded on create, whatever the source

    def test_case_created_with_guarded_fields_is_refused(self):
        before = self.counts()

        def retention(refused):
            return (
                "The retention review date and outcome are recorded by the retention "
                f"review only: use 'Retention Review'. Refused: {refused}."
            )

        vals = [{"child_id": self.parent.id}]
        self.assertCallRefused(
            USER_ERROR,
            retention("Retention, Retention Checked On, Review Outcome, Reviewed By"),
            self.i_practitioner,
            "safeguarding.case",
            "create",
            vals,
            context={
                "default_retention_status": "anonymised",
                "default_retention_outcome": "anonymise",
                "default_retention_outcome_user_id": self.i_lead.id,
                "default_retention_checked_on": "2099-01-01",
            },
        )
        self.assertCallRefused(
            USER_ERROR,
            retention("Retention"),
            self.i_practitioner,
            "safeguarding.case",
            "create",
            [{"child_id": self.parent.id, "retention_status": "anonymised"}],
        )
        hold = (
            "Only a safeguarding lead places a legal hold or records a retention "
            "review."
        )
        self.assertCallRefused(
            ACCESS_ERROR,
            hold,
            self.i_practitioner,
            "safeguarding.case",
            "create",
            [
                {
                    "child_id": self.parent.id,
                    "legal_hold": True,
                    "legal_hold_reason": "X",
                }
            ],
        )
        self.assertCallRefused(
            ACCESS_ERROR,
            hold,
            self.i_practitioner,
            "safeguarding.case",
            "create",
            vals,
            context={"default_legal_hold": True, "default_legal_hold_reason": "X"},
        )
        self.assertEqual(self.counts(), before)
        # A default the user saved for themselves is a source too.
        self.call(
            self.i_practitioner,
            "ir.default",
            "set",
            "safeguarding.case",
            "retention_status",
            "anonymised",
            True,
        )
        self.assertCallRefused(
            USER_ERROR,
            retention("Retention"),
            self.i_practitioner,
            "safeguarding.case",
            "create",
            vals,
        )
        self.assertEqual(self.counts(), before)
        # A lead places a hold at creation.
        held = self.call(
            self.i_lead,
            "safeguarding.case",
            "create",
            [
                {
                    "child_id": self.parent.id,
                    "legal_hold": True,
                    "legal_hold_reason": "Inquiry",
                }
            ],
        )
        self.assertEqual(
            self.db(self.env["safeguarding.case"].browse(held), "legal_hold"),
            [{"id": held[0], "legal_hold": True}],
        )

    def test_consent_created_with_guarded_fields_is_refused(self):
        before = self.counts(), self.db(self.own_case, "child_id")
        guarded = {
            "withdrawn_by_id": self.parent.id,
            "date_withdrawn": "2024-01-01 10:00:00",
            "withdrawal_method": "verbal",
            "withdrawal_reason": "Never said.",
        }
        given = {
            "state": "given",
            "date_given": "2024-01-01 09:00:00",
            **self.consent_vals(case_id=self.own_case.id),
        }
        for fname, value in guarded.items():
            label = (
                self.env["safeguarding.consent"]
                ._fields[fname]
                ._description_string(self.env)
            )
            message = self.server_set(label, "Consent")
            with self.subTest(field=fname, source="values"):
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.consent",
                    "create",
                    [{**given, fname: value}],
                )
            with self.subTest(field=fname, source="context"):
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.consent",
                    "create",
                    [given],
                    context={f"default_{fname}": value},
                )
        for fname, value, label in (
            ("name", "Medical: forged", "Name"),
            ("child_id", self.parent.id, "Child"),
        ):
            with self.subTest(field=fname):
                self.assertCallRefused(
                    USER_ERROR,
                    self.server_set(label, "Consent"),
                    self.i_practitioner,
                    "safeguarding.consent",
                    "create",
                    [{**given, fname: value}],
                )
        self.assertEqual((self.counts(), self.db(self.own_case, "child_id")), before)

    def test_decision_created_with_workflow_fields_is_refused(self):
        before = self.counts()
        for fname, value, label in (
            ("decided_by_id", self.i_lead.id, "Decided By"),
            ("date_decided", "2024-01-01 10:00:00", "Date Decided"),
            ("signoff_due", "2099-01-01 10:00:00", "Sign-off Due"),
            ("signoff_state", "approved", "Sign-off"),
            ("state", "recorded", "Status"),
        ):
            message = self.server_set(label, "Information Sharing Decision")
            with self.subTest(field=fname):
                self.assertCallRefused(
                    USER_ERROR,
                    message,
                    self.i_practitioner,
                    "safeguarding.decision",
                    "create",
                    [self.share_vals(case_id=self.own_case.id)],
                    context={f"default_{fname}": value},
                )
        self.assertEqual(self.counts(), before)

    # Low: who shared, when, who sought advice; an answered consent

    def test_who_and_when_are_the_servers(self):
        before = self.counts(), self.db(self.own_line, "shared_by_id", "date_shared")
        shared_by = self.server_set("Shared By", "Information Shared")
        self.assertCallRefused(
            USER_ERROR,
            shared_by,
            self.i_practitioner,
            "safeguarding.disclosure",
            "create",
            [self.disclosure_vals(self.own_draft, shared_by_id=self.i_lead.id)],
        )
        self.assertCallRefused(
            USER_ERROR,
            shared_by,
            self.i_practitioner,
            "safeguarding.disclosure",
            "create",
            [self.disclosure_vals(self.own_draft)],
            context={"default_shared_by_id": self.i_lead.id},
        )
        self.assertCallRefused(
            USER_ERROR,
            f"Shared By of {self.own_line.display_name} is set when it is created and "
            "never changes.",
            self.i_practitioner,
            "safeguarding.disclosure",
            "write",
            self.own_line.ids,
            {"shared_by_id": self.i_lead.id},
        )
        opened = self.own_draft.create_date.date() - timedelta(days=1)
        too_early = (
            "Information cannot be recorded as shared before "
            f"{opened}, the day before its decision {self.own_draft.name} was "
            "started."
        )
        self.assertCallRefused(
            VALIDATION_ERROR,
            too_early,
            self.i_practitioner,
            "safeguarding.disclosure",
            "create",
            [self.disclosure_vals(self.own_draft, date_shared="2000-01-01 10:00:00")],
        )
        self.assertCallRefused(
            VALIDATION_ERROR,
            too_early,
            self.i_practitioner,
            "safeguarding.disclosure",
            "write",
            self.own_line.ids,
            {"date_shared": "2000-01-01 10:00:00"},
        )
        future = fields.Datetime.to_string(fields.Datetime.now() + timedelta(days=1))
        refusal = self.call_kw(
            self.i_practitioner,
            "safeguarding.disclosure",
            "create",
            [self.disclosure_vals(self.own_draft, date_shared=future)],
        )["error"]["data"]
        # Refused as any time in the future is (models/plausible_dates.py).
        self.assertEqual(refusal["name"], VALIDATION_ERROR)
        self.assertRegex(
            refusal["message"],
            f"^{self.own_draft.name}: .+: Shared On cannot be .+, never in the "
            r"future\.$",
        )
        sought_by = self.server_set("Sought By", "Advice Sought")
        self.assertCallRefused(
            USER_ERROR,
            sought_by,
            self.i_practitioner,
            "safeguarding.advice",
            "create",
            [self.advice_vals(self.own_case, sought_by_id=self.i_lead.id)],
        )
        self.assertCallRefused(
            USER_ERROR,
            sought_by,
            self.i_practitioner,
            "safeguarding.advice",
            "create",
            [self.advice_vals(self.own_case)],
            context={"default_sought_by_id": self.i_lead.id},
        )
        self.assertEqual(
            (self.counts(), self.db(self.own_line, "shared_by_id", "date_shared")),
            before,
        )
        # A share by phone earlier today is entered with its time; the user is the
        # server's.
        earlier = fields.Datetime.now().replace(hour=0, minute=0, second=1)
        line = self.call(
            self.i_practitioner,
            "safeguarding.disclosure",
            "create",
            [
                self.disclosure_vals(
                    self.own_draft,
                    date_shared=fields.Datetime.to_string(earlier),
                    shared_by_id=self.i_practitioner.id,
                )
            ],
        )
        self.assertEqual(
            self.db(
                self.env["safeguarding.disclosure"].browse(line),
                "shared_by_id",
                "date_shared",
            ),
            [
                {
                    "id": line[0],
                    "shared_by_id": (self.i_practitioner.id, self.i_practitioner.name),
                    "date_shared": earlier,
                }
            ],
        )

    def test_answered_consent_keeps_its_name_and_child(self):
        watched = (self.own_given, "name", "child_id", "state")
        before = self.db(*watched), self.db(self.own_case, "child_id")
        for fname, value, label in (
            ("name", "Medical: someone else", "Name"),
            ("child_id", self.parent.id, "Child"),
        ):
            with self.subTest(field=fname):
                self.assertCallRefused(
                    USER_ERROR,
                    f"{label} of {self.own_given.display_name} is set when it is "
                    "created and never changes.",
                    self.i_practitioner,
                    "safeguarding.consent",
                    "write",
                    self.own_given.ids,
                    {fname: value},
                )
        self.assertEqual(
            (self.db(*watched), self.db(self.own_case, "child_id")), before
        )

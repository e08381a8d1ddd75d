"""The paths a red team took into case data, replayed from outside over JSON-RPC on
the running server: each one is closed by the access policy (models/
safeguarding_policy.py), not by a patch of its own."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import (
    ACCESS_ERROR,
    GROUP,
    USER_ERROR,
    VALIDATION_ERROR,
    DecisionCommon,
    RpcClient,
    enable_second_factor,
    require_second_factor,
    rpc_user,
)

LETTER = "safeguarding_info_sharing.mail_template_family_letter"
NOTICE = "safeguarding_info_sharing.mail_template_consent_withdrawal_notice"
SIGNOFF_REQUEST = "safeguarding_info_sharing.mail_activity_type_signoff_request"


@tagged("post_install", "-at_install")
class TestAccessPaths(RpcClient, HttpCase, DecisionCommon):
    # Requests on read/write test cursors, so that the access log they write is
    # counted here (tests/test_access_log.py proves the read-only path).
    readonly_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company2 = env["res.company"].create({"name": "Paths Second Council"})

        def user(login, groups, company=None, **values):
            return rpc_user(env, login, groups, company, **values)

        cls.owner = user("p_owner", GROUP + "practitioner", name="Olive Owner")
        cls.member = user("p_member", GROUP + "practitioner", name="Mo Member")
        cls.outsider = user("p_outsider", GROUP + "practitioner", name="Oz Outsider")
        cls.foreign = user("p_foreign", GROUP + "practitioner", cls.company2)
        cls.foreign_lead = user("p_foreign_lead", GROUP + "lead", cls.company2)
        cls.p_lead = user("p_lead", GROUP + "lead", name="Lou Lead")
        cls.signer = user("p_signer", GROUP + "lead", name="Sid Signer")
        cls.p_manager = user("p_manager", GROUP + "manager")
        cls.staff = user("p_staff", "base.group_user")

        Case = env["safeguarding.case"]
        cls.open_case = Case.create(
            {
                "child_id": cls.child.id,
                "user_id": cls.owner.id,
                "member_ids": [Command.set(cls.member.ids)],
            }
        )
        # Named: the owner and the signer; the lead is not.
        cls.restricted = Case.create(
            {
                "child_id": cls.child.id,
                "user_id": cls.owner.id,
                "member_ids": [Command.set(cls.signer.ids)],
                "restricted": True,
                "restriction_reason": "Child of a member of staff.",
            }
        )
        cls.other_case = Case.create(
            {"child_id": cls.parent.id, "user_id": cls.outsider.id}
        )

        def decision(case, author=None):
            found = (
                env["safeguarding.decision"]
                .with_user(author or cls.owner)
                .create(cls.share_vals(cls, case_id=case.id))
            )
            cls.confirm_principles(found)
            return found.sudo()

        cls.draft = decision(cls.open_case)
        cls.recorded = decision(cls.open_case)
        env["safeguarding.disclosure"].with_user(cls.owner).create(
            cls.line_vals(cls, cls.recorded)
        )
        cls.recorded.with_user(cls.owner).action_submit()
        cls.recorded.with_user(cls.p_lead).action_approve()
        cls.recorded.with_user(cls.owner).action_record()
        cls.line = cls.recorded.disclosure_ids.sudo()
        cls.restricted_draft = decision(cls.restricted)
        cls.other_draft = decision(cls.other_case, cls.outsider)
        cls.consent = (
            env["safeguarding.consent"]
            .with_user(cls.owner)
            .create(cls.consent_vals(cls, case_id=cls.open_case.id))
        )
        cls.consent.with_user(cls.owner).action_give()
        cls.consent = cls.consent.sudo()

    def line_vals(self, decision, **overrides):
        return {
            "decision_id": decision.id,
            "description": "The bruising on the left arm.",
            "fact_or_opinion": "fact",
            "recipient_id": self.mash_worker.id,
            "channel_id": self.secure_channel.id,
            **overrides,
        }

    # Helpers

    def refused(self, error, user, model, method, *args, **kwargs):
        """The refusal's message, after checking its exact type."""
        name, message = self.rpc_refusal(user, model, method, *args, **kwargs)
        self.assertEqual(name, error, message)
        return message

    def assertSeesNothing(self, user, model, domain=()):
        """``user`` finds no row of ``model``: none is theirs, or they have no right
        to the model at all."""
        answer = self.rpc_answer(user, model, "search_read", list(domain), ["id"])
        if "error" in answer:
            self.assertEqual(answer["error"]["data"]["name"], ACCESS_ERROR)
        else:
            self.assertEqual(answer["result"], [])

    def values(self, records, *names):
        self.env.invalidate_all()
        return records.sudo().with_context(active_test=False).read(list(names))

    def logged(self, user, case):
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["safeguarding.case.access.log"]
            .sudo()
            .search_count([("case_id", "=", case.id), ("user_id", "=", user.id)])
        )

    def mails(self):
        self.env.flush_all()
        return self.env["mail.mail"].sudo().search_count([])

    # 1. Wizard rows are their creator's

    def test_a_wizard_row_is_its_creators_only(self):
        reason = "Father moved to 9 Hidden Road."
        withdraw = self.call(
            self.owner,
            "safeguarding.consent.withdraw",
            "create",
            {
                "consent_id": self.consent.id,
                "withdrawn_by_id": self.parent.id,
                "withdrawal_reason": reason,
            },
        )
        close = self.call(
            self.owner,
            "safeguarding.case.close",
            "create",
            {"case_id": self.open_case.id, "close_reason": reason},
        )
        telling = self.call(
            self.owner,
            "safeguarding.decision.telling.add",
            "create",
            {"decision_id": self.recorded.id, "told": False, "not_told_reason": reason},
        )
        review = self.call(
            self.p_lead,
            "safeguarding.case.review",
            "create",
            {"case_id": self.open_case.id, "outcome": "keep", "reason": reason},
        )
        wizards = {
            "safeguarding.consent.withdraw": withdraw,
            "safeguarding.case.close": close,
            "safeguarding.decision.telling.add": telling,
            "safeguarding.case.review": review,
        }
        for model, wizard_id in wizards.items():
            for user in (self.member, self.foreign, self.signer):
                with self.subTest(model=model, user=user.login):
                    self.assertSeesNothing(user, model)
                    self.refused(ACCESS_ERROR, user, model, "read", [wizard_id])
                    self.refused(
                        ACCESS_ERROR,
                        user,
                        model,
                        "write",
                        [wizard_id],
                        {"create_uid": user.id},
                    )
        # The closing reason stands as its author wrote it.
        self.call(self.owner, "safeguarding.case.close", "action_confirm", [close])
        self.assertEqual(
            self.values(self.open_case, "state", "close_reason")[0],
            {"id": self.open_case.id, "state": "closed", "close_reason": reason},
        )
        # Verify's results: written by the server only, read by whoever may verify
        # in the companies they cover; another company's lead reads none of them.
        self.call(
            self.p_lead, "safeguarding.integrity.check", "action_verify_integrity"
        )
        for model in (
            "safeguarding.integrity.check",
            "safeguarding.integrity.check.line",
        ):
            with self.subTest(model=model):
                self.assertSeesNothing(self.foreign_lead, model)
                rows = self.call(self.p_manager, model, "search_read", [], ["id"])
                self.assertTrue(rows)
                for user in (self.p_lead, self.signer, self.p_manager):
                    self.refused(
                        ACCESS_ERROR,
                        user,
                        model,
                        "write",
                        [rows[0]["id"]],
                        {"create_uid": user.id},
                    )

    # 2. A case, and everything recorded on it, stays in its company

    def test_a_case_never_moves_to_another_company(self):
        case = self.open_case
        before = self.companies()
        for user, vals in (
            (
                self.owner,
                {
                    "company_id": self.company2.id,
                    "user_id": self.foreign.id,
                    "member_ids": [Command.set(self.foreign.ids)],
                },
            ),
            (self.owner, {"company_id": self.company2.id}),
            (self.p_lead, {"company_id": self.company2.id}),
        ):
            with self.subTest(user=user.login, fields=sorted(vals)):
                self.refused(
                    USER_ERROR, user, "safeguarding.case", "write", case.ids, vals
                )
        self.assertEqual(self.companies(), before)
        self.assertEqual(
            self.call(
                self.foreign_lead,
                "safeguarding.decision",
                "search_read",
                [("id", "=", self.recorded.id)],
                ["reason"],
            ),
            [],
        )

    def companies(self):
        return [
            self.values(records, "company_id")
            for records in (self.open_case, self.recorded, self.line)
        ]

    # 3. Letters are never e-mailed

    def test_a_letter_is_never_emailed(self):
        before = self.mails()
        for xmlid, record in ((LETTER, self.recorded), (NOTICE, self.consent)):
            template = self.env.ref(xmlid)
            with self.subTest(template=xmlid, path="send_mail"):
                self.refused(
                    USER_ERROR,
                    self.owner,
                    "mail.template",
                    "send_mail",
                    template.ids,
                    record.id,
                    email_values={"email_to": "anyone@example.com"},
                )
            with self.subTest(template=xmlid, path="mass_mail"):
                self.refused(
                    USER_ERROR,
                    self.owner,
                    "mail.compose.message",
                    "create",
                    {
                        "composition_mode": "mass_mail",
                        "model": record._name,
                        "res_ids": str(record.ids),
                        "template_id": template.id,
                    },
                )
        self.assertEqual(self.mails(), before)

    # 4. An activity moves only where its assignee reads, by any field

    def test_an_activity_moves_only_where_its_assignee_reads(self):
        Activity = self.env["mail.activity"].sudo()
        case_model = self.env["ir.model"]._get_id("safeguarding.case")
        note = "Check the bruising with the school nurse."
        on_case = Activity.create(
            {
                "res_model_id": case_model,
                "res_id": self.open_case.id,
                "user_id": self.p_lead.id,
                "note": note,
            }
        )
        on_partner = Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.parent.id,
                "user_id": self.p_lead.id,
                "note": note,
            }
        )
        before = self.values(on_case | on_partner, "res_model", "res_id", "user_id")
        for user, activity, vals in (
            # The assignee moves their own activity onto a case they may not read.
            (self.p_lead, on_case, {"res_id": self.restricted.id}),
            # Someone who may change that case moves it there all the same.
            (self.owner, on_case, {"res_id": self.restricted.id}),
            (
                self.p_lead,
                on_partner,
                {"res_model_id": case_model, "res_id": self.restricted.id},
            ),
            (
                self.p_lead,
                on_partner,
                {"res_model": "safeguarding.case", "res_id": self.restricted.id},
            ),
        ):
            with self.subTest(user=user.login, vals=vals):
                self.refused(
                    USER_ERROR, user, "mail.activity", "write", activity.ids, vals
                )
        self.assertEqual(
            self.values(on_case | on_partner, "res_model", "res_id", "user_id"),
            before,
        )

    # 5. Without two factors, no message body reaches a follower

    def test_no_message_reaches_a_follower_without_two_factors(self):
        # The member followed the case while the agency did not require two
        # factors, and has not enabled them since it does.
        self.open_case.with_user(self.member).message_subscribe(
            self.member.partner_id.ids
        )
        enable_second_factor(self.owner)
        require_second_factor(self.env, True)
        self.call(
            self.member,
            "res.users",
            "write",
            self.member.ids,
            {"notification_type": "inbox"},
        )
        body = "The stepfather has moved back in."
        self._rpc_login = None
        self.call(
            self.owner,
            "safeguarding.case",
            "message_post",
            self.open_case.ids,
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env.flush_all()
        events = self.env["bus.bus"].sudo().search([("message", "ilike", "stepfather")])
        channels = [json.loads(event.channel) for event in events]
        self.assertNotIn(
            [self.env.cr.dbname, "res.partner", self.member.partner_id.id], channels
        )
        self.assertFalse(
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("res_partner_id", "=", self.member.partner_id.id),
                    ("mail_message_id.body", "ilike", "stepfather"),
                ]
            )
        )

    # 6. Server facts are never the client's

    def test_server_facts_are_never_the_clients(self):
        draft = self.draft
        before = self.values(
            draft, "guidance_version", "date_police_notified", "police_notified_by_id"
        )
        for vals in (
            {"guidance_version": "2024"},
            {"date_police_notified": "2099-01-01 10:00:00"},
            {"police_notified_by_id": self.p_lead.id},
            {
                "police_notified": True,
                "date_police_notified": "2099-01-01 10:00:00",
                "police_notified_by_id": self.p_lead.id,
            },
        ):
            with self.subTest(vals=vals):
                self.refused(
                    USER_ERROR,
                    self.owner,
                    "safeguarding.decision",
                    "write",
                    draft.ids,
                    vals,
                )
        self.refused(
            USER_ERROR,
            self.owner,
            "safeguarding.decision",
            "create",
            self.share_vals(
                case_id=self.open_case.id,
                date_police_notified="2099-01-01 10:00:00",
                police_notified_by_id=self.p_lead.id,
            ),
        )
        self.assertEqual(
            self.values(
                draft,
                "guidance_version",
                "date_police_notified",
                "police_notified_by_id",
            ),
            before,
        )
        # The button stamps them, with now and the user who pressed it.
        self.call(
            self.owner, "safeguarding.decision", "action_notify_police", draft.ids
        )
        stamp = self.values(draft, "date_police_notified", "police_notified_by_id")[0]
        self.assertEqual(stamp["police_notified_by_id"][0], self.owner.id)
        self.assertLessEqual(stamp["date_police_notified"], fields.Datetime.now())

    # 7. Every read of a restricted case's content is logged

    def test_every_read_of_restricted_content_is_logged(self):
        case = self.restricted
        calls = (
            (
                "safeguarding.case",
                "web_search_read",
                [[("id", "=", case.id)], {"summary": {}}],
                {},
            ),
            (
                "safeguarding.case",
                "web_search_read",
                [[("id", "=", case.id)], {"restriction_reason": {}}],
                {},
            ),
            (
                "safeguarding.decision",
                "web_search_read",
                [[("case_id", "=", case.id)], {"reason": {}}],
                {},
            ),
            (
                "safeguarding.case",
                "read_group",
                [
                    [("id", "=", case.id)],
                    ["restriction_reason"],
                    ["restriction_reason"],
                ],
                {},
            ),
            (
                "safeguarding.decision",
                "web_read_group",
                [[("case_id", "=", case.id)], ["reason"], ["reason"]],
                {},
            ),
        )
        for count, (model, method, args, kwargs) in enumerate(calls, start=1):
            with self.subTest(model=model, method=method):
                self.call(self.owner, model, method, *args, **kwargs)
                self.assertEqual(self.logged(self.owner, case), count)
        self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "safeguarding.case", "thread_id": case.id},
        )
        self.assertEqual(self.logged(self.owner, case), len(calls) + 1)

    # 8. An error message names no one of another case

    def test_the_identity_check_names_no_one_of_another_case(self):
        protected = self.env["safeguarding.case.person"].create(
            {
                "case_id": self.other_case.id,
                "partner_id": self.env["res.partner"].create({"name": "Ryan Doyle"}).id,
                "role": "referrer",
                "protect_identity": True,
            }
        )
        before = self.env["safeguarding.disclosure"].sudo().search_count([])
        message = self.refused(
            VALIDATION_ERROR,
            self.owner,
            "safeguarding.disclosure",
            "create",
            self.line_vals(
                self.draft, identity_exposed_ids=[Command.set(protected.ids)]
            ),
        )
        self.assertNotIn("Ryan Doyle", message)
        self.assertNotIn(self.other_case.name, message)
        self.assertEqual(
            self.env["safeguarding.disclosure"].sudo().search_count([]), before
        )

    # 9. Attachments stay where they were put

    def test_an_attachment_stays_on_its_record(self):
        Attachment = self.env["ir.attachment"].sudo()
        on_case = Attachment.create(
            {
                "name": "strategy-minutes.txt",
                "raw": b"Minutes",
                "res_model": "safeguarding.case",
                "res_id": self.open_case.id,
            }
        )
        on_recorded = Attachment.create(
            {
                "name": "referral.txt",
                "raw": b"Referral as sent",
                "res_model": "safeguarding.decision",
                "res_id": self.recorded.id,
            }
        )
        before = self.values(on_case | on_recorded, "res_model", "res_id", "checksum")
        # Planted into a restricted case the lead may not read, by its id alone.
        self.refused(
            USER_ERROR,
            self.p_lead,
            "ir.attachment",
            "write",
            on_case.ids,
            {"res_id": self.restricted.id},
        )
        # Moved off the case onto a contact every user reads.
        self.refused(
            USER_ERROR,
            self.owner,
            "ir.attachment",
            "write",
            on_case.ids,
            {"res_model": "res.partner", "res_id": self.parent.id},
        )
        # What a recorded decision holds is neither replaced nor deleted.
        self.refused(
            USER_ERROR,
            self.owner,
            "ir.attachment",
            "write",
            on_recorded.ids,
            {"raw": "UmV3cml0dGVu"},
        )
        self.refused(USER_ERROR, self.owner, "ir.attachment", "unlink", on_recorded.ids)
        self.assertEqual(
            self.values(on_case | on_recorded, "res_model", "res_id", "checksum"),
            before,
        )

    # 10. Followers, notifications, the police reference, sign-off requests,
    # breaches, Verify results and references

    def test_followers_and_notifications_are_the_readers(self):
        self.open_case.with_user(self.member).message_subscribe(
            self.member.partner_id.ids
        )
        self.open_case.with_user(self.owner).message_post(
            body="Home visit on Friday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.member.partner_id.ids,
        )
        for user in (self.staff, self.outsider):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.call(
                        user,
                        "mail.followers",
                        "search_read",
                        [
                            ("res_model", "=", "safeguarding.case"),
                            ("res_id", "=", self.open_case.id),
                        ],
                        ["partner_id"],
                    ),
                    [],
                )
                self.assertEqual(
                    self.call(
                        user,
                        "mail.notification",
                        "search_read",
                        [
                            ("mail_message_id.model", "=", "safeguarding.case"),
                            ("mail_message_id.res_id", "=", self.open_case.id),
                        ],
                        ["res_partner_id"],
                    ),
                    [],
                )

    def test_the_police_reference_wizard_needs_the_decision(self):
        before = (
            self.env["safeguarding.decision.police.reference.add"]
            .sudo()
            .search_count([])
        )
        self.refused(
            ACCESS_ERROR,
            self.p_lead,
            "safeguarding.decision.police.reference.add",
            "create",
            {"decision_id": self.restricted_draft.id, "reference": "CAD-1"},
        )
        self.assertEqual(
            self.env["safeguarding.decision.police.reference.add"]
            .sudo()
            .search_count([]),
            before,
        )

    def test_signoff_requests_are_the_leads(self):
        self.draft.with_user(self.owner).action_submit()
        requests = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "safeguarding.decision"),
                    ("res_id", "=", self.draft.id),
                    ("activity_type_id", "=", self.env.ref(SIGNOFF_REQUEST).id),
                ]
            )
        )
        self.assertTrue(requests)
        before = self.values(requests, "date_deadline", "user_id")
        self.refused(
            ACCESS_ERROR,
            self.owner,
            "mail.activity",
            "write",
            requests.ids,
            {"date_deadline": "2099-01-01"},
        )
        self.refused(ACCESS_ERROR, self.owner, "mail.activity", "unlink", requests.ids)
        self.refused(
            ACCESS_ERROR,
            self.owner,
            "mail.activity",
            "action_feedback",
            requests.ids,
            feedback="Done.",
        )
        self.assertEqual(self.values(requests, "date_deadline", "user_id"), before)

    def test_an_activity_s_server_facts_are_the_servers(self):
        """Who to tell, when exactly a request's to-do is due and which escalation it
        is: the server's alone, on an activity the practitioner may write (on their
        case or on a contact), given as a value or as a default_* context key."""
        facts = {
            "safeguarding_recipient_id": self.mash_worker.id,
            # A plausible time: refused as the server's, not as implausible.
            "safeguarding_due": fields.Datetime.to_string(
                fields.Datetime.now() + timedelta(hours=1)
            ),
            "safeguarding_escalation": "overdue",
        }
        Activity = self.env["mail.activity"].sudo()
        places = {
            "case": ("safeguarding.consent", self.consent.id),
            "contact": ("res.partner", self.parent.id),
        }
        activities = Activity.create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(model),
                    "res_id": res_id,
                    "user_id": self.owner.id,
                    "summary": "Theirs.",
                }
                for model, res_id in places.values()
            ]
        )
        before = self.values(activities, *facts)
        count = Activity.search_count([])
        for (place, (model, res_id)), activity in zip(
            places.items(), activities, strict=True
        ):
            new = {
                "res_model_id": self.env["ir.model"]._get_id(model),
                "res_id": res_id,
                "user_id": self.owner.id,
                "summary": "Mine.",
            }
            for name, value in facts.items():
                with self.subTest(place=place, field=name):
                    label = Activity._fields[name]._description_string(self.env)
                    message = self.refused(
                        USER_ERROR,
                        self.owner,
                        "mail.activity",
                        "write",
                        activity.ids,
                        {name: value},
                    )
                    self.assertIn(f"Refused: {label}.", message)
                    message = self.refused(
                        USER_ERROR,
                        self.owner,
                        "mail.activity",
                        "create",
                        dict(new, **{name: value}),
                    )
                    self.assertEqual(
                        message,
                        f"{label} is set by the server on a new Activity: leave it "
                        "out.",
                    )
                    self.refused(
                        USER_ERROR,
                        self.owner,
                        "mail.activity",
                        "create",
                        new,
                        context={f"default_{name}": value},
                    )
        self.assertEqual(self.values(activities, *facts), before)
        self.assertEqual(Activity.search_count([]), count)

    def test_mail_of_case_data_leaves_by_a_declared_move_only(self):
        """An e-mail about a record of case data is queued by the application's own
        declared moves only (its neutral notifications, a request's reply where
        the agency allows it): not by Odoo's administrator over RPC, nor by any
        code of the server outside those moves, whatever names the record."""
        system = rpc_user(self.env, "p_system", "base.group_user,base.group_system")
        message = self.open_case.with_user(self.owner).message_post(
            body="The strategy meeting's minutes.", message_type="comment"
        )
        to = {"email_to": "anyone@example.com", "body_html": "<p>Copied.</p>"}
        attempts = {
            "by its model": dict(
                to, model=self.open_case._name, res_id=self.open_case.id
            ),
            "by its message": dict(to, mail_message_id=message.id),
        }
        refusal = (
            "Mail about a safeguarding record leaves the server by the "
            "application's own moves only: its notifications, which say there is "
            "something to read, and a request's reply where the agency allows it. "
            "Write in the record's chatter instead."
        )
        before = self.mails()
        for what, vals in attempts.items():
            with self.subTest(what=what):
                self.assertEqual(
                    self.refused(USER_ERROR, system, "mail.mail", "create", vals),
                    refusal,
                )
                with self.assertRaisesRegex(UserError, f"^{re.escape(refusal)}$"):
                    self.env["mail.mail"].sudo().create(vals)
        with self.subTest(what="by a default model"):
            self.refused(
                USER_ERROR,
                system,
                "mail.mail",
                "create",
                dict(to, res_id=self.open_case.id),
                context={"default_model": self.open_case._name},
            )
            with self.assertRaisesRegex(UserError, f"^{re.escape(refusal)}$"):
                self.env["mail.mail"].sudo().with_context(
                    default_model=self.open_case._name
                ).create(dict(to, res_id=self.open_case.id))
        self.assertEqual(self.mails(), before)

    def test_a_breach_stays_on_its_line_and_in_time(self):
        breach_id = self.call(
            self.owner,
            "safeguarding.disclosure.breach",
            "create",
            {
                "disclosure_id": self.line.id,
                "kind": "wrong_recipient",
                "description": "Sent to the wrong team.",
            },
        )
        breach = self.env["safeguarding.disclosure.breach"].sudo().browse(breach_id)
        fields_ = ("disclosure_id", "decision_id", "date_found", "date_closed")
        before = self.values(breach, *fields_)
        for error, vals in (
            (USER_ERROR, {"decision_id": self.other_draft.id}),
            (USER_ERROR, {"decision_id": self.draft.id}),
            (USER_ERROR, {"date_closed": "1990-01-01"}),
            (VALIDATION_ERROR, {"date_found": "2099-01-01 10:00:00"}),
            (VALIDATION_ERROR, {"date_found": "1990-01-01 10:00:00"}),
        ):
            with self.subTest(vals=vals):
                self.refused(
                    error,
                    self.owner,
                    "safeguarding.disclosure.breach",
                    "write",
                    [breach_id],
                    vals,
                )
        self.refused(
            VALIDATION_ERROR,
            self.owner,
            "safeguarding.disclosure.breach",
            "create",
            {
                "disclosure_id": self.line.id,
                "kind": "other",
                "description": "Found in the future.",
                "date_found": "2099-01-01 10:00:00",
            },
        )
        self.assertEqual(self.values(breach, *fields_), before)

    def test_references_are_the_servers(self):
        decisions = self.env["safeguarding.decision"].sudo()
        before = decisions.search_count([])
        self.refused(
            USER_ERROR,
            self.owner,
            "safeguarding.decision",
            "create",
            self.share_vals(case_id=self.open_case.id, name=self.recorded.name),
        )
        self.refused(
            USER_ERROR,
            self.owner,
            "safeguarding.case",
            "create",
            {"child_id": self.child.id, "name": "CASE/CHOSEN/1"},
        )
        for model, record, name in (
            ("safeguarding.decision", self.draft, self.recorded.name),
            ("safeguarding.case", self.open_case, "CASE/RENAMED/1"),
        ):
            with self.subTest(model=model):
                old = record.name
                self.refused(
                    USER_ERROR, self.owner, model, "write", record.ids, {"name": name}
                )
                self.assertEqual(self.values(record, "name")[0]["name"], old)
        self.assertEqual(decisions.search_count([]), before)

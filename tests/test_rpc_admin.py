"""What Odoo's administrator (base.group_system, no safeguarding role) and a
practitioner reach from outside, over JSON-RPC on the running server: tracked values
and outgoing emails of a case, the audit trail of group changes."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

from .common import (
    ACCESS_ERROR,
    GROUP,
    DecisionCommon,
    RpcClient,
)

PASSWORD = "Admin-Test-Pass-2024"

REASON = "Child of a member of staff."
NEW_REASON = "Parent is a governor."
NOTE = "The child said the bruise came from home."


@tagged("post_install", "-at_install")
class TestRpcAdmin(RpcClient, HttpCase, DecisionCommon):
    rpc_password = PASSWORD

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return new_test_user(
                cls.env,
                login,
                groups=groups,
                password=PASSWORD,
                notification_type="email",
                email=f"{login}@example.com",
            )

        cls.a_practitioner = user("a_practitioner", GROUP + "practitioner")
        cls.a_member = user("a_member", GROUP + "practitioner")
        cls.a_lead = user("a_lead", GROUP + "lead")
        cls.a_named_lead = user("a_named_lead", GROUP + "lead")
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.user_admin.password = PASSWORD
        # As installed without demo data: Odoo's administrator, in no case team.
        cls.user_admin.groups_id -= cls.env.ref(GROUP + "lead") | cls.env.ref(
            GROUP + "practitioner"
        )
        cls.restricted_case = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.child.id,
                "user_id": cls.a_practitioner.id,
                "member_ids": [Command.set((cls.a_member | cls.a_named_lead).ids)],
                "restricted": True,
                "restriction_reason": REASON,
            }
        )

    def case_messages(self, case):
        return self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id)]
        )

    # Item 3: Odoo's administrator reads no case data through mail

    def test_admin_reads_no_tracked_value_nor_email_of_a_case(self):
        case = self.restricted_case
        self.call(
            self.a_practitioner,
            "safeguarding.case",
            "write",
            [case.id],
            {"restriction_reason": NEW_REASON},
        )
        self.call(
            self.a_practitioner,
            "safeguarding.case",
            "message_post",
            [case.id],
            body=NOTE,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.a_member.partner_id.ids,
            mail_auto_delete=False,
        )
        self.env.invalidate_all()
        # The change is tracked, its content kept for the case's readers.
        trackings = self.case_messages(case).sudo().tracking_value_ids
        reason = trackings.filtered(lambda t: t.field_id.name == "restriction_reason")
        self.assertEqual(
            (reason.old_value_char, reason.new_value_char), (REASON, NEW_REASON)
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", case._name), ("res_id", "=", case.id)])
        )
        self.assertIn(self.a_member.partner_id, mails.recipient_ids)
        self.assertEqual(
            case._readers_among(mails.recipient_ids.user_ids).partner_id,
            mails.recipient_ids,
        )

        # The administrator finds none of it, and reading it by id is refused.
        admin = self.user_admin
        everything = self.call(
            admin,
            "mail.tracking.value",
            "search_read",
            [],
            ["old_value_char", "new_value_char", "mail_message_id"],
        )
        self.assertEqual(
            [row["id"] for row in everything if row["id"] in trackings.ids], []
        )
        self.assertFalse(
            [
                row
                for row in everything
                if REASON in (row["old_value_char"] or "")
                or NEW_REASON in (row["new_value_char"] or "")
            ]
        )
        self.assertEqual(
            self.call(
                admin,
                "mail.tracking.value",
                "search_count",
                [("mail_message_id.model", "=", "safeguarding.case")],
            ),
            0,
        )
        self.assertRpcRefused(
            ACCESS_ERROR,
            admin,
            "mail.tracking.value",
            "read",
            reason.ids,
            ["new_value_char"],
        )
        self.assertEqual(
            self.call(
                admin,
                "mail.mail",
                "search_read",
                [("model", "=", "safeguarding.case")],
                ["body_html", "body", "subject"],
            ),
            [],
        )
        self.assertRpcRefused(
            ACCESS_ERROR, admin, "mail.mail", "read", mails.ids, ["body_html"]
        )
        self.assertEqual(
            self.call(
                admin,
                "mail.message",
                "search_read",
                [("model", "=", "safeguarding.case"), ("res_id", "=", case.id)],
                ["body"],
            ),
            [],
        )
        # The email that leaves the server says there is something to read, not what.
        for mail in mails:
            text = html2plaintext(mail.body_html)
            for secret in (NOTE, REASON, NEW_REASON, self.child.name):
                self.assertNotIn(secret, text)
            self.assertIn("Open it in Odoo to read it", text)
            self.assertIn(case.display_name, text)

    def test_group_changes_are_logged_on_the_user_whatever_the_context(self):
        admin = self.user_admin
        # Odoo's administrator is a safeguarding administrator already; any group
        # they grant themselves is logged the same way.
        practitioner = self.env["res.groups"].create({"name": "Case Readers"})
        before = self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", admin.partner_id.id)]
        )
        self.call(
            admin,
            "res.users",
            "write",
            admin.ids,
            {"groups_id": [Command.link(practitioner.id)]},
            context={"mail_notrack": True, "tracking_disable": True},
        )
        self.env.invalidate_all()
        self.assertIn(practitioner, admin.groups_id)
        logs = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", admin.partner_id.id)],
            order="id desc",
        )
        self.assertEqual(len(logs), before + 1)
        self.assertEqual(logs[0].author_id, admin.partner_id)
        self.assertEqual(
            html2plaintext(logs[0].body),
            f"Access groups changed by {admin.name}. "
            f"Added: {practitioner.full_name}. Removed: -.",
        )
        # Through the group too.
        self.call(
            admin,
            "res.groups",
            "write",
            practitioner.ids,
            {"users": [Command.unlink(admin.id)]},
        )
        self.env.invalidate_all()
        self.assertNotIn(practitioner, admin.groups_id)
        last = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", admin.partner_id.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(
            html2plaintext(last.body),
            f"Access groups changed by {admin.name}. "
            f"Added: -. Removed: {practitioner.full_name}.",
        )

    # Item 8: the overdue sign-off cron notifies only the decision's readers

    def test_overdue_signoff_flags_only_leads_who_may_read_the_decision(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "safeguarding_info_sharing.emergency_signoff_hours", "4"
        )
        decision = (
            self.env["safeguarding.decision"]
            .with_user(self.a_practitioner)
            .create(
                self.share_vals(
                    case_id=self.restricted_case.id,
                    emergency=True,
                    emergency_reason="Child to be collected by the partner at 3pm.",
                )
            )
        )
        self.confirm_principles(decision)
        decision.action_record()
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET signoff_due = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=1), decision.id],
        )
        self.env.invalidate_all()
        Decision = self.env["safeguarding.decision"]
        self.assertIn(decision, Decision.search([("signoff_overdue", "=", True)]))
        # Every lead of the company, the one not named on the case included.
        leads = self.env.ref(GROUP + "lead").users.filtered(
            lambda user: decision.company_id in user.company_ids
        )
        self.assertIn(self.a_lead, leads)
        Decision._cron_flag_overdue_signoffs()
        Decision._cron_flag_overdue_signoffs()
        flagged = decision.activity_ids.filtered(
            lambda a: a.summary == "Sign-off overdue"
        )
        self.assertEqual(flagged.user_id, self.a_named_lead)
        self.assertEqual(len(flagged), 1, "one flag, never twice")
        # The lead not named on the case finds no activity to mark done.
        self.assertEqual(
            self.call(
                self.a_lead,
                "mail.activity",
                "search_read",
                [("res_model", "=", decision._name), ("res_id", "=", decision.id)],
                ["summary"],
            ),
            [],
        )

    # Item 7: the child's identifiers only through a case the user may see

    def test_child_identifiers_only_through_a_case_the_user_may_see(self):
        other_child = self.env["res.partner"].create(
            {
                "name": "Other Child",
                "date_of_birth": "2015-01-02",
                "nhs_number": "9434765919",
            }
        )
        practitioner = self.a_practitioner
        for partner in (other_child, self.child):
            self.assertRpcRefused(
                ACCESS_ERROR,
                practitioner,
                "res.partner",
                "read",
                partner.ids,
                ["nhs_number", "date_of_birth"],
            )
            self.assertRpcRefused(
                ACCESS_ERROR,
                practitioner,
                "res.partner",
                "write",
                partner.ids,
                {"nhs_number": "9990000034", "date_of_birth": "2000-01-01"},
            )
        self.assertRpcRefused(
            ACCESS_ERROR,
            practitioner,
            "res.partner",
            "search",
            [("nhs_number", "=", "9434765919")],
        )
        self.env.invalidate_all()
        self.assertEqual(
            other_child.read(["nhs_number", "date_of_birth"])[0],
            {
                "id": other_child.id,
                "nhs_number": "9434765919",
                "date_of_birth": fields.Date.to_date("2015-01-02"),
            },
        )
        # Through the case they work on, they read and correct them.
        case = self.restricted_case
        self.assertEqual(
            self.call(
                practitioner,
                "safeguarding.case",
                "read",
                case.ids,
                ["child_nhs_number", "child_date_of_birth"],
            ),
            [
                {
                    "id": case.id,
                    "child_nhs_number": "9990000034",
                    "child_date_of_birth": "2016-05-04",
                }
            ],
        )
        self.call(
            practitioner,
            "safeguarding.case",
            "write",
            case.ids,
            {"child_nhs_number": "943 476 5919", "child_date_of_birth": "2016-05-05"},
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.child.nhs_number, self.child.date_of_birth),
            ("943 476 5919", fields.Date.to_date("2016-05-05")),
        )
        # A lead not named on the restricted case reads nothing of it.
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.a_lead,
            "safeguarding.case",
            "read",
            case.ids,
            ["child_nhs_number"],
        )

    # Low: no context key erases the audit trail; no public case attachment

    def test_tracking_holds_whatever_the_context(self):
        case = self.restricted_case
        for number, context in enumerate(
            (
                {"tracking_disable": True},
                {"mail_notrack": True},
                {"tracking_disable": 1, "mail_notrack": 1, "mail_create_nolog": 1},
            )
        ):
            reason = f"{NEW_REASON} ({number})"
            self.call(
                self.a_practitioner,
                "safeguarding.case",
                "write",
                case.ids,
                {"restriction_reason": reason},
                context=context,
            )
            self.env.invalidate_all()
            last = (
                self.case_messages(case)
                .sudo()
                .tracking_value_ids.filtered(
                    lambda t: t.field_id.name == "restriction_reason"
                )
                .sorted("id")[-1]
            )
            self.assertEqual(last.new_value_char, reason, context)
        created = self.call(
            self.a_practitioner,
            "safeguarding.case",
            "create",
            {"child_id": self.child.id, "user_id": self.a_practitioner.id},
            context={"tracking_disable": True, "mail_create_nolog": True},
        )
        self.env.invalidate_all()
        new_case = self.env["safeguarding.case"].browse(created)
        self.assertTrue(
            self.case_messages(new_case).filtered(
                lambda m: m.message_type == "notification"
            ),
            "the creation is logged",
        )

    def test_case_attachment_is_never_public(self):
        case = self.restricted_case
        user_error = "odoo.exceptions.UserError"
        before = self.env["ir.attachment"].sudo().search_count([("public", "=", True)])
        self.assertRpcRefused(
            user_error,
            self.a_practitioner,
            "ir.attachment",
            "create",
            {
                "name": "body-map.txt",
                "raw": "body map",
                "res_model": case._name,
                "res_id": case.id,
                "public": True,
            },
        )
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.a_practitioner)
            .create(
                {
                    "name": "body-map.txt",
                    "raw": "body map",
                    "res_model": case._name,
                    "res_id": case.id,
                }
            )
        )
        self.assertRpcRefused(
            user_error,
            self.a_practitioner,
            "ir.attachment",
            "write",
            attachment.ids,
            {"public": True},
        )
        self.env.invalidate_all()
        self.assertFalse(attachment.sudo().public)
        self.assertEqual(
            self.env["ir.attachment"].sudo().search_count([("public", "=", True)]),
            before,
        )

    def test_wizards_open_only_on_records_the_user_may_change(self):
        case = self.restricted_case
        wizards = ("safeguarding.case.close", "safeguarding.case.review")
        before = [self.env[name].sudo().search_count([]) for name in wizards]
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.a_lead,
            "safeguarding.case.review",
            "create",
            {"case_id": case.id, "outcome": "keep", "reason": "Peek."},
        )
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.a_lead,
            "safeguarding.case.close",
            "create",
            {"case_id": case.id, "close_reason": "Peek."},
        )
        self.assertEqual(
            [self.env[name].sudo().search_count([]) for name in wizards], before
        )
        self.env.invalidate_all()
        self.assertEqual((case.state, case.legal_hold), ("open", False))
        # Named on the case, the practitioner opens the closing wizard.
        created = self.call(
            self.a_practitioner,
            "safeguarding.case.close",
            "create",
            {"case_id": case.id, "close_reason": "Support in place."},
        )
        self.assertEqual(
            self.call(
                self.a_practitioner,
                "safeguarding.case.close",
                "read",
                [created],
                ["case_id"],
            )[0]["case_id"],
            [case.id, case.display_name],
        )

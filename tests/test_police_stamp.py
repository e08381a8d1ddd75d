"""The police notification is the server's stamp: when (now) and by whom (the user who
pressed "Police Notified Now"), on every path a client has to a decision (create,
write, ``default_*`` keys, copy, the button, the reference's dialog), proved from
outside over JSON-RPC on the running server."""

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import GROUP, USER_ERROR, DecisionCommon, RpcClient, rpc_user

BACK_DATED = "2026-01-05 09:00:00"
MODEL = "safeguarding.decision"
STAMP = ("police_notified", "date_police_notified", "police_notified_by_id")


@tagged("post_install", "-at_install")
class TestPoliceStamp(RpcClient, HttpCase, DecisionCommon):
    readonly_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = rpc_user(cls.env, "ps_owner", GROUP + "practitioner")
        cls.member = rpc_user(cls.env, "ps_member", GROUP + "practitioner")
        cls.stamp_case = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.child.id,
                "user_id": cls.owner.id,
                "member_ids": [Command.set(cls.member.ids)],
            }
        )

    def draft(self):
        return self.new_decision(user=self.owner, case_id=self.stamp_case.id)

    def stamp(self, decision):
        self.env.invalidate_all()
        decision = decision.sudo()
        return (
            decision.police_notified,
            decision.date_police_notified,
            decision.police_notified_by_id,
        )

    def refused(self, user, method, *args, **kwargs):
        name, message = self.rpc_refusal(user, MODEL, method, *args, **kwargs)
        self.assertEqual(name, USER_ERROR, message)
        return message

    def notify(self, user, decision, **context):
        before = fields.Datetime.now()
        self.call(user, MODEL, "action_notify_police", decision.ids, context=context)
        after = fields.Datetime.now()
        notified, date, by = self.stamp(decision)
        self.assertTrue(notified)
        self.assertEqual(by, user)
        self.assertTrue(before <= date <= after, (before, date, after))
        return date

    def test_a_new_decision_never_arrives_stamped(self):
        count = self.env[MODEL].sudo().search_count([])
        given = {
            "police_notified": True,
            "date_police_notified": BACK_DATED,
            "police_notified_by_id": self.member.id,
        }
        for name, value in given.items():
            with self.subTest(value=name):
                self.refused(
                    self.owner,
                    "create",
                    self.share_vals(case_id=self.stamp_case.id, **{name: value}),
                )
            with self.subTest(default=name):
                self.refused(
                    self.owner,
                    "create",
                    self.share_vals(case_id=self.stamp_case.id),
                    context={f"default_{name}": value},
                )
        self.assertEqual(self.env[MODEL].sudo().search_count([]), count)

    def test_the_stamp_is_never_written_by_a_client(self):
        draft = self.draft()
        date = self.notify(self.owner, draft)
        for vals in (
            {"date_police_notified": BACK_DATED},
            {"police_notified_by_id": self.member.id},
            {"police_notified": False},
        ):
            for context in ({}, {"safeguarding_move": "notify_police"}):
                with self.subTest(vals=vals, context=context):
                    self.refused(self.owner, "write", draft.ids, vals, context=context)
        self.assertEqual(self.stamp(draft), (True, date, self.owner))

    def test_the_button_stamps_now_and_the_user_who_pressed_whatever_the_context(self):
        draft = self.draft()
        self.notify(
            self.member,
            draft,
            default_date_police_notified=BACK_DATED,
            default_police_notified_by_id=self.owner.id,
        )

    def test_a_second_press_never_takes_over_the_stamp(self):
        draft = self.draft()
        date = self.notify(self.owner, draft)
        message = self.refused(self.member, "action_notify_police", draft.ids)
        self.assertEqual(
            message,
            f"{draft.name} records the police notified already, by "
            f"{self.owner.name}: that stamp stays as it was made. Add the reference "
            "the police gave with Add Police Reference.",
        )
        self.assertEqual(self.stamp(draft), (True, date, self.owner))

    def test_a_copy_starts_unstamped_and_takes_no_stamp(self):
        draft = self.draft()
        self.notify(self.owner, draft)
        copy_id = self.call(self.owner, MODEL, "copy", draft.ids)[0]
        copy = self.env[MODEL].browse(copy_id)
        self.assertEqual(self.stamp(copy), (False, False, self.env["res.users"]))
        count = self.env[MODEL].sudo().search_count([])
        for default in (
            {"date_police_notified": BACK_DATED},
            {"police_notified_by_id": self.member.id},
            {"police_notified": True},
        ):
            with self.subTest(default=default):
                self.refused(self.owner, "copy", draft.ids, default=default)
        self.assertEqual(self.env[MODEL].sudo().search_count([]), count)

    def test_the_reference_s_dialog_leaves_the_stamp_as_it_was(self):
        draft = self.draft()
        date = self.notify(self.owner, draft)
        self.confirm_wizard(
            self.member,
            "safeguarding.decision.police.reference.add",
            {"decision_id": draft.id, "reference": "CAD 1234"},
        )
        self.assertEqual(self.stamp(draft), (True, date, self.owner))
        self.assertEqual(draft.sudo().police_reference_summary, "CAD 1234")

import inspect

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from ..models.guidance import v2018
from .common import DecisionCommon

S, N = "share", "do_not_share"
# The 2018 flowchart as the advice draws it, row by row:
# (legitimate purpose, consent, identifiable, lawful reason) -> outcome.
FLOWCHART_2018 = {
    (True, True, True, True): S,
    (True, True, True, False): S,
    (True, True, False, True): S,
    (True, True, False, False): S,
    (True, False, True, True): S,
    (True, False, True, False): N,
    (True, False, False, True): S,
    (True, False, False, False): S,
    (False, True, True, True): N,
    (False, True, True, False): N,
    (False, True, False, True): N,
    (False, True, False, False): N,
    (False, False, True, True): N,
    (False, False, True, False): N,
    (False, False, False, True): N,
    (False, False, False, False): N,
}


@tagged("post_install", "-at_install")
class TestDecision(DecisionCommon):
    def test_every_button_takes_no_argument(self):
        # What a client calls is a button: the moves that carry a user's words (a
        # reason, a reference, a telling, a withdrawal) are private, reached through
        # their wizards.
        checked = 0
        for model_name, model in self.env.registry.items():
            if not model_name.startswith("safeguarding."):
                continue
            for name in dir(model):
                if name.startswith("action_") and callable(getattr(model, name)):
                    checked += 1
                    params = inspect.signature(getattr(model, name)).parameters
                    self.assertEqual(list(params), ["self"], f"{model_name}.{name}")
        self.assertGreater(checked, 20)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent = cls.env["safeguarding.consent"].create(
            {
                "case_id": cls.case.id,
                "given_by_id": cls.parent.id,
                "scope_recipient_ids": [Command.set(cls.mash.ids)],
                "scope_purpose_ids": [Command.set(cls.purpose.ids)],
            }
        )
        cls.consent.action_give()

    def answers_vals(self, purpose, consent, identifiable, lawful):
        return {
            "legitimate_purpose_answer": "yes" if purpose else "no",
            "consent_id": self.consent.id if consent else False,
            "no_consent_reason": False if consent else "undue_delay",
            "identifiable_answer": "yes" if identifiable else "no",
            "lawful_basis_ids": [Command.set(self.public_task.ids if lawful else [])],
            "no_lawful_reason": not lawful,
        }

    def test_all_sixteen_answers_follow_the_2018_flowchart(self):
        self.assertEqual(len(FLOWCHART_2018), 16)
        for answers, expected in FLOWCHART_2018.items():
            with self.subTest(answers=answers):
                decision = self.new_decision(**self.answers_vals(*answers))
                self.assertEqual(decision.has_consent, answers[1])
                self.assertEqual(decision.outcome, expected)
                keys = ("purpose", "consent", "identifiable", "lawful_reason")
                self.assertEqual(
                    v2018.decide(dict(zip(keys, answers, strict=True)))[0], expected
                )

    def test_route_is_kept(self):
        decision = self.new_decision(**self.answers_vals(True, False, True, False))
        self.assertEqual(
            decision.route,
            [
                ["purpose", True],
                ["consent", False],
                ["identifiable", True],
                ["lawful_reason", False],
            ],
        )
        self.assertIn("Outcome: Do not share", decision.route_summary)
        decision = self.new_decision(**self.answers_vals(True, True, True, True))
        self.assertEqual(decision.route, [["purpose", True], ["consent", True]])
        decision = self.new_decision(**self.answers_vals(False, True, True, True))
        self.assertEqual(decision.route, [["purpose", False]])
        self.assertIn('data-outcome="do_not_share"', decision.flowchart_html)

    def test_outcome_empty_while_an_answer_is_missing(self):
        decision = self.new_decision(
            legitimate_purpose_answer="yes", no_consent_reason=False
        )
        self.assertFalse(decision.outcome)
        self.assertEqual(decision.route, [["purpose", True], ["consent", None]])
        decision.no_consent_reason = "risk_to_child"
        decision.identifiable_answer = False
        self.assertFalse(decision.outcome)
        decision.identifiable_answer = "no"
        self.assertEqual(decision.outcome, S)

    def test_booleans_and_answers_agree(self):
        decision = self.new_decision(
            legitimate_purpose_answer=False, identifiable_answer=False
        )
        self.assertFalse(decision.legitimate_purpose)
        decision.write({"legitimate_purpose": True, "identifiable": False})
        self.assertEqual(decision.legitimate_purpose_answer, "yes")
        self.assertEqual(decision.identifiable_answer, "no")
        self.assertEqual(decision.outcome, S)

    def test_record_a_share(self):
        decision = self.new_decision()
        self.assertEqual(len(decision.principle_ids), len(self.principles))
        self.assertEqual(len(self.principles), 6)
        self.assertTrue(decision.name.startswith("DEC/"))
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.decided_by_id, self.practitioner)
        self.assertTrue(decision.date_decided)
        self.assertIn("Decision recorded: Share.", decision.message_ids[0].body)

    def test_recording_message_is_its_tracking(self):
        """Each move a request of its own, as in use: the recording's words ride on
        the tracking of its state, one message, written as the transaction
        commits."""
        decision = self.new_decision()
        self.env.cr.flush()  # the creation's request ends
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        self.env.cr.flush()
        decision.action_record()
        self.env.cr.flush()
        self.env.invalidate_all()
        recorded = decision.message_ids.filtered(
            lambda m: m.body and "Decision recorded" in m.body
        )
        self.assertEqual(len(recorded), 1)
        self.assertEqual(recorded.body.striptags(), "Decision recorded: Share.")
        self.assertEqual(recorded.author_id, self.practitioner.partner_id)
        self.assertEqual(
            [
                (value.field_id.name, value.old_value_char, value.new_value_char)
                for value in recorded.sudo().tracking_value_ids
            ],
            [("state", "Draft", "Recorded")],
        )

    def test_record_refused_naming_each_missing_item(self):
        public_task = self.public_task
        cases = [
            ({"reason": " "}, "the reason for the decision"),
            ({"purpose": False}, "the purpose for sharing"),
            ({"recipient_id": False}, "who the information is shared with"),
            ({"how_much": ""}, "how much is shared"),
            ({"recipient_verified": False}, "recipient's identity was verified"),
            ({"channel_id": False}, "the channel used to share"),
            (
                {"channel_id": self.open_channel.id},
                "why the channel 'Test plain email', which is not secure, is used",
            ),
            ({"individual_informed": False}, "whether the individual was or will be"),
            (
                {"individual_informed": "not_informed"},
                "why the individual will not be informed",
            ),
            (
                {"individual_informed": "not_informed", "not_informed_reason": "other"},
                "why the individual will not be informed",
            ),
            ({"immediate_risk": True}, "the police notification"),
            (
                {"crime_suspected": True, "police_notified": True},
                "the police notification",
            ),
            ({"no_consent_reason": False}, "an answer to 'Consent to share\\?'"),
            (
                {"lawful_basis_ids": [Command.clear()]},
                "an answer to 'Lawful reason to share without consent\\?'",
            ),
            ({"trigger": "request"}, "the requesting organisation"),
            ({"trigger": "request"}, "whether it shares all that was asked, or part"),
            (
                {"trigger": "request", "request_extent": "part"},
                "whether the decision was discussed with the requester",
            ),
            ({"trigger": "request"}, "what was asked for"),
            (
                {
                    "trigger": "request",
                    "requester_organisation_id": self.mash.id,
                    "date_received": "2026-11-20",
                    "information_requested": "School attendance",
                    "statutory_basis": "s16h",
                },
                "why the statutory request says the information is needed",
            ),
            (
                {
                    "no_lawful_reason": True,
                    "lawful_basis_ids": [Command.clear()],
                    "trigger": "request",
                    "requester_organisation_id": self.mash.id,
                    "date_received": "2026-11-20",
                    "information_requested": "Records",
                },
                "whether the decision was discussed with the requester",
            ),
            (
                {
                    "no_lawful_reason": True,
                    "lawful_basis_ids": [Command.clear()],
                    "trigger": "request",
                    "requester_organisation_id": self.mash.id,
                    "date_received": "2026-11-20",
                    "information_requested": "Records",
                    "discussed_with_requester": "yes",
                },
                "when the decision was discussed with the requester",
            ),
        ]
        self.assertTrue(public_task)
        for overrides, message in cases:
            with self.subTest(overrides=overrides):
                decision = self.new_decision(**overrides)
                with self.assertRefused(ValidationError, message):
                    decision.action_record()
                self.assert_still_draft(decision)

    def test_record_refused_for_each_unconfirmed_principle(self):
        for principle in self.principles:
            with self.subTest(principle=principle.code):
                decision = self.new_decision()
                line = decision.principle_ids.filtered(
                    lambda line, p=principle: line.principle_id == p
                )
                line.justification = ""
                with self.assertRefused(ValidationError, f"'{principle.name}'"):
                    decision.action_record()
                self.assert_still_draft(decision)

    def test_missing_items_are_all_named_at_once(self):
        decision = self.new_decision(
            confirm_principles=False, reason=False, how_much=False, channel_id=False
        )
        with self.assertRefused(ValidationError, "cannot be recorded yet") as caught:
            decision.action_record()
        message = str(caught.exception)
        for item in ("the reason", "how much", "the channel", "the principle"):
            self.assertIn(item, message)
        self.assert_still_draft(decision)

    def test_police_notified_lets_an_urgent_decision_be_recorded(self):
        decision = self.new_decision(
            immediate_risk=True,
            police_notified=True,
            date_police_notified=fields.Datetime.now(),
            police_notified_by_id=self.practitioner.id,
            police_reference="NB/26/1234",
        )
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_do_not_share_needs_reason_only(self):
        decision = self.new_decision(
            legitimate_purpose_answer="no",
            purpose=False,
            reason="No purpose: curiosity.",
        )
        self.assertEqual(decision.outcome, N)
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_consent_based_basis_is_refused(self):
        with self.assertRefused(ValidationError, "rests on consent"):
            self.new_decision(lawful_basis_ids=[Command.set(self.consent_basis.ids)])
        decision = self.new_decision()
        with self.assertRefused(ValidationError, "rests on consent"):
            decision.lawful_basis_ids = [Command.link(self.consent_basis.id)]
        self.env.invalidate_all()
        self.assertEqual(decision.lawful_basis_ids, self.public_task)

    def test_state_moves_only_through_action_record(self):
        Decision = self.env["safeguarding.decision"].with_user(self.practitioner)
        with self.assertRefused(UserError, "created as a draft"):
            Decision.create(dict(self.share_vals(), state="recorded"))
        decision = self.new_decision()
        with self.assertRefused(UserError, "only with 'Record Decision'"):
            decision.write({"state": "recorded"})
        with self.assertRefused(UserError, "only with 'Record Decision'"):
            decision.sudo().write({"state": "recorded"})
        self.assert_still_draft(decision)

    def test_recorded_decision_is_locked_for_everyone(self):
        decision = self.new_decision()
        self.record(decision)
        admin = self.env.ref("base.user_admin")
        # Odoo's administrator cannot even reach case data.
        with self.assertRaises(AccessError):
            self.as_user(admin, decision).write({"reason": "rewritten"})
        with self.assertRaises(AccessError):
            self.as_user(admin, decision).unlink()
        for user in (self.practitioner, self.lead):
            record = decision.with_user(user)
            for vals in (
                {"reason": "rewritten"},
                {"legitimate_purpose_answer": "no"},
                {"lawful_basis_ids": [Command.clear()]},
                {
                    "case_id": self.env["safeguarding.case"]
                    .create({"child_id": self.parent.id})
                    .id
                },
            ):
                with (
                    self.subTest(user=user.login, vals=list(vals)),
                    self.assertRefused(UserError, "can no longer be changed"),
                ):
                    record.write(vals)
            with self.assertRefused(UserError, "can no longer be changed"):
                record.unlink()
        for context in (
            {"force_write": True},
            {"tracking_disable": True, "safeguarding_unlock": True},
        ):
            with self.assertRefused(UserError, "can no longer be changed"):
                decision.sudo().with_context(**context).write({"reason": "x"})
            with self.assertRefused(UserError, "can no longer be changed"):
                decision.sudo().with_context(**context).unlink()
        with self.assertRefused(UserError, "can no longer be changed"):
            decision.principle_ids[0].sudo().write({"justification": "edited"})
        self.env.invalidate_all()
        self.assertEqual(
            decision.reason,
            "Two unexplained injuries; the child names the mother's partner.",
        )
        self.assertEqual(decision.state, "recorded")
        # Chatter still works on a recorded decision.
        decision.with_user(self.lead).message_post(body="Seen at supervision.")

    def test_draft_decision_can_be_deleted(self):
        decision = self.new_decision()
        decision.unlink()
        self.assertFalse(decision.exists())

    def test_correction_supersedes_and_both_stay(self):
        decision = self.new_decision()
        self.record(decision)
        action = decision.action_correct()
        correction = self.env["safeguarding.decision"].browse(action["res_id"])
        self.assertEqual(correction.state, "draft")
        self.assertEqual(correction.supersedes_id, decision)
        self.assertEqual(decision.superseded_by_ids, correction)
        self.assertEqual(correction.reason, decision.reason)
        self.assertNotEqual(correction.name, decision.name)
        self.assertEqual(set(self.case.decision_ids.ids), {decision.id, correction.id})
        with self.assertRefused(UserError, "Only a recorded decision"):
            correction.action_correct()

    def test_others_cannot_record_on_a_case_they_cannot_see(self):
        decision = self.new_decision()
        with self.assertRaises(AccessError):
            self.as_user(self.colleague, decision).action_record()
        with self.assertRaises(AccessError):
            self.as_user(self.manager, decision).action_record()
        self.assert_still_draft(decision)

    def assert_still_draft(self, decision):
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)
        self.assertFalse(decision.date_decided)

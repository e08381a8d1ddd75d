"""The principles of how to share: what Confirm All, a decision template and an
earlier decision propose, and what submitting refuses. A justification that states
a fact of the decision (a secure channel, that it cannot wait, that each item shared
is marked fact or opinion) is proposed only where the decision's own fields bear it
out; nothing confirmed is taken back behind the practitioner's back."""

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP, PASSWORD, DecisionCommon, RpcClient

AT_RISK = "waiting would leave the child at risk"
EACH_ITEM = "each item was checked against our records, is marked as fact or opinion"
SECURE_CHANNEL = "shared by a secure channel"


class PrincipleCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_code = {p.code: p for p in cls.principles}

    def lines(self, decision):
        return {
            line.principle_id.code: (line.confirmed, line.justification)
            for line in decision.principle_ids
        }

    def usual(self, code):
        return self.by_code[code].justification_template

    def otherwise(self, code):
        return self.by_code[code].justification_otherwise


@tagged("post_install", "-at_install")
class TestConfirmAll(PrincipleCommon):
    def test_a_share_that_can_wait_is_not_said_to_leave_the_child_at_risk(self):
        # Consent would cause undue delay: nothing says a child is at risk, a crime
        # is suspected or it is an emergency; nothing is listed as shared yet.
        decision = self.new_decision(
            confirm_principles=False, no_consent_reason="undue_delay"
        )
        decision.action_confirm_all_principles()
        self.assertEqual(
            self.lines(decision),
            {
                "necessary_proportionate": (
                    True,
                    self.usual("necessary_proportionate"),
                ),
                "relevant": (True, self.usual("relevant")),
                "adequate": (True, self.usual("adequate")),
                "accurate": (True, self.otherwise("accurate")),
                "timely": (True, self.otherwise("timely")),
                "secure": (True, self.usual("secure")),
            },
        )
        said = " ".join(decision.principle_ids.mapped("justification")).casefold()
        self.assertNotIn(AT_RISK, said)
        self.assertNotIn(EACH_ITEM, said)
        self.assertFalse(decision._principle_contradictions())
        self.assertFalse(decision.principles_note)
        decision.action_submit()
        self.assertEqual(decision.signoff_state, "submitted")

    def test_what_was_shared_and_the_risk_bear_out_the_usual_justifications(self):
        decision = self.new_decision(
            confirm_principles=False,
            disclosure_ids=[
                Command.create(
                    {
                        "description": "Bruising seen on the upper arm on 3 March",
                        "fact_or_opinion": "fact",
                        "recipient_id": self.mash_worker.id,
                        "channel_id": self.secure_channel.id,
                    }
                )
            ],
        )
        decision.action_confirm_all_principles()
        self.assertEqual(
            self.lines(decision),
            {code: (True, self.usual(code)) for code in self.by_code},
        )

    def test_a_phone_share_is_never_said_to_go_by_a_secure_channel(self):
        decision = self.new_decision(
            confirm_principles=False, channel_id=self.open_channel.id
        )
        decision.action_confirm_all_principles()
        lines = self.lines(decision)
        self.assertEqual(lines["secure"], (False, False))
        self.assertEqual(
            [code for code, (confirmed, _text) in lines.items() if not confirmed],
            ["secure"],
        )
        self.assertEqual(
            str(decision.principles_note),
            '<ul class="mb-0 ps-3"><li>Secure is not proposed: Test plain email is '
            "not a secure channel. Choose the channel: a secure one brings the usual "
            "justification; for one that is not secure, your reason for using it is "
            "proposed.</li></ul>",
        )
        self.assertIn(
            "the principle 'Secure', confirmed with a justification",
            decision._missing_items(),
        )
        # The practitioner's own reason for the phone is what Confirm All proposes.
        decision.insecure_channel_reason = "The officer was waiting on the line."
        decision.action_confirm_all_principles()
        self.assertEqual(
            self.lines(decision)["secure"],
            (
                True,
                (
                    "Test plain email, not a secure channel: The officer was waiting "
                    "on the line."
                ),
            ),
        )
        self.assertFalse(decision.principles_note)

    def test_a_changed_channel_unticks_nothing_and_says_what_no_longer_holds(self):
        decision = self.new_decision(confirm_principles=False)
        decision.action_confirm_all_principles()
        before = self.lines(decision)
        self.assertEqual(before["secure"], (True, self.usual("secure")))
        decision.channel_id = self.open_channel
        self.assertEqual(self.lines(decision), before)
        self.assertEqual(
            decision._principle_contradictions(),
            {
                decision.principle_ids.filtered(
                    lambda line: line.principle_id.code == "secure"
                ): "Test plain email is not a secure channel"
            },
        )
        self.assertIn(
            "Secure: its justification no longer holds: Test plain email is not a "
            "secure channel. Write your own, or Confirm All proposes what fits.",
            decision.principles_note,
        )
        # Confirm All replaces the proposal that no longer holds with what fits,
        # the practitioner's reason for the channel, and nothing else.
        decision.insecure_channel_reason = "The school has no secure email."
        decision.action_confirm_all_principles()
        after = self.lines(decision)
        self.assertEqual(
            after["secure"],
            (
                True,
                (
                    "Test plain email, not a secure channel: The school has no secure "
                    "email."
                ),
            ),
        )
        self.assertEqual(
            {code: value for code, value in after.items() if code != "secure"},
            {code: value for code, value in before.items() if code != "secure"},
        )

    def test_the_practitioners_own_words_are_theirs(self):
        decision = self.new_decision(confirm_principles=False)
        secure = decision.principle_ids.filtered(
            lambda line: line.principle_id.code == "secure"
        )
        secure.write(
            {"confirmed": True, "justification": "Handed over in a sealed envelope."}
        )
        decision.channel_id = self.open_channel
        decision.insecure_channel_reason = "By hand, at the strategy meeting."
        decision.action_confirm_all_principles()
        self.assertEqual(
            self.lines(decision)["secure"],
            (True, "Handed over in a sealed envelope."),
        )
        self.assertFalse(decision._principle_contradictions())


@tagged("post_install", "-at_install")
class TestTemplatesStateFactsAsFacts(PrincipleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.police_template = cls.env["safeguarding.decision.template"].create(
            {
                "name": "Test disclosure to the police",
                "crime_suspected": True,
                "channel_id": cls.secure_channel.id,
                "justification_timely": "Shared at once: a crime is suspected.",
                "justification_secure": "Through the police's secure mailbox.",
                "justification_accurate": "Each item marked fact or opinion.",
            }
        )

    def test_a_template_that_says_a_crime_is_suspected_ticks_it(self):
        decision = (
            self.env["safeguarding.decision"]
            .with_user(self.practitioner)
            .create({"case_id": self.case.id})
        )
        decision._apply_template(self.police_template)
        self.assertRecordValues(
            decision,
            [
                {
                    "crime_suspected": True,
                    "emergency": False,
                    "channel_id": self.secure_channel.id,
                }
            ],
        )
        lines = self.lines(decision)
        self.assertEqual(
            lines["timely"], (False, "Shared at once: a crime is suspected.")
        )
        self.assertEqual(
            lines["secure"], (False, "Through the police's secure mailbox.")
        )
        # Nothing is listed as shared: the template's Accurate is not proposed.
        self.assertEqual(lines["accurate"], (False, False))

    def test_a_templates_words_are_not_proposed_where_the_decision_contradicts_them(
        self,
    ):
        template = self.env["safeguarding.decision.template"].create(
            {
                "name": "Test early help",
                "channel_id": self.open_channel.id,
                "justification_timely": "Referred the same day: waiting would leave "
                "the child at risk.",
                "justification_secure": "Sent by secure email.",
            }
        )
        decision = self.new_decision(
            confirm_principles=False, no_consent_reason="undue_delay"
        )
        decision._apply_template(template)
        lines = self.lines(decision)
        self.assertEqual(lines["timely"], (False, False))
        self.assertEqual(lines["secure"], (False, False))
        # Written into a confirmed principle all the same, the template's words are
        # a contradiction the form names and submitting refuses.
        timely = decision.principle_ids.filtered(
            lambda line: line.principle_id.code == "timely"
        )
        timely.write(
            {"confirmed": True, "justification": template.justification_timely}
        )
        self.assertEqual(
            list(decision._principle_contradictions().values()),
            [
                (
                    "nothing on this decision says a child is at risk of harm, a crime "
                    "is suspected or it is an emergency"
                )
            ],
        )


@tagged("post_install", "-at_install")
class TestSubmittingRefusesAContradiction(RpcClient, HttpCase, PrincipleCommon):
    """From outside, over JSON-RPC, as the web client submits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.r_practitioner = new_test_user(
            cls.env,
            "pr_practitioner",
            groups=GROUP + "practitioner",
            password=PASSWORD,
        )
        cls.r_case = cls.env["safeguarding.case"].create(
            {"child_id": cls.child.id, "user_id": cls.r_practitioner.id}
        )

    def test_a_secure_channel_sentence_on_a_phone_share_is_refused_and_named(self):
        decision = self.new_decision(
            user=self.r_practitioner, confirm_principles=False, case_id=self.r_case.id
        )
        self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "action_confirm_all_principles",
            [decision.id],
        )
        self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "write",
            [decision.id],
            {
                "channel_id": self.open_channel.id,
                "insecure_channel_reason": "The school has no secure email.",
            },
        )
        self.env.invalidate_all()
        before = self.lines(decision)
        self.assertEqual(before["secure"], (True, self.usual("secure")))
        name, message = self.rpc_refusal(
            self.r_practitioner,
            "safeguarding.decision",
            "action_submit",
            [decision.id],
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertEqual(
            message,
            f"{decision.name} cannot be submitted yet. Missing:\n"
            "- a justification of 'Secure' that the decision does not contradict: "
            "Test plain email is not a secure channel",
        )
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "none")
        self.assertFalse(decision.signoff_ids)
        self.assertEqual(self.lines(decision), before)

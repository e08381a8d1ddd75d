from odoo.tests import new_test_user, tagged

from .common import GROUP, DecisionCommon


@tagged("post_install", "-at_install")
class TestUserWithoutEmail(DecisionCommon):
    """Recording posts to the chatter, and Odoo refuses a post whose author has no
    e-mail address: a safeguarding record's chatter is its audit trail, written
    whether or not the user has one (nothing of it is e-mailed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The agency's own sender, as Odoo's outgoing mail is set up to have one.
        cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "agency.example.org", "default_from": "notifications"}
        )
        cls.practitioner.email = False
        cls.lead_no_email = new_test_user(
            cls.env,
            "t_lead_no_email",
            groups=GROUP + "lead",
            name="Nia No-Email Lead",
            email=False,
        )

    def chatter(self, record):
        return [
            (message.author_id, message.body.striptags() if message.body else "")
            for message in record.message_ids.sorted("id")
            if message.message_type in ("comment", "notification") and message.body
        ]

    def test_practitioner_records_and_lead_signs_off_without_email(self):
        self.assertFalse(self.practitioner.email)
        self.assertFalse(self.lead_no_email.email)
        decision = self.new_decision()
        decision.action_submit()
        decision.with_user(self.lead_no_email).action_approve()
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.signoff_state, "approved")
        self.assertEqual(
            [(row.action, row.user_id) for row in decision.signoff_ids],
            [("submit", self.practitioner), ("approve", self.lead_no_email)],
        )
        recorded = decision.message_ids.filtered(
            lambda m: m.body and "Decision recorded" in m.body
        )
        self.assertEqual(len(recorded), 1)
        self.assertEqual(recorded.author_id, self.practitioner.partner_id)
        self.assertEqual(recorded.body.striptags(), "Decision recorded: Share.")
        # What leaves by e-mail goes from the agency's own address.
        self.assertEqual(recorded.email_from, "notifications@agency.example.org")

    def test_lead_without_email_returns_a_recorded_emergency(self):
        decision = self.new_decision(
            emergency=True,
            emergency_reason="The child is to be collected by the partner at 3pm.",
        )
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        decision.with_user(self.lead_no_email)._return(
            "The police reference is missing."
        )
        self.assertEqual(decision.signoff_state, "returned")
        correct = decision.activity_ids.filtered(
            lambda a: a.summary == f"Correct {decision.name}"
        )
        self.assertEqual(correct.user_id, self.practitioner)

    def test_case_closed_and_kept_without_email(self):
        self.env["safeguarding.case.close"].with_user(self.practitioner).create(
            {
                "case_id": self.case.id,
                "date_closed": "2025-01-10",
                "close_reason": "The family moved away.",
            }
        ).action_confirm()
        self.env["safeguarding.case.review"].with_user(self.lead_no_email).create(
            {
                "case_id": self.case.id,
                "outcome": "keep",
                "keep_until": "2099-01-01",
                "reason": "A sibling's proceedings continue.",
            }
        ).action_confirm()
        self.assertEqual(self.case.state, "closed")
        self.assertEqual(self.case.retention_outcome, "keep")
        logged = [
            (author, body)
            for author, body in self.chatter(self.case)
            if body.startswith(("Case closed", "Retention review"))
        ]
        self.assertEqual(
            logged,
            [
                (self.practitioner.partner_id, "Case closed: The family moved away."),
                (
                    self.lead_no_email.partner_id,
                    (
                        "Retention review: case kept until 2099-01-01. Reason: A "
                        "sibling's proceedings continue."
                    ),
                ),
            ],
        )

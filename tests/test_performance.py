from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged, users, warmup

from . import scenarios
from .common import enable_second_factor, pin_guidance

GROUP = "safeguarding_info_sharing.group_"

# What the case form reads (views/safeguarding_case_views.xml), as the web client
# asks web_read for it: many2ones with their display name, x2manys with the fields of
# their list, the newest lines of the sharing log included.
DISPLAY = {"fields": {"display_name": {}}}
CASE_FORM_SPEC = {
    "state": {},
    "decision_count": {},
    "request_open_count": {},
    "request_overdue": {},
    "restricted": {},
    "name": {},
    "child_id": DISPLAY,
    "child_date_of_birth": {},
    "child_nhs_number": {},
    "user_id": DISPLAY,
    "member_ids": DISPLAY,
    "company_id": DISPLAY,
    "restriction_reason": {},
    "date_closed": {},
    "close_reason": {},
    "person_ids": {
        "fields": {
            "sequence": {},
            "partner_id": DISPLAY,
            "role": {},
            "parental_responsibility": {},
            "protect_identity": {},
            "note": {},
        },
        "limit": 40,
        "order": "",
    },
    "summary": {},
    "recent_sharing_log_ids": {
        "fields": {
            "date": {},
            "kind": {},
            "summary": {},
            "detail_label": {},
            "draft": {},
            "user_id": DISPLAY,
        },
        "limit": 40,
        "order": "",
    },
    "sharing_log_count": {},
    "consent_ids": {
        "fields": {
            "kind": {},
            "given_by_id": DISPLAY,
            "relationship": {},
            "date_given": {},
            "date_expiry": {},
            "state": {},
        },
        "limit": 40,
        "order": "",
    },
    "advice_ids": {
        "fields": {
            "date_asked": {},
            "decision_id": DISPLAY,
            "adviser_id": DISPLAY,
            "adviser_role": {},
            "question": {},
            "outcome": {},
            "date_answered": {},
            "state": {},
        },
        "limit": 40,
        "order": "",
    },
}


@tagged("post_install", "-at_install")
class TestPerformance(TransactionCase):
    """Query counts of the everyday moves, pinned: a regression fails here. Measured
    with tracking and the chatter on, as in use (scripts/benchmark.py measures the
    same moves on a populated database)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # These moves are measured on a decision under the July 2018 flowchart.
        pin_guidance(cls.env, "2018")
        cls.practitioner = new_test_user(
            cls.env, "perf_practitioner", groups=GROUP + "practitioner"
        )
        cls.lead = new_test_user(cls.env, "perf_lead", groups=GROUP + "lead")
        # As an agency runs: two factors required (a new install's setting) and
        # enabled; the rules that enforce it cost no query once cached.
        for user in cls.practitioner | cls.lead:
            enable_second_factor(user)
        cls.child = cls.env["res.partner"].create({"name": "Perf Child"})
        cls.case = cls.env["safeguarding.case"].create(
            {"child_id": cls.child.id, "user_id": cls.practitioner.id}
        )
        cls.data = scenarios.reference_data(cls.env, "perf")
        # A case with a history: its form reads the same whatever its length.
        cls.decisions = cls.env["safeguarding.decision"].create(
            [cls._share_vals() for _i in range(3)]
        )

    @classmethod
    def _share_vals(cls, disclosures=0):
        return scenarios.share_vals(
            cls.case,
            cls.data,
            disclosure_ids=[
                Command.create(cls._disclosure_vals(index))
                for index in range(disclosures)
            ],
        )

    @classmethod
    def _disclosure_vals(cls, index, decision=None):
        return scenarios.disclosure_vals(
            cls.data, decision, description=f"Item {index}: what the child said."
        )

    def _draft(self, disclosures=5):
        """A complete draft decision of the practitioner, principles confirmed."""
        decision = self.env["safeguarding.decision"].create(
            self._share_vals(disclosures)
        )
        scenarios.confirm_principles(decision)
        self.env.flush_all()
        return decision

    @users("perf_practitioner")
    @warmup
    def test_open_case(self):
        case = self.env["safeguarding.case"].browse(self.case.id)
        self.env.invalidate_all()
        # The open requests of the case and the earliest due of them: one query.
        with self.assertQueryCount(perf_practitioner=15):
            case.web_read(CASE_FORM_SPEC)

    @users("perf_practitioner")
    @warmup
    def test_record_decision(self):
        decision = self._draft()
        lead_decision = decision.with_user(self.lead)
        self.env.invalidate_all()
        # Four seals (the submission and approval rows, the decision, its lines),
        # each: the chain's lock, its head, the payload, the update, the head moved.
        # Then the activities: each lead of the company who may read it is asked to
        # sign it off (checked a reader, subscribed), the requests are closed on
        # approval, the practitioner is told and that activity closed on recording;
        # the family will be informed, so the practitioner is asked to tell them.
        # Submitting and recording check the confirmed principles against what the
        # templates state; closing the requests checks that none is the last one
        # of a decision still awaiting sign-off. Each check also reads the
        # decision's recipients (with their record rules), the consents of its case
        # and the refusals standing on it, and recording checks each line of what
        # was shared again; the Secure principle reads every recipient's channel.
        with self.assertQueryCount(perf_practitioner=144):
            decision.action_submit()
            lead_decision.action_approve()
            decision.action_record()
            self.env.flush_all()
        self.assertEqual(decision.state, "recorded")

    @users("perf_practitioner")
    @warmup
    def test_add_disclosure(self):
        decision = self._draft(disclosures=0)
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        decision.action_record()
        self.env.flush_all()
        self.env.invalidate_all()
        # The line is sealed as it is added, its chain's head moved on (a new head
        # row, the one it was sealed on from removed); the first
        # line of a recorded share also ends its "share pending" state and removes
        # the practitioner's activity to add it; the protected people it could
        # identify are checked against the decision's; the line is linked to the
        # recipient of the decision it goes to. The activity removed is checked not
        # to be a decision's last request for sign-off.
        with self.assertQueryCount(perf_practitioner=29):
            disclosure = self.env["safeguarding.disclosure"].create(
                self._disclosure_vals(1, decision)
            )
            self.env.flush_all()
        self.assertTrue(disclosure.integrity_hash)

"""The ICO one-off request form's controller relationship, on the printed record, says
only what the record holds: the agreement in force with the recipient, else the
practitioner's answer for the one-off share; that nothing was shared on a decision not
to share; that it was not asked on a share recorded before the question was."""

from lxml import html

from odoo.tests import tagged

from .common import DecisionCommon
from .test_reports import DECISION_REPORT, cell_text

ROW = "Controller relationship"


@tagged("post_install", "-at_install")
class TestControllerRelationship(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))

    def printed(self, decision):
        """The controller relationship row of the decision's printed record, as a
        manager prints it."""
        report = self.env["ir.actions.report"].with_user(self.manager)
        content, _kind = report._render_qweb_html(DECISION_REPORT, decision.ids)
        rows = {
            cell_text(row[0]): cell_text(row[1])
            for row in html.fromstring(content).xpath(
                "//table[contains(@class, 'o_decision_request')]//tr"
            )
        }
        return rows[ROW]

    def test_a_one_off_share_prints_the_practitioner_s_answer(self):
        for answer, printed in (
            ("separate", "Separate controllers"),
            ("joint", "Joint controllers"),
        ):
            with self.subTest(answer=answer):
                decision = self.record(
                    self.new_decision(controller_relationship=answer)
                )
                self.assertFalse(decision.sharing_agreement_id)
                self.assertEqual(self.printed(decision), printed)

    def test_a_decision_not_to_share_says_nothing_was_shared(self):
        # The route ends in do not share.
        could_not = self.new_decision(
            controller_relationship=False, legitimate_purpose_answer="no"
        )
        # The route allows sharing; the practitioner decides not to.
        chose_not = self.new_decision(controller_relationship=False)
        chose_not.write(
            {
                "declined_principle_id": chose_not.principle_ids[0].principle_id.id,
                "declined_reason": "Not needed now.",
                "share_choice": "not_share",
            }
        )
        for decision in could_not | chose_not:
            with self.subTest(decision=decision.name):
                self.record(decision)
                self.assertFalse(decision.shares)
                self.assertEqual(
                    self.printed(decision), "None: the decision is not to share"
                )

    def test_a_share_recorded_before_the_question_says_it_was_not_asked(self):
        decision = self.record(self.new_decision())
        # As a share recorded before a one-off share asked it: no answer held.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_decision_recipient SET controller_relationship = NULL "
            "WHERE decision_id = %s",
            (decision.id,),
        )
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET controller_relationship = NULL "
            "WHERE id = %s",
            (decision.id,),
        )
        self.env.invalidate_all()
        self.assertEqual(
            self.printed(decision),
            "Not asked when this decision was recorded, and no data sharing "
            "agreement was in force",
        )

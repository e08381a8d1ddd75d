"""The practitioner's form walked as a busy person walks it, in Chromium: not the
tours' shortest path, but the order a person actually fills it in."""

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import SecondFactorLogin, pin_guidance, tour_people


class FormPathCommon(SecondFactorLogin, HttpCase):
    """A practitioner with two factors (a new install's requirement), a case of theirs,
    a recipient, a secure and an open channel and a lawful basis of the tours' own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)
        tour_people(cls, "path", "Pat Path", "Lee Path")
        cls.police = cls.env["res.partner"].create(
            {"name": "Path Police", "is_company": True}
        )
        cls.secure_channel = cls.env["safeguarding.channel"].create(
            {"name": "Path secure email", "code": "path_secure", "secure": True}
        )
        cls.phone = cls.env["safeguarding.channel"].create(
            {"name": "Path phone", "code": "path_phone", "secure": False}
        )
        cls.public_task = cls.env["safeguarding.lawful.basis"].create(
            {"code": "path_6_1_e", "name": "Path public task", "layer": "gdpr_art6"}
        )

    def case_url(self, case=None):
        case = case or self.case
        return (
            f"/odoo/action-safeguarding_info_sharing.safeguarding_case_action/{case.id}"
        )

    def principles(self, decision):
        return {
            line.principle_id.code: (line.confirmed, line.justification)
            for line in decision.principle_ids
        }


@tagged("post_install", "-at_install")
class TestConfirmAllThenChannel(FormPathCommon):
    def test_the_channel_chosen_after_confirm_all_unticks_nothing(self):
        """Confirm All before the channel, the channel then the phone, Crime
        Suspected and Immediate Risk ticked and unticked: nothing confirmed is
        unticked or cleared, Secure is proposed in the practitioner's own reason for
        the phone, no emergency is left on, and no technical name shows."""
        self.start_tour(
            self.case_url(),
            "safeguarding_confirm_all_then_channel_tour",
            login=self.user.login,
        )
        decision = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertRecordValues(
            decision,
            [
                {
                    "guidance_version": "2024",
                    "signoff_state": "submitted",
                    "channel_id": self.phone.id,
                    "crime_suspected": False,
                    "immediate_risk": False,
                    "emergency": False,
                    "criminal_offence_answer": "no",
                    "controller_relationship": "separate",
                    # Picking why not answered "No".
                    "engagement_answer": "not_engaged",
                    "not_engaged_reason": "not_practicable",
                }
            ],
        )
        principles = {p.code: p for p in decision.principle_ids.principle_id}
        self.assertEqual(
            self.principles(decision),
            {
                "necessary_proportionate": (
                    True,
                    principles["necessary_proportionate"].justification_template,
                ),
                "relevant": (True, principles["relevant"].justification_template),
                "adequate": (True, principles["adequate"].justification_template),
                # Nothing is listed as shared: not "each item is marked".
                "accurate": (True, principles["accurate"].justification_otherwise),
                # A child at risk of harm: it cannot wait.
                "timely": (True, principles["timely"].justification_template),
                "secure": (
                    True,
                    (
                        "Path phone, not a secure channel: The officer was on the "
                        "line and the child goes home at 3 pm"
                    ),
                ),
            },
        )


@tagged("post_install", "-at_install")
class TestFormFollowsTheWork(FormPathCommon):
    """In a window of 1400 by 900, as on a practitioner's laptop."""

    browser_size = "1400x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["safeguarding.decision.template"].create(
            {
                "name": "Path referral to the police",
                "purpose": "To tell the police what the child said about home.",
                "lawful_basis_ids": [Command.set(cls.public_task.ids)],
                "special_category_answer": "no",
                "criminal_offence_answer": "no",
                "confidential_answer": "no",
                "controller_relationship": "separate",
                "channel_id": cls.secure_channel.id,
                "how_much": "What the child said, word for word, and when.",
                "individual_informed": "will_inform",
            }
        )

    def test_the_form_follows_the_work(self):
        self.start_tour(
            self.case_url(),
            "safeguarding_form_follows_the_work_tour",
            login=self.user.login,
        )
        decision = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertEqual(decision.reason, "The child said she was hit at home")
        self.assertRecordValues(
            decision.disclosure_ids,
            [
                {
                    "description": "What the child said on 3 March about being hit at "
                    "home by her mother's partner",
                    "fact_or_opinion": "fact",
                    # The rest from the decision, in the line's own form.
                    "recipient_id": self.police.id,
                    "channel_id": self.secure_channel.id,
                }
            ],
        )

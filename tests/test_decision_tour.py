"""Decisions recorded through the web client, in Chromium, as a practitioner does:
a share under each version of the advice, recorded after a lead's sign-off and told
to the family, and a request declined although the route allowed sharing."""

from datetime import date

from odoo.tests import tagged

from .common import DecisionTourCommon, pin_guidance


@tagged("post_install", "-at_install")
class TestDecisionTour(DecisionTourCommon):
    """A practitioner records a decision to share through the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # This tour walks the July 2018 flowchart.
        pin_guidance(cls.env, "2018")
        principles = cls.env["safeguarding.principle"].search(
            [("guidance_version", "=", "2018")]
        )
        if not principles:
            cls.env["safeguarding.principle"].create(
                [
                    {
                        "code": code,
                        "name": code.replace("_", " ").capitalize(),
                        "sequence": sequence,
                        "question": f"Is the information {code.replace('_', ' ')}?",
                    }
                    for sequence, code in enumerate(
                        [
                            "necessary_proportionate",
                            "relevant",
                            "adequate",
                            "accurate",
                            "timely",
                            "secure",
                        ]
                    )
                ]
            )
        cls.principle_count = cls.env["safeguarding.principle"].search_count(
            [("guidance_version", "=", "2018")]
        )

    def test_record_a_decision_to_share(self):
        self.assertGreaterEqual(self.principle_count, 6)
        self.start_tour("/odoo", "safeguarding_decision_tour", login=self.user.login)
        decision = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertEqual(len(decision), 1)
        self.assertRecordValues(
            decision, [{"state": "draft", "signoff_state": "submitted"}]
        )

        # A lead signs it off; the practitioner then records it in the web client.
        decision.with_user(self.lead).action_approve()
        self.start_tour(
            "/odoo", "safeguarding_decision_record_tour", login=self.user.login
        )

        self.env.invalidate_all()
        recorded = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id), ("state", "=", "recorded")]
        )
        self.assertEqual(recorded, decision)
        self.assertRecordValues(
            decision,
            [
                {
                    "state": "recorded",
                    "signoff_state": "approved",
                    "outcome": "share",
                    "decided_by_id": self.user.id,
                    "recipient_id": self.recipient.id,
                    "legitimate_purpose_answer": "yes",
                    "no_consent_reason": "risk_to_child",
                    "has_consent": False,
                    "identifiable_answer": "yes",
                    "special_category_answer": "no",
                    "confidential_answer": "no",
                    "channel_id": self.data.secure_channel.id,
                    "recipient_verified": True,
                    "individual_informed": "will_inform",
                    "reason": "The child is at risk of significant harm",
                }
            ],
        )
        self.assertEqual(decision.lawful_basis_ids, self.data.public_task)
        self.assertTrue(decision.date_decided)
        lines = decision.principle_ids.sorted(lambda line: (line.sequence, line.id))
        self.assertEqual(len(lines), self.principle_count)
        self.assertEqual(
            [(line.confirmed, line.justification) for line in lines],
            [(True, f"Tour justification {row}") for row in range(1, len(lines) + 1)],
        )
        self.assertRecordValues(
            decision.disclosure_ids,
            [
                {
                    "description": "Tour disclosure: bruising seen on 3 March",
                    "fact_or_opinion": "fact",
                    "recipient_id": self.recipient.id,
                    "channel_id": self.data.secure_channel.id,
                    "shared_by_id": self.user.id,
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestDecisionTour2024(DecisionTourCommon):
    """A practitioner records a 2024 decision end to end in the web client, then
    writes the letter to the family from My Work, which is the telling."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)
        # The mother holds parental responsibility; the stepfather, who does too, is
        # the alleged perpetrator: the letter is never addressed to him by default.
        cls.mother = cls.env["res.partner"].create({"name": "Tour Mother"})
        cls.stepfather = cls.env["res.partner"].create({"name": "Tour Stepfather"})
        cls.env["safeguarding.case.person"].create(
            [
                {
                    "case_id": cls.case.id,
                    "partner_id": cls.mother.id,
                    "role": "parent",
                    "parental_responsibility": True,
                    "parental_responsibility_basis": "birth_mother",
                    "parental_responsibility_evidence": "Birth certificate seen.",
                },
                {
                    "case_id": cls.case.id,
                    "partner_id": cls.stepfather.id,
                    "role": "alleged_perpetrator",
                    "parental_responsibility": True,
                    "parental_responsibility_basis": "agreement",
                    "parental_responsibility_evidence": "Agreement of 2022 seen.",
                },
            ]
        )

    def test_record_a_2024_decision_and_write_to_the_family(self):
        self.start_tour(
            "/odoo", "safeguarding_decision_2024_tour", login=self.user.login
        )
        decision = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertRecordValues(
            decision,
            [
                {
                    "guidance_version": "2024",
                    "state": "draft",
                    "signoff_state": "submitted",
                    "outcome": "share",
                    "risk_of_harm_answer": "yes",
                    "relevant_answer": "yes",
                    "special_category_answer": "no",
                    "confidential_answer": "no",
                    "individual_informed": "will_inform",
                }
            ],
        )
        self.assertEqual(
            len(decision.principle_ids),
            self.env["safeguarding.principle"].search_count(
                [("guidance_version", "=", "2024")]
            ),
        )
        self.assertTrue(all(decision.principle_ids.mapped("confirmed")))
        decision.with_user(self.lead).action_approve()
        self.start_tour(
            "/odoo", "safeguarding_decision_record_tour", login=self.user.login
        )
        self.start_tour(
            "/odoo", "safeguarding_decision_letter_tour", login=self.user.login
        )
        self.env.invalidate_all()
        self.assertEqual(decision.state, "recorded")
        self.assertRecordValues(
            decision.telling_ids,
            [
                {
                    "moment": "after",
                    "told": True,
                    "person_ids": self.mother.ids,
                    "method": "letter",
                    "user_id": self.user.id,
                }
            ],
        )
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "safeguarding.decision"),
                    ("res_id", "=", decision.id),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestDeclinedRequestTour(DecisionTourCommon):
    """A request the route allows answering, declined by the practitioner, is
    submitted from the form: it asks whether the decision was discussed with the
    requester, as the Still missing list and submitting require."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)
        cls.requester = cls.env["res.partner"].create(
            {"name": "Tour Housing Association", "is_company": True}
        )

    def test_a_declined_request_is_submitted_from_the_form(self):
        self.start_tour(
            "/odoo", "safeguarding_declined_request_tour", login=self.user.login
        )
        decision = self.env["safeguarding.decision"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertRecordValues(
            decision,
            [
                {
                    "guidance_version": "2024",
                    "trigger": "request",
                    "requester_organisation_id": self.requester.id,
                    "outcome": "share",
                    "share_choice": "not_share",
                    "sharing_result": "chose_not_to_share",
                    "declined_principle_id": self.env.ref(
                        "safeguarding_info_sharing.principle_2024_relevant"
                    ).id,
                    "discussed_with_requester": "yes",
                    "date_discussed": date(2026, 11, 21),
                    "state": "draft",
                    "signoff_state": "submitted",
                }
            ],
        )
        self.assertEqual(decision.signoff_ids.mapped("action"), ["submit"])
        # The request it answers is a record of its own, picked up by whoever
        # answers it.
        self.assertRecordValues(
            decision.request_id,
            [
                {
                    "organisation_id": self.requester.id,
                    "direction": "received",
                    "basis": "informal",
                    "information_requested": "The family's support plan",
                    "state": "picked_up",
                }
            ],
        )

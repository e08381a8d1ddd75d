from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import SafeguardingCommon


@tagged("post_install", "-at_install")
class TestCase(SafeguardingCommon):
    def test_practitioner_creates_and_edits_a_case(self):
        Case = self.env["safeguarding.case"].with_user(self.practitioner)
        with Form(Case) as form:
            form.child_id = self.child
            with form.person_ids.new() as person:
                person.partner_id = self.parent
                person.role = "parent"
                person.parental_responsibility = True
                person.parental_responsibility_basis = "birth_mother"
                person.parental_responsibility_evidence = "Birth certificate seen."
        case = form.record
        year = date.today().year
        self.assertRegex(case.name, rf"^CASE/{year}/\d{{5}}$")
        self.assertEqual(case.user_id, self.practitioner)
        self.assertEqual(case.state, "open")
        self.assertEqual(case.company_id, self.company)
        self.assertEqual(case.child_nhs_number, "9990000034")
        self.assertEqual(case.person_ids.partner_id, self.parent)
        self.assertTrue(case.person_ids.parental_responsibility)

        with Form(case) as form:
            form.member_ids.add(self.colleague)
        self.assertEqual(case.member_ids, self.colleague)

    def test_references_follow_the_sequence(self):
        cases = self.env["safeguarding.case"].create(
            [{"child_id": self.child.id}, {"child_id": self.parent.id}]
        )
        first, second = (int(name.rsplit("/", 1)[1]) for name in cases.mapped("name"))
        self.assertEqual(second, first + 1)
        self.assertNotEqual(cases[0].name, self.case.name)

    def test_case_without_child_is_refused(self):
        Case = self.env["safeguarding.case"].with_user(self.practitioner)
        before = Case.search_count([])
        with self.assertRefused(ValidationError, "child or young person"):
            Case.create({"user_id": self.practitioner.id})
        self.assertEqual(Case.search_count([]), before)
        case = self.as_user(self.practitioner, self.case)
        with self.assertRefused(ValidationError, "child or young person"):
            case.write({"child_id": False})
        self.env.invalidate_all()
        self.assertEqual(self.case.child_id, self.child)

    def test_closing_needs_a_reason(self):
        case = self.as_user(self.practitioner, self.case)
        action = case.action_close()
        self.assertEqual(action["res_model"], "safeguarding.case.close")
        wizard = (
            self.env["safeguarding.case.close"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
            .create({"close_reason": "   "})
        )
        with self.assertRefused(ValidationError, "reason for closing"):
            wizard.action_confirm()
        with self.assertRefused(ValidationError, "closing reason"):
            case.write({"state": "closed", "date_closed": date.today()})
        self.env.invalidate_all()
        self.assertEqual(self.case.state, "open")
        self.assertFalse(self.case.date_closed)
        self.assertFalse(self.case.close_reason)

    def test_closing_and_reopening(self):
        case = self.as_user(self.practitioner, self.case)
        with Form(
            self.env["safeguarding.case.close"]
            .with_user(self.practitioner)
            .with_context(**case.action_close()["context"])
        ) as form:
            form.date_closed = date(2026, 11, 2)
            form.close_reason = "Stepped down to early help; family engaging."
        form.record.action_confirm()
        self.assertEqual(case.state, "closed")
        self.assertEqual(case.date_closed, date(2026, 11, 2))
        self.assertEqual(
            case.close_reason, "Stepped down to early help; family engaging."
        )
        case.action_reopen()
        self.assertEqual(case.state, "open")
        self.assertFalse(case.date_closed)
        self.assertFalse(case.close_reason)

    def test_bad_nhs_number_and_future_birth_are_refused(self):
        with self.assertRefused(ValidationError, "not a valid NHS number"):
            self.child.nhs_number = "9990000035"
        with self.assertRefused(
            ValidationError, "^Test Child: Date of Birth cannot be"
        ):
            self.child.date_of_birth = date(2999, 1, 1)
        self.env.invalidate_all()
        self.assertEqual(self.child.nhs_number, "9990000034")
        self.assertEqual(self.child.date_of_birth, date(2016, 5, 4))
        self.child.nhs_number = "943 476 5919"
        self.assertEqual(self.child.nhs_number, "943 476 5919")

    def test_restricting_needs_a_reason(self):
        case = self.as_user(self.practitioner, self.case)
        with self.assertRefused(ValidationError, "why case"):
            case.restricted = True
        case.write(
            {"restricted": True, "restriction_reason": "Child of a staff member."}
        )
        self.assertTrue(case.restricted)

    def test_who_sees_a_case(self):
        other = self.env["safeguarding.case"].create(
            {"child_id": self.parent.id, "user_id": self.colleague.id}
        )
        case = self.as_user(self.practitioner, other)
        with self.assertRaises(AccessError):
            case.read(["name"])
        other.member_ids = [Command.link(self.practitioner.id)]
        case = self.as_user(self.practitioner, other)
        self.assertEqual(case.read(["name"])[0]["name"], other.name)

        manager_case = self.as_user(self.manager, other)
        self.assertEqual(manager_case.child_id, self.parent)
        with self.assertRaises(AccessError):
            manager_case.write({"summary": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            self.as_user(self.sg_admin, other).read(["name"])

    def test_restricted_case_hidden_from_unnamed_lead(self):
        self.case.write(
            {"restricted": True, "restriction_reason": "High profile family."}
        )
        Case = self.env["safeguarding.case"]
        self.assertFalse(
            self.as_user(self.lead, Case).search([("id", "=", self.case.id)])
        )
        self.case.member_ids = [Command.link(self.lead.id)]
        self.assertEqual(
            self.as_user(self.lead, Case).search([("id", "=", self.case.id)]), self.case
        )

    def test_people_involved_follow_their_case(self):
        self.case.person_ids = [
            Command.create({"partner_id": self.parent.id, "role": "carer"})
        ]
        line = self.case.person_ids
        Person = self.env["safeguarding.case.person"]
        self.assertEqual(self.as_user(self.practitioner, Person).search([]), line)
        self.assertFalse(self.as_user(self.colleague, Person).search([]))
        with self.assertRaises(AccessError):
            self.as_user(self.colleague, line).read(["role"])

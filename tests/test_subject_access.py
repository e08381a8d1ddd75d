import base64
import subprocess
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP, PASSWORD, DecisionCommon, RpcClient

OUTPUT = "report.safeguarding_info_sharing.report_subject_access"
REPORT = "safeguarding_info_sharing.safeguarding_subject_access_report"
LOG = "safeguarding.subject.access.log"
REDACT = "[redact before release: protected identity] "
DATE = "%m/%d/%Y %H:%M:%S"  # English (US), the tests' language
REFUSED = (
    "Only a safeguarding lead produces the answer to a subject access request: ask "
    "a safeguarding lead or your data protection officer."
)


@tagged("post_install", "-at_install")
class TestSubjectAccess(RpcClient, HttpCase, DecisionCommon):
    """A subject access request for a parent on two cases (and on three more that the
    lead may or may not see), answered by a safeguarding lead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        for user in (cls.practitioner, cls.lead):
            user.password = PASSWORD
        cls.parent.email = "test.parent@example.org"
        cls.referrer = env["res.partner"].create({"name": "Test Referrer"})
        cls.sibling = env["res.partner"].create({"name": "Test Sibling"})
        Case = env["safeguarding.case"]
        Person = env["safeguarding.case.person"]
        # Case A (the common case): the parent with parental responsibility and a
        # referrer whose identity is protected.
        # The parent with parental responsibility, as DecisionCommon records it.
        cls.person_a = cls.parent_person
        Person.create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.referrer.id,
                "role": "referrer",
                "protect_identity": True,
            }
        )
        # Case B: the parent as carer of another child.
        cls.case_b = Case.create(
            {"child_id": cls.sibling.id, "user_id": cls.practitioner.id}
        )
        Person.create(
            {"case_id": cls.case_b.id, "partner_id": cls.parent.id, "role": "carer"}
        )
        # A restricted case the lead is named on: included, and its reading logged.
        cls.case_named = Case.create(
            {
                "child_id": cls.sibling.id,
                "user_id": cls.practitioner.id,
                "member_ids": [(6, 0, cls.lead.ids)],
                "restricted": True,
                "restriction_reason": "A relative of staff.",
            }
        )
        Person.create(
            {
                "case_id": cls.case_named.id,
                "partner_id": cls.parent.id,
                "role": "other",
            }
        )
        # A restricted case the lead is not named on, and one of another company:
        # both left out.
        cls.case_hidden = Case.create(
            {
                "child_id": cls.sibling.id,
                "user_id": cls.colleague.id,
                "restricted": True,
                "restriction_reason": "High profile.",
            }
        )
        Person.create({"case_id": cls.case_hidden.id, "partner_id": cls.parent.id})
        cls.company2 = env["res.company"].create({"name": "Second Test Council"})
        cls.case_other_company = Case.create(
            {
                "child_id": cls.sibling.id,
                "company_id": cls.company2.id,
                "user_id": new_test_user(
                    env,
                    "t_practitioner2",
                    groups=GROUP + "practitioner",
                    company_id=cls.company2.id,
                    company_ids=[(6, 0, cls.company2.ids)],
                ).id,
            }
        )
        Person.create(
            {"case_id": cls.case_other_company.id, "partner_id": cls.parent.id}
        )
        cls.referral = "Test referral: Refer the bruising to children's social care."

    def setUp(self):
        super().setUp()
        # Shared a few hours ago (a share is never recorded in the future, nor
        # before the day before its decision was started: the transaction's now).
        now = fields.Datetime.now().replace(microsecond=0)
        self.times = [now - timedelta(hours=hours) for hours in (3, 2.5, 4, 5)]
        consent = self.new_consent()
        consent.action_give()
        self.consent = consent
        self.decision_a = self.new_decision()
        self.shared_a = self.disclose(
            self.decision_a, "The two injuries.", self.times[0]
        )
        self.record(self.decision_a)
        self.shared_a2 = self.disclose(
            self.decision_a, "What the child said.", self.times[1]
        )
        self.decision_b = self.new_decision(
            case_id=self.case_b.id,
            recipient_id=self.school.id,
            purpose="Tell the school of the plan.",
        )
        self.shared_b = self.disclose(
            self.decision_b, "The safety plan.", self.times[2], recipient=self.school
        )
        # On the restricted case the lead does not see: never in the output.
        hidden = self.new_decision(user=self.colleague, case_id=self.case_hidden.id)
        self.disclose(hidden, "Hidden.", self.times[3], user=self.colleague)

    def disclose(self, decision, what, when, recipient=None, user=None):
        return (
            self.env["safeguarding.disclosure"]
            .with_user(user or self.practitioner)
            .create(
                {
                    "decision_id": decision.id,
                    "description": what,
                    "fact_or_opinion": "fact",
                    "recipient_id": (recipient or self.mash_worker).id,
                    "channel_id": self.secure_channel.id,
                    "date_shared": when,
                }
            )
        )

    def logs(self):
        return self.env[LOG].sudo().search([("partner_id", "=", self.parent.id)])

    def restricted_openings(self, case):
        return (
            self.env["safeguarding.case.access.log"]
            .sudo()
            .search([("case_id", "=", case.id), ("user_id", "=", self.lead.id)])
        )

    def test_output_lists_exactly_what_the_lead_may_see(self):
        self.assertFalse(self.restricted_openings(self.case_named))
        with freeze_time("2026-03-04 12:00:00"):
            (subject,) = (
                self.env[OUTPUT].with_user(self.lead)._subject_access(self.parent)
            )
        self.assertEqual(subject["name"], "Test Parent")
        self.assertEqual(subject["produced_by"], "Lee Lead")
        self.assertEqual(subject["produced_on"], "03/04/2026 12:00:00")
        # Two cases, and the restricted one the lead is named on; never the other
        # company's nor the restricted case the lead is not named on.
        self.assertEqual(
            [(case["reference"], case["roles"]) for case in subject["cases"]],
            [
                (self.case.name, "Parent"),
                (self.case_b.name, "Carer"),
                (self.case_named.name, "Other"),
            ],
        )
        self.assertEqual(
            [
                (
                    item["case"],
                    item["decision"],
                    item["recipient"],
                    item["date_shared"],
                    item["date"],
                    item["purpose"],
                    item["lawful_basis"],
                    item["what"],
                )
                for item in subject["disclosures"]
            ],
            [
                (
                    self.case.name,
                    self.decision_a.name,
                    "Test MASH, Test MASH worker",
                    self.times[0],
                    self.times[0].strftime(DATE),
                    self.referral,
                    "Test public task",
                    "The two injuries.",
                ),
                (
                    self.case.name,
                    self.decision_a.name,
                    "Test MASH, Test MASH worker",
                    self.times[1],
                    self.times[1].strftime(DATE),
                    self.referral,
                    "Test public task",
                    "What the child said.",
                ),
                (
                    self.case_b.name,
                    self.decision_b.name,
                    "Test School",
                    self.times[2],
                    self.times[2].strftime(DATE),
                    "Test referral: Tell the school of the plan.",
                    "Test public task",
                    "The safety plan.",
                ),
            ],
        )
        case_a = subject["cases"][0]
        # The protected referrer is flagged for redaction, the child is not.
        self.assertEqual(
            case_a["people"],
            [
                {"name": "Test Child", "role": "Child or young person"},
                {"name": REDACT + "Test Referrer", "role": "Referrer"},
            ],
        )
        self.assertEqual(
            [
                (d["reference"], d["status"], d["result"], d["date"])
                for d in case_a["decisions"]
            ],
            [
                (
                    self.decision_a.name,
                    "Recorded",
                    "Share",
                    self.decision_a.date_decided.strftime(DATE),
                )
            ],
        )
        (consent,) = case_a["consents"]
        self.assertEqual(
            (consent["kind"], consent["status"], consent["given_by"]),
            ("Confidentiality (common law)", "Given", "Test Parent"),
        )
        requested, given = self.consent.event_ids
        self.assertEqual(
            [(e["event"], e["date"], e["by"]) for e in consent["events"]],
            [
                ("Requested", requested.date.strftime(DATE), "Pat Practitioner"),
                ("Given", given.date.strftime(DATE), "Pat Practitioner"),
            ],
        )
        self.assertEqual(subject["cases"][1]["consents"], [])
        # Reading the restricted case's content this way is an opening, logged.
        self.assertEqual(len(self.restricted_openings(self.case_named)), 1)
        self.assertFalse(self.restricted_openings(self.case_hidden))

    def test_csv_export_is_logged_once(self):
        self.assertFalse(self.logs())
        wizard = (
            self.env["safeguarding.subject.access"]
            .with_user(self.lead)
            .create({"partner_id": self.parent.id})
        )
        with freeze_time("2026-03-04 12:00:00"):
            action = wizard.action_export()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": "/web/content/?model=safeguarding.subject.access&id="
                f"{wizard.id}&field=export_file&filename_field=export_filename"
                "&download=true",
                "target": "download",
            },
        )
        log = self.logs()
        self.assertEqual(
            [
                (
                    row.user_id,
                    str(row.date),
                    row.output_format,
                    row.company_id,
                    row.case_count,
                    row.disclosure_count,
                )
                for row in log
            ],
            [(self.lead, "2026-03-04 12:00:00", "csv", self.company, 3, 3)],
        )
        self.assertEqual(wizard.export_filename, "Subject access - Test Parent.csv")
        text = base64.b64decode(wizard.export_file).decode("utf-8-sig")
        lines = text.splitlines()
        self.assertEqual(
            lines[0],
            "Section,Case,Reference,Date,Recipient,Purpose,Lawful Basis,Detail",
        )
        self.assertIn(
            f"Disclosure,{self.case_b.name},{self.decision_b.name},"
            f"{self.times[2].strftime(DATE)},Test School,"
            "Test referral: Tell the school of the plan.,Test public task,"
            '"The safety plan. (Fact, Test secure email)"',
            lines,
        )
        self.assertIn(
            f"Person on the case,{self.case.name},,,,,,{REDACT}Test Referrer "
            "(Referrer)",
            lines,
        )
        self.assertNotIn("Hidden.", text)
        self.assertNotIn(self.case_hidden.name, text)
        self.assertNotIn(self.case_other_company.name, text)
        # The export is the lead's own: another lead reads nothing of it.
        other_lead = new_test_user(self.env, "t_lead_other", groups=GROUP + "lead")
        with self.assertRaises(AccessError):
            self.as_user(other_lead, wizard).read(["export_file"])
        # The log is the server's: nobody writes or deletes it.
        with self.assertRaises(UserError):
            log.with_user(self.lead).write({"output_format": "pdf"})
        with self.assertRaises(AccessError):
            log.with_user(self.lead).unlink()
        with self.assertRaises(AccessError):
            self.env[LOG].with_user(self.lead).create(
                {
                    "partner_id": self.parent.id,
                    "user_id": self.lead.id,
                    "date": "2026-03-04 12:00:00",
                    "company_id": self.company.id,
                    "output_format": "pdf",
                }
            )
        self.assertEqual(self.logs(), log)

    def test_practitioner_is_refused_over_json_rpc_and_nothing_is_logged(self):
        self.assertRpcRefused(
            "odoo.exceptions.AccessError",
            self.practitioner,
            "safeguarding.subject.access",
            "create",
            {"partner_id": self.parent.id},
        )
        # The output itself, asked of the report directly.
        self.authenticate(self.practitioner.login, PASSWORD)
        self._rpc_login = None
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/report/pdf/safeguarding_info_sharing.report_subject_access/"
                f"{self.parent.id}"
            )
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertIn(REFUSED.replace("'", "&#39;"), response.text)
        self.assertFalse(self.logs())
        # And the lead, over the same server, produces it: one row.
        wizard_id = self.call(
            self.lead,
            "safeguarding.subject.access",
            "create",
            {"partner_id": self.parent.id},
        )
        action = self.call(
            self.lead, "safeguarding.subject.access", "action_export", [wizard_id]
        )
        self.assertEqual(action["target"], "download")
        self.assertEqual(
            [(row.user_id, row.output_format) for row in self.logs()],
            [(self.lead, "csv")],
        )

    def test_pdf_renders_with_the_redaction_flag(self):
        report = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            .with_context(force_report_rendering=True)
        )
        with freeze_time("2026-03-04 12:00:00"):
            content, kind = report._render_qweb_pdf(REPORT, self.parent.ids)
        self.assertEqual((kind, content[:5]), ("pdf", b"%PDF-"))
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for expected in (
            "OFFICIAL-SENSITIVE",
            "Subject access: safeguarding records",
            "Test Parent",
            self.case.name,
            self.case_b.name,
            self.decision_a.name,
            REDACT + "Test Referrer",
            "The safety plan.",
            "Page 1 of",
        ):
            self.assertIn(expected, text)
        self.assertNotIn(self.case_hidden.name, text)
        self.assertNotIn(self.case_other_company.name, text)
        self.assertEqual(
            [
                (row.user_id, str(row.date), row.output_format, row.case_count)
                for row in self.logs()
            ],
            [(self.lead, "2026-03-04 12:00:00", "pdf", 3)],
        )
        # A practitioner prints nothing, and nothing is logged.
        with self.assertRaises(AccessError) as caught:
            report.with_user(self.practitioner)._render_qweb_pdf(
                REPORT, self.parent.ids
            )
        self.assertEqual(str(caught.exception), REFUSED)
        self.assertEqual(len(self.logs()), 1)
        # On screen, it is a production too, logged as such.
        html, kind = report._render_qweb_html(REPORT, self.parent.ids)
        self.assertEqual(kind, "html")
        self.assertIn(REDACT + "Test Referrer", html.decode())
        self.assertEqual(  # newest first
            [row.output_format for row in self.logs()], ["html", "pdf"]
        )

    def test_privacy_lookup_finds_the_records_by_reference_only(self):
        admin = self.env.ref("base.user_admin")
        wizard = (
            self.env["privacy.lookup.wizard"]
            .with_user(admin)
            .create({"name": "Test Parent", "email": "test.parent@example.org"})
        )
        wizard.action_lookup()
        found = {
            (line.res_model, line.res_id): line
            for line in wizard.line_ids
            if line.res_model.startswith("safeguarding.")
        }
        consent = self.case.consent_ids
        self.assertEqual(
            found[("safeguarding.case.person", self.person_a.id)].res_name,
            f"Person Involved in a Safeguarding Case #{self.person_a.id} on "
            f"{self.case.name}",
        )
        self.assertEqual(
            found[("safeguarding.consent", consent.id)].res_name,
            f"Consent #{consent.id} on {self.case.name}",
        )
        # The records of the other company and the hidden case are found too (the
        # lookup reads as the system), by reference; opening one needs the rights.
        line = found[
            (
                "safeguarding.case.person",
                self.case_hidden.person_ids.filtered(
                    lambda p: p.partner_id == self.parent
                ).id,
            )
        ]
        self.assertFalse(line.resource_ref)
        # The child: their case, by its reference.
        wizard = (
            self.env["privacy.lookup.wizard"]
            .with_user(admin)
            .create({"name": "Test Child", "email": "no.email@example.org"})
        )
        wizard.action_lookup()
        names = {
            (line.res_model, line.res_id): line.res_name for line in wizard.line_ids
        }
        self.assertEqual(
            names[("safeguarding.case", self.case.id)],
            f"Safeguarding Case {self.case.name}",
        )
        # What was shared never shows: a disclosure is named by its number.
        wizard = (
            self.env["privacy.lookup.wizard"]
            .with_user(admin)
            .create({"name": "Test MASH worker", "email": "no.email@example.org"})
        )
        wizard.action_lookup()
        line = wizard.line_ids.filtered(
            lambda l: (
                l.res_model == "safeguarding.disclosure"
                and l.res_id == self.shared_a.id
            )
        )
        self.assertEqual(
            line.res_name,
            f"Information Shared #{self.shared_a.id} on {self.case.name}",
        )
        with self.assertRaises(UserError) as caught:
            line.action_unlink()
        self.assertEqual(
            str(caught.exception),
            f"{line.res_name} is a safeguarding record: it is kept by its retention "
            "rules and reviewed by a safeguarding lead, never deleted from the "
            "privacy lookup.",
        )
        self.assertTrue(self.shared_a.exists())

    def test_the_contact_form_offers_it_to_leads_only(self):
        def arch(user):
            views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        action = self.env.ref(
            "safeguarding_info_sharing.safeguarding_subject_access_action"
        )
        self.assertIn(f'name="{action.id}"', arch(self.lead))
        self.assertNotIn(f'name="{action.id}"', arch(self.practitioner))

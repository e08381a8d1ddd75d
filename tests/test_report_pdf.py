import io
import re
import shutil
import subprocess

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import DecisionCommon

DECISION_REPORT = "safeguarding_info_sharing.safeguarding_decision_record_report"
SHARING_LOG_REPORT = "safeguarding_info_sharing.safeguarding_case_sharing_log_report"
REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase, DecisionCommon):
    """The printed records are real PDFs made by wkhtmltopdf (Odoo renders HTML in
    tests unless told otherwise), read back with pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Dates print in the language of the context, else the company's: English
        # (US) here, whatever the database's company speaks (the demo's: en_GB).
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.write(
            {
                "name": "Test Borough Council",
                "street": "1 Civic Square",
                "city": "Testbridge",
                "zip": "TB1 2AB",
                "state_id": False,
                "country_id": cls.env.ref("base.uk").id,
                "phone": "01234 567890",
                "email": "safeguarding@testbridge.example.org",
            }
        )

    def pdf(self, report_ref, records, user):
        """The PDF a user prints, its pages' text (pdftotext), and no WARNING from
        the report engine on the way (Debian's wkhtmltopdf warns about every
        switch its unpatched Qt cannot honour)."""
        self.assertTrue(shutil.which("wkhtmltopdf"), "wkhtmltopdf is not installed")
        self.assertTrue(shutil.which("pdftotext"), "pdftotext is not installed")
        report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with self.assertNoLogs(REPORT_LOGGER, level="WARNING"):
            content, kind = report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertEqual(content[:5], b"%PDF-")
        count = PdfFileReader(io.BytesIO(content), strict=False).getNumPages()
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        pages = text.split("\f")[:count]
        self.assertEqual(len(pages), count)
        return pages

    def assertMarkedAndNumbered(self, pages, records):
        """Every page marked at its top and bottom; each record's pages numbered
        "Page n of N" on their own, one record after the other."""
        numbers = []
        for index, page in enumerate(pages):
            with self.subTest(page=index + 1):
                lines = [line.strip() for line in page.splitlines() if line.strip()]
                self.assertEqual(lines[0], "OFFICIAL-SENSITIVE")
                match = re.fullmatch(
                    r"OFFICIAL-SENSITIVE\s+Page (\d+) of (\d+)", lines[-1]
                )
                self.assertTrue(match, lines[-1])
                numbers.append((int(match[1]), int(match[2])))
        expected = []
        while len(expected) < len(numbers):
            count = numbers[len(expected)][1]
            expected += [(number, count) for number in range(1, count + 1)]
        self.assertEqual(numbers, expected)
        self.assertEqual([n for n, _count in numbers].count(1), records)

    def assertOneDateFormat(self, text):
        """Dates as the language prints them (MM/DD/YYYY for English (US), the
        test's language), times as HH:MM:SS: no date written another way."""
        self.assertEqual(self.env.lang or "en_US", "en_US")
        self.assertNotRegex(
            text, r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* \d{1,2},"
        )
        self.assertNotRegex(text, r"\b\d{4}-\d{2}-\d{2}\b")
        self.assertNotRegex(text, r"\b\d{1,2}:\d{2}(:\d{2})? ?(AM|PM)\b")

    def test_decision_record_is_a_marked_numbered_pdf(self):
        # Signed off, not recorded: the "Recorded by" row's date is formatted by the
        # decision model itself (see the report's notes), not by the template.
        with freeze_time("2026-03-02 09:00:00"):
            decision = self.new_decision(
                trigger="request",
                requester_organisation_id=self.school.id,
                date_received="2026-03-02",
                information_requested="Whether the family is known to the service.",
                request_extent="all",
            )
            decision.action_submit()
        with freeze_time("2026-03-03 15:30:00"):
            decision.with_user(self.lead).action_approve()
        other = self.new_decision(reason="A second decision, still a draft.")
        pages = self.pdf(DECISION_REPORT, decision | other, self.manager)
        # One record after the other, each on pages of its own.
        self.assertGreaterEqual(len(pages), 2)
        self.assertMarkedAndNumbered(pages, 2)
        first = pages[0]
        for expected in (
            "Test Borough Council",
            "1 Civic Square",
            "Testbridge",
            "TB1 2AB",
            "United Kingdom",
            "Telephone: 01234 567890",
            "Email: safeguarding@testbridge.example.org",
            "Information sharing decision record",
            decision.name,
        ):
            self.assertIn(expected, first)
        text = "\n".join(pages)
        self.assertRegex(text, r"Date request received\s+03/02/2026")
        self.assertRegex(text, r"03/02/2026 09:00:00\s+Submitted\s+Pat Practitioner")
        self.assertRegex(text, r"03/03/2026 15:30:00\s+Approved\s+Lee Lead")
        self.assertIn(other.name, text)
        self.assertOneDateFormat(text)

    def test_sharing_log_is_a_marked_numbered_pdf(self):
        with freeze_time("2026-03-06 08:30:00"):
            decision = self.record(self.new_decision())
        pages = self.pdf(SHARING_LOG_REPORT, self.case, self.lead)
        self.assertMarkedAndNumbered(pages, 1)
        text = "\n".join(pages)
        self.assertIn("Test Borough Council", pages[0])
        self.assertIn("Sharing log", pages[0])
        self.assertIn(decision.name, text)
        self.assertRegex(text, r"03/06/2026 08:30:00")
        self.assertOneDateFormat(text)

    def test_the_web_client_is_told_it_can_print_pdf(self):
        self.authenticate(self.practitioner.login, self.practitioner.login)
        state = self.make_jsonrpc_request("/report/check_wkhtmltopdf")
        self.assertEqual(state, "ok")

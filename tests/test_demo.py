from datetime import date, datetime
from unittest import SkipTest

from dateutil.relativedelta import relativedelta
from lxml import html

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import format_date, format_datetime, get_lang

from .common import require_second_factor

XMLID = "safeguarding_info_sharing."
DEMO_USERS = (
    "user_practitioner",
    "user_practitioner_health",
    "user_lead",
    "user_manager",
    "user_admin",
)


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """What the README promises of the demo (`make demo`): an English local
    authority, in English (UK). The only tests that read demo data, since the
    demo data is what they test; the test command installs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_safeguarding_info_sharing").demo:
            raise SkipTest("The database holds no demo data.")
        # The demo's exemption (`make demo` lifts the requirement of two factors):
        # its users have none.
        require_second_factor(cls.env, False)

    def user_env(self, user):
        """The environment the web client gives ``user``: their language and
        time zone in the context."""
        return self.env(user=user, context=user.with_user(user).context_get())

    def test_the_company_is_a_fictional_uk_local_authority(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(
            (
                company.name,
                company.street,
                company.street2,
                company.city,
                company.zip,
                company.country_id.code,
                company.phone,
                company.email,
            ),
            (
                "Northbridge Borough Council",
                "Civic Centre, Market Street",
                "Children's Services",
                "Northbridge",
                "NB1 1AA",
                "GB",
                "01632 960000",
                "safeguarding@northbridge.example.org",
            ),
        )
        self.assertEqual(company.partner_id.lang, "en_GB")
        self.assertNotIn("YourCompany", company.partner_id.contact_address)
        self.assertNotIn("San Francisco", company.partner_id.contact_address)

    def test_the_demo_speaks_english_uk(self):
        lang = self.env["res.lang"]._lang_get("en_GB")
        self.assertTrue(lang.active)
        self.assertEqual(
            (lang.name, lang.date_format, lang.time_format),
            ("English (UK)", "%d/%m/%Y", "%H:%M:%S"),
        )
        users = self.env.ref("base.user_admin")
        for xmlid in DEMO_USERS:
            users |= self.env.ref(XMLID + xmlid)
        self.assertEqual(
            {(user.login, user.lang, user.tz) for user in users},
            {
                (login, "en_GB", "Europe/London")
                for login in (
                    "admin",
                    "practitioner",
                    "health_visitor",
                    "lead",
                    "manager",
                    "sg_admin",
                )
            },
        )
        for user in users:
            env = self.user_env(user)
            self.assertEqual(get_lang(env).code, "en_GB")
            # 2 March, not 3 February; Greenwich Mean Time in March.
            self.assertEqual(format_date(env, date(2026, 3, 2)), "02/03/2026")
            self.assertEqual(
                format_datetime(env, datetime(2026, 3, 2, 9, 30), dt_format=False),
                "02/03/2026 09:30:00",
            )

    def test_the_printed_record_gives_uk_dates(self):
        decision = self.env.ref(XMLID + "decision_leo_referral")
        manager = self.env.ref(XMLID + "user_manager")
        content, _kind = self.user_env(manager)["ir.actions.report"]._render_qweb_html(
            XMLID + "safeguarding_decision_record_report", decision.ids
        )
        text = " ".join(html.fromstring(content).text_content().split())
        recorded = fields.Datetime.context_timestamp(
            self.user_env(manager)["res.users"], decision.date_decided
        )
        self.assertIn(
            f"Priya Shah, Social Worker, Children's Services, "
            f"{recorded.strftime('%d/%m/%Y %H:%M:%S')}",
            text,
        )
        # The police notification too: one date format throughout.
        notified = fields.Datetime.context_timestamp(
            self.user_env(manager)["res.users"], decision.date_police_notified
        )
        self.assertIn(
            f"{notified.strftime('%d/%m/%Y %H:%M:%S')}, Priya Shah, NB/PPU/118734",
            text,
        )
        self.assertNotRegex(
            text, r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* \d{1,2},"
        )
        self.assertNotRegex(text, r"\b\d{1,2}:\d{2}(:\d{2})? ?(AM|PM)\b")

    def test_the_demo_holds_a_case_due_for_review(self):
        case = self.env.ref(XMLID + "case_ella")
        lead = self.env.ref(XMLID + "user_lead")
        born = case.child_id.date_of_birth
        self.assertEqual(
            (
                case.state,
                case.retention_status,
                case.retention_policy_id,
                case.retention_review_date,
            ),
            (
                "closed",
                "due",
                self.env.ref(XMLID + "retention_policy_school_file"),
                born + relativedelta(years=25),
            ),
        )
        review_type = self.env.ref(XMLID + "mail_activity_type_retention_review")
        review = case.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(review.user_id, lead)

    def test_the_lead_has_a_decision_awaiting_sign_off(self):
        decision = self.env.ref(XMLID + "decision_noah_early_help")
        lead = self.env.ref(XMLID + "user_lead")
        self.assertRecordValues(
            decision,
            [
                {
                    "state": "draft",
                    "signoff_state": "submitted",
                    "outcome": "share",
                    "has_consent": True,
                }
            ],
        )
        request = self.env.ref(XMLID + "mail_activity_type_signoff_request")
        self.assertIn(
            lead,
            decision.activity_ids.filtered(
                lambda a: a.activity_type_id == request
            ).user_id,
        )

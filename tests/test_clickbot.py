import logging
import time

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from . import scenarios
from .common import SecondFactorLogin, enable_second_factor, pin_guidance

_logger = logging.getLogger(__name__)

GROUP = "safeguarding_info_sharing.group_"
CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('safeguarding_info_sharing.menu_root');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(SecondFactorLogin, HttpCase):
    """Odoo's click-everywhere bot opens every menu, view and filter of the
    Safeguarding app in Chromium, as each role; any error dialog or error in the
    browser's console fails the test. As an agency runs: two factors required (a
    new install's setting) and enabled by each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The case data is answered as the July 2018 flowchart asks.
        pin_guidance(cls.env, "2018")
        cls.practitioner = new_test_user(
            cls.env,
            "click_practitioner",
            groups=GROUP + "practitioner",
            name="Cleo Practitioner",
            email="cleo.practitioner@example.org",
        )
        cls.lead = new_test_user(
            cls.env,
            "click_lead",
            groups=GROUP + "lead",
            name="Clive Lead",
            email="clive.lead@example.org",
        )
        cls.manager = new_test_user(
            cls.env,
            "click_manager",
            groups=GROUP + "manager",
            name="Clara Manager",
            email="clara.manager@example.org",
        )
        cls.sg_admin = new_test_user(
            cls.env,
            "click_sg_admin",
            groups=GROUP + "admin",
            name="Colin Admin",
            email="colin.admin@example.org",
        )
        for user in cls.practitioner | cls.lead | cls.manager | cls.sg_admin:
            enable_second_factor(user)
        # The case data below answers the July 2018 flowchart.
        pin_guidance(cls.env, "2018")
        cls._make_case_data()

    @classmethod
    def _make_case_data(cls):
        """A case of each kind with something on every tab and in every menu: an
        open and a restricted case (opened once, for the access log), a recorded
        share with a disclosure, a decision awaiting sign-off, a consent and
        advice."""
        env = cls.env
        partner = env["res.partner"]
        child = partner.create(
            {"name": "Clickbot Child", "date_of_birth": "2015-02-01"}
        )
        parent = partner.create({"name": "Clickbot Parent"})
        case = env["safeguarding.case"].create(
            {"child_id": child.id, "user_id": cls.practitioner.id}
        )
        restricted = env["safeguarding.case"].create(
            {
                "child_id": partner.create({"name": "Clickbot Restricted Child"}).id,
                "user_id": cls.practitioner.id,
                "member_ids": [Command.set([cls.lead.id, cls.manager.id])],
                "restricted": True,
                "restriction_reason": "A member of staff is related to the family.",
            }
        )
        # The access log has a row to show: the lead opened the restricted case.
        env["safeguarding.case.access.log"].with_user(cls.lead)._log_opening(
            restricted.ids
        )
        data = scenarios.reference_data(env, "clickbot")
        decisions = (
            env["safeguarding.decision"]
            .with_user(cls.practitioner)
            .create(
                [
                    scenarios.share_vals(case, data, reason=reason)
                    for reason in ("Unexplained injuries.", "A second concern.")
                ]
            )
        )
        for decision in decisions:
            scenarios.confirm_principles(decision)
        recorded, awaiting = decisions
        awaiting.action_submit()
        scenarios.record(recorded, cls.lead)
        env["safeguarding.disclosure"].with_user(cls.practitioner).create(
            scenarios.disclosure_vals(data, recorded)
        )
        env["safeguarding.consent"].with_user(cls.practitioner).create(
            scenarios.consent_vals(case, parent, data)
        )
        env["safeguarding.advice"].with_user(cls.practitioner).create(
            {
                "case_id": case.id,
                "decision_id": awaiting.id,
                "adviser_id": cls.lead.partner_id.id,
                "adviser_role": "dsl",
                "question": "Should we share without consent?",
                "advice": "Yes: the risk to the child outweighs it.",
                "outcome": "Share with children's social care today.",
            }
        )
        cls.awaiting = awaiting

    def click_everywhere(self, user):
        start = time.monotonic()
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=user.login,
            timeout=600,
            success_signal="clickbot test succeeded",
        )
        _logger.info("Clickbot as %s: %.0f s", user.login, time.monotonic() - start)

    def test_practitioner(self):
        self.click_everywhere(self.practitioner)

    def test_lead(self):
        self.click_everywhere(self.lead)

    def test_manager(self):
        self.click_everywhere(self.manager)

    def test_safeguarding_administrator(self):
        self.click_everywhere(self.sg_admin)

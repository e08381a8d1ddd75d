"""The watch over requests: a Red request not picked up within its first quarter,
any request in its last, and an overdue one escalate to the duty lead by activity
and notification (no case content in any e-mail); overdue is flagged on the case;
one request that cannot be escalated never stops the others; a batch's queries are
pinned."""

from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.safeguarding_info_sharing.models.safeguarding_request import (
    SafeguardingRequest,
)

from .test_request import RequestCommon

XMLID = "safeguarding_info_sharing."
CRON = XMLID + "ir_cron_watch_requests"


@tagged("post_install", "-at_install")
class TestRequestWatch(RequestCommon):
    def watch(self, when, batch_size=200):
        with freeze_time(when):
            progress = self.cron_progress(CRON)
            return (
                self.env["safeguarding.request"]
                .with_context(ir_cron_progress_id=progress.id)
                ._cron_watch_requests(batch_size=batch_size)
            )

    def escalations(self, request):
        return self.activities(request, "request_escalated")

    def red_on_friday(self, **overrides):
        with freeze_time("2026-12-04 17:00:00"):
            return self.receive(**overrides)

    def test_a_red_request_nobody_picks_up_escalates_after_its_first_hour(self):
        request = self.red_on_friday()
        self.assertEqual(self.watch("2026-12-07 09:54:00"), 0)
        self.assertFalse(self.escalations(request))
        self.watch("2026-12-07 09:56:00")
        escalation = self.escalations(request)
        self.assertRecordValues(
            escalation,
            [
                {
                    "user_id": self.lead.id,
                    "safeguarding_escalation": "pick_up",
                    "safeguarding_due": datetime(2026, 12, 7, 12, 55),
                }
            ],
        )
        self.assertEqual(
            str(escalation.note),
            f"<p>{request.name} (Red), assigned to Pat Practitioner, was not picked "
            "up within the first quarter of its reply time. It is due by 12/07/2026 "
            "12:55.</p>",
        )
        self.assertEqual(request.date_escalated_pick_up, datetime(2026, 12, 7, 9, 56))
        # The lead is notified: in the inbox, by the request's reference and times.
        notice = request.message_ids.filtered(
            lambda m: self.lead.partner_id in m.partner_ids
        )
        self.assertEqual(len(notice), 1)
        self.assertIn("was not picked up within the first quarter", notice.body)
        self.assertEqual(notice.notification_ids.res_partner_id, self.lead.partner_id)
        # Once only.
        self.watch("2026-12-07 10:30:00")
        self.assertEqual(self.escalations(request), escalation)
        # Picked up, the escalation is done with.
        with freeze_time("2026-12-07 10:31:00"):
            request.with_user(self.practitioner).action_pick_up()
        self.assertFalse(self.escalations(request))

    def test_picked_up_in_time_it_does_not_escalate_until_it_runs_out(self):
        request = self.red_on_friday()
        with freeze_time("2026-12-07 09:10:00"):
            request.with_user(self.practitioner).action_pick_up()
        self.watch("2026-12-07 11:54:00")
        self.assertFalse(self.escalations(request))
        self.watch("2026-12-07 11:56:00")
        self.assertRecordValues(
            self.escalations(request),
            [{"user_id": self.lead.id, "safeguarding_escalation": "running_out"}],
        )
        self.assertFalse(request.date_escalated_pick_up)

    def test_overdue_is_flagged_on_the_request_the_case_and_to_the_lead(self):
        request = self.red_on_friday()
        with freeze_time("2026-12-07 12:54:00"):
            self.assertFalse(request.overdue)
            self.assertFalse(self.case.request_overdue)
        self.watch("2026-12-07 12:56:00")
        with freeze_time("2026-12-07 12:56:00"):
            request.invalidate_recordset(["overdue", "time_left"])
            self.case.invalidate_recordset(["request_overdue"])
            self.assertTrue(request.overdue)
            self.assertEqual(request.time_left, "Overdue by 0h 01min")
            self.assertTrue(self.case.request_overdue)
            self.assertEqual(self.Request.search([("overdue", "=", True)]), request)
        # Found overdue, it escalates as overdue only.
        self.assertRecordValues(
            self.escalations(request),
            [{"user_id": self.lead.id, "safeguarding_escalation": "overdue"}],
        )
        self.assertRecordValues(
            request,
            [
                {
                    "date_escalated_pick_up": False,
                    "date_escalated_running_out": False,
                    "date_escalated_overdue": datetime(2026, 12, 7, 12, 56),
                }
            ],
        )
        # The practitioner's own to-do shows it late in My Work.
        answer = self.activities(request, "request_answer")
        self.assertEqual(answer.user_id, self.practitioner)
        self.assertEqual(answer.date_deadline, datetime(2026, 12, 7).date())

    def test_only_a_red_request_escalates_for_not_being_picked_up(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(rating="amber")
        self.watch("2026-12-07 12:00:00")
        self.assertFalse(self.escalations(request))

    def test_no_e_mail_carries_case_content(self):
        for user in self.lead | self.practitioner:
            user.write({"notification_type": "email", "email": f"{user.login}@ex.org"})
        request = self.red_on_friday()
        self.watch("2026-12-07 09:56:00")
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "safeguarding.request"), ("res_id", "=", request.id)]
            )
        )
        # Assigned (Odoo tells the practitioner) and escalated (to the lead).
        self.assertEqual(
            sorted(mails.mapped(lambda m: m.recipient_ids.name)),
            ["Lee Lead", "Pat Practitioner"],
        )
        for body in mails.mapped("body_html"):
            self.assertIn(request.name, body)
            self.assertIn("nothing of the case", body)
            for content in (
                self.child.name,
                self.mash.name,
                request.information_requested,
                request.request_reason,
                "not picked up",
            ):
                self.assertNotIn(content, body)

    def test_a_restricted_case_escalates_only_to_the_leads_named_on_it(self):
        named_lead = new_test_user(
            self.env,
            "t_named_lead",
            groups="safeguarding_info_sharing.group_lead",
            name="Nia Named Lead",
        )
        self.case.write(
            {
                "restricted": True,
                "restriction_reason": "A relative works in the service.",
                "member_ids": [Command.link(named_lead.id)],
            }
        )
        self.company.safeguarding_duty_lead_id = False
        request = self.red_on_friday(lead_id=False)
        self.assertEqual(self.activities(request, "request_watch").user_id, named_lead)
        self.watch("2026-12-07 09:56:00")
        self.assertEqual(self.escalations(request).user_id, named_lead)

    def test_a_request_that_cannot_be_escalated_never_stops_the_others(self):
        first, broken, last = (self.red_on_friday() for _i in range(3))
        original = SafeguardingRequest._escalation_reason

        def failing(request, escalation):
            if request.id == broken.id:
                raise ValueError("cannot word it")
            return original(request, escalation)

        with (
            patch.object(SafeguardingRequest, "_escalation_reason", failing),
            self.assertLogs(
                "odoo.addons.safeguarding_info_sharing.models.safeguarding_request",
                "ERROR",
            ) as logged,
        ):
            self.assertEqual(self.watch("2026-12-07 09:56:00"), 0)
        self.assertIn(f"Request {broken.name} could not be escalated", logged.output[0])
        self.assertEqual(len(self.escalations(first)), 1)
        self.assertEqual(len(self.escalations(last)), 1)
        self.assertFalse(self.escalations(broken))
        # Logged once, not tried again on every run.
        self.assertTrue(broken.date_escalated_pick_up)

    def test_it_works_in_batches_and_reports_progress(self):
        requests = [self.red_on_friday() for _i in range(3)]
        self.assertEqual(self.watch("2026-12-07 09:56:00", batch_size=2), 1)
        self.assertEqual(self.watch("2026-12-07 09:57:00", batch_size=2), 0)
        for request in requests:
            self.assertEqual(len(self.escalations(request)), 1)

    def watch_queries(self, count):
        """The queries of one run escalating ``count`` Red requests not picked up,
        and of one run with nothing to escalate, in an agency of its own (one lead),
        so that nothing else in the database counts."""
        company = self.env["res.company"].create({"name": f"Pinned Agency {count}"})
        self.env["safeguarding.reply.time"].create(
            {
                "company_id": company.id,
                "rating": "red",
                "hours": 4,
                "calendar_id": self.calendar.id,
                "date_from": "2026-01-01",
            }
        )
        users = {
            role: new_test_user(
                self.env,
                f"pinned_{role}_{count}",
                groups=f"safeguarding_info_sharing.group_{role}",
                company_id=company.id,
                company_ids=company.ids,
            )
            for role in ("practitioner", "lead")
        }
        case = self.env["safeguarding.case"].create(
            {
                "child_id": self.env["res.partner"].create({"name": "Pinned"}).id,
                "user_id": users["practitioner"].id,
                "company_id": company.id,
            }
        )
        with freeze_time("2026-12-04 17:00:00"):
            self.Request.with_user(users["lead"]).with_company(company).create(
                [
                    self.request_vals(case_id=case.id, user_id=users["practitioner"].id)
                    for _i in range(count)
                ]
            )
        Request = self.env["safeguarding.request"].with_context(
            ir_cron_progress_id=self.cron_progress(CRON).id
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2026-12-07 09:56:00"):
            start = self.env.cr.sql_log_count
            Request._cron_watch_requests()
            self.env.flush_all()
            escalating = self.env.cr.sql_log_count - start
            start = self.env.cr.sql_log_count
            Request._cron_watch_requests()
            self.env.flush_all()
            idle = self.env.cr.sql_log_count - start
        return escalating, idle

    def test_a_batch_costs_pinned_queries(self):
        # A batch escalating n requests costs 46 + 17 n: its searches, the readers
        # among the leads, the activities and the stamps at once (46), and each
        # request's notification to its lead (17; its activity type browsed by
        # its cached id). Nothing to escalate: 11,
        # whatever the number of open requests.
        self.watch_queries(1)  # warm Odoo's caches, whatever ran before
        self.assertEqual(self.watch_queries(2), (80, 11))
        self.assertEqual(self.watch_queries(4), (114, 11))

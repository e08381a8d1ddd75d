from datetime import date, datetime

from freezegun import freeze_time
from lxml import html

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUP, DecisionCommon

DECISION_REPORT = "safeguarding_info_sharing.safeguarding_decision_record_report"
SHARING_LOG_REPORT = "safeguarding_info_sharing.safeguarding_case_sharing_log_report"


def cell_text(node):
    return " ".join(node.text_content().split())


@tagged("post_install", "-at_install")
class TestReports(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Dates print in the language of the context, else the company's: English
        # (US) here, whatever the database's company speaks (the demo's: en_GB).
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.name = "Test Borough Council"
        cls.lead.function = "Designated Safeguarding Lead"
        cls.school_type = cls.env["safeguarding.organisation.type"].create(
            {"name": "Test school", "code": "test_school"}
        )
        cls.mash_type = cls.env["safeguarding.organisation.type"].create(
            {"name": "Test children's social care", "code": "test_csc"}
        )
        cls.mash.safeguarding_organisation_type_id = cls.mash_type
        cls.requester = cls.env["res.partner"].create(
            {
                "name": "Test Head Teacher",
                "function": "Head Teacher",
                "parent_id": cls.school.id,
            }
        )
        # A second company, with its own people and a recorded decision.
        cls.company2 = cls.env["res.company"].create({"name": "Test Other Council"})
        other = {"company_id": cls.company2.id, "company_ids": cls.company2.ids}
        cls.practitioner2 = new_test_user(
            cls.env, "r_practitioner2", groups=GROUP + "practitioner", **other
        )
        cls.lead2 = new_test_user(cls.env, "r_lead2", groups=GROUP + "lead", **other)
        cls.manager2 = new_test_user(
            cls.env, "r_manager2", groups=GROUP + "manager", **other
        )
        cls.case2 = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.env["res.partner"].create({"name": "Other Child"}).id,
                "user_id": cls.practitioner2.id,
                "company_id": cls.company2.id,
            }
        )

    def recorded_request(self):
        """A request received on 2 March, submitted at 09:00, signed off on 3 March
        at 15:30, recorded on 5 March at 10:00 and shared at 12:15."""
        with freeze_time("2026-03-02 09:00:00"):
            decision = self.new_decision(
                trigger="request",
                requester_organisation_id=self.school.id,
                requester_id=self.requester.id,
                date_received="2026-03-02",
                information_requested="Whether the family is known to the service.",
                request_extent="all",
            )
            decision.action_submit()
        with freeze_time("2026-03-03 15:30:00"):
            decision.with_user(self.lead).action_approve()
        with freeze_time("2026-03-05 10:00:00"):
            decision.action_record()
        with freeze_time("2026-03-05 12:15:00"):
            self.share(decision, "Dates of the two injuries", "fact")
            self.share(
                decision, "The teacher thinks the child is frightened", "opinion"
            )
        return decision

    def share(self, decision, description, fact_or_opinion):
        return (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(
                {
                    "decision_id": decision.id,
                    "description": description,
                    "fact_or_opinion": fact_or_opinion,
                    "recipient_id": self.mash_worker.id,
                    "channel_id": self.secure_channel.id,
                }
            )
        )

    def recorded_no_share(self):
        with freeze_time("2026-03-06 11:00:00"):
            return self.record(
                self.new_decision(
                    legitimate_purpose_answer="no",
                    reason="No safeguarding purpose.",
                )
            )

    def other_company_decision(self):
        with freeze_time("2026-03-06 11:00:00"):
            decision = self.new_decision(user=self.practitioner2, case_id=self.case2.id)
            return self.record(decision, lead=self.lead2)

    # Timeliness measures and grouping fields

    def test_the_official_records_are_the_reports_that_declare_it(self):
        Report = self.env["ir.actions.report"]
        ours = Report.search([("report_name", "=like", "safeguarding_info_sharing.%")])
        self.assertEqual(
            {report.report_name for report in ours if report._is_official_report()},
            {
                "safeguarding_info_sharing.report_decision_record",
                "safeguarding_info_sharing.report_case_sharing_log",
                "safeguarding_info_sharing.report_subject_access",
                "safeguarding_info_sharing.report_request_reply",
            },
        )
        core = Report.search([("report_name", "not like", "safeguarding")], limit=1)
        self.assertTrue(core)
        self.assertFalse(core._is_official_report())
        self.assertFalse(ours._is_official_report())

    def test_timeliness_measures_are_stored(self):
        decision = self.recorded_request()
        self.assertEqual(decision.days_to_decision, 3)
        self.assertEqual(decision.signoff_hours, 30.5)
        self.assertEqual(decision.hours_to_first_disclosure, 2.25)
        self.assertEqual(decision.recipient_organisation_type_id, self.mash_type)
        self.assertEqual(decision.case_user_id, self.practitioner)
        own_concern = self.recorded_no_share()
        # Not a request, nothing shared: neither measure applies, and neither is 0.
        self.assertIs(own_concern.days_to_decision, False)
        self.assertIs(own_concern.hours_to_first_disclosure, False)
        # Submitted and approved at the same frozen instant: a real zero.
        self.assertIsNot(own_concern.signoff_hours, False)
        self.assertEqual(own_concern.signoff_hours, 0.0)
        self.assertEqual(own_concern.outcome, "do_not_share")
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT days_to_decision, hours_to_first_disclosure, signoff_hours
                 FROM safeguarding_decision WHERE id = %s""",
            own_concern.ids,
        )
        self.assertEqual(self.env.cr.fetchall(), [(None, None, 0.0)])

    def test_manager_figures_stay_within_their_company(self):
        self.recorded_request()
        self.recorded_no_share()
        self.other_company_decision()
        self.new_decision()  # a draft: not in the recorded figures
        Decision = self.as_user(self.manager, self.env["safeguarding.decision"])
        groups = Decision.read_group(
            [
                ("state", "=", "recorded"),
                ("case_id", "in", (self.case + self.case2).ids),
            ],
            ["days_to_decision:avg", "signoff_hours:avg"],
            ["company_id", "outcome"],
            lazy=False,
        )
        figures = [
            (
                group["company_id"][1],
                group["outcome"],
                group["__count"],
                group["days_to_decision"],
                group["signoff_hours"],
            )
            for group in groups
            if group["company_id"][0] in (self.company.id, self.company2.id)
        ]
        own = [f for f in figures if f[0] == "Test Borough Council"]
        self.assertEqual(
            sorted(own),
            sorted(
                [
                    ("Test Borough Council", "do_not_share", 1, False, 0.0),
                    ("Test Borough Council", "share", 1, 3.0, 30.5),
                ]
            ),
        )
        self.assertNotIn(
            "Test Other Council", [f[0] for f in figures], "another company's figures"
        )
        other = self.as_user(self.manager2, self.env["safeguarding.decision"])
        self.assertEqual(
            other.read_group(
                [("state", "=", "recorded")], ["signoff_hours:avg"], ["company_id"]
            )[0]["company_id"][1],
            "Test Other Council",
        )
        self.assertEqual(other.search_count([("state", "=", "recorded")]), 1)

    def test_averages_skip_the_decisions_a_measure_does_not_apply_to(self):
        """The averages the pivot shows, asked as the pivot asks them: over the
        decisions each measure applies to, unrounded, never negative."""
        first = self.recorded_request()  # 3 days, 30.5 hours, shared 2.25 h after
        with freeze_time("2026-03-02 08:00:00"):
            second = self.new_decision(
                trigger="request",
                requester_organisation_id=self.school.id,
                requester_id=self.requester.id,
                date_received="2026-03-02",
                information_requested="Whether the child attends school.",
                request_extent="all",
            )
        with freeze_time("2026-03-02 08:30:00"):
            # Entered with the draft: the plan, shared when the decision is recorded.
            self.share(second, "Attendance this term", "fact")
        with freeze_time("2026-03-04 09:00:00"):
            second.action_submit()
        with freeze_time("2026-03-04 11:00:00"):
            second.with_user(self.lead).action_approve()
        with freeze_time("2026-03-06 10:00:00"):
            second.action_record()
        with freeze_time("2026-03-06 12:00:00"):
            # An emergency of the practitioner's own concern, not signed off yet and
            # nothing shared yet: no measure applies.
            third = self.new_decision(
                emergency=True,
                emergency_reason="The child is to be collected at 3pm.",
            )
            third.action_record()
        self.assertEqual(
            [
                (d.days_to_decision, d.hours_to_first_disclosure, d.signoff_hours)
                for d in (first, second, third)
            ],
            [(3, 2.25, 30.5), (4, 0.0, 2.0), (False, False, False)],
        )
        Decision = self.as_user(self.manager, self.env["safeguarding.decision"])
        # What the pivot sends: its active measures, its groupbys, lazy=False.
        groups = Decision.read_group(
            [("state", "=", "recorded"), ("case_id", "=", self.case.id)],
            [
                "__count",
                "days_to_decision:avg",
                "hours_to_first_disclosure:avg",
                "signoff_hours:avg",
            ],
            ["sharing_result"],
            lazy=False,
        )
        self.assertEqual(
            [
                (
                    group["sharing_result"],
                    group["__count"],
                    group["days_to_decision"],
                    group["hours_to_first_disclosure"],
                    group["signoff_hours"],
                )
                for group in groups
            ],
            [("share", 3, 3.5, 1.125, 16.25)],
        )
        # A group where no decision has a measure shows it empty, not 0.
        emergency_only = Decision.read_group(
            [("id", "=", third.id)],
            ["__count", "days_to_decision:avg", "signoff_hours:avg"],
            ["emergency"],
            lazy=False,
        )
        self.assertEqual(
            [
                (g["__count"], g["days_to_decision"], g["signoff_hours"])
                for g in emergency_only
            ],
            [(1, False, False)],
        )
        # The list and the export show "does not apply" as empty too.
        self.assertEqual(
            Decision.browse(third.id).export_data(
                ["days_to_decision", "hours_to_first_disclosure", "signoff_hours"]
            )["datas"],
            [["", "", ""]],
        )

    def test_pivot_and_graph_open_for_managers(self):
        Decision = self.as_user(self.manager, self.env["safeguarding.decision"])
        action = self.env.ref(
            "safeguarding_info_sharing.safeguarding_decision_report_action"
        )
        views = Decision.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids]
            + [(action.search_view_id.id, "search")]
        )["views"]
        self.assertEqual(sorted(views), ["form", "graph", "list", "pivot", "search"])
        # Count is the measure the pivot and the graph open with; the timeliness
        # averages are offered (unrounded: days shown as a decimal).
        pivot = html.fromstring(views["pivot"]["arch"])
        self.assertEqual(
            [f.get("name") for f in pivot.iter("field") if f.get("type") == "measure"],
            [],
        )
        self.assertEqual(
            [
                (f.get("name"), f.get("widget"))
                for f in pivot.iter("field")
                if not f.get("type")
            ],
            [
                ("days_to_decision", "float"),
                ("hours_to_first_disclosure", None),
                ("signoff_hours", None),
            ],
        )
        graph = html.fromstring(views["graph"]["arch"])
        self.assertEqual(
            [f.get("name") for f in graph.iter("field") if f.get("type") == "measure"],
            [],
        )
        search = html.fromstring(views["search"]["arch"])
        self.assertEqual(
            [
                f.get("name")
                for f in search.iter("filter")
                if f.get("name") in ("do_not_share", "emergency", "signoff_overdue")
                or f.get("name") == "statutory"
            ],
            ["do_not_share", "emergency", "signoff_overdue", "statutory"],
        )
        menu = self.env.ref("safeguarding_info_sharing.menu_reporting")
        self.assertEqual(
            set(menu.groups_id.mapped("name")), {"Manager", "Safeguarding Lead"}
        )

    def test_decision_log_export_for_a_manager_of_one_company(self):
        decision = self.recorded_request()
        no_share = self.recorded_no_share()
        self.other_company_decision()
        # The role itself gives the right to export (base.group_allow_export).
        self.assertTrue(self.manager.has_group("base.group_allow_export"))
        # The export dialog offers the template, by its name, to the manager...
        Exports = self.as_user(self.manager, self.env["ir.exports"])
        templates = Exports.search_read(
            [("resource", "=", "safeguarding.decision")], ["name"]
        )
        template = self.env.ref(
            "safeguarding_info_sharing.safeguarding_decision_export_manager"
        )
        self.assertIn({"id": template.id, "name": "Decision log (managers)"}, templates)
        names = Exports.browse(template.id).export_fields.mapped("name")
        # ...every field of it is one the manager may read...
        Decision = self.as_user(self.manager, self.env["safeguarding.decision"])
        self.assertEqual(sorted(Decision.fields_get(names)), sorted(names))
        # ...and it exports the decisions of the manager's company only.
        rows = Decision.search(
            [("case_id", "in", (self.case + self.case2).ids)], order="id"
        ).export_data(names)["datas"]
        self.assertEqual(
            rows,
            [
                [
                    decision.name,
                    self.case.name,
                    "Test Borough Council",
                    "HM Government advice, July 2018",
                    "Recorded",
                    "Share",
                    "Share",
                    "A request received",
                    "No statutory basis",
                    date(2026, 3, 2),
                    datetime(2026, 3, 5, 10, 0),
                    "Pat Practitioner",
                    "Test MASH, Test MASH worker",
                    "Test children's social care",
                    "Test secure email",
                    False,
                    "Seeking consent would increase the risk of harm to the child",
                    "Test public task",
                    False,
                    "Signed off",
                    False,
                    3,
                    2.25,
                    30.5,
                ],
                [
                    no_share.name,
                    self.case.name,
                    "Test Borough Council",
                    "HM Government advice, July 2018",
                    "Recorded",
                    "Do not share",
                    "Could not share (the route ends in do not share)",
                    "Our own concern (outgoing)",
                    "No statutory basis",
                    "",
                    datetime(2026, 3, 6, 11, 0),
                    "Pat Practitioner",
                    "Test MASH, Test MASH worker",
                    "Test children's social care",
                    "Test secure email",
                    False,
                    "Seeking consent would increase the risk of harm to the child",
                    "Test public task",
                    False,
                    "Signed off",
                    False,
                    # Neither a request nor a share: empty, not 0.
                    "",
                    "",
                    0.0,
                ],
            ],
        )
        everything = Decision.search([]).export_data(["company_id"])["datas"]
        self.assertNotIn(["Test Other Council"], everything)

    # Printed records

    def test_decision_record_carries_the_record(self):
        decision = self.recorded_request()
        Advice = self.env["safeguarding.advice"].with_user(self.practitioner)
        with freeze_time("2026-03-04 09:00:00"):
            advice = Advice.create(
                {
                    "case_id": self.case.id,
                    "decision_id": decision.id,
                    "adviser_id": self.parent.id,
                    "adviser_role": "dpo",
                    "question": "May we share?",
                }
            )
        with freeze_time("2026-03-04 11:30:00"):
            advice.write(
                {
                    "advice": "Share the injuries only.",
                    "outcome": "Shared the injuries only.",
                }
            )
        # Asked and not answered: printed as such, and not a DPO view.
        with freeze_time("2026-03-04 14:00:00"):
            Advice.create(
                {
                    "case_id": self.case.id,
                    "decision_id": decision.id,
                    "adviser_id": self.school.id,
                    "adviser_role": "caldicott",
                    "question": "May the school keep a copy?",
                }
            )
        report = self.env["ir.actions.report"].with_user(self.manager)
        content, kind = report._render_qweb_html(DECISION_REPORT, decision.ids)
        self.assertEqual(kind, "html")
        page = html.fromstring(content)
        self.assertEqual(
            cell_text(page.xpath("//h2")[0]), "Information sharing decision record"
        )
        self.assertEqual(cell_text(page.xpath("//h3")[0]), decision.name)

        def rows(css):
            return [
                (cell_text(row[0]), cell_text(row[1]))
                for row in page.xpath(f"//table[contains(@class, '{css}')]//tr")
            ]

        self.assertEqual(
            rows("o_decision_request"),
            [
                ("How it started", "A request received"),
                ("Organisation holding the information", "Test Borough Council"),
                ("Requesting organisation", "Test School"),
                ("Receiving organisation", "Test MASH"),
                ("Requester name and position", "Test Head Teacher, Head Teacher"),
                ("Date request received", "03/02/2026"),
                ("Data requested", "Whether the family is known to the service."),
                ("Controller relationship", "Separate controllers"),
                (
                    "Data sharing agreement in place",
                    (
                        "None: no data sharing agreement with Test MASH is in force "
                        "on 03/05/2026"
                    ),
                ),
                (
                    "Purpose",
                    "Test referral: Refer the bruising to children's social care.",
                ),
                ("Lawful basis (UK GDPR Article 6)", "Test public task"),
                (
                    "Why the sharing is necessary",
                    "Necessary and proportionate: checked.",
                ),
                (
                    "Special category or criminal offence conditions",
                    "Special category data: No; Criminal offence data: No",
                ),
                ("Common law duty of confidence", "Given in confidence: No"),
                ("Legal power", "Not recorded"),
                (
                    "DPIA or DPO view",
                    "Data protection officer: Share the injuries only.",
                ),
                ("Retention", "Not recorded"),
                (
                    "Security",
                    "Test secure email, secure, recipient's identity verified",
                ),
                ("Information rights (individual informed)", "Will be informed"),
                ("Reply due by", "Not recorded"),
            ],
        )
        self.assertEqual(
            rows("o_decision_outcome"),
            [
                ("Flowchart route ends in", "Share"),
                ("Decision (the practitioner's choice)", "Share"),
                (
                    "Reasons for sharing or not sharing",
                    "Two unexplained injuries; the child names the mother's partner.",
                ),
                (
                    "Consent",
                    "Seeking consent would increase the risk of harm to the child",
                ),
                ("How much is shared", "The two injuries and what the child said."),
                (
                    "Accountable decision-maker (name, position, when)",
                    (
                        "Lee Lead, Designated Safeguarding Lead, signed off on "
                        "03/03/2026 15:30:00"
                    ),
                ),
                (
                    "Recorded by (name, position, date)",
                    "Pat Practitioner, 03/05/2026 10:00:00",
                ),
                ("Discussed with the requester", "Not recorded"),
                (
                    "Advice sought (who, asked, answered)",
                    (
                        "Data protection officer, Test Parent: asked on 03/04/2026 "
                        "09:00:00, answered on 03/04/2026 11:30:00 (2.50 hours). "
                        "Question: May we share? Advice: Share the injuries only. "
                        "Outcome: Shared the injuries only."
                    ),
                ),
                (
                    "Advice sought (who, asked, answered)",
                    (
                        "Caldicott Guardian, Test School: asked on 03/04/2026 "
                        "14:00:00, not answered yet. Question: May the school keep "
                        "a copy?"
                    ),
                ),
            ],
        )
        self.assertEqual(
            [cell_text(li) for li in page.xpath("//ol[@class='o_decision_route']/li")],
            [
                "Clear and legitimate purpose? Yes",
                "Consent to share? No",
                "Does it identify an individual? Yes",
                "Lawful reason to share without consent? Yes",
                "Outcome: Share",
            ],
        )
        principles = [
            tuple(cell_text(td) for td in row.xpath("td"))
            for row in page.xpath("//table[contains(@class, 'o_decision_principles')]")[
                0
            ].xpath(".//tbody/tr")
        ]
        self.assertEqual(
            principles,
            [
                (line.principle_id.name, "Yes", f"{line.principle_id.name}: checked.")
                for line in decision.principle_ids
            ],
        )
        self.assertEqual(len(principles), 6)
        disclosures = [
            tuple(cell_text(td) for td in row.xpath("td"))
            for row in page.xpath(
                "//table[contains(@class, 'o_decision_disclosures')]"
            )[0].xpath(".//tbody/tr")
        ]
        self.assertEqual(
            disclosures,
            [
                (
                    "03/05/2026 12:15:00",
                    "Dates of the two injuries",
                    "Fact",
                    "Test MASH, Test MASH worker",
                    "Test secure email",
                    "Pat Practitioner",
                ),
                (
                    "03/05/2026 12:15:00",
                    "The teacher thinks the child is frightened",
                    "Opinion",
                    "Test MASH, Test MASH worker",
                    "Test secure email",
                    "Pat Practitioner",
                ),
            ],
        )
        signoffs = [
            tuple(cell_text(td) for td in row.xpath("td"))
            for row in page.xpath("//table[contains(@class, 'o_decision_signoff')]")[
                0
            ].xpath(".//tbody/tr")
        ]
        self.assertEqual(
            signoffs,
            [
                ("03/02/2026 09:00:00", "Submitted", "Pat Practitioner", ""),
                ("03/03/2026 15:30:00", "Approved", "Lee Lead", ""),
            ],
        )
        self.assertEqual(
            cell_text(page.xpath("//p[@class='o_decision_integrity']")[0]),
            f"Entry {decision.integrity_sequence} of the record of Test Borough "
            f"Council, HMAC-SHA-256 {decision.integrity_hash}",
        )
        self.assertRegex(decision.integrity_hash, r"^3\$[0-9a-f]{64}$")

    def request_rows(self, decision):
        """The request rows of the decision's printed record, as a manager prints
        it: label -> value."""
        report = self.env["ir.actions.report"].with_user(self.manager)
        content, _kind = report._render_qweb_html(DECISION_REPORT, decision.ids)
        page = html.fromstring(content)
        return {
            cell_text(row[0]): cell_text(row[1])
            for row in page.xpath("//table[contains(@class, 'o_decision_request')]//tr")
        }

    def test_decision_record_prints_the_agreement_in_force(self):
        Agreement = self.env["safeguarding.sharing.agreement"].with_user(self.lead)
        vals = {
            "name": "Test MASH protocol",
            "partner_ids": [(6, 0, self.mash.ids)],
            "purpose": "Referrals to children's social care.",
            "controller_relationship": "separate",
            "date_from": "2026-01-01",
            "date_to": "2026-12-31",
            "state": "active",
        }
        agreement = Agreement.create(vals)
        # Not in force on the day: ended before, not yet begun, terminated, with
        # another organisation, or another company's.
        Agreement.create(
            [
                dict(
                    vals,
                    name="Old protocol",
                    date_from="2025-01-01",
                    date_to="2025-12-31",
                ),
                dict(vals, name="Next protocol", date_from="2026-04-01", date_to=False),
                dict(vals, name="Ended protocol", state="terminated"),
                dict(
                    vals, name="School protocol", partner_ids=[(6, 0, self.school.ids)]
                ),
            ]
        )
        # Made by the system: nobody of this company may follow the other's register.
        Agreement.with_user(SUPERUSER_ID).create(
            dict(
                vals,
                name="Other council protocol",
                company_id=self.company2.id,
                user_id=False,
            )
        )
        decision = self.recorded_request()
        self.assertEqual(
            self.as_user(self.practitioner, decision).sharing_agreement_id, agreement
        )
        rows = self.request_rows(decision)
        self.assertEqual(rows["Controller relationship"], "Separate controllers")
        self.assertEqual(
            rows["Data sharing agreement in place"],
            "Test MASH protocol, in force from 01/01/2026, to 12/31/2026",
        )
        # Terminated since, it still covered the decision when it was recorded: the
        # record keeps it as it was sealed, and says so where its name changed.
        agreement.with_user(self.lead).action_terminate()
        agreement.with_user(self.lead).name = "Test MASH protocol (ended)"
        rows = self.request_rows(decision)
        self.assertEqual(rows["Controller relationship"], "Separate controllers")
        self.assertEqual(
            rows["Data sharing agreement in place"],
            "Test MASH protocol (as recorded; today: Test MASH protocol (ended)), in "
            "force from 01/01/2026, to 12/31/2026",
        )

    def test_decision_record_of_a_draft_is_marked_unsealed(self):
        draft = self.new_decision()
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            DECISION_REPORT, draft.ids
        )
        page = html.fromstring(content)
        self.assertEqual(
            cell_text(page.xpath("//p[@class='o_decision_integrity']")[0]),
            "Not sealed: the decision is not recorded yet.",
        )
        self.assertEqual(
            cell_text(page.xpath("//p[@class='o_decision_signoff_none']")[0]),
            "Not submitted for sign-off.",
        )

    def test_printed_records_follow_the_access_rules(self):
        decision = self.other_company_decision()
        report = self.env["ir.actions.report"].with_user(self.manager)
        self.env.flush_all()
        self.env.invalidate_all()
        for report_ref, records in (
            (DECISION_REPORT, decision),
            (SHARING_LOG_REPORT, self.case2),
        ):
            # Refused before the template starts (an AccessError of its own).
            with self.assertRaises(AccessError):
                report._render_qweb_html(report_ref, records.ids)

    def test_sharing_log_is_a_timeline(self):
        decision = self.recorded_request()
        consent = self.new_consent()
        with freeze_time("2026-03-06 08:30:00"):
            consent.action_give()
        report = self.env["ir.actions.report"].with_user(self.lead)
        content, _kind = report._render_qweb_html(SHARING_LOG_REPORT, self.case.ids)
        page = html.fromstring(content)
        self.assertEqual(cell_text(page.xpath("//h2")[0]), "Sharing log")
        self.assertEqual(cell_text(page.xpath("//h3")[0]), self.case.name)
        timeline = [
            tuple(cell_text(td) for td in row.xpath("td"))
            for row in page.xpath("//table[contains(@class, 'o_sharing_log')]")[
                0
            ].xpath(".//tbody/tr")
        ]
        self.assertEqual(
            timeline,
            [
                (
                    "03/05/2026 10:00:00",
                    "Decision",
                    decision.name,
                    "Share",
                    "Pat Practitioner",
                ),
                (
                    "03/05/2026 12:15:00",
                    "Shared",
                    "Dates of the two injuries",
                    "Fact",
                    "Pat Practitioner",
                ),
                (
                    "03/05/2026 12:15:00",
                    "Shared",
                    "The teacher thinks the child is frightened",
                    "Opinion",
                    "Pat Practitioner",
                ),
                (
                    "03/06/2026 08:30:00",
                    "Consent",
                    "Confidentiality (common law): Test Parent",
                    "Given",
                    "Pat Practitioner",
                ),
            ],
        )

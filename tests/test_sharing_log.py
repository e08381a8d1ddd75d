from odoo.tests import tagged

from ..models.safeguarding_case import RECENT_LOG
from .common import DecisionCommon

# The log's sources, in the order that interleaves their ids (the decision table is
# read twice: the decision, then its police notification).
TABLES = (
    "safeguarding_decision",
    "safeguarding_disclosure",
    "safeguarding_consent",
    "safeguarding_advice",
    "safeguarding_decision",
)
N = len(TABLES)


@tagged("post_install", "-at_install")
class TestSharingLog(DecisionCommon):
    """The log is an SQL view over four tables (five sources): whatever was just
    written must be in it when it is read, with no flush by hand (its _depends says
    what it reads)."""

    def raw_log(self, case):
        """The log as PostgreSQL has it now, without the ORM flushing anything."""
        self.env.cr.execute(
            "SELECT id, kind, summary, detail FROM safeguarding_sharing_log"
            " WHERE case_id = %s ORDER BY id",
            [case.id],
        )
        return self.env.cr.fetchall()

    def test_the_log_reads_what_was_just_written(self):
        decision = self.new_decision()
        disclosure = self.env["safeguarding.disclosure"].create(
            self.disclosure_vals(decision, description="The two injuries.")
        )
        consent = self.new_consent()
        self.env.flush_all()
        # Changed in the cache only: the tables do not have it yet.
        disclosure.write(
            {"description": "What the child said.", "fact_or_opinion": "opinion"}
        )
        consent.action_refuse()
        expected = sorted(
            [
                (decision.id * N, "decision", decision.name, "share"),
                (
                    disclosure.id * N + 1,
                    "disclosure",
                    "What the child said.",
                    "opinion",
                ),
                (consent.id * N + 2, "consent", consent.name, "refused"),
            ]
        )
        self.assertNotEqual(self.raw_log(self.case), expected)

        log = (
            self.env["safeguarding.sharing.log"]
            .with_user(self.practitioner)
            .search([("case_id", "=", self.case.id)], order="id")
        )
        self.assertEqual(
            [(line.id, line.kind, line.summary, line.detail) for line in log],
            expected,
        )
        self.assertEqual(
            {(line.res_model, line.res_id) for line in log},
            {
                ("safeguarding.decision", decision.id),
                ("safeguarding.disclosure", disclosure.id),
                ("safeguarding.consent", consent.id),
            },
        )
        # The search flushed what the view reads.
        self.assertEqual(self.raw_log(self.case), expected)

    def test_the_log_interleaves_ids_with_its_indexes(self):
        """Each source's log ids are its ids x N + its place, and each source has
        the expression index on exactly that expression (and no stale one is left)."""
        self.env.cr.execute(
            """SELECT tablename, indexdef FROM pg_indexes
                WHERE indexname LIKE %s ORDER BY indexname""",
            ["%_sharing_log_id%_index"],
        )
        self.assertEqual(
            sorted(self.env.cr.fetchall()),
            sorted(
                (
                    table,
                    (
                        f"CREATE INDEX {table}_sharing_log_id{N}_{offset}_index ON "
                        f"public.{table} USING btree ((((id * {N}) + {offset})))"
                    ),
                )
                for offset, table in enumerate(TABLES)
            ),
        )
        # A read by ids reaches each branch through its index.
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            self.env.cr.execute(
                "EXPLAIN SELECT * FROM safeguarding_sharing_log"
                " WHERE id IN (5, 11, 17, 23, 29)"
            )
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
        for offset, table in enumerate(TABLES):
            self.assertIn(f" {table}_sharing_log_id{N}_{offset}_index ", plan)

    def test_the_log_shows_labels_and_marks_drafts(self):
        draft = self.new_decision(legitimate_purpose_answer="no")
        recorded = self.record(self.new_decision())
        disclosure = self.env["safeguarding.disclosure"].create(
            self.disclosure_vals(
                recorded, description="The two injuries.", fact_or_opinion="opinion"
            )
        )
        log = (
            self.env["safeguarding.sharing.log"]
            .with_user(self.practitioner)
            .search([("case_id", "=", self.case.id)], order="id")
        )
        self.assertCountEqual(
            [
                (line.res_model, line.res_id, line.detail, line.draft)
                + (line.detail_label,)
                for line in log
            ],
            [
                (
                    "safeguarding.decision",
                    draft.id,
                    "do_not_share",
                    True,
                    "Do not share (draft)",
                ),
                ("safeguarding.decision", recorded.id, "share", False, "Share"),
                (
                    "safeguarding.disclosure",
                    disclosure.id,
                    "opinion",
                    False,
                    "Opinion",
                ),
            ],
        )

    def test_the_case_form_shows_the_newest_lines_and_opens_the_whole_log(self):
        for _i in range(RECENT_LOG + 5):
            self.new_consent()
        self.new_decision()
        case = self.case.with_user(self.practitioner)
        case.invalidate_recordset()  # as the form reads it, in a request of its own
        whole = self.env["safeguarding.sharing.log"].with_user(self.practitioner)
        whole = whole.search([("case_id", "=", case.id)])
        self.assertGreater(len(whole), RECENT_LOG)
        # The newest lines only, newest first, and how many there are in all.
        self.assertEqual(case.recent_sharing_log_ids.ids, whole[:RECENT_LOG].ids)
        self.assertEqual(case.sharing_log_count, len(whole))
        # The whole log of the case is one click away, newest first.
        action = case.action_view_sharing_log()
        self.assertEqual(action["res_model"], "safeguarding.sharing.log")
        self.assertIn(case.name, action["name"])
        opened = whole.search(action["domain"])
        self.assertEqual(opened.ids, whole.ids)
        # A case not saved yet has no log.
        new = case.new({"child_id": self.child.id})
        self.assertFalse(new.recent_sharing_log_ids)
        self.assertEqual(new.sharing_log_count, 0)

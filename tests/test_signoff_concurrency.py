from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name

from .common import GROUP, enable_second_factor

HEAD_COLUMNS = (
    "chain, company_id, chain_length, last_hash, format1_boundary, sealed_over, seal"
)


@tagged("post_install", "-at_install")
class TestSignoffConcurrency(BaseCase):
    """Two leads signing the same decision off at the same moment, each in a
    transaction of its own as two requests would be: only one succeeds, and the
    other gets a clear error. The data is committed for both to see, and removed."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            # The chains' heads move as rows are sealed: put back as they were.
            cr.execute(f"SELECT {HEAD_COLUMNS} FROM safeguarding_integrity_head")
            self.heads = cr.fetchall()
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            author = new_test_user(env, "t_race_author", groups=GROUP + "practitioner")
            first = new_test_user(env, "t_race_lead_1", groups=GROUP + "lead")
            second = new_test_user(env, "t_race_lead_2", groups=GROUP + "lead")
            # As an agency runs: two factors required (a new install's setting).
            for user in author | first | second:
                enable_second_factor(user)
            child = env["res.partner"].create({"name": "Race Child"})
            case = env["safeguarding.case"].create(
                {"child_id": child.id, "user_id": author.id}
            )
            decision = (
                env["safeguarding.decision"]
                .with_user(author)
                .create(
                    {
                        "case_id": case.id,
                        "legitimate_purpose_answer": "no",
                        "reason": "No purpose.",
                    }
                )
            )
            decision.action_submit()
            self.ids = {
                "users": (author | first | second).ids,
                "partners": (child | (author | first | second).partner_id).ids,
                "case": case.id,
                "decision": decision.id,
            }
        self.addCleanup(self._remove)

    def _remove(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            # Append-only rows refuse the ORM's unlink: the test removes its own in SQL.
            cr.execute(
                "DELETE FROM safeguarding_decision_signoff WHERE decision_id = %s",
                [ids["decision"]],
            )
            cr.execute(
                "DELETE FROM safeguarding_decision_principle WHERE decision_id = %s",
                [ids["decision"]],
            )
            cr.execute(
                "DELETE FROM mail_message "
                "WHERE model = 'safeguarding.decision' AND res_id = %s",
                [ids["decision"]],
            )
            cr.execute(
                "DELETE FROM safeguarding_decision WHERE id = %s", [ids["decision"]]
            )
            cr.execute(
                "DELETE FROM mail_message "
                "WHERE model = 'safeguarding.case' AND res_id = %s",
                [ids["case"]],
            )
            cr.execute("DELETE FROM safeguarding_case WHERE id = %s", [ids["case"]])
            cr.execute("DELETE FROM safeguarding_integrity_head")
            for head in self.heads:
                cr.execute(
                    f"INSERT INTO safeguarding_integrity_head ({HEAD_COLUMNS}) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    head,
                )
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["res.users"].browse(ids["users"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()

    def test_two_leads_at_once(self):
        _author, first, second = self.ids["users"]
        decision_id = self.ids["decision"]
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            as_first = api.Environment(cr_first, first, {})["safeguarding.decision"]
            as_second = api.Environment(cr_second, second, {})["safeguarding.decision"]
            as_first.browse(decision_id).action_approve()
            # The first lead's transaction is still open: the second is told at once.
            with self.assertRaisesRegex(UserError, "Another lead is signing"):
                as_second.browse(decision_id).action_approve()
            cr_second.rollback()
            cr_first.commit()
            # Once the first has signed off, the second learns it is done.
            with self.assertRaisesRegex(UserError, "not awaiting sign-off"):
                as_second.browse(decision_id).action_approve()
            cr_second.rollback()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT action, user_id FROM safeguarding_decision_signoff "
                "WHERE decision_id = %s ORDER BY id",
                [decision_id],
            )
            self.assertEqual(cr.fetchall(), [("submit", _author), ("approve", first)])

    def test_sealing_after_another_transaction_sealed(self):
        """Two recordings of one company in transactions of their own: the one whose
        snapshot was taken before the other sealed and committed seals on from that
        one's head, with no serialization failure, into one chain."""
        author = self.ids["users"][0]
        decision_id = self.ids["decision"]
        signoff = "safeguarding.decision.signoff"
        with self.registry.cursor() as cr_late, self.registry.cursor() as cr_early:
            early = api.Environment(cr_early, author, {})
            late = api.Environment(cr_late, author, {})
            # The early transaction takes its snapshot now, before the late one seals.
            decision = early["safeguarding.decision"].browse(decision_id)
            company_id = decision.company_id.id
            late[signoff]._log(
                late["safeguarding.decision"].browse(decision_id), "submit"
            )
            cr_late.commit()
            early[signoff]._log(decision, "submit")
            cr_early.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cr.execute(
                "SELECT integrity_sequence FROM safeguarding_decision_signoff "
                "WHERE decision_id = %s ORDER BY id",
                [decision_id],
            )
            first, second, third = (row[0] for row in cr.fetchall())
            self.assertEqual((second, third), (first + 1, first + 2))
            _length, breaks = env[signoff]._integrity_verify(
                env["res.company"].browse(company_id)
            )
            self.assertEqual(breaks, [])

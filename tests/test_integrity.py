from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestIntegrity(DecisionCommon):
    def recorded_share(self, description="Dates of the two injuries"):
        decision = self.record(self.new_decision())
        disclosure = (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(
                {
                    "decision_id": decision.id,
                    "description": description,
                    "fact_or_opinion": "fact",
                    "recipient_id": self.mash_worker.id,
                    "channel_id": self.secure_channel.id,
                }
            )
        )
        return decision, disclosure

    def verify(self, user):
        """Verify integrity as ``user`` does from the menu: the result page's record."""
        check = self.env["safeguarding.integrity.check"].with_user(user)
        action = check.action_verify_integrity()
        self.assertEqual(action["res_model"], "safeguarding.integrity.check")
        return check.browse(action["res_id"])

    def test_recorded_records_join_the_chain_in_order(self):
        first, first_item = self.recorded_share()
        second, second_item = self.recorded_share("Teacher's note")
        self.assertEqual(second.integrity_sequence, first.integrity_sequence + 1)
        self.assertEqual(
            second_item.integrity_sequence, first_item.integrity_sequence + 1
        )
        # Format 3: the version, then an HMAC-SHA-256 keyed by the server.
        self.assertRegex(first.integrity_hash, r"^3\$[0-9a-f]{64}$")
        self.assertEqual(
            second.integrity_hash,
            second._integrity_digest(first.integrity_hash, second._integrity_payload()),
        )
        draft = self.new_decision()
        self.assertFalse(draft.integrity_sequence)
        self.assertFalse(draft.integrity_hash)

    def test_chain_holds_and_is_reported_to_leads_and_managers(self):
        self.recorded_share()
        for user in (self.lead, self.manager):
            check = self.verify(user)
            self.assertTrue(check.intact)
            self.assertIn("The record is intact", check.summary)
        for user in (self.practitioner, self.sg_admin):
            with self.assertRaises(AccessError):
                self.verify(user)

    def test_an_edit_made_in_sql_is_found(self):
        decision, disclosure = self.recorded_share()
        later, _later_item = self.recorded_share("Later item")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET reason = %s WHERE id = %s",
            ["Nothing of concern.", decision.id],
        )
        self.env.invalidate_all()
        check = self.verify(self.lead)
        self.assertFalse(check.intact)
        broken = check.line_ids.filtered("broken_count")
        self.assertEqual(broken.chain, "Information Sharing Decision")
        self.assertIn(decision.name, broken.breaks)
        self.assertNotIn(later.name, broken.breaks)
        breaks, _counts = self.env["safeguarding.integrity.check"]._verify(self.company)
        self.assertEqual(len(breaks), 1)

        self.env.cr.execute(
            "UPDATE safeguarding_disclosure SET fact_or_opinion = 'opinion' "
            "WHERE id = %s",
            [disclosure.id],
        )
        self.env.invalidate_all()
        breaks, _counts = self.env["safeguarding.integrity.check"]._verify(self.company)
        self.assertEqual(len(breaks), 2)
        self.assertIn(disclosure.display_name, breaks[1])

    def test_a_removed_record_breaks_the_chain(self):
        first, _item = self.recorded_share()
        second, _item2 = self.recorded_share("Second")
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM safeguarding_disclosure WHERE decision_id = %s", [first.id]
        )
        self.env.cr.execute(
            "DELETE FROM safeguarding_decision_principle WHERE decision_id = %s",
            [first.id],
        )
        self.env.cr.execute(
            "DELETE FROM safeguarding_decision_signoff WHERE decision_id = %s",
            [first.id],
        )
        self.env.cr.execute(
            "DELETE FROM safeguarding_decision WHERE id = %s", [first.id]
        )
        self.env.invalidate_all()
        _length, breaks = (
            self.env["safeguarding.decision"].sudo()._integrity_verify(self.company)
        )
        self.assertIn((second.id, "place"), breaks)

    def test_the_chain_cannot_be_written_through_the_orm(self):
        draft = self.new_decision()
        for vals in ({"integrity_hash": "0" * 64}, {"integrity_sequence": 1}):
            with self.assertRefused(UserError, "written only by sealing"):
                draft.sudo().write(vals)

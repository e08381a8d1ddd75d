"""Formats that survive upgrades: records are sealed, then a column is added to a sealed
model as an upgrade would add it; the records sealed before still verify, an edit is
still found, and a column the code covers goes into a new format."""

from unittest.mock import patch

from odoo.tests import tagged

from ..models import safeguarding_integrity_mixin as integrity
from .test_integrity_seal import IntegrityCommon

ALTERED = "altered since it was sealed"


@tagged("post_install", "-at_install")
class TestIntegrityUpgrade(IntegrityCommon):
    def add_column(self, model_name, name):
        """Add a stored column to a model as an upgrade would (a field of the model,
        here a manual one): the registry is set up again with it."""
        self.addCleanup(self.registry.reset_changes)
        self.env["ir.model.fields"].create(
            {
                "name": name,
                "model_id": self.env["ir.model"]._get_id(model_name),
                "field_description": "Review note",
                "ttype": "char",
            }
        )
        self.assertIn(name, self.env[model_name]._fields)
        return type(self.env[model_name])

    def finding(self, record):
        return (
            f"{record._description} {record.display_name}: {ALTERED} "
            f"({self.company.name})"
        )

    def test_a_column_added_by_an_upgrade_leaves_what_was_sealed_verifying(self):
        before = self.recorded_share()
        self.assertEqual(self.findings(), [])
        Decision = self.add_column("safeguarding.decision", "x_review_note")
        Disclosure = self.add_column("safeguarding.disclosure", "x_review_note")
        # The column is there, filled, and no format names it: everything verifies.
        self.sql("UPDATE safeguarding_decision SET x_review_note = 'Reviewed'")
        self.sql("UPDATE safeguarding_disclosure SET x_review_note = 'Reviewed'")
        self.assertEqual(self.findings(), [])
        # The next version covers it: a format of its own, the earlier ones kept.
        latest = {}
        for model in (Decision, Disclosure):
            version = model._integrity_version()
            covered = model._integrity_formats[version]
            latest[model._name] = version + 1
            patcher = patch.object(
                model,
                "_integrity_formats",
                {
                    **model._integrity_formats,
                    version + 1: covered._replace(
                        columns=(*covered.columns, "x_review_note")
                    ),
                },
            )
            patcher.start()
            self.addCleanup(patcher.stop)
        self.assertEqual(self.findings(), [])
        after = self.recorded_share()
        self.assertEqual(
            integrity.hash_version(after.integrity_hash),
            latest["safeguarding.decision"],
        )
        self.assertEqual(
            integrity.hash_version(after.disclosure_ids.integrity_hash),
            latest["safeguarding.disclosure"],
        )
        self.assertEqual(self.findings(), [])
        # An edit is still found: of a record sealed before the upgrade, and of the
        # new column of one sealed after it.
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'Nothing of concern.' "
            "WHERE id = %s",
            before.id,
        )
        self.sql(
            "UPDATE safeguarding_disclosure SET x_review_note = 'Rewritten' "
            "WHERE id = %s",
            after.disclosure_ids.id,
        )
        self.assertEqual(
            self.findings(),
            [self.finding(before), self.finding(after.disclosure_ids)],
        )
        # The column of a record sealed before the upgrade is not its seal's.
        self.sql(
            "UPDATE safeguarding_disclosure SET x_review_note = 'Rewritten' "
            "WHERE id = %s",
            before.disclosure_ids.id,
        )
        self.assertEqual(len(self.findings()), 2)

"""The 18.0.1.4.0 migration: the law-enforcement flags of the shipped reference data
(the "crime" purpose, the competent authorities' organisation types), which ship
noupdate, are set on a database upgraded from before they existed, where nobody has
set them since; an administrator's own answer is kept."""

from odoo.tests import tagged
from odoo.tools import SQL

from .test_lawful_basis_regime import PREFIX, RegimeCommon
from .test_request_migration import STEP, migrate_post


@tagged("post_install", "-at_install")
class TestReferenceUpgrade(RegimeCommon):
    def as_upgraded(self, model, column, xmlids):
        """The column as an upgrade from before it existed leaves it on ``xmlids``'
        rows: NULL, never answered."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = NULL WHERE id = ANY(%s)",
                SQL.identifier(self.env[model]._table),
                SQL.identifier(column),
                [self.env.ref(PREFIX + xmlid).id for xmlid in xmlids],
            )
        )
        self.env.invalidate_all()

    def test_an_upgraded_police_share_for_crime_asks_for_schedule_8(self):
        self.as_upgraded("safeguarding.purpose", "law_enforcement", ["purpose_crime"])
        self.as_upgraded(
            "safeguarding.organisation.type",
            "competent_authority",
            ["organisation_type_police", "organisation_type_yot"],
        )
        self.sender_is("police")
        before = self.new_decision(
            purpose_id=self.crime.id,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_g, self.para10),
        )
        # As an upgraded database stood: nothing asked for Schedule 8.
        self.assertEqual(self.missing(before), [])

        ran = migrate_post(self, "18.0.1.3.0")

        self.assertEqual(ran, [STEP % "18.0.1.4.0"])
        self.assertTrue(self.crime.law_enforcement)
        self.assertTrue(self.police_type.competent_authority)
        self.assertTrue(
            self.env.ref(PREFIX + "organisation_type_yot").competent_authority
        )
        self.assertEqual(
            self.missing(before),
            [
                (
                    f"a DPA 2018 Schedule 8 condition: {self.company.name} is a "
                    "competent authority sharing for a law-enforcement purpose, its "
                    "sensitive processing under DPA 2018 Part 3"
                )
            ],
        )

    def test_an_administrator_s_own_answer_is_kept(self):
        # An administrator unticked the crime purpose and ticked health care.
        self.crime.law_enforcement = False
        health = self.env.ref(PREFIX + "purpose_health_care")
        health.law_enforcement = True
        prison = self.env.ref(PREFIX + "organisation_type_prison")
        prison.competent_authority = False
        school = self.env.ref(PREFIX + "organisation_type_school")
        self.as_upgraded(
            "safeguarding.organisation.type",
            "competent_authority",
            ["organisation_type_school"],
        )

        migrate_post(self, "18.0.1.3.0")

        self.assertFalse(self.crime.law_enforcement)
        self.assertTrue(health.law_enforcement)
        self.assertFalse(prison.competent_authority)
        # A type the data does not ship as a competent authority stays unset.
        self.env.cr.execute(
            "SELECT competent_authority FROM safeguarding_organisation_type "
            "WHERE id = %s",
            (school.id,),
        )
        self.assertEqual(self.env.cr.fetchone(), (None,))

    def test_a_database_at_18_0_1_4_0_runs_no_step(self):
        self.as_upgraded("safeguarding.purpose", "law_enforcement", ["purpose_crime"])
        self.assertEqual(migrate_post(self, "18.0.1.4.0"), [])
        self.assertFalse(self.crime.law_enforcement)

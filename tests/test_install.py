from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_with_its_groups(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "safeguarding_info_sharing")]
        )
        self.assertEqual(module.state, "installed")
        lead = self.env.ref("safeguarding_info_sharing.group_lead")
        practitioner = self.env.ref("safeguarding_info_sharing.group_practitioner")
        self.assertIn(practitioner, lead.implied_ids)
        for xmlid in ("manager", "admin"):
            group = self.env.ref("safeguarding_info_sharing.group_" + xmlid)
            self.assertEqual(group.category_id.name, "Safeguarding")
            self.assertNotIn(practitioner, group.trans_implied_ids)

    def test_every_model_has_access_rows(self):
        models = self.env["ir.model"].search([("model", "=like", "safeguarding.%")])
        self.assertTrue(models)
        for model in models.filtered(lambda m: not self.env[m.model]._abstract):
            rows = self.env["ir.model.access"].search([("model_id", "=", model.id)])
            self.assertTrue(rows, f"{model.model} has no access row")

    def test_sequence_exists(self):
        sequence = self.env["ir.sequence"].search([("code", "=", "safeguarding.case")])
        self.assertEqual(len(sequence), 1)
        self.assertEqual(sequence.prefix, "CASE/%(year)s/")

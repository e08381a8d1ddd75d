from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user

GROUP = "safeguarding_info_sharing.group_"


class SafeguardingCommon(TransactionCase):
    """Users of every role, a child and a case, all made here (never demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.practitioner = new_test_user(
            cls.env,
            "t_practitioner",
            groups=GROUP + "practitioner",
            name="Pat Practitioner",
        )
        cls.colleague = new_test_user(
            cls.env, "t_colleague", groups=GROUP + "practitioner", name="Cal Colleague"
        )
        cls.lead = new_test_user(
            cls.env, "t_lead", groups=GROUP + "lead", name="Lee Lead"
        )
        cls.manager = new_test_user(
            cls.env, "t_manager", groups=GROUP + "manager", name="Max Manager"
        )
        cls.sg_admin = new_test_user(
            cls.env, "t_sg_admin", groups=GROUP + "admin", name="Ada Admin"
        )
        cls.child = cls.env["res.partner"].create(
            {
                "name": "Test Child",
                "date_of_birth": "2016-05-04",
                "nhs_number": "9990000034",
            }
        )
        cls.parent = cls.env["res.partner"].create({"name": "Test Parent"})
        cls.case = cls.env["safeguarding.case"].create(
            {"child_id": cls.child.id, "user_id": cls.practitioner.id}
        )

    def as_user(self, user, records):
        """The same records, seen by ``user`` with nothing cached from the set-up."""
        self.env.flush_all()
        self.env.invalidate_all()
        return records.with_user(user)

    @contextmanager
    def assertRefused(self, exception, message):
        """Odoo's assertRaises, which rolls back to a savepoint as a failed request
        would, with the message the user reads checked too."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), message)

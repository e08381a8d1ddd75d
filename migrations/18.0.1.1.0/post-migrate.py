from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The chains' heads move from system parameters into their own table, each with
    its format 1 boundary."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.integrity.head"]._adopt_parameter_heads()

"""The law-enforcement flags of the shipped reference data, on a database upgraded
from before they existed.

The purposes and organisation types ship noupdate, so an upgrade added their columns
("Law-enforcement Purpose" on the crime purpose, "Competent Authority" on the police
and the other DPA 2018 Schedule 7 bodies) empty: a police force sharing to prevent or
detect crime was never asked for its Schedule 8 condition. Each flag the data files
ship ticked is set on its shipped record where the column is still empty (NULL: nobody
has answered it since; an administrator's tick or untick is kept). The flags are read
from the data files themselves, so that they live in one place."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.misc import file_path

MODULE = "safeguarding_info_sharing"
# The data file of each model, and its flag.
FLAGS = (
    ("data/safeguarding_purpose_data.xml", "law_enforcement"),
    ("data/safeguarding_organisation_type_data.xml", "competent_authority"),
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    set_shipped_flags(env)


def shipped_ticked(data_file, flag):
    """{model: [xml id]} of the records ``data_file`` ships with ``flag`` ticked."""
    root = etree.parse(file_path(f"{MODULE}/{data_file}")).getroot()
    ticked = {}
    for record in root.iter("record"):
        for field in record.iter("field"):
            if field.get("name") == flag and field.get("eval") == "True":
                ticked.setdefault(record.get("model"), []).append(record.get("id"))
    return ticked


def set_shipped_flags(env):
    for data_file, flag in FLAGS:
        for model, xmlids in shipped_ticked(data_file, flag).items():
            records = [
                env.ref(f"{MODULE}.{x}", raise_if_not_found=False) for x in xmlids
            ]
            ids = [record.id for record in records if record]
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = TRUE WHERE id = ANY(%s) AND %s IS NULL",
                    SQL.identifier(env[model]._table),
                    SQL.identifier(flag),
                    ids,
                    SQL.identifier(flag),
                )
            )
            env[model].invalidate_model([flag])

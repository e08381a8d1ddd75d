"""After the models of 18.0.1.2.0 load: the reference data that ships noupdate (the
lawful bases, the 2024 golden rules' wording), corrected where an agency's database
holds it already; a guidance pin without its last day ends today."""

from lxml import etree

from odoo import SUPERUSER_ID, api, fields
from odoo.tools.misc import file_path

from odoo.addons.safeguarding_info_sharing.models.safeguarding_guidance import (
    PIN_PARAM,
    PIN_UNTIL_PARAM,
)

PREFIX = "safeguarding_info_sharing.lawful_basis_"
# The kind of consent each consent-based basis rests on.
CONSENT_KINDS = {
    "art6_1_a": "data_protection",
    "art9_2_a": "data_protection",
    "cl_consent": "confidentiality",
}
# DPA 2018 Schedule 1 para 18 and Schedule 8 para 4: only without consent.
WITHOUT_CONSENT_ONLY = ("dpa_s1_p18", "dpa_s8_p4")
# The Schedule 1 conditions that complete each Article 9 entry.
PAIRINGS = {
    "art9_2_b": ("dpa_s1_p1",),
    "art9_2_g": (
        "dpa_s1_p6",
        "dpa_s1_p10",
        "dpa_s1_p11",
        "dpa_s1_p17",
        "dpa_s1_p18",
        "dpa_s1_p19",
    ),
    "art9_2_h": ("dpa_s1_p2",),
    "art9_2_i": ("dpa_s1_p3",),
    "art9_2_j": ("dpa_s1_p4",),
}
SCHEDULE_8_DESCRIPTION = (
    "For a competent authority (the police, a youth offending team...) sharing for a "
    "law-enforcement purpose under DPA 2018 Part 3: mirrors Schedule 1 paragraph 18, "
    "allowing sensitive processing to protect a child or an adult at risk from "
    "neglect or harm without consent. The regime is the sender's: a school, council "
    "or health body sharing with the police relies on Article 9 and a Schedule 1 "
    "condition, never on Schedule 8."
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})

    def basis(code):
        return env.ref(PREFIX + code, raise_if_not_found=False)

    for code, kind in CONSENT_KINDS.items():
        if basis(code):
            basis(code).consent_kind = kind
    for code in WITHOUT_CONSENT_ONLY:
        if basis(code):
            basis(code).without_consent_only = True
    for code, conditions in PAIRINGS.items():
        entry = basis(code)
        paired = [basis(c).id for c in conditions if basis(c)]
        if entry and not entry.paired_condition_ids:
            entry.paired_condition_ids = [(6, 0, paired)]
    if basis("dpa_s8_p4"):
        basis("dpa_s8_p4").description = SCHEDULE_8_DESCRIPTION
    # The recognised legitimate interest waits for an administrator to check its
    # commencement, unless decisions already rest on it.
    interest = basis("art6_1_ea")
    if interest:
        used = env["safeguarding.decision"].search_count(
            [("lawful_basis_ids", "in", interest.ids)], limit=1
        )
        interest.write({"commencement_required": True, "active": bool(used)})
    _golden_rules_2024(env)
    # A pin now always has a last day: one set before then ends on the upgrade's day.
    params = env["ir.config_parameter"].sudo()
    if params.get_param(PIN_PARAM) and not params.get_param(PIN_UNTIL_PARAM):
        params.set_param(PIN_UNTIL_PARAM, fields.Date.to_string(fields.Date.today()))


def _golden_rules_2024(env):
    """The 2024 rules as the data file words them now: the verified opening as the
    wording, what was not verified as a summary (read from the file itself, so
    that the words live in one place)."""
    path = file_path(
        "safeguarding_info_sharing/data/safeguarding_guidance_2024_data.xml"
    )
    root = etree.parse(path).getroot()
    for record in root.iter("record"):
        if not record.get("id", "").startswith("golden_rule_2024_"):
            continue
        rule = env.ref(
            "safeguarding_info_sharing." + record.get("id"), raise_if_not_found=False
        )
        if not rule:
            continue
        values = {"description": False, "summary": False}
        for field in record.iter("field"):
            if field.get("name") in values:
                values[field.get("name")] = field.text
        rule.write(values)

"""The set-up the suites and the scripts share: reference data of their own, the values
of a complete decision to share, and the moves that take a decision to the record.

Plain ORM calls and no test framework, so that scripts/populate.py and
scripts/benchmark.py build with it too (Odoo logs an error when its test framework is
imported outside a test run). A suite's or a script's own records are named after its
prefix, so that several live side by side in one database.
"""

from types import SimpleNamespace

from odoo.fields import Command

# A decision to share without consent under the July 2018 flowchart: a clear
# purpose, no consent for fear of harm to the child, identifiable information, a
# lawful basis; then the layers, the "how" checklist and the reason. The values every
# suite and script start from, before their own records (see share_vals).
SHARE = {
    "legitimate_purpose_answer": "yes",
    "purpose": "Refer the bruising to children's social care.",
    "no_consent_reason": "risk_to_child",
    "identifiable_answer": "yes",
    "special_category_answer": "no",
    "criminal_offence_answer": "no",
    "confidential_answer": "no",
    "how_much": "The two injuries and what the child said.",
    "recipient_verified": True,
    "controller_relationship": "separate",
    "individual_informed": "will_inform",
    "reason": "Two unexplained injuries; the child names the mother's partner.",
}
# What a share answers on top under the April 2024 advice: a child at risk of harm
# (consent is then not asked), the family not engaged first because it was not safe
# (golden rule 2), and only relevant information, to people with a role.
SHARE_2024 = {
    "risk_of_harm_answer": "yes",
    "relevant_answer": "yes",
    "engagement_answer": "not_engaged",
    "not_engaged_reason": "not_safe",
}
# A line of what was shared.
DISCLOSURE = {"description": "Dates of the two injuries", "fact_or_opinion": "fact"}


def reference_data(env, prefix):
    """The reference data a suite or a script decides with, its own rather than the
    shipped one (whose entries an administrator may rename or archive): a secure and
    a plain channel, a public task and a consent basis (UK GDPR Article 6), a
    referral and an education purpose, the receiving organisation (a MASH) with its
    worker, and a school."""
    title = prefix.capitalize()
    partner = env["res.partner"]
    organisation = partner.create({"name": f"{title} MASH", "is_company": True})
    basis = env["safeguarding.lawful.basis"]
    purpose = env["safeguarding.purpose"]
    channel = env["safeguarding.channel"]
    return SimpleNamespace(
        secure_channel=channel.create(
            {
                "name": f"{title} secure email",
                "code": f"{prefix}_secure",
                "secure": True,
            }
        ),
        open_channel=channel.create(
            {"name": f"{title} plain email", "code": f"{prefix}_plain", "secure": False}
        ),
        public_task=basis.create(
            {
                "code": f"{prefix}_6_1_e",
                "name": f"{title} public task",
                "layer": "gdpr_art6",
            }
        ),
        consent_basis=basis.create(
            {
                "code": f"{prefix}_6_1_a",
                "name": f"{title} consent",
                "layer": "gdpr_art6",
                "consent_based": True,
            }
        ),
        purpose=purpose.create(
            {"name": f"{title} referral", "code": f"{prefix}_referral"}
        ),
        other_purpose=purpose.create(
            {"name": f"{title} education", "code": f"{prefix}_education"}
        ),
        organisation=organisation,
        worker=partner.create(
            {"name": f"{title} MASH worker", "parent_id": organisation.id}
        ),
        school=partner.create({"name": f"{title} School", "is_company": True}),
    )


def share_vals(case, data, **overrides):
    """A complete decision to share on ``case``, with ``data``'s reference data
    (see reference_data), ``overrides`` last."""
    return {
        "case_id": case.id,
        "recipient_id": data.worker.id,
        "purpose_id": data.purpose.id,
        "lawful_basis_ids": [Command.set(data.public_task.ids)],
        "channel_id": data.secure_channel.id,
        **SHARE,
        **overrides,
    }


def disclosure_vals(data, decision=None, **overrides):
    """A line of what was shared (under ``decision``, or to create with it), to the
    recipient of share_vals by ``data``'s secure channel."""
    vals = {
        **DISCLOSURE,
        "recipient_id": data.worker.id,
        "channel_id": data.secure_channel.id,
        **overrides,
    }
    if decision:
        vals["decision_id"] = decision.id
    return vals


def consent_vals(case, given_by, data, **overrides):
    """A consent of ``given_by``, a parent (with parental responsibility when the
    case's people say so), on ``case``, to share health and school information with
    ``data``'s organisation for its referral purpose: requested, until it is
    answered."""
    return {
        "case_id": case.id,
        "given_by_id": given_by.id,
        "relationship": "parent",
        "kind": "confidentiality",
        "scope_information": "Health and school information",
        "scope_recipient_ids": [Command.set(data.organisation.ids)],
        "scope_purpose_ids": [Command.set(data.purpose.ids)],
        **overrides,
    }


def confirm_principles(decision):
    """Confirm every principle of ``decision``, each with its own justification."""
    for line in decision.principle_ids:
        line.write(
            {"confirmed": True, "justification": f"{line.principle_id.name}: checked."}
        )


def record(decision, lead):
    """Submit ``decision`` (as its user), have ``lead`` sign it off, and record it."""
    decision.action_submit()
    decision.with_user(lead).action_approve()
    decision.action_record()
    return decision

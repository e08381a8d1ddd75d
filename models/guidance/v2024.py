"""The April 2024 advice (corrected May 2024): its procedure, its questions, the
golden rule beside each, the drawing of its route and the checks only it makes: the
protection of identities (golden rule 5) and, when a child is at risk, engaging the
child and carers before sharing (golden rule 2). The advice in force for every decision
started on or after 19 April 2024."""

from odoo.tools import LazyTranslate

from .base import (
    ADVICE,
    CONSENT,
    DO_NOT_SHARE,
    ENGAGE,
    LAWFUL_REASON,
    PURPOSE,
    RECORD,
    RELEVANT,
    RISK_OF_HARM,
    SHARE,
    MissingItem,
    Procedure,
    Question,
    register,
)

_lt = LazyTranslate(__name__)


# Its steps, in the order a decision meets them, each with whether a "no" ends the
# route in do not share. Whether a child is at risk, and the family's agreement, never
# end it: consent is never the basis the sharing rests on.
STEPS = (
    (PURPOSE, True),
    (RISK_OF_HARM, False),
    (CONSENT, False),
    (LAWFUL_REASON, True),
    (RELEVANT, True),
)


def decide(answers):
    """The procedure of the April 2024 advice, lawful basis first.

    The 2024 advice draws no "when" flowchart: this is its golden rules in the order a
    decision meets them. A clear and legitimate safeguarding purpose (rule 1); whether
    a child is at risk, or there is a perceived risk, of harm, in which case consent is
    never needed to share (rule 3) and the family's agreement is not asked; otherwise
    it is asked where it is practicable and safe (rule 2), a matter of respect and
    transparency that does not decide the outcome; the lawful basis, identified layer
    by layer (rule 3); and only relevant and accurate information, to people with a
    role in safeguarding the child, only what they need (rule 6).
    """
    route = []
    for question, no_ends_it in STEPS:
        if question == CONSENT and answers.get(RISK_OF_HARM):
            continue
        answer = answers.get(question)
        route.append((question, answer))
        if answer is None:
            return False, route
        if not answer and no_ends_it:
            return DO_NOT_SHARE, route
    return SHARE, route


def protected_identities(decision):
    """Golden rule 5: on a case with protected people, which of them the share could
    identify, and the steps taken for each."""
    protected = decision.protected_person_ids
    if not protected:
        return []
    if not decision.identity_checked:
        return [
            MissingItem(
                "identity_checked",
                decision.env._(
                    "which of the people whose identity is protected (%(people)s) "
                    "the information could identify",
                    people=", ".join(protected.partner_id.mapped("name")),
                ),
            )
        ]
    if (
        decision.identity_redacted
        or decision.identity_recipient_told
        or decision.identity_details_withheld
    ):
        return []
    return [
        MissingItem(
            "identity_redacted",
            decision.env._(
                "the steps taken to protect %(person)s's identity: their details "
                "redacted, the recipient told not to pass them on, or withheld",
                person=person.partner_id.name,
            ),
        )
        for person in decision.identity_exposed_ids
    ]


def engagement_before_sharing(decision):
    """Golden rule 2 on a share about a child at risk: the child or carers engaged
    before sharing (who, when, what was explained), or why not."""
    if not decision.asks_engagement:
        return []
    if not decision.engagement_answer:
        return [
            MissingItem(
                "engagement_answer",
                decision.env._(
                    "whether the child and/or carers were engaged before sharing "
                    "(who, when and what was explained), or why not"
                ),
            )
        ]
    missing = []
    if decision.engagement_answer == "engaged":
        for field, value, text in (
            ("engaged_person_ids", decision.engaged_person_ids, decision.env._("who")),
            ("date_engaged", decision.date_engaged, decision.env._("when")),
            (
                "engagement_summary",
                (decision.engagement_summary or "").strip(),
                decision.env._("what was explained"),
            ),
        ):
            if not value:
                missing.append(
                    MissingItem(
                        field,
                        decision.env._(
                            "%(what)s, of engaging the child and/or carers before "
                            "sharing",
                            what=text,
                        ),
                    )
                )
    elif not decision.not_engaged_reason:
        missing.append(
            MissingItem(
                "not_engaged_reason",
                decision.env._(
                    "why the child and/or carers were not engaged before sharing: "
                    "not practicable, not safe, or it would prejudice an "
                    "investigation"
                ),
            )
        )
    return missing


PROCEDURE = register(
    Procedure(
        version="2024",
        label=_lt("HM Government advice, April 2024"),
        decide=decide,
        questions=(
            Question(
                PURPOSE,
                label=_lt("Clear and legitimate safeguarding purpose?"),
                heading=_lt(
                    "Is there a clear and legitimate safeguarding purpose for "
                    "sharing information?"
                ),
                golden_rule=1,
            ),
            Question(
                RISK_OF_HARM,
                label=_lt("A child at risk, or a perceived risk, of harm?"),
                heading=_lt(
                    "Is a child at risk, or is there a perceived risk, of harm? "
                    "If so, you do not need consent to share."
                ),
                golden_rule=3,
            ),
            Question(
                CONSENT,
                label=_lt("Agreement of the child or carers?"),
                heading=_lt(
                    "Have the child and/or carers agreed? Consent is not the "
                    "basis for sharing: record it, or why it was not sought."
                ),
                golden_rule=2,
            ),
            Question(
                LAWFUL_REASON,
                label=_lt("Lawful basis identified?"),
                heading=_lt(
                    "Have you identified the lawful basis for sharing, layer by "
                    "layer (UK GDPR Article 6 always; Article 9 and a Schedule 1 "
                    "condition for special category data; a statutory gateway)?"
                ),
                golden_rule=3,
            ),
            Question(
                RELEVANT,
                label=_lt(
                    "Only relevant, accurate information, to people with a role, "
                    "only what they need?"
                ),
                heading=_lt(
                    "Is the information relevant and accurate, going only to "
                    "people with a role in safeguarding the child or supporting the "
                    "family, and only what they need?"
                ),
                golden_rule=6,
            ),
        ),
        how_golden_rule=5,
        flowchart="safeguarding_info_sharing.decision_flowchart_2024",
        section_golden_rules={ENGAGE: 2, ADVICE: 4, RECORD: 7},
        share_checks={
            "identities": protected_identities,
            "engagement": engagement_before_sharing,
        },
    )
)

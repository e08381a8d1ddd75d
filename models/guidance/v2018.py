"""The July 2018 advice: its "when" flowchart, its questions, the golden rule beside
each and the drawing of its route. Replaced on 19 April 2024: a decision started
before then stays under it for ever."""

from odoo.tools import LazyTranslate

from .base import (
    ADVICE,
    CONSENT,
    DO_NOT_SHARE,
    IDENTIFIABLE,
    LAWFUL_REASON,
    PURPOSE,
    RECORD,
    SHARE,
    TELL,
    Procedure,
    Question,
    register,
)

_lt = LazyTranslate(__name__)

# Each step of the flowchart: the question, then what a "yes" and a "no" lead to
# (None: ask on).
STEPS = (
    (PURPOSE, None, DO_NOT_SHARE),
    (CONSENT, SHARE, None),
    (IDENTIFIABLE, None, SHARE),
    (LAWFUL_REASON, SHARE, DO_NOT_SHARE),
)


def decide(answers):
    """The "when" flowchart of the July 2018 advice, exactly as it is drawn."""
    route = []
    for question, if_yes, if_no in STEPS:
        answer = answers.get(question)
        route.append((question, answer))
        if answer is None:
            return False, route
        outcome = if_yes if answer else if_no
        if outcome:
            return outcome, route
    raise AssertionError("The 2018 flowchart always ends in an outcome.")


PROCEDURE = register(
    Procedure(
        version="2018",
        label=_lt("HM Government advice, July 2018"),
        decide=decide,
        questions=(
            Question(
                PURPOSE,
                label=_lt("Clear and legitimate purpose?"),
                heading=_lt(
                    "Is there a clear and legitimate purpose for sharing information?"
                ),
                golden_rule=5,
            ),
            Question(
                CONSENT,
                label=_lt("Consent to share?"),
                heading=_lt("Do you have consent to share?"),
                golden_rule=4,
            ),
            Question(
                IDENTIFIABLE,
                label=_lt("Does it identify an individual?"),
                heading=_lt(
                    "Does the information enable an individual to be identified?"
                ),
                golden_rule=1,
            ),
            Question(
                LAWFUL_REASON,
                label=_lt("Lawful reason to share without consent?"),
                heading=_lt(
                    "Have you identified a lawful reason to share information "
                    "without consent?"
                ),
                golden_rule=4,
            ),
        ),
        how_golden_rule=6,
        flowchart="safeguarding_info_sharing.decision_flowchart_2018",
        section_golden_rules={TELL: 2, ADVICE: 3, RECORD: 7},
        consent_opens_share=True,
    )
)

"""The decision procedures of each version of the information sharing guidance.

A decision stores the version it was made under and is decided by that version's
procedure, so a later version is added here as a new procedure without touching the
decisions already recorded under an earlier one.
"""

GUIDANCE_VERSIONS = [("2018", "HM Government advice, July 2018")]

PURPOSE = "purpose"
CONSENT = "consent"
IDENTIFIABLE = "identifiable"
LAWFUL_REASON = "lawful_reason"

SHARE = "share"
DO_NOT_SHARE = "do_not_share"


def flowchart_2018(answers):
    """The "when" flowchart of the July 2018 advice, exactly as it is drawn.

    ``answers`` maps each question to True, False or None (not answered yet). Returns
    the outcome (False while an answer the route needs is missing) and the route: the
    questions asked, in order, each with its answer.
    """
    route = []

    def ask(question):
        answer = answers.get(question)
        route.append((question, answer))
        return answer

    # Each step: the question, then what a "yes" and a "no" lead to (None: ask on).
    steps = [
        (PURPOSE, None, DO_NOT_SHARE),
        (CONSENT, SHARE, None),
        (IDENTIFIABLE, None, SHARE),
        (LAWFUL_REASON, SHARE, DO_NOT_SHARE),
    ]
    for question, if_yes, if_no in steps:
        answer = ask(question)
        if answer is None:
            return False, route
        outcome = if_yes if answer else if_no
        if outcome:
            return outcome, route
    raise AssertionError("The 2018 flowchart always ends in an outcome.")


PROCEDURES = {"2018": flowchart_2018}

# The golden rule shown beside each question of the 2018 flowchart (by number).
GOLDEN_RULES_2018 = {
    PURPOSE: 5,
    CONSENT: 4,
    IDENTIFIABLE: 1,
    LAWFUL_REASON: 4,
}

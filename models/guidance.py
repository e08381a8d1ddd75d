"""The decision procedures of each version of the information sharing guidance.

A decision stores the version it was made under and is decided by that version's
procedure, so a later version is added here as a new procedure (and its reference
data) without touching the decisions already recorded under an earlier one. The
decision form asks exactly the questions the procedure's route reaches, each with the
golden rule the procedure names for it: the form has no branching of its own.
"""

from collections import namedtuple

PURPOSE = "purpose"
CONSENT = "consent"
IDENTIFIABLE = "identifiable"
LAWFUL_REASON = "lawful_reason"

SHARE = "share"
DO_NOT_SHARE = "do_not_share"

# Not a question: the section on how to share, once the procedure says share.
HOW = "how"


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


# version: the guidance version's key; label: how it is named to users; decide: the
# procedure (answers -> outcome, route); golden_rules: the number of the golden rule
# shown beside each of its questions.
Procedure = namedtuple("Procedure", "version label decide golden_rules")

PROCEDURES = {
    "2018": Procedure(
        version="2018",
        label="HM Government advice, July 2018",
        decide=flowchart_2018,
        golden_rules={
            PURPOSE: 5,
            CONSENT: 4,
            IDENTIFIABLE: 1,
            LAWFUL_REASON: 4,
            HOW: 6,
        },
    ),
}

GUIDANCE_VERSIONS = [(p.version, p.label) for p in PROCEDURES.values()]

# Every question any procedure asks: the decision form has one block for each.
QUESTIONS = (PURPOSE, CONSENT, IDENTIFIABLE, LAWFUL_REASON)


def asked_questions(route):
    """The questions a route reaches, answered or waiting for an answer."""
    return {question for question, _answer in route or []}

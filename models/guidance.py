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
RISK_OF_HARM = "risk_of_harm"
RELEVANT = "relevant"

SHARE = "share"
DO_NOT_SHARE = "do_not_share"

# Not a question: the section on how to share, once the procedure says share.
HOW = "how"
# Nor these: the parts of the form beside which a golden rule also stands.
ENGAGE = "engagement"
TELL = "telling"
ADVICE = "advice"
RECORD = "record"
RULE_SECTIONS = (HOW, ENGAGE, TELL, ADVICE, RECORD)


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


def flowchart_2024(answers):
    """The procedure of the April 2024 advice (corrected May 2024), lawful basis first.

    The 2024 advice draws no "when" flowchart: this is its golden rules in the order a
    decision meets them. A clear and legitimate safeguarding purpose (rule 1); whether
    a child is at risk, or there is a perceived risk, of harm, in which case consent is
    never needed to share (rule 3); otherwise the family's agreement is asked where it
    is practicable and safe (rule 2), which is a matter of respect and transparency and
    never the basis the sharing rests on, so it does not decide the outcome; the lawful
    basis, identified layer by layer (rule 3); and only relevant and accurate
    information, to people with a role in safeguarding the child, only what they need
    (rule 6). Same contract as ``flowchart_2018``.
    """
    route = []

    def ask(question):
        answer = answers.get(question)
        route.append((question, answer))
        return answer

    purpose = ask(PURPOSE)
    if purpose is None:
        return False, route
    if not purpose:
        return DO_NOT_SHARE, route
    at_risk = ask(RISK_OF_HARM)
    if at_risk is None:
        return False, route
    if not at_risk and ask(CONSENT) is None:
        return False, route
    lawful = ask(LAWFUL_REASON)
    if lawful is None:
        return False, route
    if not lawful:
        return DO_NOT_SHARE, route
    relevant = ask(RELEVANT)
    if relevant is None:
        return False, route
    return (SHARE if relevant else DO_NOT_SHARE), route


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
            TELL: 2,
            ADVICE: 3,
            RECORD: 7,
        },
    ),
    "2024": Procedure(
        version="2024",
        label="HM Government advice, April 2024",
        decide=flowchart_2024,
        golden_rules={
            PURPOSE: 1,
            RISK_OF_HARM: 3,
            CONSENT: 2,
            LAWFUL_REASON: 3,
            RELEVANT: 6,
            HOW: 5,
            ENGAGE: 2,
            ADVICE: 4,
            RECORD: 7,
        },
    ),
}

GUIDANCE_VERSIONS = [(p.version, p.label) for p in PROCEDURES.values()]

# Every question any procedure asks: the decision form has one block for each.
QUESTIONS = (PURPOSE, CONSENT, IDENTIFIABLE, LAWFUL_REASON, RISK_OF_HARM, RELEVANT)


def asked_questions(route):
    """The questions a route reaches, answered or waiting for an answer."""
    return {question for question, _answer in route or []}

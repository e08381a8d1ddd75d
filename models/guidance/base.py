"""The types of a guidance pack and the registry of packs: pure Python, no ORM.

A decision stores the version of the advice it was made under and is decided by that
version's procedure for ever. Each version is a pack: a module of this package (its
procedure, the wording of its questions, the golden rule beside each, the drawing of
its route and the checks only it makes), a data file (its dates, golden rules and
principles, and its filter in the managers' analysis) and a drawing (the flowchart
template). A later version is a new pack, registered on import; nothing else changes.
"""

from dataclasses import dataclass, field

PURPOSE = "purpose"
CONSENT = "consent"
IDENTIFIABLE = "identifiable"
LAWFUL_REASON = "lawful_reason"
RISK_OF_HARM = "risk_of_harm"
RELEVANT = "relevant"

# Every question a procedure may ask: the decision form has one block for each.
QUESTIONS = (PURPOSE, CONSENT, IDENTIFIABLE, LAWFUL_REASON, RISK_OF_HARM, RELEVANT)

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


class MissingItem(str):
    """What a decision still needs, in words (the submit error lists them), and the
    form field that takes it (the live list jumps there)."""

    def __new__(cls, field, text):
        item = super().__new__(cls, text)
        item.field = field
        return item


@dataclass(frozen=True)
class Question:
    """A question as one version asks it. ``label``: the short wording the route
    summary and the Still missing list use; ``heading``: the question as the form
    asks it, after its number; ``golden_rule``: the number of the golden rule shown
    beside it. Both wordings are lazy translations, translated when shown."""

    key: str
    label: object
    heading: object
    golden_rule: int


@dataclass(frozen=True)
class Procedure:
    """One version of the advice, as a decision follows it.

    ``decide(answers)``: answers maps each question to True, False or None (not
    answered yet); returns the outcome (False while an answer the route needs is
    missing) and the route, the questions asked in order, each with its answer.
    ``questions``: its questions, in the order the procedure meets them.
    ``how_golden_rule``: the rule shown beside how to share; ``section_golden_rules``:
    the rule shown beside each other section of the form that one stands beside
    (ENGAGE, TELL, ADVICE, RECORD). ``flowchart``: the QWeb template drawing the
    route. ``consent_opens_share``: a "yes" to its consent question is itself the
    route to share (2018), so a decision answering it shares on that consent.
    ``share_checks``: the checks only this version makes on a share, by the
    name of the form section holding the fields they ask for; each takes the
    decision and returns its MissingItems.
    """

    version: str
    label: object
    decide: object
    questions: tuple
    how_golden_rule: int
    flowchart: str
    section_golden_rules: dict = field(default_factory=dict)
    consent_opens_share: bool = False
    share_checks: dict = field(default_factory=dict)

    def question(self, key):
        """The question ``key`` as this version asks it, or None."""
        return next((q for q in self.questions if q.key == key), None)

    def golden_rule(self, key):
        """The number of the golden rule beside ``key`` (a question, or one of
        RULE_SECTIONS)."""
        if key == HOW:
            return self.how_golden_rule
        if key in RULE_SECTIONS:
            return self.section_golden_rules.get(key)
        question = self.question(key)
        return question and question.golden_rule


# The registered versions, by their key.
PROCEDURES = {}


def register(procedure):
    """Add a version's procedure to the registry (its module does, on import)."""
    if procedure.version in PROCEDURES:
        raise ValueError(f"Guidance version {procedure.version!r} is registered twice")
    if not {q.key for q in procedure.questions} <= set(QUESTIONS):
        raise ValueError(f"{procedure.version!r} asks a question the form has not")
    PROCEDURES[procedure.version] = procedure
    return procedure


def unregister(version):
    """Take a version out of the registry (a test's throwaway version)."""
    PROCEDURES.pop(version)


def version_selection(model):
    """The registered versions as the selection of a model's field: (key, label),
    the labels translated in the model's language, oldest first."""
    return [
        (procedure.version, model.env._(procedure.label))
        for procedure in sorted(PROCEDURES.values(), key=lambda p: p.version)
    ]


def asked_questions(route):
    """The questions a route reaches, answered or waiting for an answer."""
    return {question for question, _answer in route or []}

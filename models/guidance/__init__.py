"""The guidance packs: one module per version of HM Government's information sharing
advice, each registering its procedure on import (see base)."""

from .base import (
    CONSENT,
    DO_NOT_SHARE,
    HOW,
    IDENTIFIABLE,
    LAWFUL_REASON,
    PROCEDURES,
    PURPOSE,
    QUESTIONS,
    RELEVANT,
    RISK_OF_HARM,
    SHARE,
    MissingItem,
    Procedure,
    Question,
    asked_questions,
    register,
    unregister,
    version_selection,
)
from . import v2018, v2024

__all__ = [
    "CONSENT",
    "DO_NOT_SHARE",
    "HOW",
    "IDENTIFIABLE",
    "LAWFUL_REASON",
    "PROCEDURES",
    "PURPOSE",
    "QUESTIONS",
    "RELEVANT",
    "RISK_OF_HARM",
    "SHARE",
    "MissingItem",
    "Procedure",
    "Question",
    "asked_questions",
    "register",
    "unregister",
    "v2018",
    "v2024",
    "version_selection",
]

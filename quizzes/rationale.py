"""Judging a scenario rationale: why an officer answered "no" to a record box.

A rationale meets the box's rule when it says each thing the editor asked
for (the required terms, each with its alternatives), in the officer's own
words: a term counts when it appears un-negated ("not open to chatting" does
not say the investigation is open), or when a phrase that means the same in
this domain appears (`SAME_MEANING`: "at an early stage" says "ongoing").

Three verdicts, so a sensible answer is never failed by a word list:
- MEETS: every required term is said.
- FAILS: too short to be a reason, or it admits a missed step ("I forgot"):
  the explanation says what a good entry gives.
- BORDERLINE: anything else a person wrote in earnest; it goes to the
  supervisor review queue, and the officer is told so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class Verdict(StrEnum):
    MEETS = "meets"
    BORDERLINE = "borderline"
    FAILS = "fails"


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    explanation: str = ""


#: Phrases that mean the same in victim care records. A required term matches
#: any phrase of a group it belongs to. Lower case, contractions expanded.
SAME_MEANING: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "not closed",
            "ongoing",
            "on-going",
            "open",
            "still open",
            "still being investigated",
            "under investigation",
            "being investigated",
            "early stage",
            "early stages",
            "enquiries continue",
            "enquiries continuing",
            "enquiries are continuing",
            "enquiries ongoing",
            "investigation continues",
            "investigation is continuing",
            "not yet closed",
            "not finalised",
            "no outcome yet",
            "no decision yet",
            "no nfa decision",
            "no nfa yet",
            "awaiting a decision",
            "awaiting decision",
            "live investigation",
            "not filed",
        }
    ),
    frozenset({"witness", "not a victim", "is not the victim", "was a witness"}),
    frozenset(
        {
            "declined",
            "refused",
            "did not want",
            "does not want",
            "chose not",
            "turned down",
            "not wanted",
        }
    ),
    frozenset({"nfa", "no further action"}),
    frozenset(
        {
            "risk",
            "at risk",
            "safety",
            "unsafe",
            "not safe",
            "not be safe",
            "danger",
            "dangerous",
            "put her in danger",
            "put him in danger",
        }
    ),
    frozenset(
        {
            "no interview under caution",
            "not interviewed under caution",
            "nobody was interviewed",
            "nobody interviewed",
            "no one was interviewed",
            "no one interviewed",
            "no-one was interviewed",
            "no suspect was interviewed",
            "no suspect interviewed",
            "no suspect",
            "no suspects",
            "suspect not identified",
            "no suspect identified",
            "never interviewed",
        }
    ),
    frozenset(
        {
            "no crime",
            "not a crime",
            "no crime recorded",
            "no offence",
            "no offences",
            "no offence committed",
            "no criminal offence",
            "not an offence",
        }
    ),
    frozenset({"email", "e-mail"}),
    frozenset({"fortnight", "14 days", "two weeks", "every 2 weeks"}),
)

#: Words that negate a term said just after them, in the same clause.
NEGATORS = frozenset({"not", "no", "never", "without", "nor", "hardly", "neither"})
NEGATION_WINDOW = 3  # words before the term

#: Admissions that a step was missed: never a reason the box does not apply.
OMISSIONS = (
    r"\bforg[oe]t\b",
    r"\bforgotten\b",
    r"\bdid not have time\b",
    r"\bran out of time\b",
    r"\bdid not get round\b",
    r"\bcould not be bothered\b",
    r"\bnot my job\b",
    r"\bmissed it\b",
    r"\bn/?a\b",
)

_CONTRACTIONS = (
    (r"\bcan't\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bcannot\b", "can not"),
    (r"n't\b", " not"),
)


def normalised(text: str) -> str:
    """Lower case, plain apostrophes, contractions expanded, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def _clauses(text: str) -> list[list[str]]:
    """The text split into clauses (at punctuation and 'but'), each as words."""
    parts = re.split(r"[.;:,!?()]|\bbut\b", text)
    return [re.findall(r"[a-z0-9/'-]+", part) for part in parts if part.strip()]


def _said(phrase: str, clauses: list[list[str]]) -> bool:
    """Whether the phrase appears in a clause, not negated just before it."""
    words = re.findall(r"[a-z0-9/'-]+", normalised(phrase))
    if not words:
        return False
    starts_negated = words[0] in NEGATORS
    size = len(words)
    for clause in clauses:
        for start in range(len(clause) - size + 1):
            if clause[start : start + size] != words:
                continue
            before = clause[max(0, start - NEGATION_WINDOW) : start]
            if starts_negated or not NEGATORS.intersection(before):
                return True
    return False


def _meanings(alternative: str) -> set[str]:
    """The alternative and every phrase that means the same."""
    phrase = normalised(alternative)
    found = {phrase}
    for group in SAME_MEANING:
        if phrase in group:
            found |= group
    return found


def _term_said(alternatives: list[str], clauses: list[list[str]]) -> bool:
    return any(
        _said(phrase, clauses)
        for alternative in alternatives
        for phrase in _meanings(alternative)
    )


def expected_text(box: dict) -> str:
    """What a good entry says, for the officer who did not say it."""
    if box.get("guidance"):
        return box["guidance"]
    if box.get("terms"):
        said = [" or ".join(f"'{alt}'" for alt in term[:3]) for term in box["terms"]]
        return _("A good entry says %(terms)s.") % {"terms": "; and ".join(said)}
    return _("A good entry says why this box does not apply in this case.")


def rationale_judge(box: dict, rationale: str) -> Judgement:
    """Judge one rationale against its box's rule (see the module's text)."""
    text = normalised(rationale or "")
    minimum = int(box.get("min_length") or 0)
    if len(text) < max(minimum, 1):
        return Judgement(
            Verdict.FAILS,
            _("Too short to be a reason (at least %(n)s characters). %(expected)s")
            % {"n": minimum, "expected": expected_text(box)},
        )
    if any(re.search(pattern, text) for pattern in OMISSIONS):
        return Judgement(
            Verdict.FAILS,
            _(
                "This says a step was missed, not why the box does not apply. "
                "%(expected)s"
            )
            % {"expected": expected_text(box)},
        )
    clauses = _clauses(text)
    if all(_term_said(term, clauses) for term in box.get("terms") or []):
        return Judgement(Verdict.MEETS)
    return Judgement(
        Verdict.BORDERLINE,
        _(
            "Sent to a supervisor to review: it does not use the words expected, "
            "so a person will judge it. %(expected)s"
        )
        % {"expected": expected_text(box)},
    )

"""A SCORM attempt's data model, read two ways (pure functions, no database):

- `outcome_of`: where the attempt stands by the SCORM rules (1.2: lesson_status,
  with the manifest's mastery score judging score.raw; 2004: completion_status
  and success_status, with the completion threshold and scaled passing score
  judging progress_measure and score.scaled);
- `events`: the runtime events not yet recorded, as statements of the ADL xAPI
  SCORM Profile (initialized or resumed, responded for each answered
  interaction, scored, completed, passed or failed, suspended or terminated),
  each under a key so a commit sent again records nothing twice.

The statements are the learner's browser's claims (stored as evidence with the
launch's authority); the platform's own outcome comes from `outcome_of`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from crystal_learning.xapi.activities import package_interaction_iri
from crystal_learning.xapi.vocabulary import (
    CONTENT_VERSION,
    SCORM_PROFILE,
    ActivityType,
    Verb,
)

from .scorm_data import TIMESPAN_12, element

LANGUAGE = "en-GB"
#: Session keys: recorded once per launch, not carried into a resumed attempt.
SESSION_KEYS = ("start", "exit")


@dataclass(frozen=True)
class Outcome:
    completion: bool | None  # None: unknown
    success: bool | None  # None: unknown (nothing judged it)
    score_scaled: float | None

    @property
    def done(self) -> bool:
        """Completed (a pass counts when completion is unknown) and not failed."""
        completed = self.completion is True or (
            self.completion is None and self.success is True
        )
        return completed and self.success is not False


@dataclass(frozen=True)
class Sco:
    """Who, what and when the statements of one commit are about."""

    actor: dict
    iri: str
    name: str
    course_iri: str
    attempt_iri: str
    registration: str
    content_version: int
    timestamp: str


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _scaled(raw: float | None, low: float | None, high: float | None) -> float | None:
    if raw is None:
        return None
    if high is not None and high > (low or 0.0):
        value = (raw - (low or 0.0)) / (high - (low or 0.0))
    else:
        value = raw / 100.0
    return round(min(max(value, -1.0), 1.0), 4)


def outcome_of(
    kind: str,
    cmi: dict,
    *,
    mastery: float | None = None,
    completion_threshold: float | None = None,
    finished: bool = False,
) -> Outcome:
    """The attempt's completion, success and scaled score by the SCORM rules."""
    if kind == "scorm12":
        return _outcome_12(cmi, mastery=mastery, finished=finished)
    return _outcome_2004(
        cmi, mastery=mastery, completion_threshold=completion_threshold
    )


def _outcome_12(cmi: dict, *, mastery: float | None, finished: bool) -> Outcome:
    status = element(cmi, "core.lesson_status")
    raw = _number(element(cmi, "core.score.raw"))
    scaled = _scaled(
        raw,
        _number(element(cmi, "core.score.min")),
        _number(element(cmi, "core.score.max")),
    )
    success = {"passed": True, "failed": False}.get(status)
    completion = {
        "completed": True,
        "passed": True,
        "failed": True,
        "incomplete": False,
        "browsed": False,
        "not attempted": False,
    }.get(status)
    # SCORM 1.2 RTE 3.4.4: with a mastery score, the LMS judges the raw score
    # once the SCO is through (it says so, or it has finished).
    if mastery is not None and raw is not None and (completion or finished):
        success = raw + 1e-9 >= mastery * 100.0
        completion = True
    return Outcome(completion=completion, success=success, score_scaled=scaled)


def _outcome_2004(
    cmi: dict, *, mastery: float | None, completion_threshold: float | None
) -> Outcome:
    progress = _number(element(cmi, "progress_measure"))
    if completion_threshold is not None and progress is not None:
        completion = progress + 1e-9 >= completion_threshold
    else:
        completion = {
            "completed": True,
            "incomplete": False,
            "not attempted": False,
        }.get(element(cmi, "completion_status"))
    scaled = _number(element(cmi, "score.scaled"))
    if scaled is None:
        scaled = _scaled(
            _number(element(cmi, "score.raw")),
            _number(element(cmi, "score.min")),
            _number(element(cmi, "score.max")),
        )
    elif not -1.0 <= scaled <= 1.0:
        scaled = None
    # SCORM 2004 RTE 4.2.22: with a scaled passing score, the LMS judges
    # score.scaled (unknown without one), whatever the SCO said.
    if mastery is not None:
        success = None if scaled is None else scaled + 1e-9 >= mastery
    else:
        success = {"passed": True, "failed": False}.get(element(cmi, "success_status"))
    return Outcome(completion=completion, success=success, score_scaled=scaled)


# Statements ----------------------------------------------------------------


def iso_duration(kind: str, value: str) -> str:
    """A SCORM time span as an xAPI duration ("" when there is none)."""
    if not value:
        return ""
    if kind == "scorm2004":
        return value  # already ISO 8601, checked on the way in (scorm_data)
    if not TIMESPAN_12.match(value):
        return ""
    hours, minutes, seconds = value.split(":")
    return f"PT{int(hours)}H{int(minutes)}M{float(seconds):g}S"


def _statement(sco: Sco, verb: str, target: dict, **parts) -> dict:
    grouping = [
        {"objectType": "Activity", "id": sco.course_iri},
        {
            "objectType": "Activity",
            "id": sco.attempt_iri,
            "definition": {"type": ActivityType.ATTEMPT},
        },
    ]
    activities = {"grouping": grouping, "category": [{"id": SCORM_PROFILE}]}
    if parts.pop("in_sco", False):
        activities["parent"] = [{"objectType": "Activity", "id": sco.iri}]
    statement = {
        "actor": sco.actor,
        "verb": {"id": verb, "display": {LANGUAGE: Verb.DISPLAY[verb]}},
        "object": target,
        "context": {
            "registration": sco.registration,
            "contextActivities": activities,
            "extensions": {CONTENT_VERSION: str(sco.content_version)},
        },
        "timestamp": sco.timestamp,
    }
    result = parts.get("result")
    if result:
        statement["result"] = result
    return statement


def _sco_object(sco: Sco) -> dict:
    definition = {"type": ActivityType.LESSON}
    if sco.name:
        definition["name"] = {LANGUAGE: sco.name[:1000]}
    return {"objectType": "Activity", "id": sco.iri, "definition": definition}


def _score(scaled: float | None) -> dict:
    return {} if scaled is None else {"score": {"scaled": scaled}}


def _attempt_result(kind: str, cmi: dict, outcome: Outcome) -> dict:
    result = _score(outcome.score_scaled)
    if outcome.completion is not None:
        result["completion"] = outcome.completion
    if outcome.success is not None:
        result["success"] = outcome.success
    session = element(cmi, "core.session_time" if kind == "scorm12" else "session_time")
    if duration := iso_duration(kind, session):
        result["duration"] = duration
    return result


def _response_12(kind: str, interaction_type: str, text: str) -> str:
    """A SCORM 1.2 response or pattern in the xAPI (and SCORM 2004) syntax."""
    if kind != "scorm12":
        return text
    if interaction_type == "true-false":
        return {"t": "true", "1": "true", "f": "false", "0": "false"}.get(
            text.strip().lower(), text
        )
    if interaction_type in ("choice", "sequencing"):
        return "[,]".join(part.strip() for part in text.strip("{}").split(","))
    if interaction_type == "matching":
        pairs = (pair.strip().split(".", 1) for pair in text.strip("{}").split(","))
        return "[,]".join("[.]".join(pair) for pair in pairs)
    return text


def _interaction(
    kind: str, index: str, item: dict, sco: Sco
) -> tuple[str, dict] | None:
    interaction_id = item.get("id", "")
    response = item.get("student_response" if kind == "scorm12" else "learner_response")
    answer = item.get("result", "")
    if not interaction_id or not (response or answer):
        return None
    interaction_type = item.get("type") or "other"
    definition = {"type": ActivityType.INTERACTION, "interactionType": interaction_type}
    if item.get("description"):
        definition["description"] = {LANGUAGE: item["description"]}
    patterns = [
        _response_12(kind, interaction_type, entry.get("pattern", ""))
        for _, entry in sorted(
            (item.get("correct_responses") or {}).items(), key=lambda e: int(e[0])
        )
    ]
    if patterns:
        definition["correctResponsesPattern"] = patterns
    result: dict = {}
    if response:
        result["response"] = _response_12(kind, interaction_type, response)
    if answer in ("correct", "wrong", "incorrect"):
        result["success"] = answer == "correct"
    if duration := iso_duration(kind, item.get("latency", "")):
        result["duration"] = duration
    target = {
        "objectType": "Activity",
        "id": package_interaction_iri(sco.iri, interaction_id),
        "definition": definition,
    }
    fingerprint = hashlib.sha256(
        "\x1f".join((interaction_id, response or "", answer)).encode()
    ).hexdigest()[:16]
    statement = _statement(sco, Verb.RESPONDED, target, result=result, in_sco=True)
    return f"responded|{index}|{fingerprint}", statement


def events(
    kind: str,
    cmi: dict,
    *,
    sco: Sco,
    outcome: Outcome,
    recorded: frozenset[str],
    resumed: bool,
    terminate: bool,
) -> list[tuple[str, dict]]:
    """The statements this data model calls for that are not yet `recorded`,
    in the order the events happened, each with its key."""
    found: list[tuple[str, dict]] = []
    sco_object = _sco_object(sco)
    found.append(
        (
            "start",
            _statement(sco, Verb.RESUMED if resumed else Verb.INITIALIZED, sco_object),
        )
    )
    interactions = cmi.get("interactions") or {}
    for index in sorted(interactions, key=int):
        if made := _interaction(kind, index, interactions[index], sco):
            found.append(made)
    if outcome.score_scaled is not None:
        found.append(
            (
                f"scored|{outcome.score_scaled}",
                _statement(
                    sco, Verb.SCORED, sco_object, result=_score(outcome.score_scaled)
                ),
            )
        )
    if outcome.completion is True:
        found.append(
            (
                "completed",
                _statement(
                    sco, Verb.COMPLETED, sco_object, result={"completion": True}
                ),
            )
        )
    if outcome.success is not None:
        verb = Verb.PASSED if outcome.success else Verb.FAILED
        result = {"success": outcome.success, **_score(outcome.score_scaled)}
        found.append(
            (Verb.DISPLAY[verb], _statement(sco, verb, sco_object, result=result))
        )
    if terminate:
        exit_value = element(cmi, "core.exit" if kind == "scorm12" else "exit")
        verb = Verb.SUSPENDED if exit_value == "suspend" else Verb.TERMINATED
        result = _attempt_result(kind, cmi, outcome)
        found.append(("exit", _statement(sco, verb, sco_object, result=result)))
    return [(key, statement) for key, statement in found if key not in recorded]

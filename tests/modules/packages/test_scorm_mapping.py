"""The SCORM rules and the ADL SCORM-to-xAPI mapping, as pure functions."""

from __future__ import annotations

import pytest

from crystal_learning.xapi.validation import validate_statement
from crystal_learning.xapi.vocabulary import SCORM_PROFILE, ActivityType, Verb
from modules.packages.scorm_mapping import (
    Outcome,
    Sco,
    events,
    iso_duration,
    outcome_of,
)

SCO = Sco(
    actor={
        "objectType": "Agent",
        "account": {"homePage": "https://learning.example", "name": "S00001"},
    },
    iri="https://learning.example/activities/package/p/unit/u",
    name="Victim care: part 1",
    course_iri="https://learning.example/activities/package/p",
    attempt_iri="https://learning.example/activities/package/p/unit/u?attemptId=a",
    registration="6f0f5bd4-8d5e-5f0e-9a4c-2a4c1b1f0a11",
    content_version=2,
    timestamp="2025-03-01T10:00:00+00:00",
)


def core(status="", raw="", exit_value="", **more):
    return {
        "core": {
            "lesson_status": status,
            "exit": exit_value,
            "score": {"raw": raw, "min": "", "max": ""},
            **more,
        }
    }


@pytest.mark.parametrize(
    ("cmi", "mastery", "finished", "expected"),
    [
        # The SCO's own status, with no mastery score.
        (core("completed"), None, False, Outcome(True, None, None)),
        (core("passed", "90"), None, False, Outcome(True, True, 0.9)),
        (core("failed", "20"), None, False, Outcome(True, False, 0.2)),
        (core("incomplete"), None, False, Outcome(False, None, None)),
        (core(""), None, False, Outcome(None, None, None)),
        # A mastery score judges score.raw once the SCO is through...
        (core("completed", "85"), 0.8, False, Outcome(True, True, 0.85)),
        (core("completed", "79"), 0.8, False, Outcome(True, False, 0.79)),
        (core("passed", "50"), 0.8, False, Outcome(True, False, 0.5)),
        (core("incomplete", "90"), 0.8, True, Outcome(True, True, 0.9)),
        # ... not while it is still going, nor without a score.
        (core("incomplete", "90"), 0.8, False, Outcome(False, None, 0.9)),
        (core("completed"), 0.8, True, Outcome(True, None, None)),
    ],
)
def test_scorm12_status_rules(cmi, mastery, finished, expected):
    assert outcome_of("scorm12", cmi, mastery=mastery, finished=finished) == expected


def test_scorm12_score_is_scaled_by_its_range():
    cmi = {"core": {"score": {"raw": "15", "min": "0", "max": "20"}}}
    assert outcome_of("scorm12", cmi).score_scaled == 0.75


@pytest.mark.parametrize(
    ("cmi", "mastery", "threshold", "expected"),
    [
        (
            {"completion_status": "completed", "success_status": "passed"},
            None,
            None,
            Outcome(True, True, None),
        ),
        (
            {"completion_status": "unknown", "success_status": "failed"},
            None,
            None,
            Outcome(None, False, None),
        ),
        # The scaled passing score decides, whatever the SCO says.
        (
            {"success_status": "passed", "score": {"scaled": "0.5"}},
            0.75,
            None,
            Outcome(None, False, 0.5),
        ),
        (
            {"success_status": "failed", "score": {"scaled": "0.8"}},
            0.75,
            None,
            Outcome(None, True, 0.8),
        ),
        ({"success_status": "passed"}, 0.75, None, Outcome(None, None, None)),
        # The completion threshold judges progress_measure.
        (
            {"completion_status": "completed", "progress_measure": "0.4"},
            None,
            0.6,
            Outcome(False, None, None),
        ),
        (
            {"completion_status": "incomplete", "progress_measure": "0.6"},
            None,
            0.6,
            Outcome(True, None, None),
        ),
    ],
)
def test_scorm2004_status_rules(cmi, mastery, threshold, expected):
    outcome = outcome_of(
        "scorm2004", cmi, mastery=mastery, completion_threshold=threshold
    )
    assert outcome == expected


@pytest.mark.parametrize(
    ("outcome", "done"),
    [
        (Outcome(True, None, None), True),
        (Outcome(True, True, 1.0), True),
        (Outcome(None, True, 1.0), True),  # passed, completion not tracked
        (Outcome(True, False, 0.1), False),
        (Outcome(False, True, 1.0), False),
        (Outcome(None, None, None), False),
    ],
)
def test_done_means_completed_and_not_failed(outcome, done):
    assert outcome.done is done


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("scorm12", "00:05:00", "PT0H5M0S"),
        ("scorm12", "0012:30:07.25", "PT12H30M7.25S"),
        ("scorm12", "5 minutes", ""),
        ("scorm2004", "PT1M30S", "PT1M30S"),
        ("scorm2004", "", ""),
    ],
)
def test_session_times_become_xapi_durations(kind, value, expected):
    assert iso_duration(kind, value) == expected


def scorm12_finished():
    cmi = core("passed", "85", exit_value="", session_time="00:05:00")
    cmi["interactions"] = {
        "0": {
            "id": "q1",
            "type": "choice",
            "student_response": "a,c",
            "result": "correct",
            "latency": "00:00:12",
            "correct_responses": {"0": {"pattern": "a,c"}},
        },
        "1": {
            "id": "q2",
            "type": "true-false",
            "student_response": "f",
            "result": "wrong",
        },
        "2": {"id": "q3", "type": "matching", "student_response": "1.a,2.b"},
        "3": {"id": "not-answered", "type": "choice"},
    }
    return cmi


def test_a_finished_scorm12_attempt_maps_to_the_profile_statements():
    cmi = scorm12_finished()
    outcome = outcome_of("scorm12", cmi, mastery=0.8, finished=True)
    found = events(
        "scorm12",
        cmi,
        sco=SCO,
        outcome=outcome,
        recorded=frozenset(),
        resumed=False,
        terminate=True,
    )
    verbs = [statement["verb"]["id"] for _, statement in found]
    assert verbs == [
        Verb.INITIALIZED,
        Verb.RESPONDED,
        Verb.RESPONDED,
        Verb.RESPONDED,
        Verb.SCORED,
        Verb.COMPLETED,
        Verb.PASSED,
        Verb.TERMINATED,
    ]
    for _, statement in found:
        validate_statement(statement)
        context = statement["context"]
        assert context["contextActivities"]["category"] == [{"id": SCORM_PROFILE}]
        grouping = [
            activity["id"] for activity in context["contextActivities"]["grouping"]
        ]
        assert grouping == [SCO.course_iri, SCO.attempt_iri]
    first = found[1][1]
    assert first["object"]["id"] == f"{SCO.iri}/interactions/q1"
    assert first["object"]["definition"] == {
        "type": ActivityType.INTERACTION,
        "interactionType": "choice",
        "correctResponsesPattern": ["a[,]c"],
    }
    assert first["result"] == {
        "response": "a[,]c",
        "success": True,
        "duration": "PT0H0M12S",
    }
    assert first["context"]["contextActivities"]["parent"] == [
        {"objectType": "Activity", "id": SCO.iri}
    ]
    assert found[2][1]["result"] == {"response": "false", "success": False}
    assert found[3][1]["result"] == {"response": "1[.]a[,]2[.]b"}
    assert found[-1][1]["result"] == {
        "score": {"scaled": 0.85},
        "completion": True,
        "success": True,
        "duration": "PT0H5M0S",
    }
    assert found[0][1]["object"]["definition"]["type"] == ActivityType.LESSON


def test_what_is_recorded_is_not_sent_again_and_a_suspend_is_a_suspend():
    cmi = scorm12_finished()
    cmi["core"]["exit"] = "suspend"
    outcome = outcome_of("scorm12", cmi, mastery=0.8, finished=True)
    kwargs = {"sco": SCO, "outcome": outcome, "resumed": True, "terminate": True}
    first = events("scorm12", cmi, recorded=frozenset(), **kwargs)
    assert first[0][1]["verb"]["id"] == Verb.RESUMED
    assert first[-1][1]["verb"]["id"] == Verb.SUSPENDED
    again = events("scorm12", cmi, recorded=frozenset(k for k, _ in first), **kwargs)
    assert again == []
    # A changed answer is a new response.
    cmi["interactions"]["0"]["student_response"] = "b"
    changed = events("scorm12", cmi, recorded=frozenset(k for k, _ in first), **kwargs)
    assert [s["result"]["response"] for _, s in changed] == ["b"]


def test_scorm2004_interactions_keep_their_syntax_and_description():
    cmi = {
        "interactions": {
            "0": {
                "id": "urn:crystal:box/1",
                "type": "long-fill-in",
                "learner_response": "Victim told about the code",
                "result": "incorrect",
                "latency": "PT45S",
                "description": "Why was the box ticked?",
            }
        }
    }
    found = events(
        "scorm2004",
        cmi,
        sco=SCO,
        outcome=outcome_of("scorm2004", cmi),
        recorded=frozenset({"start"}),
        resumed=False,
        terminate=False,
    )
    ((key, statement),) = found
    validate_statement(statement)
    assert key.startswith("responded|0|")
    assert (
        statement["object"]["id"] == f"{SCO.iri}/interactions/urn%3Acrystal%3Abox%2F1"
    )
    assert statement["object"]["definition"]["description"] == {
        "en-GB": "Why was the box ticked?"
    }
    assert statement["result"] == {
        "response": "Victim told about the code",
        "success": False,
        "duration": "PT45S",
    }

"""Every statement the product makes is valid xAPI, about an account, and milestones
collapse to one statement when replayed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from crystal_learning.xapi import statements as build
from crystal_learning.xapi.activities import ActivityRef, activity_iri
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.validation import validate_statement
from crystal_learning.xapi.vocabulary import ActivityType, Verb, VideoExtension

STAFF = "D1001"
REGISTRATION = "3f1c1d5e-8a0c-4b3e-9a1e-2b7f5c9d0e11"
VIDEO = ActivityRef(
    id=activity_iri("module", "7c1f0d1e-2f4b-4c39-9c1a-1b2c3d4e5f60"),
    name="Why Op Crystal",
    type=ActivityType.VIDEO,
    parents=(activity_iri("tile", "op-crystal"),),
    version="2",
)
QUIZ = ActivityRef(
    id=activity_iri("quiz", uuid.UUID(int=5)),
    name="Quiz 1",
    type=ActivityType.ASSESSMENT,
)
QUESTION = build.Question(
    activity=ActivityRef(
        id=activity_iri("question", "q1"),
        name="Leaflet",
        type=ActivityType.INTERACTION,
    ),
    interaction_type="choice",
    correct_responses=["paper"],
    choices=[("paper", "Paper"), ("email", "E-mail")],
)
SESSION = ActivityRef(
    id=activity_iri("session", "42"),
    name="Supervisor briefing",
    type=ActivityType.MEETING,
)
PROGRAMME = ActivityRef(
    id=activity_iri("programme", "core"),
    name="Op Crystal core",
    type=ActivityType.COURSE,
    version="1",
)
POSITION = {"time": 30.0, "progress": 0.5, "played_segments": "0[.]30", "length": 80.0}
VIDEO_ARGS = {"staff_number": STAFF, "video": VIDEO, "session_id": "s-1"}

CONSTRUCTORS = {
    "video_initialized": lambda: build.video_initialized(
        **VIDEO_ARGS, length=80, completion_threshold=0.9
    ),
    "video_played": lambda: build.video_played(**VIDEO_ARGS, time=3.0),
    "video_paused": lambda: build.video_paused(**VIDEO_ARGS, **POSITION),
    "video_seeked": lambda: build.video_seeked(**VIDEO_ARGS, time_from=10, time_to=40),
    "video_completed": lambda: build.video_completed(
        **VIDEO_ARGS,
        **POSITION,
        completion_threshold=0.9,
        watched=timedelta(seconds=75),
    ),
    "video_terminated": lambda: build.video_terminated(**VIDEO_ARGS, **POSITION),
    "video_interacted": lambda: build.video_interacted(
        **VIDEO_ARGS, time=5, cc_enabled=True
    ),
    "module_completed": lambda: build.module_completed(
        staff_number=STAFF, module=VIDEO
    ),
    "quiz_attempted": lambda: build.quiz_attempted(
        staff_number=STAFF, quiz=QUIZ, registration=REGISTRATION
    ),
    "question_answered": lambda: build.question_answered(
        staff_number=STAFF,
        question=QUESTION,
        response="paper",
        success=True,
        registration=REGISTRATION,
    ),
    "quiz_passed": lambda: build.quiz_passed(
        staff_number=STAFF,
        quiz=QUIZ,
        registration=REGISTRATION,
        raw=9,
        maximum=10,
        pass_mark=0.8,
    ),
    "quiz_failed": lambda: build.quiz_failed(
        staff_number=STAFF,
        quiz=QUIZ,
        registration=REGISTRATION,
        raw=5,
        maximum=10,
        pass_mark=0.8,
    ),
    "session_booked": lambda: build.session_booked(
        staff_number=STAFF, session=SESSION, booking_id=REGISTRATION
    ),
    "session_attended": lambda: build.session_attended(
        staff_number=STAFF, session=SESSION, booking_id=REGISTRATION
    ),
    "programme_completed": lambda: build.programme_completed(
        staff_number=STAFF, programme=PROGRAMME
    ),
}
MILESTONES = [
    "video_completed",
    "module_completed",
    "quiz_attempted",
    "quiz_passed",
    "quiz_failed",
    "session_attended",
    "programme_completed",
]


@pytest.mark.parametrize("name", CONSTRUCTORS)
def test_each_statement_is_valid_xapi_about_an_account(name):
    statement = CONSTRUCTORS[name]()
    validate_statement(statement)
    actor = statement["actor"]
    assert actor["account"] == {
        "homePage": "https://learning.example.police.uk",
        "name": STAFF,
    }
    assert "name" not in actor and "mbox" not in actor
    assert statement["object"]["id"].startswith(
        "https://learning.example.police.uk/xapi/"
    )


def test_video_statements_carry_the_video_profile():
    completed = CONSTRUCTORS["video_completed"]()
    assert completed["verb"]["id"] == Verb.COMPLETED
    assert completed["result"]["extensions"][VideoExtension.PLAYED_SEGMENTS] == "0[.]30"
    context = completed["context"]
    assert context["extensions"][VideoExtension.COMPLETION_THRESHOLD] == 0.9
    assert context["extensions"][VideoExtension.SESSION_ID] == "s-1"
    assert {"id": "https://w3id.org/xapi/video", "objectType": "Activity"} in context[
        "contextActivities"
    ]["category"]
    assert context["contextActivities"]["parent"][0]["id"].endswith("/tile/op-crystal")


def test_questions_are_cmi_interactions_with_the_correct_pattern():
    answered = CONSTRUCTORS["question_answered"]()
    definition = answered["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["paper"]
    assert [c["id"] for c in definition["choices"]] == ["paper", "email"]
    assert answered["result"] == {"response": "paper", "success": True}


def test_a_pass_carries_the_scaled_score():
    passed = CONSTRUCTORS["quiz_passed"]()
    assert (
        passed["result"]["score"]["scaled"] == 0.9
        and passed["result"]["success"] is True
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", MILESTONES)
def test_replayed_milestones_collapse_to_one_statement(name):
    first, again = CONSTRUCTORS[name](), CONSTRUCTORS[name]()
    assert first["id"] == again["id"] and first["timestamp"] != again["timestamp"]
    statements_record(statements=[first], keep_existing=True)
    assert statements_record(statements=[again], keep_existing=True).created == 0
    assert Statement.objects.count() == 1
    stored = Statement.objects.get().payload
    assert stored["timestamp"] == first["timestamp"]  # the first record stands

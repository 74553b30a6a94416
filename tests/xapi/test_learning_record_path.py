"""The learning record's path (issue 16.3-4): one activity identity, the quiz
lock reading the projection, and subscribers told only when a status moves."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from crystal_learning.xapi import signals
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.activities import (
    ActivityKind,
    activity_iri,
    activity_key,
    activity_keys,
)
from crystal_learning.xapi.models import Progress
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.vocabulary import ActivityType
from modules.models import VideoWatch
from modules.services import module_completed_statement
from quizzes.services import quiz_lock
from tests.modules.factories import tile_page, video_module
from tests.quizzes.factories import quiz_page

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [ROOT / "crystal_learning", ROOT / "modules", ROOT / "quizzes"]


def test_an_activity_iri_is_built_and_read_in_one_place():
    key = uuid.uuid4()
    iri = activity_iri(ActivityKind.QUIZ, key)
    assert iri == f"{settings.CRYSTAL_XAPI_ACTIVITY_BASE.rstrip('/')}/quiz/{key}"
    assert activity_key(iri, ActivityKind.QUIZ) == key
    assert activity_key(iri, ActivityKind.MODULE) is None
    assert activity_key(iri + "x", ActivityKind.QUIZ) is None
    assert activity_key("https://elsewhere.example/quiz/" + str(key), "quiz") is None
    found = activity_keys(
        [iri, activity_iri(ActivityKind.BRIEFING, key), "not an iri"],
        (ActivityKind.QUIZ, ActivityKind.BRIEFING),
    )
    assert found == {ActivityKind.QUIZ: {key}, ActivityKind.BRIEFING: {key}}
    assert ActivityKind.QUIZ.activity_type == ActivityType.ASSESSMENT
    with pytest.raises(ValueError):
        activity_iri("modul", key)


def _builds_identity(call: ast.Call, names: set[str]) -> bool:
    """A call of the xAPI app's builders: `activity_iri(...)`, `ActivityRef(...)`,
    `activity_ref(kind, key, ...)` (a model's `x.activity_ref()` takes no
    positional argument and is the way to ask)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in names
    if isinstance(func, ast.Attribute) and func.attr in names:
        return func.attr != "activity_ref" or bool(call.args)
    return False


def _calls_outside_xapi(names: set[str]) -> list[str]:
    """Places outside the xAPI app that build an activity reference or IRI
    themselves instead of asking the model (`page.activity_ref()`)."""
    found = []
    for directory in APP_DIRS:
        for path in directory.rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("crystal_learning/xapi/") or "/migrations/" in (
                relative
            ):
                continue
            if relative.endswith("models.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call) and _builds_identity(node, names):
                    found.append(f"{relative}:{node.lineno}")
    return found


def test_no_app_spells_out_an_activity_iri_or_reference():
    """Only the xAPI app and the models (`activity_id`, `activity_ref()`)
    build an activity's IRI or reference."""
    names = {"activity_iri", "activity_ref", "ActivityRef", "tile_iri"}
    assert _calls_outside_xapi(names) == []
    sample = ast.parse(
        "activity_iri(k, 1)\nbuild.ActivityRef(id=1)\nactivity_ref(k, 2)\n"
        "page.activity_ref()\npage.activity_ref(version=2)\n"
        "activities.activity_ref(k, 3)"
    )
    calls = [n for n in ast.walk(sample) if isinstance(n, ast.Call)]
    assert [_builds_identity(c, names) for c in calls] == [
        True,
        True,
        True,
        False,
        False,
        True,
    ]


def test_models_name_their_activity_with_their_tile(db):
    tile = tile_page()
    module = video_module(tile=tile, slug="why")
    quiz = quiz_page(tile=tile, slug="quiz-why", module=module)
    for page in (module, quiz):
        ref = page.activity_ref()
        assert ref.id == page.activity_id
        assert ref.parents == (tile.activity_id,)
        assert ref.version == str(page.content_version)
    assert module.activity_ref().type == ActivityType.MODULE
    assert quiz.activity_ref().type == ActivityType.ASSESSMENT


def test_the_demo_history_names_the_quiz_under_its_tile(demo_site):
    """The demo's own copy of the quiz reference had lost the parent tile."""
    from crystal_learning.demo.history import demo_history_build
    from crystal_learning.xapi.models import Statement
    from crystal_learning.xapi.vocabulary import Verb
    from quizzes.models import QuizPage

    demo_history_build(seed=7)
    quiz = QuizPage.objects.live().first()
    passed = Statement.objects.filter(verb_id=Verb.PASSED, activity_id=quiz.activity_id)
    assert passed.exists()
    parents = passed.first().payload["context"]["contextActivities"]["parent"]
    assert [p["id"] for p in parents] == [quiz.get_parent().specific.activity_id]


def test_the_quiz_opens_on_the_record_not_on_the_viewing_table(officer):
    tile = tile_page()
    module = video_module(tile=tile, slug="why")
    quiz = quiz_page(tile=tile, slug="quiz-why", module=module)
    assert quiz_lock(person=officer, quiz=quiz) is not None

    # A viewing row alone (no completion in the record) does not open it.
    VideoWatch.objects.create(
        person=officer,
        page=module,
        fraction=1.0,
        completed_at=module.first_published_at,
    )
    assert quiz_lock(person=officer, quiz=quiz) is not None

    completion = module_completed_statement(officer, module)
    statements_record(statements=[completion], keep_existing=True)
    assert quiz_lock(person=officer, quiz=quiz) is None

    # Voided (an administrator took the completion back): locked again.
    statements_record(
        statements=[
            {
                "actor": completion["actor"],
                "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
                "object": {"objectType": "StatementRef", "id": completion["id"]},
            }
        ]
    )
    assert quiz_lock(person=officer, quiz=quiz) is not None


@pytest.fixture
def heard():
    calls: list[set] = []

    def receiver(sender, *, pairs, **kwargs):
        calls.append(set(pairs))

    signals.progress_changed.connect(receiver, dispatch_uid="test.heard")
    yield calls
    signals.progress_changed.disconnect(dispatch_uid="test.heard")


def test_subscribers_hear_of_status_changes_not_heartbeats(officer, heard):
    tile = tile_page()
    module = video_module(tile=tile, slug="why")
    pair = (officer.pk, module.activity_id)

    def paused(share: float) -> dict:
        return build.video_paused(
            staff_number=officer.staff_number,
            video=module.activity_ref(),
            session_id="00000000-0000-4000-8000-000000000001",
            time=share * 80,
            progress=share,
            played_segments=f"0[.]{share * 80:g}",
            length=80,
        )

    statements_record(statements=[paused(0.1)])
    assert heard == [{pair}]  # not started -> in progress
    statements_record(statements=[paused(0.2)])
    statements_record(statements=[paused(0.3)])
    assert heard == [{pair}]  # heartbeats: the percentage moved, the status did not
    assert Progress.objects.get(person=officer).progress == pytest.approx(0.3)

    statements_record(
        statements=[module_completed_statement(officer, module)], keep_existing=True
    )
    assert heard == [{pair}, {pair}]  # in progress -> completed
    statements_record(
        statements=[module_completed_statement(officer, module)], keep_existing=True
    )
    assert len(heard) == 2  # a replayed milestone changes nothing


def test_subscribers_are_registered_by_the_apps_not_in_settings():
    assert [
        name
        for name in dir(settings)
        if name.startswith("CRYSTAL_") and name.endswith("_HANDLERS")
    ] == []
    receivers = {
        signal: {ref[0][0] for ref in getattr(signal, "receivers", [])}
        for signal in (
            signals.browser_statements_recorded,
            signals.progress_changed,
            signals.milestones_missing,
        )
    }
    assert {"modules.viewing"} <= receivers[signals.browser_statements_recorded]
    assert {"programmes.progress"} <= receivers[signals.progress_changed]
    assert {"modules.restore", "quizzes.restore", "programmes.restore"} <= receivers[
        signals.milestones_missing
    ]

"""The progress projection: statuses a learner would see, and rebuild == live."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import call_command

from crystal_learning.xapi.agents import browser_authority
from crystal_learning.xapi.models import Progress
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.progress import progress_rebuild
from crystal_learning.xapi.vocabulary import CONTENT_VERSION, Verb, VideoExtension
from tests.people.factories import PersonFactory
from tests.xapi.factories import make_statement

QUIZ = "https://learning.example.police.uk/xapi/activities/quiz/q1"
VIDEO = "https://learning.example.police.uk/xapi/activities/module/v1"


def event(person, verb: str, activity: str, when: str, **extra) -> dict:
    return make_statement(
        person.staff_number,
        verb={"id": verb},
        object={"objectType": "Activity", "id": activity},
        timestamp=when,
        **extra,
    )


def record(*statements):
    statements_record(statements=list(statements))


def progress(person, activity) -> Progress:
    return Progress.objects.get(person=person, activity_id=activity)


def test_watching_moves_a_video_from_in_progress_to_completed(officer):
    record(event(officer, Verb.INITIALIZED, VIDEO, "2026-11-26T09:00:00Z"))
    assert progress(officer, VIDEO).status == "in_progress"
    record(
        event(
            officer,
            Verb.PAUSED,
            VIDEO,
            "2026-11-26T09:01:00Z",
            result={"extensions": {VideoExtension.PROGRESS: 0.4}},
        )
    )
    assert progress(officer, VIDEO).progress == pytest.approx(0.4)
    record(event(officer, Verb.COMPLETED, VIDEO, "2026-11-26T09:02:00Z"))
    done = progress(officer, VIDEO)
    assert done.status == "completed" and done.progress == 1.0
    assert done.completed_at.isoformat() == "2026-11-26T09:02:00+00:00"
    assert done.first_seen.isoformat() == "2026-11-26T09:00:00+00:00"


def test_a_quiz_fails_then_passes_with_the_best_score_and_attempts(officer):
    def outcome(verb, scaled, when):
        return event(
            officer,
            verb,
            QUIZ,
            when,
            result={"score": {"scaled": scaled}, "completion": True},
        )

    record(
        event(officer, Verb.ATTEMPTED, QUIZ, "2026-11-26T09:00:00Z"),
        outcome(Verb.FAILED, 0.5, "2026-11-26T09:05:00Z"),
        event(officer, Verb.COMPLETED, QUIZ, "2026-11-26T09:05:01Z"),
    )
    failed = progress(officer, QUIZ)
    assert (failed.status, failed.best_score, failed.attempts) == ("failed", 0.5, 1)
    assert failed.completed_at is None
    record(
        event(officer, Verb.ATTEMPTED, QUIZ, "2026-11-26T10:00:00Z"),
        outcome(Verb.PASSED, 0.9, "2026-11-26T10:05:00Z"),
    )
    passed = progress(officer, QUIZ)
    assert (passed.status, passed.best_score, passed.attempts) == ("passed", 0.9, 2)
    record(outcome(Verb.FAILED, 0.2, "2026-11-26T11:05:00Z"))
    assert progress(officer, QUIZ).status == "passed"


def test_single_questions_do_not_create_progress(officer):
    answered = event(
        officer, Verb.ANSWERED, "https://x.example/question/1", "2026-11-26T09:00:00Z"
    )
    answered["object"]["definition"] = {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "true-false",
        "correctResponsesPattern": ["true"],
    }
    record(answered)
    assert not Progress.objects.exists()


def test_voiding_a_completion_takes_it_back(officer):
    done = event(officer, Verb.COMPLETED, VIDEO, "2026-11-26T09:02:00Z")
    record(event(officer, Verb.INITIALIZED, VIDEO, "2026-11-26T09:00:00Z"), done)
    assert progress(officer, VIDEO).status == "completed"
    record(
        make_statement(
            officer.staff_number,
            verb={"id": Verb.VOIDED},
            object={"objectType": "StatementRef", "id": done["id"]},
        )
    )
    assert progress(officer, VIDEO).status == "in_progress"


def test_content_version_is_recorded(officer):
    record(
        event(
            officer,
            Verb.COMPLETED,
            VIDEO,
            "2026-11-26T09:00:00Z",
            context={"extensions": {CONTENT_VERSION: "2"}},
        )
    )
    assert progress(officer, VIDEO).content_version == "2"


def snapshot():
    return sorted(
        Progress.objects.values_list(
            "person_id",
            "activity_id",
            "activity_type",
            "status",
            "progress",
            "best_score",
            "attempts",
            "first_seen",
            "last_seen",
            "completed_at",
            "content_version",
        )
    )


@pytest.mark.django_db
def test_rebuilt_projection_equals_the_live_one_after_a_long_random_sequence():
    rng = random.Random(20221101)
    people = PersonFactory.create_batch(6)
    activities = [VIDEO, QUIZ, "https://x.example/module/2", "https://x.example/quiz/3"]
    verbs = [
        Verb.INITIALIZED,
        Verb.PLAYED,
        Verb.PAUSED,
        Verb.COMPLETED,
        Verb.ATTEMPTED,
        Verb.PASSED,
        Verb.FAILED,
        Verb.TERMINATED,
    ]
    sent: list[str] = []
    for step in range(600):
        batch = []
        for _ in range(rng.randint(1, 4)):
            person = rng.choice(people)
            if sent and rng.random() < 0.05:
                batch.append(
                    make_statement(
                        person.staff_number,
                        verb={"id": Verb.VOIDED},
                        object={
                            "objectType": "StatementRef",
                            "id": sent.pop(rng.randrange(len(sent))),
                        },
                    )
                )
                continue
            verb = rng.choice(verbs)
            extra = {}
            if verb in (Verb.PASSED, Verb.FAILED):
                extra["result"] = {"score": {"scaled": round(rng.random(), 2)}}
            elif verb == Verb.PAUSED:
                extra["result"] = {
                    "extensions": {VideoExtension.PROGRESS: rng.random()}
                }
            if rng.random() < 0.1:
                extra["context"] = {
                    "extensions": {CONTENT_VERSION: str(rng.randint(1, 3))}
                }
            minute = rng.randint(0, 59)
            statement = event(
                person,
                verb,
                rng.choice(activities),
                f"2026-11-{1 + step % 28:02d}T09:{minute:02d}:00Z",
                **extra,
            )
            batch.append(statement)
            sent.append(statement["id"])
        if rng.random() < 0.3:  # some batches come from browsers: activity, not results
            statements_record(statements=batch, authority=browser_authority())
            continue
        record(*batch)
    live = snapshot()
    assert len(live) > 10
    assert progress_rebuild() == len(live)
    assert snapshot() == live


def test_rebuild_command_reports_the_count(officer):
    record(event(officer, Verb.COMPLETED, VIDEO, "2026-11-26T09:00:00Z"))
    Progress.objects.all().delete()
    out = io.StringIO()
    call_command("crystal_rebuild_progress", stdout=out)
    assert "Rebuilt 1 progress record(s)" in out.getvalue()
    assert progress(officer, VIDEO).status == "completed"


def test_statements_for_unknown_people_are_stored_without_progress(db):
    record(make_statement("NOT-ON-THE-HR-SYSTEM"))
    assert not Progress.objects.exists()


def test_credential_command_creates_a_hashed_secret(db):
    out = io.StringIO()
    call_command(
        "crystal_lrs_credential",
        "--name",
        "learning-locker",
        "--secret",
        "s3cret-s3cret-s3cret",
        "--scopes",
        "statements/read",
        stdout=out,
    )
    from crystal_learning.xapi.models import LRSCredential

    credential = LRSCredential.objects.get(name="learning-locker")
    assert credential.scopes == ["statements/read"]
    assert "s3cret" not in credential.secret_hash and credential.check_secret(
        "s3cret-s3cret-s3cret"
    )

"""Content that matches the seed (issue 20.6): "not applicable" for the
closing boxes while a case is open (and, saying why, where one does not
apply), the four new cases, and practice of the victim needs assessment."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from crystal_learning.demo import quizzes as demo
from quizzes import marking
from quizzes.blocks import QuestionStreamBlock, ScenarioBlock
from quizzes.models import QuizAttempt, QuizPage
from tests.helpers import sign_in
from tests.quizzes.helpers import complete_module, officer, start

STREAM = QuestionStreamBlock()


def snapshots(*questions) -> list[dict]:
    """The questions as an attempt stores them, after the editor's checks."""
    value = STREAM.to_python([{"type": k, "value": v} for k, v in questions])
    STREAM.clean(value)
    return [
        marking.snapshot(child, rng=random.Random(1), shuffle_options=False)
        for child in value
    ]


def case(question) -> dict:
    return snapshots(question)[0]


def right(question: dict, **rationales: str) -> dict:
    """The expected answer in every box, with the given rationales."""
    boxes = {}
    for box in question["boxes"]:
        entry = {"answer": box["expected"], "format": box["expected_format"]}
        entry["rationale"] = rationales.get(box["box"], "")
        boxes[box["box"]] = entry
    return {"boxes": boxes}


def changed(response: dict, code: str, **entry) -> dict:
    boxes = {k: dict(v) for k, v in response["boxes"].items()}
    boxes[code].update(entry)
    return {"boxes": boxes}


def form(**data) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


# -- "not applicable" while the case is open -----------------------------------


OPEN_CASES = [
    demo.BIKE_THEFT,
    demo.BURGLARY_EMAIL,
    demo.DOMESTIC_ABUSE,
    demo.HATE_CRIME,
    demo.RTC_WITNESS,
]


@pytest.mark.parametrize("scenario", OPEN_CASES)
def test_an_open_case_expects_not_yet_applicable_in_the_closing_boxes(scenario):
    question = case(scenario)
    expected = {box["box"]: box["expected"] for box in question["boxes"]}
    assert expected["right_to_review"] == expected["compensation"] == "na"
    answer = right(
        question,
        leaflet="Sending it could put her at risk.",
        vps="She is a witness, not a victim.",
    )
    assert marking.mark(question, answer).correct
    for code in ("right_to_review", "compensation"):
        logged_no = changed(
            answer, code, answer="no", rationale="The investigation is ongoing."
        )
        result = marking.mark(question, logged_no)
        assert result.correct is False
        wrong = next(b for b in result.boxes if b.box == code)
        assert "'not applicable' in this case, not 'no'" in wrong.reason
        assert result.score == pytest.approx(3 * 6 / 7, abs=1e-3)


def test_a_closed_case_answers_the_closing_boxes_now():
    question = case(demo.ASSAULT_NFA)
    answer = right(question)
    assert marking.mark(question, answer).correct
    not_yet = changed(answer, "right_to_review", answer="na")
    result = marking.mark(question, not_yet)
    assert result.correct is False
    assert "applies in this case" in result.boxes[5].reason


def test_not_yet_applicable_is_offered_for_the_closing_boxes_only_and_never_hints():
    open_case, closed = case(demo.BIKE_THEFT), case(demo.ASSAULT_NFA)
    shown = marking.public(open_case)["boxes"]
    offered = {box["box"]: [value for value, _ in box["answers"]] for box in shown}
    assert offered["leaflet"] == ["yes", "no"]
    assert offered["right_to_review"] == offered["compensation"] == ["yes", "no", "na"]
    # What is offered is the same whether the case is open or closed.
    assert marking.public(closed)["boxes"] == shown
    with pytest.raises(marking.ResponseInvalid):
        marking.response_from_form(open_case, form(**{"leaflet-answer": "na"}))
    saved = marking.response_from_form(open_case, form(**{"compensation-answer": "na"}))
    assert saved["boxes"]["compensation"] == {"answer": "na", "rationale": ""}
    # Saving "not applicable" needs no rationale (asking for one would hint).
    assert marking.response_problems(open_case, saved) == []


def test_an_editor_cannot_expect_not_yet_applicable_for_a_first_contact_box():
    block = ScenarioBlock()
    value = block.to_python(
        {
            "prompt": "<p>A case.</p>",
            "marks": 2,
            "boxes": [demo.box("leaflet", "na")],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


# -- the four new cases --------------------------------------------------------


def test_domestic_abuse_written_confirmation_withheld_for_her_safety():
    question = case(demo.DOMESTIC_ABUSE)
    said = "Not sent: anything posted to the house could put her at risk from him."
    answer = right(question, leaflet=said)
    assert marking.mark(question, answer).correct
    sent = changed(answer, "leaflet", answer="yes", format="paper")
    assert marking.mark(question, sent).correct is False
    forgot = changed(answer, "leaflet", rationale="I forgot to send it to her.")
    assert marking.mark(question, forgot).correct is False
    # Other words for the same reason count.
    unsafe = changed(answer, "leaflet", rationale="It would be unsafe to send it.")
    assert marking.mark(question, unsafe).correct


def test_a_hate_crime_has_enhanced_rights_and_a_cohesion_officer_ring_back():
    question = case(demo.HATE_CRIME)
    assert marking.mark(question, right(question)).correct
    logged_no = changed(
        right(question), "right_to_review", answer="no", rationale="Still open now."
    )
    assert marking.mark(question, logged_no).correct is False
    guidance = " ".join(box["guidance"] for box in question["boxes"])
    assert "enhanced rights" in guidance and "cohesion officer" in guidance
    ring_back = next(
        value
        for kind, value in demo.QUIZZES[0]["questions"]
        if kind == "single_choice" and "hate crime" in value["prompt"]
    )
    assert [o["text"] for o in ring_back["options"] if o["correct"]] == [
        "A cohesion officer"
    ]


@pytest.mark.parametrize(
    "rationale",
    [
        "Nobody was interviewed under caution, so the right to review does not apply.",
        "No suspect was identified, so there was no interview under caution.",
        "No suspect: the VRR applies only after an interview under caution.",
    ],
)
def test_an_nfa_with_nobody_interviewed_under_caution_has_no_review(rationale):
    question = case(demo.ROBBERY_NFA_NO_INTERVIEW)
    answer = right(question, right_to_review=rationale)
    assert answer["boxes"]["right_to_review"]["answer"] == "na"
    assert marking.mark(question, answer).correct
    # A "no" saying the same is accepted too; a "yes" is wrong.
    said_no = changed(answer, "right_to_review", answer="no")
    assert marking.mark(question, said_no).correct
    told = changed(answer, "right_to_review", answer="yes")
    assert marking.mark(question, told).correct is False
    # On a closed case "not applicable" must say why.
    bare = changed(answer, "right_to_review", rationale="")
    assert marking.mark(question, bare).correct is False
    forgot = changed(answer, "right_to_review", rationale="I forgot to tell her.")
    assert marking.mark(question, forgot).correct is False
    # Compensation still applies: criminal injuries need no conviction.
    no_compensation = changed(
        answer, "compensation", answer="no", rationale="Nobody was charged."
    )
    assert marking.mark(question, no_compensation).correct is False


def test_a_collision_with_no_crime_and_no_family_liaison_officer():
    question = case(demo.RTC_NO_CRIME)
    why = "No crime: the collision investigation found no offence."
    answer = right(question, vps=why, right_to_review=why, compensation=why)
    assert marking.mark(question, answer).correct
    assert "no crime" in question["prompt"] and "family liaison" in question["prompt"]
    # Support is offered crime or not: a "no" to the needs assessment is wrong.
    no_support = changed(
        answer, "needs_assessment", answer="no", rationale="No crime was recorded."
    )
    assert marking.mark(question, no_support).correct is False
    # The case is closed and the box applies: "not applicable" is not right.
    assert (
        marking.mark(question, changed(answer, "compensation", answer="na")).correct
        is False
    )


# -- practising the needs assessment -------------------------------------------


def test_needs_assessment_practice_is_marked_on_the_questions_and_enhanced_rights():
    question = case(demo.NEEDS_HATE_CRIME)
    ask = [o["id"] for o in question["options"] if o["correct"]]
    never = [o["id"] for o in question["options"] if not o["correct"]]
    full = {"choices": ask, "enhanced": "yes"}
    assert marking.mark(question, full).correct
    assert marking.mark(question, full).score == 2
    wrong_rights = marking.mark(question, {"choices": ask, "enhanced": "no"})
    assert wrong_rights.correct is False and wrong_rights.score == 1
    blaming = marking.mark(question, {"choices": ask + never[:1], "enhanced": "yes"})
    assert blaming.correct is False and 1 <= blaming.score < 2
    assert marking.mark(question, {}).score == 0


def test_needs_assessment_practice_shows_no_answers_and_refuses_forgeries():
    question = case(demo.NEEDS_UNDER_18)
    shown = marking.public(question)
    assert "enhanced" not in shown and "enhanced_feedback" not in shown
    assert all(set(o) == {"id", "text"} for o in shown["options"])
    with pytest.raises(marking.ResponseInvalid):
        marking.response_from_form(question, form(choices=["forged"]))
    with pytest.raises(marking.ResponseInvalid):
        marking.response_from_form(question, form(enhanced="maybe"))
    assert marking.response_from_form(question, form()) == {}
    kind, pattern, _given, choices = marking.xapi_interaction(
        question, {"enhanced": "yes"}
    )
    assert kind == "choice" and pattern[0].endswith("enhanced-yes")


def test_the_demo_practises_three_victims_needs():
    kinds = [kind for kind, _ in demo.QUIZZES[1]["questions"]]
    assert kinds.count("needs_assessment") == 3
    enhanced = [case(q)["enhanced"] for q in demo.QUIZZES[1]["questions"][-3:]]
    assert enhanced == ["no", "yes", "yes"]


@pytest.mark.django_db
def test_a_learner_practises_the_needs_assessment_and_logs_not_yet_applicable(
    client, question_banks
):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    complete_module(officer(), quiz)
    sign_in(client, "officer")
    start(client, quiz)
    attempt = QuizAttempt.objects.get()
    answers = {a.question["type"]: a for a in attempt.answers.all()}
    needs = answers["needs_assessment"]
    url = f"{quiz.url}attempt/{attempt.registration}/{needs.position}/"
    page = client.get(url).text
    assert "which of these questions do you ask this victim?" in page
    assert "Do enhanced rights apply to this victim?" in page
    assert (
        "enhanced_feedback" not in page
        and needs.question["enhanced_feedback"] not in page
    )
    ask = [o["id"] for o in needs.question["options"] if o["correct"]]
    assert (
        client.post(
            url, {"choices": ask, "enhanced": needs.question["enhanced"]}
        ).status_code
        == 302
    )
    open_case = next(
        a
        for a in attempt.answers.all()
        if a.question["type"] == "scenario" and "Ms Carter" in a.question["prompt"]
    )
    url = f"{quiz.url}attempt/{attempt.registration}/{open_case.position}/"
    page = client.get(url).text
    assert page.count(">Not applicable</label>") == 2
    data = {f"{b['box']}-answer": "yes" for b in open_case.question["boxes"]}
    data |= {"leaflet-format": "email", "right_to_review-answer": "na"}
    data |= {"compensation-answer": "na"}
    assert client.post(url, data).status_code == 302
    summary = client.get(f"{quiz.url}attempt/{attempt.registration}/summary/").text
    assert "Compensation: Not applicable" in summary
    needs.refresh_from_db()
    open_case.refresh_from_db()
    assert marking.mark(needs.question, needs.response).correct
    assert marking.mark(open_case.question, open_case.response).correct

"""Builders for quizzes: a small published quiz linked from its module."""

from __future__ import annotations

from modules.models import TilePage, VideoModulePage
from quizzes.models import QuizPage
from tests.modules.factories import publish_child


def single_choice(prompt: str, right: str, *wrong: str) -> tuple[str, dict]:
    """A one-mark single choice question with one right option."""
    options = [{"text": right, "correct": True, "feedback": ""}]
    options += [{"text": text, "correct": False, "feedback": ""} for text in wrong]
    return (
        "single_choice",
        {
            "prompt": f"<p>{prompt}</p>",
            "marks": 1,
            "explanation": "",
            "options": options,
        },
    )


def quiz_page(
    *, tile: TilePage, slug: str, module: VideoModulePage | None = None, **fields
) -> QuizPage:
    """A published quiz; linked from `module` so it opens once the video is done."""
    fields.setdefault("title", slug)
    fields.setdefault("pass_mark", 80)
    fields.setdefault(
        "questions",
        [
            single_choice("Who needs a rationale?", "A no", "A yes"),
            single_choice("How many record boxes?", "Seven", "Three"),
        ],
    )
    quiz = publish_child(tile, QuizPage(slug=slug, **fields))
    if module is not None:
        module.quiz = quiz
        module.save_revision().publish()
    return quiz


def demo_question_banks() -> list[QuizPage]:
    """Give the three quizzes of `core_content()` the demo's own question banks
    and settings (ten or more questions each, with victim care log scenarios)."""
    from crystal_learning.demo.quizzes import QUIZZES

    quizzes = []
    for spec in QUIZZES:
        quiz = QuizPage.objects.filter(slug=spec["slug"]).first()
        if quiz is None:
            continue  # the roads quiz: not one of the three behind the videos
        quiz.title = spec["title"]
        quiz.intro = spec["intro"]
        quiz.attempts_allowed = spec.get("attempts_allowed", 0)
        quiz.questions_per_attempt = spec["questions_per_attempt"]
        quiz.questions = spec["questions"]
        quiz.save_revision().publish()
        quizzes.append(quiz)
    return quizzes

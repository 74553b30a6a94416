"""How long a video takes and how many questions a quiz asks, as a learner
reads them on the module page and on the tile's cards (issue 18.12)."""

from __future__ import annotations

import pytest

from modules.durations import length_label
from tests.helpers import sign_in
from tests.modules.factories import make_video, video_module
from tests.quizzes.factories import quiz_page, single_choice


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (45, "Under 1 minute"),
        (63.576, "About 1 minute"),
        (74.085, "About 1 minute"),
        (89.9, "About 1 minute"),
        (90, "About 2 minutes"),
        (150, "About 3 minutes"),
        (None, ""),
        (0, ""),
    ],
)
def test_one_rule_for_every_length(seconds, said):
    assert length_label(seconds) == said


def test_an_unknown_length_falls_back_to_the_editors_estimate():
    assert length_label(None, fallback_minutes=1) == "About 1 minute"
    assert length_label(0, fallback_minutes=3) == "About 3 minutes"


def test_the_page_and_the_card_say_the_videos_real_length(client, op_crystal_tile):
    # The demo's videos are 63 to 74 s long; the editor's estimate said 2.
    pages = [
        video_module(
            tile=op_crystal_tile,
            slug=slug,
            video=make_video(duration=seconds),
            estimated_minutes=2,
        )
        for slug, seconds in [("closing-a-crime", 63.576), ("why", 74.085)]
    ]
    sign_in(client, "officer")
    for page in pages:
        text = client.get(page.url).content.decode()
        assert 'data-testid="module-length">About 1 minute</p>' in text
        assert "About 2 minutes" not in text
    cards = client.get(op_crystal_tile.url).content.decode()
    assert cards.count('data-testid="card-length">About 1 minute</p>') == 2
    assert "About 2 minutes" not in cards


def test_a_quiz_card_counts_the_questions_a_learner_is_asked(client, op_crystal_tile):
    bank = [single_choice(f"Question {n}?", "Yes", "No") for n in range(10)]
    drawn = quiz_page(
        tile=op_crystal_tile,
        slug="quiz-1",
        title="Quiz 1",
        summary="Questions on the standard.",
        questions=bank,
        questions_per_attempt=8,
    )
    quiz_page(tile=op_crystal_tile, slug="quiz-2", title="Quiz 2", questions=bank[:3])
    sign_in(client, "officer")
    cards = client.get(op_crystal_tile.url).content.decode()
    assert 'data-testid="card-questions">8 questions</p>' in cards
    assert 'data-testid="card-questions">3 questions</p>' in cards  # all of them
    assert "10 questions" not in cards
    quiz = client.get(drawn.url).content.decode()
    assert '<dd class="govuk-summary-list__value">8</dd>' in quiz

from __future__ import annotations

import pytest

from tests.quizzes.factories import demo_question_banks


@pytest.fixture
def question_banks(force):
    """The force, its three quizzes holding the demo's question banks."""
    demo_question_banks()
    return force

"""Named constructors for every statement the product makes, built with tincan.

Each returns a JSON-ready dict for `statements_record`. The actor is always
the person's account (home page + staff number): no name, no e-mail. Milestones
(completed, passed, failed, attended, programme completed) get ids keyed with a
secret, so replays and double clicks collapse to one statement while nobody
outside can compute (and squat) the id of a colleague's milestone.
"""

from .base import LANGUAGE, Question, milestone_id
from .learning import (
    module_completed,
    package_outcome,
    programme_completed,
    question_answered,
    quiz_attempted,
    quiz_completed,
    quiz_failed,
    quiz_passed,
    resource_experienced,
    session_attended,
    session_booked,
)
from .video import (
    video_completed,
    video_initialized,
    video_interacted,
    video_paused,
    video_played,
    video_seeked,
    video_terminated,
)

__all__ = [
    "LANGUAGE",
    "Question",
    "milestone_id",
    "module_completed",
    "package_outcome",
    "quiz_attempted",
    "question_answered",
    "quiz_completed",
    "quiz_passed",
    "quiz_failed",
    "resource_experienced",
    "session_booked",
    "session_attended",
    "programme_completed",
    "video_initialized",
    "video_played",
    "video_paused",
    "video_terminated",
    "video_seeked",
    "video_completed",
    "video_interacted",
]

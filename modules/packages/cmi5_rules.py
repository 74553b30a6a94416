"""cmi5 (the "Quartz" edition): its vocabulary, the rules an AU's statements must
keep (section 9), and moveOn. Pure: no database; modules/packages/cmi5.py reads
the launch into a `Session` and records what the rules accept.

Statements sent by an AU are "cmi5 defined" (a cmi5 verb and the cmi5 category)
or "cmi5 allowed" (any other verb, the context template, no cmi5 category).
Both need the launch's registration and session id, and must come between the
session's "initialized" and "terminated"; only the defined ones count for
completion. A refusal names what is wrong; the LRS answers it with 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY_CMI5 = CMI5 + "context/categories/cmi5"
CATEGORY_MOVE_ON = CMI5 + "context/categories/moveon"
EXT_SESSION_ID = CMI5 + "context/extensions/sessionid"
EXT_MASTERY_SCORE = CMI5 + "context/extensions/masteryscore"
EXT_LAUNCH_MODE = CMI5 + "context/extensions/launchmode"
EXT_LAUNCH_URL = CMI5 + "context/extensions/launchurl"
EXT_MOVE_ON = CMI5 + "context/extensions/moveon"
EXT_LAUNCH_PARAMETERS = CMI5 + "context/extensions/launchparameters"
RESULT_REASON = CMI5 + "result/extensions/reason"
RESULT_PROGRESS = CMI5 + "result/extensions/progress"
TYPE_COURSE = CMI5 + "activitytype/course"
LAUNCH_DATA = "LMS.LaunchData"
LEARNER_PREFERENCES = "cmi5LearnerPreferences"

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_W3ID = "https://w3id.org/xapi/adl/verbs/"


class Cmi5Verb:
    LAUNCHED = ADL + "launched"
    INITIALIZED = ADL + "initialized"
    COMPLETED = ADL + "completed"
    PASSED = ADL + "passed"
    FAILED = ADL + "failed"
    TERMINATED = ADL + "terminated"
    ABANDONED = ADL_W3ID + "abandoned"
    WAIVED = ADL_W3ID + "waived"
    SATISFIED = ADL_W3ID + "satisfied"

    DISPLAY = {
        LAUNCHED: "launched",
        INITIALIZED: "initialized",
        COMPLETED: "completed",
        PASSED: "passed",
        FAILED: "failed",
        TERMINATED: "terminated",
        ABANDONED: "abandoned",
        WAIVED: "waived",
        SATISFIED: "satisfied",
    }


#: What an AU may send as cmi5 defined statements.
AU_VERBS = frozenset(
    {
        Cmi5Verb.INITIALIZED,
        Cmi5Verb.COMPLETED,
        Cmi5Verb.PASSED,
        Cmi5Verb.FAILED,
        Cmi5Verb.TERMINATED,
    }
)
#: What only the LMS records.
LMS_VERBS = frozenset(
    {Cmi5Verb.LAUNCHED, Cmi5Verb.ABANDONED, Cmi5Verb.WAIVED, Cmi5Verb.SATISFIED}
)
NORMAL, BROWSE, REVIEW = "Normal", "Browse", "Review"
NOT_APPLICABLE = "NotApplicable"
WAIVE_REASONS = (
    "Tested Out",
    "Equivalent AU",
    "Equivalent Outside Activity",
    "Administrative",
)


class Refused(Exception):
    """The statement breaks a cmi5 rule (HTTP 403)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class Session:
    """What the rules know about the AU session and its registration."""

    registration: str
    session_id: str
    activity_id: str  # the AU's activityId (ours)
    publisher_id: str  # the AU's id in cmi5.xml
    mode: str = NORMAL
    mastery_score: float | None = None
    #: cmi5 defined verbs accepted in this session, in order.
    verbs: list[str] = field(default_factory=list)
    #: cmi5 defined verbs accepted in earlier sessions of the registration (this AU).
    registration_verbs: set[str] = field(default_factory=set)

    @property
    def initialized(self) -> bool:
        return Cmi5Verb.INITIALIZED in self.verbs

    @property
    def terminated(self) -> bool:
        return Cmi5Verb.TERMINATED in self.verbs

    def done(self, verb: str) -> bool:
        """Accepted in this registration (this session or an earlier one)."""
        return verb in self.verbs or verb in self.registration_verbs


def _context(statement: dict) -> dict:
    context = statement.get("context")
    return context if isinstance(context, dict) else {}


def _ids(value: object) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _context_check(session: Session, statement: dict) -> bool:
    """The context template's values; True for a cmi5 defined statement."""
    context = _context(statement)
    if str(context.get("registration", "")).lower() != session.registration.lower():
        raise Refused(
            "The registration must be the one the launch gave.", "context.registration"
        )
    extensions = context.get("extensions")
    extensions = extensions if isinstance(extensions, dict) else {}
    session_id = extensions.get(EXT_SESSION_ID)
    if str(session_id) != session.session_id:
        raise Refused(
            "The session id extension must be the one in LMS.LaunchData.",
            "context.extensions",
        )
    activities = context.get("contextActivities")
    activities = activities if isinstance(activities, dict) else {}
    defined = CATEGORY_CMI5 in _ids(activities.get("category"))
    if defined and session.publisher_id not in _ids(activities.get("grouping")):
        raise Refused(
            "A cmi5 statement must keep the context template's grouping "
            "(the AU's publisher id).",
            "context.contextActivities.grouping",
        )
    return defined


def _order_check(session: Session, verb: str) -> None:
    if session.terminated:
        raise Refused("The session has terminated: no statement may follow.", "verb")
    if not session.initialized and verb != Cmi5Verb.INITIALIZED:
        raise Refused(
            "The first statement of a session must be cmi5's initialized.", "verb"
        )


def _result_check(session: Session, verb: str, statement: dict) -> None:
    result = statement.get("result")
    result = result if isinstance(result, dict) else {}
    score = result.get("score") if isinstance(result.get("score"), dict) else None
    judged = verb in (Cmi5Verb.PASSED, Cmi5Verb.FAILED)
    if score is not None and not judged:
        raise Refused("Only passed and failed statements carry a score.", "result")
    if verb == Cmi5Verb.COMPLETED and result.get("completion") is not True:
        raise Refused("A completed statement needs result.completion true.", "result")
    if verb != Cmi5Verb.COMPLETED and "completion" in result:
        raise Refused("Only completed statements carry completion.", "result")
    if judged and result.get("success") is not (verb == Cmi5Verb.PASSED):
        raise Refused("passed needs result.success true; failed needs false.", "result")
    if not judged and "success" in result:
        raise Refused("Only passed and failed statements carry success.", "result")
    if not judged or session.mastery_score is None:
        return
    scaled = (score or {}).get("scaled")
    if not isinstance(scaled, int | float) or isinstance(scaled, bool):
        raise Refused(
            "This AU has a masteryScore: passed and failed need result.score.scaled.",
            "result.score.scaled",
        )
    if verb == Cmi5Verb.PASSED and scaled < session.mastery_score:
        raise Refused(
            f"passed needs a score of at least the masteryScore "
            f"{session.mastery_score}.",
            "result.score.scaled",
        )
    if verb == Cmi5Verb.FAILED and scaled >= session.mastery_score:
        raise Refused(
            f"failed needs a score below the masteryScore {session.mastery_score}.",
            "result.score.scaled",
        )


def _defined_check(session: Session, verb: str, statement: dict) -> None:
    if verb not in AU_VERBS:
        raise Refused(
            "The cmi5 category is only for cmi5's verbs (initialized, completed, "
            "passed, failed, terminated).",
            "context.contextActivities.category",
        )
    target = statement.get("object") or {}
    if target.get("id") != session.activity_id:
        raise Refused(
            "A cmi5 statement's object must be the activityId of the launch.",
            "object.id",
        )
    if session.mode != NORMAL and verb not in (
        Cmi5Verb.INITIALIZED,
        Cmi5Verb.TERMINATED,
    ):
        raise Refused(
            f"In {session.mode} mode an AU sends only initialized and terminated.",
            "verb",
        )
    if verb in session.verbs:
        raise Refused("This cmi5 verb was already sent in this session.", "verb")
    judged = {Cmi5Verb.PASSED, Cmi5Verb.FAILED}
    if verb in judged and judged & set(session.verbs):
        raise Refused("A session sends passed or failed, not both.", "verb")
    if verb == Cmi5Verb.COMPLETED and session.done(Cmi5Verb.COMPLETED):
        raise Refused("completed was already sent in this registration.", "verb")
    if verb in judged and session.done(Cmi5Verb.PASSED):
        raise Refused("This AU has already passed in this registration.", "verb")
    _result_check(session, verb, statement)


def statement_judge(session: Session, statement: dict) -> str | None:
    """Refused, or the cmi5 verb of a defined statement (None: cmi5 allowed)."""
    verb = str((statement.get("verb") or {}).get("id", ""))
    if verb in LMS_VERBS:
        raise Refused(f"Only the LMS sends {Cmi5Verb.DISPLAY[verb]}.", "verb")
    defined = _context_check(session, statement)
    if verb in AU_VERBS and not defined:
        raise Refused(
            f"A {Cmi5Verb.DISPLAY[verb]} statement needs the cmi5 category "
            f"({CATEGORY_CMI5}) in context.contextActivities.category.",
            "context.contextActivities.category",
        )
    _order_check(session, verb)
    if not defined:
        return None
    _defined_check(session, verb, statement)
    session.verbs.append(verb)
    return verb


def move_on_met(move_on: str, *, completed: bool, passed: bool) -> bool:
    """Whether an AU's moveOn criterion holds (course structure 13.1.4)."""
    return {
        "Passed": passed,
        "Completed": completed,
        "CompletedAndPassed": completed and passed,
        "CompletedOrPassed": completed or passed,
    }.get(move_on or NOT_APPLICABLE, True)

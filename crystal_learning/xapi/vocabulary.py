"""IRIs we speak: ADL verbs, the xAPI Video Profile, activity types."""

from __future__ import annotations

ADL = "http://adlnet.gov/expapi/verbs/"
VIDEO = "https://w3id.org/xapi/video/"


class Verb:
    INITIALIZED = ADL + "initialized"
    PLAYED = VIDEO + "verbs/played"
    PAUSED = VIDEO + "verbs/paused"
    SEEKED = VIDEO + "verbs/seeked"
    COMPLETED = ADL + "completed"
    TERMINATED = ADL + "terminated"
    PROGRESSED = ADL + "progressed"
    INTERACTED = ADL + "interacted"
    ATTEMPTED = ADL + "attempted"
    ANSWERED = ADL + "answered"
    PASSED = ADL + "passed"
    FAILED = ADL + "failed"
    REGISTERED = ADL + "registered"
    ATTENDED = ADL + "attended"
    EXPERIENCED = ADL + "experienced"
    VOIDED = ADL + "voided"
    # The xAPI SCORM Profile's runtime events (modules/packages/scorm_mapping.py).
    RESUMED = ADL + "resumed"
    SUSPENDED = ADL + "suspended"
    RESPONDED = ADL + "responded"
    SCORED = ADL + "scored"

    DISPLAY = {
        INITIALIZED: "initialized",
        PLAYED: "played",
        PAUSED: "paused",
        SEEKED: "seeked",
        COMPLETED: "completed",
        TERMINATED: "terminated",
        PROGRESSED: "progressed",
        INTERACTED: "interacted",
        ATTEMPTED: "attempted",
        ANSWERED: "answered",
        PASSED: "passed",
        FAILED: "failed",
        REGISTERED: "registered",
        ATTENDED: "attended",
        EXPERIENCED: "experienced",
        VOIDED: "voided",
        RESUMED: "resumed",
        SUSPENDED: "suspended",
        RESPONDED: "responded",
        SCORED: "scored",
    }


class ActivityType:
    VIDEO = VIDEO + "activity-type/video"
    MODULE = "http://adlnet.gov/expapi/activities/module"
    ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
    INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
    MEETING = "http://adlnet.gov/expapi/activities/meeting"
    COURSE = "http://adlnet.gov/expapi/activities/course"
    #: A SCORM SCO and one attempt at it (the xAPI SCORM Profile).
    LESSON = "http://adlnet.gov/expapi/activities/lesson"
    ATTEMPT = "http://adlnet.gov/expapi/activities/attempt"
    #: A guide, leaflet or booklet (a file from the document library).
    DOCUMENT = "http://id.tincanapi.com/activitytype/document"


class VideoExtension:
    LENGTH = VIDEO + "extensions/length"
    TIME = VIDEO + "extensions/time"
    TIME_FROM = VIDEO + "extensions/time-from"
    TIME_TO = VIDEO + "extensions/time-to"
    PROGRESS = VIDEO + "extensions/progress"
    PLAYED_SEGMENTS = VIDEO + "extensions/played-segments"
    COMPLETION_THRESHOLD = VIDEO + "extensions/completion-threshold"
    SESSION_ID = VIDEO + "extensions/session-id"
    CC_ENABLED = VIDEO + "extensions/cc-enabled"
    CC_LANGUAGE = VIDEO + "extensions/cc-subtitle-lang"


#: Our own context extension: which version of the content a statement is about.
CONTENT_VERSION = "https://w3id.org/crystal-learning/xapi/extensions/content-version"
#: Our own context extension: the pass mark (0..1) a quiz attempt was judged against.
PASS_MARK = "https://w3id.org/crystal-learning/xapi/extensions/pass-mark"  # noqa: S105
#: /xapi/about's extension: the sizes this LRS accepts, in bytes.
LRS_LIMITS = "https://w3id.org/crystal-learning/xapi/extensions/lrs-limits"
#: The xAPI Video Profile's category activity, put in every video statement.
VIDEO_PROFILE = "https://w3id.org/xapi/video"
#: The xAPI SCORM Profile's category activity, put in every SCORM runtime statement.
SCORM_PROFILE = "https://w3id.org/xapi/scorm"

XAPI_VERSION = "1.0.3"
SUPPORTED_VERSIONS = ("1.0.0", "1.0.1", "1.0.2", "1.0.3")

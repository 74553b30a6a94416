"""Validation of xAPI 1.0.3 statements (Data part, section 2.4), naming the bad field.

Strict where the specification says MUST: unknown properties, identifiers,
IRIs, UUIDs, timestamps, durations, scores, language maps and interaction
definitions are all checked, and the first problem is raised as
`StatementInvalid(field, message)` with a JSON path such as `object.definition.type`.
Values must also fit where they are kept: the JSON limits of json_limits.py, and
identifiers no longer than the columns that index them (models.py).
"""

from .actors import validate_agent
from .statement import validate_statement
from .values import (
    ACTIVITY_ID_MAX,
    ACTIVITY_TYPE_MAX,
    AGENT_KEY_MAX,
    EARLIEST,
    LATEST,
    VERB_ID_MAX,
    StatementInvalid,
    iri_value,
    timestamp_value,
    uuid_value,
)

__all__ = [
    "ACTIVITY_ID_MAX",
    "ACTIVITY_TYPE_MAX",
    "AGENT_KEY_MAX",
    "EARLIEST",
    "LATEST",
    "VERB_ID_MAX",
    "StatementInvalid",
    "iri_value",
    "timestamp_value",
    "uuid_value",
    "validate_agent",
    "validate_statement",
]

"""Statements that break xAPI 1.0.3 are refused with the field named."""

import copy

import pytest

from crystal_learning.xapi.validation import StatementInvalid, validate_statement
from tests.xapi.factories import make_statement


def test_a_well_formed_statement_passes():
    validate_statement(make_statement())


def mutate(path: str, value):
    statement = copy.deepcopy(make_statement())
    keys = path.split(".")
    target = statement
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return statement


DELETE = object()

CASES = [
    ("id", "not-a-uuid", "id"),
    ("id", 42, "id"),
    ("actor", DELETE, "actor"),
    ("actor.mbox", "mailto:someone@example.org", "actor"),  # two identifiers
    ("actor.account", {"homePage": "not a url", "name": "x"}, "actor.account.homePage"),
    ("actor.account", {"homePage": "https://x.example"}, "actor.account"),
    ("actor.objectType", "Person", "actor.objectType"),
    ("actor.mood", "happy", "actor.mood"),
    ("verb.id", "completed", "verb.id"),
    ("verb.display", {"en_GB": "x"}, "verb.display.en_GB"),
    ("verb.display", "completed", "verb.display"),
    ("object.id", "module 1", "object.id"),
    ("object.objectType", "Thing", "object.objectType"),
    ("object.definition.type", "video", "object.definition.type"),
    ("object.definition.interactionType", "essay", "object.definition.interactionType"),
    ("object.definition.choices", [{"id": "a"}], "object.definition.interactionType"),
    ("timestamp", "yesterday", "timestamp"),
    ("timestamp", "2026-13-40T25:00:00Z", "timestamp"),
    ("timestamp", "2026-11-26T09:00:00-00:00", "timestamp"),
    ("result", {"score": {"scaled": 1.5}}, "result.score.scaled"),
    ("result", {"score": {"raw": 11, "min": 0, "max": 10}}, "result.score.raw"),
    ("result", {"score": {"min": 5, "max": 5}}, "result.score.max"),
    ("result", {"success": "yes"}, "result.success"),
    ("result", {"duration": "90 seconds"}, "result.duration"),
    ("result", {"extensions": {"progress": 1}}, "result.extensions.progress"),
    ("context", {"registration": "abc"}, "context.registration"),
    (
        "context",
        {"contextActivities": {"parent": [{"id": "x y"}]}},
        "context.contextActivities.parent[0].id",
    ),
    (
        "context",
        {"contextActivities": {"uncle": []}},
        "context.contextActivities.uncle",
    ),
    ("context", {"language": "english!"}, "context.language"),
    ("version", "2.0.0", "version"),
    ("stored", "nope", "stored"),
    ("attachments", [{"usageType": "http://x.example/u"}], "attachments[0].display"),
]


@pytest.mark.parametrize(
    ("path", "value", "field"), CASES, ids=[c[2] + ":" + c[0] for c in CASES]
)
def test_bad_statements_name_the_field(path, value, field):
    with pytest.raises(StatementInvalid) as error:
        validate_statement(mutate(path, value))
    assert error.value.field == field


def test_revision_is_only_allowed_for_activity_objects():
    statement = make_statement(
        object={"objectType": "Agent", "mbox": "mailto:a@example.org"},
        context={"revision": "2"},
    )
    with pytest.raises(StatementInvalid) as error:
        validate_statement(statement)
    assert error.value.field == "context.revision"


def test_a_substatement_cannot_nest_another():
    inner = {k: v for k, v in make_statement().items() if k not in ("id",)}
    nested = {
        "objectType": "SubStatement",
        **{**inner, "object": {"objectType": "SubStatement", **inner}},
    }
    with pytest.raises(StatementInvalid) as error:
        validate_statement(make_statement(object=nested))
    assert error.value.field == "object.object.objectType"


def test_voiding_needs_a_statement_ref():
    statement = make_statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})
    with pytest.raises(StatementInvalid) as error:
        validate_statement(statement)
    assert error.value.field == "object.objectType"


def test_interaction_definitions_are_checked():
    statement = make_statement(
        object={
            "id": "https://x.example/q1",
            "definition": {
                "interactionType": "choice",
                "correctResponsesPattern": ["a"],
                "choices": [
                    {"id": "a", "description": {"en-GB": "A"}},
                    {"id": "a", "description": {"en-GB": "B"}},
                ],
            },
        }
    )
    with pytest.raises(StatementInvalid) as error:
        validate_statement(statement)
    assert error.value.field == "object.definition.choices[1].id"


def test_anonymous_group_actor_needs_members():
    with pytest.raises(StatementInvalid) as error:
        validate_statement(make_statement(actor={"objectType": "Group"}))
    assert error.value.field == "actor.member"

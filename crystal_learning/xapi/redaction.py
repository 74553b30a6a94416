"""What a learner's own browser may read back of their statements: no answer key.

A quiz's answered statements carry the interaction's definition (choices and
`correctResponsesPattern`) and whether each response was right. Option ids are
stable across attempts, so reading them back through the Statements API would
pass the next attempt. The quiz page alone shows feedback, under the quiz's own
rule; API clients with the read scope still get the full statements.
"""

from __future__ import annotations

from .vocabulary import ActivityType, Verb

#: Interaction definition properties that give the answer away.
ANSWER_KEY = ("correctResponsesPattern",)
#: Result properties that say whether a single response was right.
RESPONSE_OUTCOME = ("success", "score")


def learner_view(statement: dict) -> dict:
    """A copy of `statement` without correct responses or per-question outcomes.

    Decided by the verb as well as the definition: `format=ids` drops the
    definition but keeps the result, whose `success` gives the answer away.
    """
    target = statement.get("object")
    if not isinstance(target, dict):
        return statement
    if target.get("objectType") == "SubStatement":
        return {**statement, "object": learner_view(target)}
    definition = target.get("definition")
    interaction = isinstance(definition, dict) and _is_interaction(definition)
    answered = (statement.get("verb") or {}).get("id") == Verb.ANSWERED
    if not (interaction or answered):
        return statement
    redacted = dict(statement)
    if interaction:
        redacted["object"] = {
            **target,
            "definition": {k: v for k, v in definition.items() if k not in ANSWER_KEY},
        }
    result = statement.get("result")
    if isinstance(result, dict):
        redacted["result"] = {
            k: v for k, v in result.items() if k not in RESPONSE_OUTCOME
        }
    return redacted


def _is_interaction(definition: dict) -> bool:
    return (
        definition.get("type") == ActivityType.INTERACTION
        or "interactionType" in definition
        or any(key in definition for key in ANSWER_KEY)
    )

"""The one object rule for people's records, used by views, reports and the API.

A person's records may be seen by that person, by a supervisor of their team
(sub-teams included) and by training managers; nobody else.
"""

from __future__ import annotations

import rules

from .roles import TRAINING_MANAGER, has_role


@rules.predicate
def is_the_person(user, person) -> bool:
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def supervises_the_person(user, person) -> bool:
    if person is None or not user.is_authenticated:
        return False
    from .selectors import supervised_team_ids

    return person.team_id in supervised_team_ids(user=user)


@rules.predicate
def is_training_manager(user) -> bool:
    return has_role(user, TRAINING_MANAGER)


can_view_person_records = is_the_person | supervises_the_person | is_training_manager

rules.add_perm("crystal_people.view_person_records", can_view_person_records)

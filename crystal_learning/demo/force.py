"""A realistic synthetic force for demos and tests (DOMAIN.md section 4).

Everything is derived from the seed, so a second run with the same seed finds
every team and person already there and changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import (
    Absence,
    Person,
    PersonEvent,
    ShiftPattern,
    Team,
)
from crystal_learning.people.roles import (
    CONTENT_EDITOR,
    LEARNER,
    SUPERVISOR,
    TRAINING_MANAGER,
)
from crystal_learning.people.services import (
    force_root,
    shift_pattern_upsert,
    team_upsert,
)

from .names import FIRST_NAMES, LAST_NAMES

User = get_user_model()
Rank = Person.Rank
Kind = Team.Kind

RESPONSE_PATTERN = "Response 10-day (2E 2L 2N 4R)"
WEEKDAY_PATTERN = "Weekdays (Mon-Fri days)"
DEMO_PASSWORD = "crystal-demo"  # noqa: S105 - printed for the demo sign-ins only
AREAS = [("N", "North"), ("S", "South"), ("E", "East"), ("W", "West")]


@dataclass(frozen=True)
class TeamSpec:
    code: str
    name: str
    kind: str
    area: str  # area code, or "OPS" for force-wide teams
    pattern: str
    offset: int
    weight: float  # relative size
    supervisor_rank: str
    member_ranks: tuple[tuple[str, float], ...]  # (rank, share)
    role: str


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    username: str
    staff_number: str
    display_name: str
    rank: str
    team_code: str


DEMO_SIGN_INS = [
    DemoSignIn(
        "Officer (learner)",
        "officer",
        "DEMO0001",
        "PC Alex Morgan",
        Rank.CONSTABLE,
        "N-RESP-A",
    ),
    DemoSignIn(
        "Supervisor",
        "sergeant",
        "DEMO0002",
        "PS Jordan Reid",
        Rank.SERGEANT,
        "N-RESP-A",
    ),
    DemoSignIn(
        "Training manager", "manager", "DEMO0003", "Sam Patel", Rank.STAFF, "OPS-LD"
    ),
    DemoSignIn(
        "Content editor", "editor", "DEMO0004", "Chris Walsh", Rank.STAFF, "OPS-LD"
    ),
]


def team_specs() -> list[TeamSpec]:
    """Sizes are weights: the default 1,200 people give realistic teams."""
    officers = ((Rank.CONSTABLE, 0.95), (Rank.SPECIAL, 0.05))
    detectives = ((Rank.CONSTABLE, 0.85), (Rank.STAFF, 0.15))
    specs: list[TeamSpec] = []
    for code, name in AREAS:
        for index, letter in enumerate("ABCDE"):
            specs.append(
                TeamSpec(
                    f"{code}-RESP-{letter}",
                    f"{name} Response Team {letter}",
                    Kind.RESPONSE,
                    code,
                    RESPONSE_PATTERN,
                    index * 2,
                    11,
                    Rank.SERGEANT,
                    officers,
                    "Response officer",
                )
            )
        for number in (1, 2, 3):
            specs.append(
                TeamSpec(
                    f"{code}-NHOOD-{number}",
                    f"{name} Neighbourhood Team {number}",
                    Kind.NEIGHBOURHOOD,
                    code,
                    WEEKDAY_PATTERN,
                    0,
                    12,
                    Rank.SERGEANT,
                    ((Rank.CONSTABLE, 0.55), (Rank.PCSO, 0.45)),
                    "Neighbourhood officer",
                )
            )
    for index, letter in enumerate("ABCD"):
        specs.append(
            TeamSpec(
                f"OPS-RPU-{letter}",
                f"Roads Policing Unit {letter}",
                Kind.ROADS_POLICING,
                "OPS",
                RESPONSE_PATTERN,
                index * 2 + 1,
                9,
                Rank.SERGEANT,
                ((Rank.CONSTABLE, 1.0),),
                "Roads policing officer",
            )
        )
    for index, letter in enumerate("ABCDE"):
        specs.append(
            TeamSpec(
                f"OPS-CR-{letter}",
                f"Control Room Watch {letter}",
                Kind.CONTROL_ROOM,
                "OPS",
                RESPONSE_PATTERN,
                index * 2,
                22,
                Rank.STAFF,
                ((Rank.STAFF, 0.9), (Rank.CONSTABLE, 0.1)),
                "Call handler",
            )
        )
    for code, name in AREAS:
        specs.append(
            TeamSpec(
                f"OPS-CID-{code}",
                f"{name} CID",
                Kind.CID_SAFEGUARDING,
                "OPS",
                WEEKDAY_PATTERN,
                0,
                9,
                Rank.SERGEANT,
                detectives,
                "Investigator",
            )
        )
        specs.append(
            TeamSpec(
                f"OPS-SG-{code}",
                f"{name} Safeguarding",
                Kind.CID_SAFEGUARDING,
                "OPS",
                WEEKDAY_PATTERN,
                0,
                8,
                Rank.SERGEANT,
                detectives,
                "Safeguarding investigator",
            )
        )
    for code, name, weight in [
        ("OPS-CJ", "Criminal Justice Unit", 120),
        ("OPS-CRU", "Crime Recording Unit", 80),
        ("OPS-VW", "Victim and Witness Care", 60),
        ("OPS-ENQ", "Enquiry Offices", 90),
        ("OPS-INT", "Intelligence", 70),
        ("OPS-HR", "People Services", 150),
        ("OPS-LD", "Learning and Development", 14),
    ]:
        specs.append(
            TeamSpec(
                code,
                name,
                Kind.STAFF,
                "OPS",
                WEEKDAY_PATTERN,
                0,
                weight,
                Rank.STAFF,
                ((Rank.STAFF, 1.0),),
                "Police staff",
            )
        )
    return specs


def team_sizes(specs: list[TeamSpec], people: int) -> dict[str, int]:
    """Share `people` across teams by weight; each gets a supervisor and a member."""
    total = sum(spec.weight for spec in specs)
    return {spec.code: max(2, round(spec.weight * people / total)) for spec in specs}


@transaction.atomic
def demo_force_build(
    *, seed: int = 2022, people: int = 1200, today: date | None = None
) -> dict:
    """Build (or top up) the demo force. Returns counts of what was created."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    response = shift_pattern_upsert(
        name=RESPONSE_PATTERN, codes="E,E,L,L,N,N,R,R,R,R", anchor_date=date(2024, 1, 1)
    )
    weekday = shift_pattern_upsert(
        name=WEEKDAY_PATTERN, codes="D,D,D,D,D,R,R", kind=ShiftPattern.Kind.WEEKDAY
    )
    patterns = {RESPONSE_PATTERN: response, WEEKDAY_PATTERN: weekday}

    teams_before = Team.objects.count()
    force = force_root()
    areas = {
        code: team_upsert(
            code=f"AREA-{code}", name=f"{name} Area", kind=Kind.AREA, parent=force
        )
        for code, name in AREAS
    }
    areas["OPS"] = team_upsert(
        code="AREA-OPS", name="Force-wide Operations", kind=Kind.AREA, parent=force
    )

    specs = team_specs()
    teams = {
        spec.code: team_upsert(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=areas[spec.area],
            shift_pattern=patterns[spec.pattern],
            shift_offset=spec.offset,
        )
        for spec in specs
    }

    rows = _people_rows(rng, specs, team_sizes(specs, people))
    created = _create_people(rows, teams)
    _link_supervisors(rows, teams, areas)
    sign_ins = _demo_sign_ins(teams)
    absences = _absences(rng, today)
    return {
        "teams_created": Team.objects.count() - teams_before,
        "people_created": created,
        "absences_created": absences,
        "sign_ins": sign_ins,
    }


def _people_rows(
    rng: random.Random, specs: list[TeamSpec], sizes: dict[str, int]
) -> list[dict]:
    rows: list[dict] = []
    number = 100000
    for spec in specs:
        for index in range(sizes[spec.code]):
            number += 1
            if index == 0:
                rank = spec.supervisor_rank
            else:
                ranks, shares = zip(*spec.member_ranks, strict=True)
                rank = rng.choices(ranks, weights=shares)[0]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                {
                    "staff_number": f"D{number}",
                    "display_name": f"{first} {last}",
                    "rank": rank,
                    "role": "Supervisor" if index == 0 else spec.role,
                    "team": spec.code,
                    "supervisor": index == 0,
                }
            )
    for code, _name in AREAS:
        number += 1
        rows.append(
            {
                "staff_number": f"D{number}",
                "display_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "rank": Rank.INSPECTOR,
                "role": "Area inspector",
                "team": f"{code}-RESP-A",
                "supervisor": True,
                "area": code,
            }
        )
    return rows


def _create_people(rows: list[dict], teams: dict[str, Team]) -> int:
    existing = set(Person.objects.values_list("staff_number", flat=True))
    new_rows = [row for row in rows if row["staff_number"] not in existing]
    if not new_rows:
        return 0
    users = []
    for row in new_rows:
        user = User(
            username=row["staff_number"].lower(),
            email=f"{row['staff_number'].lower()}@example.police.uk",
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    user_ids = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list(
            "username", "pk"
        )
    )
    persons = [
        Person(
            user_id=user_ids[row["staff_number"].lower()],
            staff_number=row["staff_number"],
            display_name=row["display_name"],
            email=f"{row['staff_number'].lower()}@example.police.uk",
            rank=row["rank"],
            role=row["role"],
            team=teams[row["team"]],
        )
        for row in new_rows
    ]
    Person.objects.bulk_create(persons, batch_size=500)
    learner, supervisor = (
        Group.objects.get(name=LEARNER),
        Group.objects.get(name=SUPERVISOR),
    )
    Membership = User.groups.through
    memberships = [
        Membership(user_id=uid, group_id=learner.pk) for uid in user_ids.values()
    ]
    memberships += [
        Membership(
            user_id=user_ids[row["staff_number"].lower()], group_id=supervisor.pk
        )
        for row in new_rows
        if row["supervisor"]
    ]
    Membership.objects.bulk_create(memberships, batch_size=1000, ignore_conflicts=True)
    person_ids = dict(
        Person.objects.filter(
            staff_number__in=[r["staff_number"] for r in new_rows]
        ).values_list("staff_number", "pk")
    )
    PersonEvent.objects.bulk_create(
        [
            PersonEvent(
                person_id=person_ids[row["staff_number"]],
                kind=PersonEvent.Kind.CREATED,
                detail={"team": row["team"], "source": "demo"},
            )
            for row in new_rows
        ],
        batch_size=1000,
    )
    return len(new_rows)


def _link_supervisors(
    rows: list[dict], teams: dict[str, Team], areas: dict[str, Team]
) -> None:
    """Each team's first member supervises it; an area inspector supervises the area."""
    Link = Person.supervises.through
    by_number = dict(Person.objects.values_list("staff_number", "pk"))
    links = [
        Link(
            person_id=by_number[row["staff_number"]],
            team_id=(areas[row["area"]] if "area" in row else teams[row["team"]]).pk,
        )
        for row in rows
        if row["supervisor"]
    ]
    Link.objects.bulk_create(links, ignore_conflicts=True)


def _demo_sign_ins(teams: dict[str, Team]) -> list[DemoSignIn]:
    groups = {
        name: Group.objects.get(name=name)
        for name in (LEARNER, SUPERVISOR, TRAINING_MANAGER, CONTENT_EDITOR)
    }
    extra = {
        "sergeant": SUPERVISOR,
        "manager": TRAINING_MANAGER,
        "editor": CONTENT_EDITOR,
    }
    for sign_in in DEMO_SIGN_INS:
        user = User.objects.filter(username=sign_in.username).first()
        if user is None:
            user = User(
                username=sign_in.username, email=f"{sign_in.username}@example.police.uk"
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        person = Person.objects.filter(staff_number=sign_in.staff_number).first()
        if person is None:
            person = Person.objects.create(
                user=user,
                staff_number=sign_in.staff_number,
                display_name=sign_in.display_name,
                email=user.email,
                rank=sign_in.rank,
                role=sign_in.role,
                team=teams[sign_in.team_code],
            )
            PersonEvent.objects.create(
                person=person,
                kind=PersonEvent.Kind.CREATED,
                detail={"team": sign_in.team_code, "source": "demo"},
            )
        user.groups.add(groups[LEARNER])
        if sign_in.username in extra:
            user.groups.add(groups[extra[sign_in.username]])
        if sign_in.username == "sergeant":
            person.supervises.add(teams[sign_in.team_code])
    return DEMO_SIGN_INS


def _absences(rng: random.Random, today: date) -> int:
    """Some leave, sickness and courses around today; only on the first run."""
    if Absence.objects.filter(source="demo").exists():
        return 0
    people = list(
        Person.objects.exclude(staff_number__startswith="DEMO")
        .order_by("staff_number")
        .values_list("pk", flat=True)
    )
    absences = []
    for person_id in people:
        draw = rng.random()
        if draw < 0.06:
            start = today + timedelta(days=rng.randint(-3, 60))
            absences.append(
                Absence(
                    person_id=person_id,
                    kind=Absence.Kind.LEAVE,
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(4, 13)),
                    source="demo",
                )
            )
        elif draw < 0.09:
            start = today - timedelta(days=rng.randint(0, 6))
            absences.append(
                Absence(
                    person_id=person_id,
                    kind=Absence.Kind.SICKNESS,
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(1, 14)),
                    source="demo",
                )
            )
        elif draw < 0.10:
            start = today + timedelta(days=rng.randint(5, 40))
            absences.append(
                Absence(
                    person_id=person_id,
                    kind=Absence.Kind.COURSE,
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(0, 4)),
                    source="demo",
                )
            )
    Absence.objects.bulk_create(absences, batch_size=1000)
    return len(absences)

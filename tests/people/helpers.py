"""HR files for the import tests, and a snapshot of everything an import may change."""

from __future__ import annotations

from pathlib import Path

from crystal_learning.people.models import Person, PersonEvent, ShiftPattern, Team

DATA = Path(__file__).parent / "data"
#: A small, valid HR file: three people in two teams.
GOOD = (DATA / "hr_small.csv").read_text()


def snapshot() -> tuple:
    """Everything an import may write, to show that a refused one wrote nothing."""
    return (
        sorted(
            Person.objects.values_list(
                "staff_number", "display_name", "rank", "team__code", "active"
            )
        ),
        sorted(Team.objects.values_list("code", "name", "path")),
        sorted(ShiftPattern.objects.values_list("name", "codes")),
        PersonEvent.objects.count(),
    )


BAD_FILES = {
    "unknown team code": (
        "staff_number,display_name,rank,team_code\nD2001,Casey Lee,PC,NOPE\n",
        [(2, "team_code", "Unknown team code 'NOPE'")],
    ),
    "duplicated staff number": (
        GOOD + "D1001,Alex Again,,PC,,N-RESP-A,,,,,,,,,\n",
        [(5, "staff_number", "Staff number D1001 is already on line 2")],
    ),
    "shift pattern with an unknown duty code": (
        GOOD.replace(
            '"E,E,L,L,N,N,R,R,R,R",0,N-RESP-A', '"E,E,L,Q,N,N,R,R,R,R",0,N-RESP-A'
        ),
        [(3, "shift_codes", "Unknown duty code Q")],
    ),
    "unknown rank": (
        GOOD.replace("D1003,Sam Patel,,PCSO", "D1003,Sam Patel,,Captain"),
        [(4, "rank", "'Captain' is not a valid rank")],
    ),
    "bad active flag": (
        GOOD.replace("N-RESP-A,yes\n", "N-RESP-A,perhaps\n"),
        [(3, "active", "'perhaps' is not yes or no")],
    ),
    "bad offset": (
        GOOD.replace('R,R,R,R",0,,yes', 'R,R,R,R",-3,,yes'),
        [(2, "shift_offset", "not a whole number of days")],
    ),
    "missing display name": (
        GOOD.replace("D1003,Sam Patel,", "D1003,,"),
        [(4, "display_name", "This column is required")],
    ),
    "missing required column": (
        "staff_number,display_name,team_code\nD2001,Casey Lee,N-RESP-A\n",
        [(None, "", "Missing required column(s): rank")],
    ),
    "ragged row": (
        "staff_number,display_name,rank,team_code\nD2001,Casey Lee,PC\n",
        [(None, "", "Line 2 has 3 values but the header has 4")],
    ),
    "not CSV at all": (
        'staff_number,display_name,rank,team_code\n"D2001,Casey Lee,PC,X\n',
        [(None, "", "not valid CSV")],
    ),
}

HEADER = (
    "staff_number,display_name,email,rank,role,team_code,team_name,team_kind,"
    "area_code,area_name,shift_pattern,shift_codes,shift_offset,supervises,active\n"
)


TEAMS = ["N-RESP-A", "N-RESP-B", "S-NHOOD-1"]


def extract(
    rows: int,
    *,
    start: int = 1,
    area: tuple[str, str] = ("N", "North Area"),
    pattern: str = "Response",
) -> str:
    """An HR extract of `rows` constables across three teams, numbered from
    start. Against the demo force, name its area (AREA-N) and pattern: a file
    that copies them under other codes is refused as not fitting the force."""
    lines = [HEADER]
    area_code, area_name = area
    for number in range(start, start + rows):
        team = TEAMS[number % len(TEAMS)]
        lines.append(
            f"D{number:05d},Officer {number},d{number}@example.police.uk,PC,"
            f"Response officer,{team},Team {team},response,{area_code},{area_name},"
            f'{pattern},"E,E,L,L,N,N,R,R,R,R",{number % 3 * 2},'
            f"{team if number % 50 == 0 else ''},yes\n"
        )
    return "".join(lines)

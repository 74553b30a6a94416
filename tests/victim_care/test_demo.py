"""The demo's victim care records: three months per team, plausible answers."""

from datetime import date

from crystal_learning.demo.victim_care import demo_victim_care_build
from crystal_learning.victim_care.models import VictimCareRecord
from crystal_learning.victim_care.selectors import monthly_totals


def test_three_months_of_records_for_every_team_with_officers(constables):
    today = date(2026, 11, 20)
    made = demo_victim_care_build(seed=2022, today=today)
    records = VictimCareRecord.objects.all()
    assert records.count() == made > 0
    months = {r.recorded_on.replace(day=1) for r in records}
    assert months == {date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)}
    assert max(r.recorded_on for r in records) <= today
    teams = {r.team.code for r in records}
    assert {"N-RESP-A", "N-RESP-B", "S-RESP-A"} <= teams
    said_no = records.filter(leaflet_given="N") | records.filter(vna_completed="N")
    assert said_no.exclude(rationale="").exists()
    assert said_no.filter(rationale="").exists()
    totals = monthly_totals(date(2026, 9, 1), date(2026, 12, 1))
    assert [month for month, _ in totals] == sorted(months)
    assert all(figures.records > 0 for _, figures in totals)
    # A second run replaces its records rather than adding more.
    assert demo_victim_care_build(seed=2022, today=today) == made
    assert VictimCareRecord.objects.count() == made


def test_each_demo_quiz_intro_counts_its_scenarios_right():
    """Quiz 3's intro said "Four scenarios, two on the roads policing variant"
    after the collision with no crime moved to Quiz 4: it has three, one."""
    from crystal_learning.demo.quizzes import QUIZZES

    words = {"Two": 2, "Three": 3, "Four": 4, "Five": 5}
    for quiz in QUIZZES:
        first = quiz["intro"].removeprefix("<p>").split()[0]
        if first not in words or "scenarios" not in quiz["intro"]:
            continue
        kinds = [question[0] for question in quiz["questions"]]
        assert kinds.count("scenario") == words[first], quiz["title"]

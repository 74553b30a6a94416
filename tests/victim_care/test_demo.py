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

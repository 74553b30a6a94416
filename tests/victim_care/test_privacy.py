"""An officer's victim care records in their subject access export and after
erasure (the figures stay; nothing identifies them)."""

from crystal_learning.privacy.selectors import subject_access
from crystal_learning.privacy.services import person_erase
from crystal_learning.victim_care.selectors import figures_by_team
from tests.victim_care.helpers import make_record


def test_the_officers_records_are_in_their_export_and_survive_erasure(officer):
    record = make_record(officer, boxes="N,Y,Y,Y,NA,NA,NA", rationale="Risk: DA")
    exported = subject_access(person=officer)["victim_care_records"]
    assert [r["id"] for r in exported] == [record.pk]
    assert exported[0]["rationale"] == "Risk: DA"
    before = figures_by_team(record.recorded_on)[officer.team_id]
    officer.active = False
    officer.save()
    person_erase(person=officer)
    officer.refresh_from_db()
    assert officer.display_name != "PC Alex Morgan"
    after = figures_by_team(record.recorded_on)[officer.team_id]
    assert (
        (after.records, after.compliant)
        == (before.records, before.compliant)
        == (
            1,
            1,
        )
    )

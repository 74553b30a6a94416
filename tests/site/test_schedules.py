import io

from django.core.management import call_command
from django_q.models import Schedule


def run(*args) -> str:
    out = io.StringIO()
    call_command("crystal_setup_schedules", *args, stdout=out)
    return out.getvalue()


def test_schedules_are_created_once_and_kept_in_line(db):
    assert "created: crystal: forward statements" in run()
    assert "unchanged: crystal: forward statements" in run()
    schedule = Schedule.objects.get(name__startswith="crystal: forward")
    assert schedule.func == "crystal_learning.xapi.tasks.forward_statements"
    assert schedule.minutes == 1 and schedule.repeats == -1
    schedule.minutes = 30
    schedule.save()
    assert "updated:" in run()
    assert Schedule.objects.get(pk=schedule.pk).minutes == 1


def test_prune_removes_only_stale_crystal_schedules(db):
    Schedule.objects.create(
        name="crystal: old job", func="math.floor", schedule_type="I", minutes=5
    )
    Schedule.objects.create(
        name="someone else's job", func="math.floor", schedule_type="I", minutes=5
    )
    assert "deleted: crystal: old job" in run("--prune")
    assert set(Schedule.objects.values_list("name", flat=True)) == {
        "crystal: forward statements to external LRSs",
        "crystal: expire timed-out quiz attempts",
        "crystal: programme reminders and supervisor digests",
        "crystal: coverage snapshot (the day's last run stands)",
        "crystal: victim care refreshers (compliance and dip samples)",
        "crystal: retention (statements of leavers, old reminder logs)",
        "someone else's job",
    }

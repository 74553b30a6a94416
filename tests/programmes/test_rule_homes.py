"""Lint: the shared rules are spelt out only in their querysets module
(docs/decisions/0011). A copy of "current" (`ended_on__isnull=True`) or of a
due-date comparison (`due_on__lt`, `due_on__lte`) anywhere else in the
application fails this test: use Assignment.objects.current(), outstanding(),
overdue(as_of), due_by(day) or the *_q builders. Likewise the booking rules
(a place on a session that is not cancelled) live only in
scheduling/querysets.py: use Booking.objects.active(), upcoming(as_of),
abstracting() or their *_q builders."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("crystal_learning", "modules", "quizzes")
HOME = ROOT / "crystal_learning" / "programmes" / "querysets.py"
COPIES = re.compile(r"ended_on__isnull\s*=\s*True|due_on__lte?\b")
BOOKING_HOME = ROOT / "crystal_learning" / "scheduling" / "querysets.py"
BOOKING_COPIES = re.compile(r"session__cancelled\s*=|bookings__status__in\s*=\s*\[")


def copies_outside_home(home: Path = HOME, copies: re.Pattern = COPIES) -> list[str]:
    found = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            if path == home or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if copies.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_assignment_rules_live_only_in_their_querysets_module():
    assert copies_outside_home() == []


def test_the_booking_rules_live_only_in_their_querysets_module():
    assert copies_outside_home(BOOKING_HOME, BOOKING_COPIES) == []
    assert BOOKING_COPIES.search("Booking.objects.filter(session__cancelled=False)")
    assert BOOKING_COPIES.search('Q(bookings__status__in=["booked", "attended"])')


def test_the_lint_sees_a_copy(tmp_path):
    assert COPIES.search("Assignment.objects.filter(ended_on__isnull=True)")
    assert COPIES.search("qs.filter(due_on__lt=today)")
    assert COPIES.search("qs.filter(due_on__lte=today)")
    assert not COPIES.search("qs.filter(due_on__gte=today)")

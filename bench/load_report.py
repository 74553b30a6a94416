"""The figures of bench/load.py, read from the users' request log.

A request is "in" a fault window when it was in flight at any moment between
the fault's start and its end plus the recovery allowed after it; latency
targets are judged on the requests outside every window, and the ones inside
are shown apart. A failure is a server error or no answer (connection refused
or reset); a 4xx is the site refusing the bot's input (an incomplete quiz
answer), counted per page but not a fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TARGET_MS = 500.0


@dataclass(frozen=True)
class Request:
    start: float
    name: str
    status: int
    ms: float

    @property
    def end(self) -> float:
        return self.start + self.ms / 1000

    @property
    def failed(self) -> bool:
        return self.status >= 500 or self.status == 0


@dataclass(frozen=True)
class Window:
    what: str
    begin: float
    end: float  # the fault's end plus the recovery allowed

    def holds(self, request: Request) -> bool:
        return request.start <= self.end and request.end >= self.begin


def read_log(path: Path) -> list[Request]:
    rows = []
    with path.open() as source:
        for line in source:
            start, name, status, ms = line.rstrip("\n").rsplit(",", 3)
            rows.append(Request(float(start), name, int(status), float(ms)))
    rows.sort(key=lambda r: r.start)
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0


def page_table(rows: Iterable[Request], title: str) -> dict[str, float]:
    """Print requests, failures and p50/p95/p99 per page; return p95 per page."""
    by_page: dict[str, list[Request]] = {}
    for r in rows:
        by_page.setdefault(r.name, []).append(r)
    print(f"\n{title}")
    print(
        f"{'page':24} {'requests':>8} {'5xx/0':>5} {'4xx':>5} {'p50':>6} {'p95':>6}"
        f" {'p99':>6}"
    )
    p95s = {}
    for name in sorted(by_page):
        page = by_page[name]
        times = [r.ms for r in page]
        p95s[name] = percentile(times, 0.95)
        print(
            f"{name:24} {len(page):8} {sum(r.failed for r in page):5} "
            f"{sum(400 <= r.status < 500 for r in page):5} "
            f"{percentile(times, 0.5):6.0f} {p95s[name]:6.0f} "
            f"{percentile(times, 0.99):6.0f}"
        )
    return p95s


def verdict(p95s: dict[str, float]) -> str:
    if not p95s:
        return "no requests"
    worst = max(p95s, key=p95s.get)
    met = "met" if p95s[worst] <= TARGET_MS else "NOT met"
    return (
        f"worst page p95 {p95s[worst]:.0f} ms ({worst}): "
        f"target {TARGET_MS:.0f} ms {met}"
    )


def throughput(rows: list[Request]) -> str:
    if not rows:
        return "no requests"
    span = max(r.end for r in rows) - rows[0].start
    return f"{len(rows)} requests in {span:.0f} s = {len(rows) / span:.1f}/s"


def fault_report(rows: list[Request], windows: list[Window]) -> None:
    """Latency outside and inside the fault windows, and where the failures fell."""
    print(f"\nAll requests: {throughput(rows)}")
    outside = [r for r in rows if not any(w.holds(r) for w in windows)]
    inside = [r for r in rows if any(w.holds(r) for w in windows)]
    spans = "; ".join(
        f"{w.what} {w.begin - rows[0].start:.0f}-{w.end - rows[0].start:.0f} s"
        for w in windows
    )
    p95s = page_table(outside, f"Outside the fault windows ({throughput(outside)})")
    print(verdict(p95s))
    if windows:
        page_table(inside, f"Inside the fault windows ({spans})")
        print(f"\n{'fault window':36} {'requests':>8} {'failed':>6} {'p95 ms':>7}")
        for w in windows:
            held = [r for r in rows if w.holds(r)]
            times = [r.ms for r in held]
            print(
                f"{w.what:36} {len(held):8} {sum(r.failed for r in held):6} "
                f"{percentile(times, 0.95):7.0f}"
            )
    stray = [r for r in outside if r.failed]
    print(f"failures outside any fault window: {len(stray)}")
    for r in stray[:10]:
        print("   ", r)
    recovered = max((w.end for w in windows), default=rows[0].start)
    after = [r for r in rows if r.start > recovered and r.failed]
    print(
        f"failures (5xx or no answer) after the last recovery "
        f"({recovered - rows[0].start:.0f} s on): {len(after)}"
    )


def step_report(
    rows: list[Request], origin: float, steps: list[int], seconds: int, rate: int, cpu
) -> None:
    """Per step: the user count, its requests/s and p95 once all users are in."""
    print(
        f"\n{'users':>5} {'measured':>9} {'req/s':>6} {'failed':>6} "
        f"{'p95 all':>7} {'worst page p95':>30} {'locust CPU':>10}"
    )
    best = previous = 0
    missed = False
    for index, users in enumerate(steps):
        begin = origin + index * seconds
        settle = max(0, users - previous) / rate + 10
        previous = users
        start, end = begin + settle, begin + seconds
        held = [r for r in rows if start <= r.start < end]
        if not held:
            print(f"{users:5} no requests")
            continue
        by_page: dict[str, list[float]] = {}
        for r in held:
            by_page.setdefault(r.name, []).append(r.ms)
        p95s = {name: percentile(times, 0.95) for name, times in by_page.items()}
        worst = max(p95s, key=p95s.get)
        _span, used, _machine = cpu.between(start, end)
        locust = used.get("locust", 0.0) / max(end - start, 1)
        print(
            f"{users:5} {end - start:7.0f} s {len(held) / (end - start):6.1f} "
            f"{sum(r.failed for r in held):6} "
            f"{percentile([r.ms for r in held], 0.95):7.0f} "
            f"{f'{p95s[worst]:.0f} ms ({worst})':>30} {locust:6.2f} cores"
        )
        met = p95s[worst] <= TARGET_MS and not any(r.failed for r in held)
        if met and not missed:
            best = users
        missed = missed or not met
    print(
        f"highest user count with every page's p95 <= {TARGET_MS:.0f} ms and no "
        f"failure (at it and every step below): {best or 'none'}"
    )

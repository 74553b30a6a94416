"""CPU seconds of named process trees, sampled once a second in a thread.

Each group is a root process and all its descendants (a worker killed by a
fault keeps the CPU it used; its replacement joins the group), or, for
PostgreSQL, the server processes whose title names one database. The machine's
busy time (all cores, every process) is sampled beside them, so a report can say
what share the load generator took and how much was someone else's.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

import psutil


@dataclass
class Sample:
    at: float
    groups: dict[str, float]  # group -> CPU seconds used so far
    machine: float  # busy CPU seconds of the whole machine so far
    load: float  # 1-minute load average


class CpuMeter(threading.Thread):
    def __init__(self, roots: dict[str, int], database: str = "") -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.database = database
        self.used: dict[str, dict[int, float]] = {name: {} for name in roots}
        if database:
            self.used["PostgreSQL (this database)"] = {}
        self.samples: list[Sample] = []
        self.cores = psutil.cpu_count() or 1
        self._done = threading.Event()
        self._backends: list[psutil.Process] = []

    def run(self) -> None:
        tick = 0
        while not self._done.is_set():
            if self.database and tick % 5 == 0:
                self._backends = self._find_backends()
            self.sample()
            tick += 1
            self._done.wait(1)

    def stop(self) -> None:
        self._done.set()
        self.join(5)
        self.sample()

    def sample(self) -> None:
        for name, pid in self.roots.items():
            try:
                root = psutil.Process(pid)
                # This process's own children are the other groups.
                mine = pid == os.getpid()
                tree = [root, *([] if mine else root.children(recursive=True))]
            except psutil.Error:
                continue
            self._add(name, tree)
        if self.database:
            self._add("PostgreSQL (this database)", self._backends)
        busy = psutil.cpu_times()
        machine = sum(busy) - busy.idle - getattr(busy, "iowait", 0.0)
        self.samples.append(
            Sample(
                time.time(),
                {name: sum(used.values()) for name, used in self.used.items()},
                machine,
                os.getloadavg()[0],
            )
        )

    def _add(self, name: str, processes: list[psutil.Process]) -> None:
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            self.used[name][process.pid] = times.user + times.system

    def _find_backends(self) -> list[psutil.Process]:
        found = []
        for process in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and f" {self.database} " in cmdline:
                found.append(process)
        return found

    def between(
        self, begin: float, end: float
    ) -> tuple[float, dict[str, float], float]:
        """(seconds, CPU seconds per group, machine busy seconds) over [begin, end]."""
        if not self.samples:
            return 0.0, {}, 0.0
        first = min(self.samples, key=lambda s: abs(s.at - begin))
        last = min(self.samples, key=lambda s: abs(s.at - end))
        groups = {
            name: last.groups.get(name, 0.0) - first.groups.get(name, 0.0)
            for name in last.groups
        }
        return last.at - first.at, groups, last.machine - first.machine

    def report(self, begin: float, end: float, title: str) -> list[str]:
        seconds, groups, machine = self.between(begin, end)
        if seconds <= 0:
            return [f"CPU {title}: no samples"]
        capacity = seconds * self.cores
        lines = [
            f"CPU {title}: {seconds:.0f} s x {self.cores} cores = {capacity:.0f} "
            f"CPU s; machine busy {machine:.0f} s ({machine / capacity:.0%})"
        ]
        for name, used in groups.items():
            lines.append(
                f"  {name:28} {used:7.1f} s = {used / seconds:5.2f} cores "
                f"({used / capacity:4.0%} of the machine)"
            )
        other = machine - sum(groups.values())
        lines.append(
            f"  {'everything else':28} {other:7.1f} s = {other / seconds:5.2f} cores "
            f"({other / capacity:4.0%} of the machine: other work, the kernel)"
        )
        loads = [s.load for s in self.samples if begin <= s.at <= end]
        if loads:
            lines.append(
                f"  load average (1 min) {min(loads):.1f}-{max(loads):.1f} "
                f"during; {loads[-1]:.1f} at the end"
            )
        return lines

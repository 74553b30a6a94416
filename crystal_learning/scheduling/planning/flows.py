"""The flow graphs built from a `_Network` and their solves (OR-Tools'
`SimpleMaxFlow` and `SimpleMinCostFlow`): the team-side network (exact when
no session has a code, else a relaxation), the code-side relaxation, the
spread min-cost flow and the binary search for the earliest finish."""

from __future__ import annotations

from datetime import date

from ortools.graph.python import max_flow, min_cost_flow

from .network import REST_DAY_COST, UNLIMITED, _Network


class _Graph:
    """Arcs into a max flow or a min-cost flow solver, nodes numbered as made."""

    def __init__(self, first_free: int, *, cost: bool):
        self.cost = cost
        self.solver = (
            min_cost_flow.SimpleMinCostFlow() if cost else max_flow.SimpleMaxFlow()
        )
        self.next_node = first_free

    def node(self) -> int:
        self.next_node += 1
        return self.next_node - 1

    def arc(self, tail: int, head: int, capacity: int, unit_cost: int = 0) -> int:
        if self.cost:
            return self.solver.add_arc_with_capacity_and_unit_cost(
                tail, head, capacity, unit_cost
            )
        return self.solver.add_arc_with_capacity(tail, head, capacity)


SOURCE, SINK = 0, 1


def _team_graph(net: _Network, last_day: date | None, *, cost: bool):
    """The team-side network (exact when no session has a code; else a
    relaxation that merges each day's sessions):

        source -> person (1) -> [(team, day, code): the code's cap]
               -> (team, day): the team's cap -> day: its places -> sink

    a person on restricted duties goes straight to the day (no cap). With
    `cost`, the k-th person of a team-day costs 2k - 1 (square spreading) and
    a rest day REST_DAY_COST. Returns (graph, person arcs [(arc, index, day)])."""
    instance = net.instance
    graph = _Graph(2 + len(instance.people), cost=cost)
    team_day_node: dict[tuple[str, date], int] = {}
    code_node: dict[tuple[str, date, str], int] = {}
    day_node: dict[date, int] = {}
    person_arcs: list[tuple[int, int, date]] = []

    def day_of(day: date) -> int:
        if day not in day_node:
            day_node[day] = graph.node()
            graph.arc(day_node[day], SINK, net.day_capacity[day], 0)
        return day_node[day]

    def team_day(key: tuple[str, date]) -> int:
        if key not in team_day_node:
            team_day_node[key] = graph.node()
            target = day_of(key[1])
            if cost:
                # Convex cost: the k-th person of a team on a day costs 2k - 1,
                # so a team's total is the sum of its squared daily loads.
                for k in range(1, net.team_caps[key] + 1):
                    graph.arc(team_day_node[key], target, 1, 2 * k - 1)
            else:
                graph.arc(team_day_node[key], target, net.team_caps[key])
        return team_day_node[key]

    for index, person in enumerate(instance.people):
        usable = [o for o in net.options[index] if last_day is None or o[0] <= last_day]
        if not usable:
            continue
        graph.arc(SOURCE, 2 + index, 1, 0)
        for day, rest, code, restricted in usable:
            if restricted:
                target = day_of(day)
            else:
                target = team_day((person.team, day))
                key = (person.team, day, code)
                if key in net.code_caps:
                    if key not in code_node:
                        code_node[key] = graph.node()
                        graph.arc(code_node[key], target, net.code_caps[key], 0)
                    target = code_node[key]
            arc = graph.arc(2 + index, target, 1, REST_DAY_COST if rest else 0)
            person_arcs.append((arc, index, day))
    return graph, person_arcs


def _code_graph(net: _Network, last_day: date | None) -> tuple[_Graph, int]:
    """The code-side relaxation (team caps dropped, session codes kept):

        source -> person (1) -> [(team, day, code): the code's cap]
               -> (day, code) -> sink (that code's places that day)
                              -> day's open places -> sink

    Returns (graph, number of person arcs)."""
    instance = net.instance
    graph = _Graph(2 + len(instance.people), cost=False)
    day_code_node: dict[tuple[date, str], int] = {}
    open_node: dict[date, int] = {}
    code_node: dict[tuple[str, date, str], int] = {}
    arcs = 0

    def day_code(day: date, code: str) -> int:
        if (day, code) not in day_code_node:
            node = day_code_node[day, code] = graph.node()
            places = net.code_capacity.get((day, code), 0)
            if places:
                graph.arc(node, SINK, places)
            if net.open_capacity.get(day, 0):
                if day not in open_node:
                    open_node[day] = graph.node()
                    graph.arc(open_node[day], SINK, net.open_capacity[day])
                graph.arc(node, open_node[day], UNLIMITED)
        return day_code_node[day, code]

    for index, person in enumerate(instance.people):
        usable = [o for o in net.options[index] if last_day is None or o[0] <= last_day]
        if not usable:
            continue
        graph.arc(SOURCE, 2 + index, 1)
        for day, _rest, code, restricted in usable:
            target = day_code(day, code)
            key = (person.team, day, code)
            if not restricted and key in net.code_caps:
                if key not in code_node:
                    code_node[key] = graph.node()
                    graph.arc(code_node[key], target, net.code_caps[key])
                target = code_node[key]
            graph.arc(2 + index, target, 1)
            arcs += 1
    return graph, arcs


def _solve_max(graph: _Graph) -> int:
    status = graph.solver.solve(SOURCE, SINK)
    if status != graph.solver.OPTIMAL:  # pragma: no cover - OR-Tools failure
        raise RuntimeError(f"max flow failed with status {status}")
    return graph.solver.optimal_flow()


def _max_flow(net: _Network, last_day: date | None) -> int:
    """Most people who can be assigned using days up to `last_day` (exact
    when no session has a code; else the team-side relaxation)."""
    graph, person_arcs = _team_graph(net, last_day, cost=False)
    return _solve_max(graph) if person_arcs else 0


def _code_max_flow(net: _Network, last_day: date | None) -> int:
    """The code-side relaxation's most people up to `last_day`."""
    graph, arcs = _code_graph(net, last_day)
    return _solve_max(graph) if arcs else 0


def _balanced(net: _Network, last_day: date, value: int) -> dict[int, date]:
    """A flow of `value` people on days <= last_day, spreading each team's
    load (square costs per team-day) and avoiding rest days."""
    graph, person_arcs = _team_graph(net, last_day, cost=True)
    solver = graph.solver
    solver.set_node_supply(SOURCE, value)
    solver.set_node_supply(SINK, -value)
    status = solver.solve()
    if status != solver.OPTIMAL:  # pragma: no cover - the max flow proved it feasible
        raise RuntimeError(f"min cost flow failed with status {status}")
    chosen = {}
    for arc, index, day in person_arcs:
        if solver.flow(arc) > 0:
            chosen[index] = day
    return chosen


def _earliest(net: _Network, flow, target: int, say, low: int = 0) -> int:
    """The index of the earliest day by which `flow` reaches `target`
    (monotone in the day: binary search); `flow(days[-1])` must reach it."""
    high = len(net.days) - 1
    while low < high:
        say(f"finish between {net.days[low]} and {net.days[high]}")
        middle = (low + high) // 2
        if flow(net, net.days[middle]) >= target:
            high = middle
        else:
            low = middle + 1
    return low


def _flow_choice(graph: _Graph, person_arcs, value: int) -> dict[int, date]:
    solver = graph.solver
    solver.set_node_supply(SOURCE, value)
    solver.set_node_supply(SINK, -value)
    status = solver.solve()
    if status != solver.OPTIMAL:  # pragma: no cover - a max flow proved it
        raise RuntimeError(f"min cost flow failed with status {status}")
    return {index: day for arc, index, day in person_arcs if solver.flow(arc) > 0}

"""Flow plans when sessions carry duty codes (docs/planner.md, "Sessions with
codes"): `_fit` makes a team-side plan respect the sessions' codes, and the
split restriction (each several-code team-day's cap shared among its codes
beforehand) is a flow network whose every flow keeps every rule, so
`_split_plan` improves a plan without ever making it worse."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from .flows import SINK, SOURCE, _earliest, _flow_choice, _Graph, _solve_max
from .network import REST_DAY_COST, UNLIMITED, Option, _Network, _option_of


def _split_graph(
    net: _Network,
    split: dict[tuple[str, date, str], int],
    last_day: date | None,
    *,
    cost: bool,
):
    """A restriction of the problem that is a flow network (so every flow is
    a plan keeping every rule): a team-day whose people are all on one code
    keeps its cap, `(team, day, code) -> (team, day) [cap] -> (day, code)`;
    a team-day with several codes has its cap split among them beforehand
    (`split`), `(team, day, code) [min(code's cap, its share)] -> (day,
    code)`; then `(day, code) -> sink` (that code's places) and `-> the day's
    open places -> sink`. Restricted duties go straight to `(day, code)`.
    With `cost`, spreading and rest-day costs as in `_team_graph`."""
    instance = net.instance
    graph = _Graph(2 + len(instance.people), cost=cost)
    person_arcs: list[tuple[int, int, date]] = []
    day_code_node: dict[tuple[date, str], int] = {}
    open_node: dict[date, int] = {}
    team_day_node: dict[tuple[str, date], int] = {}
    code_node: dict[tuple[str, date, str], int] = {}

    def capped(tail: int, head: int, cap: int) -> None:
        if cost:
            for k in range(1, cap + 1):
                graph.arc(tail, head, 1, 2 * k - 1)
        else:
            graph.arc(tail, head, cap)

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
        graph.arc(SOURCE, 2 + index, 1, 0)
        for day, rest, code, restricted in usable:
            target = day_code(day, code)
            key = (person.team, day, code)
            if not restricted:
                if key not in code_node:
                    code_node[key] = graph.node()
                    share = split.get(key)
                    if share is None:  # one code that day: the team's cap
                        if (person.team, day) not in team_day_node:
                            team_day_node[person.team, day] = graph.node()
                            capped(
                                team_day_node[person.team, day],
                                target,
                                net.team_caps[person.team, day],
                            )
                        graph.arc(
                            code_node[key],
                            team_day_node[person.team, day],
                            net.code_caps.get(key, UNLIMITED),
                        )
                    else:
                        capped(
                            code_node[key],
                            target,
                            min(share, net.code_caps.get(key, UNLIMITED)),
                        )
                target = code_node[key]
            arc = graph.arc(2 + index, target, 1, REST_DAY_COST if rest else 0)
            person_arcs.append((arc, index, day))
    return graph, person_arcs


def _split(net: _Network, plan: dict[int, date]) -> dict[tuple[str, date, str], int]:
    """Each several-code team-day's cap shared among its codes: what `plan`
    (a plan keeping every rule) uses of each, the rest to the code with the
    most people who could use it."""
    instance = net.instance
    codes: dict[tuple[str, date], dict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for index, person in enumerate(instance.people):
        for day, _rest, code, restricted in net.options[index]:
            if not restricted:
                codes[person.team, day][code] += 1
    used: dict[tuple[str, date, str], int] = defaultdict(int)
    for index, day in plan.items():
        option = _option_of(net, index, day)
        if not option[3]:
            used[instance.people[index].team, day, option[2]] += 1
    split = {}
    for (team, day), candidates in codes.items():
        if len(candidates) < 2:
            continue
        shares = {c: used[team, day, c] for c in candidates}
        spare = net.team_caps[team, day] - sum(shares.values())
        if spare > 0:
            most = max(candidates, key=lambda c: (candidates[c] - shares[c], c))
            shares[most] += spare
        for code, share in shares.items():
            split[team, day, code] = share
    return split


def _split_plan(
    net: _Network,
    known: dict[int, date],
    say,
    bound_for: Callable[[int], int],
    upper: int | None = None,
) -> dict[int, date]:
    """A better plan than `known` (never worse): the split restriction with
    the shares `known` uses, re-split from its own answer while it gains;
    then its earliest finish (searched from the relaxations' bound,
    `bound_for`) and spreading."""
    split = _split(net, known)
    best = len(known)
    for _round in range(3):
        graph, arcs = _split_graph(net, split, None, cost=False)
        value = _solve_max(graph) if arcs else 0
        say(f"split network: {value} can be placed")
        if value <= best:
            break
        best = value
        last = net.days[-1]
        graph, person_arcs = _split_graph(net, split, last, cost=True)
        known = _flow_choice(graph, person_arcs, value)
        split = _split(net, known)
        if upper is not None and best >= upper:
            break  # the relaxations' most: no round can gain

    def reaches(net: _Network, day: date) -> int:
        graph, arcs = _split_graph(net, split, day, cost=False)
        return _solve_max(graph) if arcs else 0

    finish = _earliest(net, reaches, best, say, low=bound_for(best))
    if net.days[finish] >= max(known.values(), default=net.days[0]):
        return known
    graph, person_arcs = _split_graph(net, split, net.days[finish], cost=True)
    return _flow_choice(graph, person_arcs, best)


def _fit(net: _Network, chosen: dict[int, date]) -> dict[int, date]:
    """Make a team-side plan respect session codes: each day's people go to a
    session of their code, else an open one; whoever does not fit is placed
    on their earliest other day with room left under every rule, or not at
    all."""
    instance = net.instance
    free_code = dict(net.code_capacity)
    free_open = dict(net.open_capacity)
    team_load: dict[tuple[str, date], int] = defaultdict(int)
    code_load: dict[tuple[str, date, str], int] = defaultdict(int)
    kept: dict[int, date] = {}
    dropped = []

    def take(index: int, option: Option) -> bool:
        day, _rest, code, restricted = option
        team = instance.people[index].team
        if not restricted:
            if team_load[team, day] >= net.team_caps[team, day]:
                return False
            if code_load[team, day, code] >= net.code_caps.get(
                (team, day, code), UNLIMITED
            ):
                return False
        if free_code.get((day, code), 0) > 0:
            free_code[day, code] -= 1
        elif free_open.get(day, 0) > 0:
            free_open[day] -= 1
        else:
            return False
        if not restricted:
            team_load[team, day] += 1
            code_load[team, day, code] += 1
        kept[index] = day
        return True

    for index in sorted(chosen):
        if not take(index, _option_of(net, index, chosen[index])):
            dropped.append(index)
    for index in dropped:
        for option in net.options[index]:
            if take(index, option):
                break
    return kept

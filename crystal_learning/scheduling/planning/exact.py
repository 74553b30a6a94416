"""The exact plan by integer programming (OR-Tools' MIP solver), for sessions
with codes when the flow plans do not reach the relaxations' bounds and the
programme is small enough (docs/planner.md, "Sessions with codes").

People with the same team and the same options are one class: a variable is
the number of a class's people on one option. Three steps: the most people,
then the earliest finish for that many, then spreading each team's load.
OR-Tools' linear solver is imported when first used (it is slow to load).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from .network import REST_DAY_COST, Option, _Network

#: When sessions carry codes and the flow plan is not proven optimal, the
#: integer programme (people grouped into interchangeable classes) is
#: solved when it has at most this many variables; beyond, the flow plan is
#: returned with the relaxations' bound (method "flow+bound").
EXACT_VARIABLE_LIMIT = 60_000
EXACT_SECONDS = 20.0  # per MIP solve
BALANCE_SECONDS = 3.0  # spreading is best effort: the best found by then
MIP_SOLVER = "CBC"

#: (team, its people's options) -> the people (indexes) of that class
Classes = dict[tuple[str, tuple[Option, ...]], list[int]]


def _classes(net: _Network) -> Classes:
    classes: Classes = defaultdict(list)
    for index, person in enumerate(net.instance.people):
        if net.options[index]:
            classes[person.team, tuple(net.options[index])].append(index)
    return classes


def _build(
    net: _Network, classes: Classes, last_day: date | None, *, integer: bool = True
):
    """The programme on days up to `last_day` (its linear relaxation unless
    `integer`): every rule a constraint. Returns (solver, variables [(class
    members, option, var)], the number placed, team-day terms)."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver(MIP_SOLVER if integer else "GLOP")
    solver.SetTimeLimit(int(EXACT_SECONDS * 1000))
    variables = []  # (class members, option, var)
    team_terms = defaultdict(list)
    code_terms = defaultdict(list)
    day_code_terms = defaultdict(list)
    for (team, options), people in classes.items():
        mine = []
        for option in options:
            day, _rest, code, restricted = option
            if last_day is not None and day > last_day:
                continue
            var = (solver.IntVar if integer else solver.NumVar)(0, len(people), "")
            mine.append(var)
            variables.append((people, option, var))
            if not restricted:
                team_terms[team, day].append(var)
                if (team, day, code) in net.code_caps:
                    code_terms[team, day, code].append(var)
            day_code_terms[day, code].append(var)
        if mine:
            solver.Add(solver.Sum(mine) <= len(people))
    for key, terms in team_terms.items():
        solver.Add(solver.Sum(terms) <= net.team_caps[key])
    for key, terms in code_terms.items():
        solver.Add(solver.Sum(terms) <= net.code_caps[key])
    overflow = defaultdict(list)
    for (day, code), terms in day_code_terms.items():
        spill = solver.NumVar(0, net.open_capacity.get(day, 0), "")
        overflow[day].append(spill)
        places = net.code_capacity.get((day, code), 0)
        solver.Add(solver.Sum(terms) <= places + spill)
    for day, spills in overflow.items():
        solver.Add(solver.Sum(spills) <= net.open_capacity.get(day, 0))
    total = solver.Sum([var for _people, _option, var in variables])
    return solver, variables, total, team_terms


def _hint(solver, variables, plan: dict[int, date]) -> None:
    counts = defaultdict(int)
    for index, day in plan.items():
        counts[index, day] = 1
    solver.SetHint(
        [var for _p, _o, var in variables],
        [float(sum(counts[i, o[0]] for i in p)) for p, o, _var in variables],
    )


def _decode(variables) -> dict[int, date]:
    chosen = {}
    left = {}
    for people, option, var in variables:
        key = id(people)
        left.setdefault(key, list(people))
        for _ in range(round(var.solution_value())):
            chosen[left[key].pop(0)] = option[0]
    return chosen


def _most_people(
    net: _Network, classes: Classes, upper: int, known: dict[int, date], say
) -> tuple[int, dict[int, date]] | None:
    """The most people and a plan placing them (`known` when it reaches
    `upper` or the linear relaxation's most); None when not proven in time."""
    from ortools.linear_solver import pywraplp

    proven = pywraplp.Solver.OPTIMAL
    best = len(known)
    if best < upper:
        solver, _variables, total, _ = _build(net, classes, None, integer=False)
        solver.Maximize(total)
        if solver.Solve() == proven:
            upper = min(upper, int(solver.Objective().Value() + 1e-6))
    if best < upper:
        solver, variables, total, _ = _build(net, classes, None)
        solver.Maximize(total)
        _hint(solver, variables, known)
        if solver.Solve() != proven:
            say("integer programme: the most people not proven in time")
            return None
        best = round(solver.Objective().Value())
        known = _decode(variables)
        say(f"integer programme: at most {best} can be placed")
    return best, known


def _earliest_finish(
    net: _Network,
    classes: Classes,
    best: int,
    known: dict[int, date],
    low: int,
    say,
) -> tuple[dict[int, date], int, bool]:
    """The earliest finish (a day index) for `best` people, searched from
    `low` (tried first) to `known`'s finish; each day is first checked by the
    linear relaxation (infeasible there: a proof), then by the MIP. Returns
    (plan, index of the lower bound on the finish, proven)."""
    from ortools.linear_solver import pywraplp

    high = net.days.index(max(known.values()))
    first = True
    while low < high:
        middle = low if first else (low + high) // 2
        first = False
        say(f"integer programme: finish between {net.days[low]} and {net.days[high]}")
        solver, _variables, total, _ = _build(
            net, classes, net.days[middle], integer=False
        )
        solver.Add(total >= best)
        if solver.Solve() == pywraplp.Solver.INFEASIBLE:
            low = middle + 1
            continue
        solver, variables, total, _ = _build(net, classes, net.days[middle])
        solver.Add(total >= best)
        status = solver.Solve()
        if status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            high = middle
            known = _decode(variables)
        elif status == pywraplp.Solver.INFEASIBLE:
            low = middle + 1
        else:
            say("integer programme: the finish not proven in time")
            return known, low, False
    return known, low, True


def _spread(
    net: _Network,
    classes: Classes,
    best: int,
    last_day: date,
    known: dict[int, date],
) -> dict[int, date]:
    """`best` people by `last_day` with each team-day's squared load (unit
    steps of cost 2k - 1, convex so they fill in order) and rest days dearer,
    the best found in BALANCE_SECONDS; else `known`."""
    from ortools.linear_solver import pywraplp

    solver, variables, total, team_terms = _build(net, classes, last_day)
    solver.Add(total == best)
    costs = []
    for key, terms in team_terms.items():
        steps = [solver.NumVar(0, 1, "") for _ in range(net.team_caps[key])]
        solver.Add(solver.Sum(steps) == solver.Sum(terms))
        costs += [(2 * k + 1) * step for k, step in enumerate(steps)]
    costs += [REST_DAY_COST * var for _p, option, var in variables if option[1]]
    solver.Minimize(solver.Sum(costs))
    _hint(solver, variables, known)
    solver.SetTimeLimit(int(BALANCE_SECONDS * 1000))
    if solver.Solve() in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        known = _decode(variables)
    return known


def _exact(
    net: _Network,
    *,
    upper: int,
    bound_for: Callable[[int], int],
    known: dict[int, date],
    say,
) -> tuple[dict[int, date], int, bool] | None:
    """The exact plan by integer programming: the most people, then the
    earliest finish, then spread. `upper` bounds the count and `bound_for(n)`
    is the relaxations' earliest finish (a day index) for n people; `known`
    is a feasible plan (a hint, and the answer when it reaches `upper`).

    The relaxations' bound is tried first (it is usually reached), then a
    binary search. Returns (chosen, index of the lower bound on the finish,
    proven optimal) or None when too big or the most people is not proven in
    time."""
    classes = _classes(net)
    size = sum(len(key[1]) for key in classes)
    if size > EXACT_VARIABLE_LIMIT:
        say(f"integer programme too big ({size:,} variables): flow plan kept")
        return None
    say(f"integer programme: {len(classes):,} classes, {size:,} variables")
    most = _most_people(net, classes, upper, known, say)
    if most is None:
        return None
    best, known = most
    if best == 0:
        return {}, 0, True
    known, low, proven = _earliest_finish(
        net, classes, best, known, bound_for(best), say
    )
    if not proven:
        return known, low, False
    return _spread(net, classes, best, net.days[low], known), low, True

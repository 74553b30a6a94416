"""Planning the rolling programme: who attends which briefing session.

- `problem`: the planning problem (teams, people, sessions, policy) and its
  hard rules; pure Python, no database.
- `solver`: OR-Tools network flows that solve it (`plan`; an integer
  programme when sessions inside shifts need it) and a from-scratch check of
  a result (`plan_check`).
- `network`, `flows`, `split`, `exact`: the solver's pieces (the problem as
  a network's data, the flow graphs, the flow plans for sessions with codes,
  the integer programme).
- `instance_file`: the JSON instance format (docs/planner.md) and `plan_file`.
- `instance`: the problem built from the database for one briefing.
- `services`: drafts kept and published into bookings.

Nothing here imports a model at load time except `instance` and `services`, so
the solver runs without a database (`manage.py crystal_plan`, bench/planner.py).
"""

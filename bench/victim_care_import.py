"""Time the victim care import (Admin -> Victim care -> Import records) over HTTP.

    .venv/bin/python bench/victim_care_import.py --db sqlite
    .venv/bin/python bench/victim_care_import.py --db postgres --sizes 1000,10000,50000

A fresh `crystal_vc_bench` database (production settings), migrated, with the
demo force (about 1,200 people, 45 teams) and its three months of victim care
records; gunicorn (2 sync workers, production settings) on 127.0.0.1. Signed
in as the demo training manager, as the admin screen is used, for each size:

1. upload: POST the CSV to the import form (the check, stored as the preview)
   and GET the preview page it redirects to;
2. apply: POST "Apply import" and GET the compliance page it redirects to;

then the largest file again (every row replaces a record: the same crime
references). Each file is valid: staff numbers of the demo force, dates in the
last three months, about a third of the boxes N with a rationale. Prints the
seconds of each request and the file's size; a step that passes gunicorn's
--timeout shows as an error.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
    stop,
)

NAME = "crystal_vc_bench"
USERNAME = "manager"
PASSWORD = "crystal-demo"  # noqa: S105 - the demo sign-in (crystal_learning/demo/force.py)
BOXES = (
    "leaflet_given",
    "contact_details_left",
    "vna_completed",
    "contact_plan_agreed",
    "vps_offered",
    "right_to_review_given",
    "compensation_discussed",
)
STAFF_NUMBERS = (
    "from crystal_learning.people.models import Person\n"
    "print(','.join(Person.objects.filter(active=True)"
    ".values_list('staff_number', flat=True)))"
)


def extract(rows: int, staff: list[str], seed: int) -> bytes:
    """A valid extract of `rows` crimes (references BV/<rows>/<n>)."""
    rng = random.Random(seed)
    today = date.today()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["crime_ref", "recorded_on", "staff_number", *BOXES, "rationale", "case_status"]
    )
    for n in range(rows):
        closed = rng.random() < 0.4
        answers = []
        for box in BOXES:
            if box in BOXES[4:] and not closed:
                answers.append(rng.choice(("NA", "NA", "Y")))
            else:
                answers.append(rng.choice(("Y", "Y", "N")))
        rationale = "Victim declined at first contact." if "N" in answers else ""
        writer.writerow(
            [
                f"BV/{rows}/{n:06d}",
                (today - timedelta(days=rng.randrange(1, 90))).isoformat(),
                rng.choice(staff),
                *answers,
                rationale,
                "closed" if closed else "open",
            ]
        )
    return out.getvalue().encode()


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(client: httpx.Client) -> None:
    page = client.get("/accounts/sign-in/")
    response = client.post(
        "/accounts/sign-in/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf(page.text),
        },
    )
    if client.get("/admin/victim-care/import/").status_code != 200:
        raise SystemExit(f"could not sign in as {USERNAME}: {response.status_code}")


def timed(label: str, function) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = function()
    except httpx.HTTPError as error:
        response, status = None, f"error: {error!r}"[:60]
    else:
        status = str(response.status_code)
    print(f"  {label:<44} {time.perf_counter() - started:8.2f} s  {status}", flush=True)
    return response


def run_file(client: httpx.Client, label: str, data: bytes) -> None:
    form = client.get("/admin/victim-care/import/")
    upload = timed(
        f"upload + preview ({label})",
        lambda: client.post(
            "/admin/victim-care/import/",
            data={"csrfmiddlewaretoken": csrf(form.text)},
            files={"file": ("bench.csv", data, "text/csv")},
        ),
    )
    if upload is None or "Apply import" not in upload.text:
        found = re.search(
            r'data-testid="import-(summary|problems)".{0,300}',
            upload.text if upload else "",
            re.S,
        )
        print("    no Apply button:", found.group(0) if found else "-", flush=True)
        return
    summary = re.search(r'data-testid="import-summary">([^<]+)<', upload.text)
    print(f"    {summary.group(1).strip() if summary else '?'}", flush=True)
    action = re.search(r'action="([^"]+/apply/)"', upload.text).group(1)
    applied = timed(
        f"apply + compliance page ({label})",
        lambda: client.post(action, data={"csrfmiddlewaretoken": csrf(upload.text)}),
    )
    if applied is not None:
        message = re.search(r"Imported [^<]+", applied.text)
        print(f"    {message.group(0) if message else applied.url}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=int, default=60, help="gunicorn --timeout")
    args = parser.parse_args()
    env = environment(args.db, NAME)
    env.update(
        {
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STATIC_ROOT": str(RESULTS / f"{NAME}-static"),
        }
    )
    fresh_database(args.db, NAME)
    print(f"{args.db}: migrating a fresh {NAME} and seeding the demo ...", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "crystal_demo", "--history")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    # The last line: the shell first says how many objects it imported.
    shell = manage(env, "shell", "-c", STAFF_NUMBERS)
    staff = shell.strip().splitlines()[-1].split(",")
    port = free_port()
    server = serve(
        env,
        port,
        probe="/accounts/sign-in/",
        extra=("--timeout", str(args.timeout)),
    )
    sizes = [int(size) for size in args.sizes.split(",")]
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            follow_redirects=True,
            timeout=args.timeout * 3,
        ) as client:
            sign_in(client)
            for size in sizes:
                data = extract(size, staff, args.seed)
                print(f"{size:,} rows, {len(data) / 1e6:.1f} MB", flush=True)
                run_file(client, f"{size:,} new", data)
            largest = extract(sizes[-1], staff, args.seed)
            run_file(client, f"{sizes[-1]:,} replacing", largest)
    finally:
        stop(server)


if __name__ == "__main__":
    main()

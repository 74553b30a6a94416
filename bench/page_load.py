"""Page load: 50 signed-in users on the tile and module pages, against a bare page.

    .venv/bin/python bench/page_load.py --db sqlite   [--users 50 --seconds 60]
    .venv/bin/python bench/page_load.py --db postgres

Builds a fresh demo site (production settings, gunicorn, 2 workers), gives 50
demo officers a password, tops the xAPI store up to --statements, and adds a
"bare" page: a ResourcePage with only a title, so it goes through the same
Wagtail serve path, middleware, sign-in and base template and nothing else.
Then locust (headless, in a second process) runs --users users, each signed in
as its own officer, requesting the Op Crystal tile, a video module page (each
with the officer's own viewing record) and the bare page in equal measure.
Prints p50/p95 per page and the module/bare and tile/bare ratios.

This file is also the locustfile (locust imports it and finds `Officer`).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import subprocess
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
    stop,
)

DB_NAME = "crystal_page_load"
PASSWORD = "bench-page-load-1"  # noqa: S105 - throwaway local accounts
PAGES = {
    "tile": "/op-crystal/",
    "module 1": "/op-crystal/why-op-crystal/",
    "module 2": "/op-crystal/victim-care-log/",
    "bare": "/op-crystal/bare/",
}
_numbers = itertools.count()

SETUP = f"""
from crystal_learning.people.models import Person
from modules.models import ResourcePage, TilePage, VideoModulePage, VideoWatch
tile = TilePage.objects.get(slug="op-crystal")
if not ResourcePage.objects.filter(slug="bare").exists():
    page = tile.add_child(instance=ResourcePage(title="Bare page", slug="bare"))
    page.save_revision().publish()
modules = list(VideoModulePage.objects.live())
people = Person.objects.filter(active=True, rank="PC").select_related("user")
for n, person in enumerate(people.order_by("pk")[:{{users}}]):
    user = person.user
    user.username = f"bench{{n}}"
    user.set_password("{PASSWORD}")
    user.save()
    for module in modules:
        VideoWatch.objects.get_or_create(
            person=person, page=module,
            defaults={{"fraction": 0.4, "resume_position": 30, "segments": "0[.]30"}},
        )
"""


class Officer(HttpUser):
    """One signed-in officer opening the learning pages."""

    wait_time = between(0.5, 1.5)

    def _keep_cookies(self):
        """As the TLS proxy would: production sets Secure cookies, and this
        client, talking plain HTTP on loopback, would otherwise drop them."""
        for cookie in list(self.client.cookies):
            if cookie.secure:
                self.client.cookies.set(cookie.name, cookie.value)
                self.client.cookies.clear(cookie.domain, cookie.path, cookie.name)
                self.client.cookies.set(cookie.name, cookie.value)

    def on_start(self):
        number = next(_numbers)
        # Behind the force's reverse proxy every request arrives as HTTPS.
        self.client.headers["X-Forwarded-Proto"] = "https"
        page = self.client.get("/accounts/sign-in/", name="sign in")
        self._keep_cookies()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        secure_host = self.host.replace("http://", "https://")
        response = self.client.post(
            "/accounts/sign-in/",
            {
                "username": f"bench{number}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": secure_host + "/accounts/sign-in/"},
            name="sign in",
            allow_redirects=False,
        )
        self._keep_cookies()
        response = self.client.get("/my-training/", name="my training")
        if "Sign out" not in response.text:
            raise RuntimeError(
                f"bench{number} could not sign in: {response.status_code} "
                f"{response.url} {response.text[:300]!r}"
            )

    @task
    def tile(self):
        self.client.get(PAGES["tile"], name="tile")

    @task
    def module(self):
        self.client.get(PAGES["module 1"], name="module")
        self.client.get(PAGES["module 2"], name="module")

    @task
    def bare(self):
        self.client.get(PAGES["bare"], name="bare")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--statements", type=int, default=100_000)
    args = parser.parse_args()

    env = environment(args.db, DB_NAME)
    fresh_database(args.db, DB_NAME)
    manage(env, "migrate", "-v", "0")
    manage(env, "crystal_demo", "--people", "1200")
    manage(env, "shell", "-c", SETUP.replace("{users}", str(args.users)))
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if args.statements:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "xapi_preload.py"),
                str(args.statements),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    port = free_port()
    server = serve(env, port, workers=args.workers, probe="/accounts/sign-in/")
    prefix = RESULTS / f"page_load_{args.db}"
    try:
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f", __file__,
                "--headless",
                "-u", str(args.users),
                "-r", str(max(1, args.users // 5)),
                "-t", f"{args.seconds}s",
                "--host", f"http://127.0.0.1:{port}",
                "--csv", str(prefix),
                "--only-summary",
                "--reset-stats",
                "--loglevel", "WARNING",
            ],
            cwd=ROOT,
            check=False,
        )  # fmt: skip
    finally:
        stop(server)

    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    print(
        f"\npage_load db={args.db} users={args.users} seconds={args.seconds} "
        f"gunicorn workers={args.workers} statements={args.statements:,}"
    )
    print(f"{'page':<10} {'requests':>9} {'failures':>9} {'p50 ms':>7} {'p95 ms':>7}")
    for name in ("tile", "module", "bare", "Aggregated"):
        row = rows[name]
        print(
            f"{name:<10} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{float(row['50%']):>7.0f} {float(row['95%']):>7.0f}"
        )
    print(f"throughput: {float(rows['Aggregated']['Requests/s']):.1f} requests/s")
    for name in ("module", "tile"):
        p50 = float(rows[name]["50%"]) / float(rows["bare"]["50%"])
        p95 = float(rows[name]["95%"]) / float(rows["bare"]["95%"])
        print(f"ratio {name}/bare: p50 {p50:.2f}, p95 {p95:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()

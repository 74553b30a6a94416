"""Front-end budget and phone timings of the learner pages (issue 21, point 5).

    .venv/bin/python bench/front_end.py [--runs 5] [--skip-build]

Builds a fresh demo site (production settings, SQLite, collectstatic into a
STATIC_ROOT of its own under bench/results/, gunicorn with 2 workers), signs
the demo officer in and, for every learner page, lists each CSS and JS file it
loads (stylesheets, scripts and the files ES modules import) with the bytes
sent with brotli and with gzip, whether the name is hashed and the
Cache-Control, then the page's total against the 100 KB budget. The SCORM
2004 package's frame is listed apart: its document is the package's own, the
runtime we insert into it (scorm-again and ours) is counted.

Then it opens the video module page in Chromium as a phone (390x844, a mobile
user agent, CPU slowed 4x, a "Fast 3G" network: 562.5 ms latency, 1.44 Mbit/s
down) --runs times with an empty cache and as many times again with the
cache kept, and prints the median first contentful paint, total blocking
time (the part over 50 ms of each long task after first paint),
DOMContentLoaded, load and the CSS and JS bytes Chromium fetched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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

DB_NAME = "crystal_front_end"
PASSWORD = "crystal-demo"  # noqa: S105 - the demo's own sign-ins
BUDGET = 100 * 1024
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>", re.I)
HREF = re.compile(r"\bhref=\"([^\"]+)\"")
# Static imports of an ES module: `import x from "./y.js";`, `import "./y.js";`.
IMPORT = re.compile(
    r"""(?:^|[;\s])(?:import|export)\b[^;"']*?(?:\bfrom\s*)?["']([./][^"']+)["']"""
)
IFRAME = re.compile(r"<iframe\b[^>]*\bsrc=\"([^\"]+)\"", re.I)
START = re.compile(r"action=\"([^\"]+/start/)\"")
LAUNCH = re.compile(r"action=\"(/packages/launch/[^\"]+)\"")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
)

# The demo officer's first programme, completed, so there is a certificate to
# show; prints the learner pages' paths, found by kind.
SETUP = """
import json
from django.utils import timezone
from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment, Certificate
from modules.models import ResourcePage, VideoModulePage
from modules.packages.models import PackageModulePage
from quizzes.models import QuizPage
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoWatch
from modules.services import module_completed_statement
person = Person.objects.get(user__username="officer")
# The first module watched, so its quiz is open to the officer.
module = VideoModulePage.objects.live().get(
    slug="why-op-crystal", locale__language_code="en-gb"
)
VideoWatch.objects.update_or_create(
    person=person, page=module,
    defaults={"fraction": 1.0, "completed_at": timezone.now(),
              "content_version": module.content_version},
)
statements_record(
    statements=[module_completed_statement(person, module)], keep_existing=True
)
assignment = Assignment.objects.filter(person=person).order_by("pk").first()
certificate = Certificate.objects.filter(person=person).first() or (
    Certificate.objects.create(
        assignment=assignment, person=person, programme=assignment.programme,
        completed_at=timezone.now(),
    )
)
def path(model, **filters):
    pages = model.objects.live().filter(locale__language_code="en-gb", **filters)
    return pages.order_by("path").first().url
print(json.dumps({
    "video module": path(VideoModulePage, slug="why-op-crystal"),
    "resource page": path(ResourcePage),
    "quiz": path(QuizPage, slug="quiz-why-op-crystal"),
    "package (cmi5)": path(PackageModulePage, slug__endswith="cmi5"),
    "package (SCORM 2004)": path(PackageModulePage, slug__endswith="scorm2004"),
    "certificate": f"/my-training/certificates/{certificate.uuid}/",
}))
"""


def build(env: dict) -> dict:
    fresh_database("sqlite", DB_NAME)
    manage(env, "migrate", "-v", "0")
    manage(env, "crystal_demo", "--people", "120")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return setup(env)


def setup(env: dict) -> dict:
    return json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])


def csrf_post(client: httpx.Client, page: httpx.Response, action: str, **data):
    token = CSRF.search(page.text).group(1)
    return client.post(
        action, data={"csrfmiddlewaretoken": token, **data}, follow_redirects=True
    )


def learner_pages(client: httpx.Client, paths: dict) -> list[tuple[str, str, str]]:
    """(name, url, html) of every learner page, signing in on the way."""
    pages = []
    sign_in = client.get("/accounts/sign-in/")
    pages.append(("sign in", "/accounts/sign-in/", sign_in.text))
    mine = csrf_post(
        client, sign_in, "/accounts/sign-in/", username="officer", password=PASSWORD
    )
    if "Sign out" not in mine.text:
        raise SystemExit(f"officer could not sign in: {mine.status_code} {mine.url}")
    pages.append(("My training", "/my-training/", mine.text))
    pages.append(("learning home", "/", client.get("/").text))
    pages.append(("tile", "/op-crystal/", client.get("/op-crystal/").text))
    for name in ("video module", "resource page", "certificate"):
        pages.append((name, paths[name], client.get(paths[name]).text))
    quiz = client.get(paths["quiz"])
    pages.append(("quiz", paths["quiz"], quiz.text))
    question = csrf_post(client, quiz, START.search(quiz.text).group(1))
    pages.append(("quiz question", question.url.path, question.text))
    for name in ("package (cmi5)", "package (SCORM 2004)"):
        page = client.get(paths[name])
        pages.append((name, paths[name], page.text))
        player = csrf_post(client, page, LAUNCH.search(page.text).group(1))
        pages.append((f"{name} player", player.url.path, player.text))
    frame = IFRAME.search(pages[-1][2]).group(1).replace("&amp;", "&")
    pages.append(("SCORM 2004 frame", frame, client.get(frame).text))
    return pages


def page_assets(client: httpx.Client, url: str, html: str) -> list[str]:
    """Every CSS and JS URL the page loads, with what its modules import."""
    found = [(HREF.search(tag).group(1), False) for tag in STYLESHEET.findall(html)]
    found += [
        (src, 'type="module"' in before + after)
        for before, src, after in SCRIPT.findall(html)
    ]
    queue = [(urljoin(url, src.replace("&amp;", "&")), module) for src, module in found]
    assets: list[str] = []
    while queue:
        asset, module = queue.pop(0)
        if asset in assets:
            continue
        assets.append(asset)
        if module:  # what an ES module imports is a module too
            body = client.get(asset).text
            queue += [(urljoin(asset, name), True) for name in IMPORT.findall(body)]
    return assets


def asset_row(client: httpx.Client, url: str) -> dict:
    """Bytes sent to a browser taking brotli and to one taking gzip only, with
    the encoding each got, whether the name is hashed, the Cache-Control."""
    row = {"url": urlsplit(url).path, "hashed": bool(HASHED.search(url))}
    for label, accept in (("sent", "br, gzip"), ("gzip", "gzip")):
        with client.stream("GET", url, headers={"Accept-Encoding": accept}) as sent:
            row[label] = len(b"".join(sent.iter_raw()))
            row[f"{label} as"] = sent.headers.get("Content-Encoding", "plain")
            row["cache"] = sent.headers.get("Cache-Control", "-")
    return row


def print_page(name: str, url: str, rows: list[dict]) -> None:
    print(f"\n{name}  {urlsplit(url).path[:60]}")
    for row in rows:
        print(
            f"  {row['url'][-56:]:<56} {row['sent']:>7,} {row['sent as']:<5} "
            f"gzip-only {row['gzip']:>7,} {row['gzip as']:<5} "
            f"hashed {'yes' if row['hashed'] else 'NO '}  {row['cache']}"
        )


def budget_report(base: str, paths: dict) -> list[str]:
    """Print each page's CSS and JS; return the pages over budget or with an
    asset of ours not cached far-future under a hashed name."""
    problems = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, url, html in learner_pages(client, paths):
            rows = [asset_row(client, a) for a in page_assets(client, url, html)]
            print_page(name, url, rows)
            ours = [r for r in rows if r["url"].startswith("/static/")]
            sent, gz = sum(r["sent"] for r in ours), sum(r["gzip"] for r in ours)
            verdict = "within" if sent <= BUDGET else "OVER"
            print(
                f"  ours: {sent / 1024:.1f} KB sent ({verdict} the 100 KB budget), "
                f"{gz / 1024:.1f} KB to a browser without brotli"
            )
            if sent > BUDGET:
                problems.append(f"{name}: {sent / 1024:.1f} KB")
            for row in ours:
                if not row["hashed"] or "immutable" not in row["cache"]:
                    problems.append(f"{name}: {row['url']} {row['cache']}")
    return problems


def chromium(*, cpu_rate: float):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--mute-audio",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(flag)  # fmt: skip
    options.add_experimental_option(
        "mobileEmulation",
        {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0},
            "userAgent": PHONE_UA,
        },
    )
    driver = webdriver.Chrome(
        service=Service(executable_path="/usr/bin/chromedriver"), options=options
    )
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
    # Registered before any page script runs, so no long task is missed.
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "window.__longTasks = [];"
            "new PerformanceObserver((list) => { for (const e of list.getEntries())"
            " window.__longTasks.push([e.startTime, e.duration]); })"
            ".observe({type: 'longtask', buffered: true});"
        },
    )
    return driver


FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1_474_560 / 8,
    "uploadThroughput": 675_000 / 8,
}
TIMINGS = """
const nav = performance.getEntriesByType('navigation')[0];
const paint = performance.getEntriesByType('paint')
  .find((e) => e.name === 'first-contentful-paint');
const fcp = paint ? paint.startTime : null;
let tbt = 0;
for (const [start, duration] of window.__longTasks || []) {
  const end = start + duration;
  if (fcp !== null && end > fcp) tbt += Math.max(0, end - Math.max(start, fcp) - 50);
}
const assets = performance.getEntriesByType('resource')
  .filter((e) => /\\.(css|js)$/.test(new URL(e.name).pathname));
return {fcp, tbt, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
  tasks: (window.__longTasks || []).length,
  bytes: assets.reduce((sum, e) => sum + e.transferSize, 0),
  observed: Array.isArray(window.__longTasks)};
"""


def phone_timings(base: str, url: str, runs: int) -> dict[str, list[dict]]:
    """Cold (cache emptied) and warm loads of `url` as a throttled phone."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium(cpu_rate=4)
    try:
        driver.get(f"{base}/accounts/sign-in/")
        driver.find_element("id", "id_username").send_keys("officer")
        driver.find_element("id", "id_password").send_keys(PASSWORD)
        driver.find_element("css selector", "main form button[type=submit]").click()
        WebDriverWait(driver, 30).until(lambda d: "sign-in" not in d.current_url)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", FAST_3G)
        results: dict[str, list[dict]] = {"cold": [], "warm": []}
        for _ in range(runs):
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            for kind in ("cold", "warm"):
                driver.get("about:blank")
                driver.get(base + url)
                driver.execute_async_script(
                    "setTimeout(arguments[arguments.length - 1], 1500)"
                )  # long tasks just after load still count
                results[kind].append(driver.execute_script(TIMINGS))
        return results
    finally:
        driver.quit()


def print_timings(url: str, results: dict[str, list[dict]]) -> None:
    print(f"\nphone profile, {url}: 390x844, CPU 4x slower, Fast 3G")
    for kind, runs in results.items():
        if not all(run["observed"] for run in runs):
            print("  (the long task observer did not run: TBT unknown)")

        def median(key, runs=runs):
            return statistics.median(run[key] for run in runs)

        print(
            f"  {kind:<4} ({len(runs)} runs, median): FCP {median('fcp'):.0f} ms, "
            f"TBT {median('tbt'):.0f} ms ({median('tasks'):.0f} long tasks), "
            f"DOMContentLoaded {median('dcl'):.0f} ms, load {median('load'):.0f} ms, "
            f"CSS+JS fetched {median('bytes') / 1024:.1f} KB"
        )
        print("       FCP each run: " + ", ".join(f"{r['fcp']:.0f}" for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    env = environment("sqlite", DB_NAME)
    # Plain HTTP on loopback: cookies without Secure, so Chromium keeps them.
    env.update(
        STATIC_ROOT=str(RESULTS / "front_end-static"),
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        # The proxy's part: the module's video, so the page loads as a learner's.
        CRYSTAL_SERVE_MEDIA="true",
    )
    paths = setup(env) if args.skip_build else build(env)
    port = free_port()
    server = serve(env, port, probe="/accounts/sign-in/")
    base = f"http://127.0.0.1:{port}"
    try:
        problems = budget_report(base, paths)
        timings = phone_timings(base, paths["video module"], args.runs)
    finally:
        stop(server)
    print_timings(paths["video module"], timings)
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("problems: " + ("; ".join(problems) if problems else "none"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Steady's benchmark: named pages under load, against a baseline page, with production settings.

    make bench                      # the whole table: every page, browser, memory, growth
    make bench BENCH_ARGS="--duration 3 --rounds 1 --pages today,progress"
    make bench BENCH_ARGS="--profile today"     # where a page's time goes (pyinstrument)

What it does:
1. Builds a throw-away SQLite database (or uses DATABASE_URL), runs migrations, collects
   static files and seeds realistic data: one user with 20 commitments, a year of
   check-ins, people and journal entries (bench/seed.py).
2. Starts gunicorn (2 workers) with production settings on 127.0.0.1 only.
3. Counts each page's SQL queries in-process with Django's test client.
4. Loads each page with wrk (installed with apt when missing and we are root; otherwise a
   small Python load generator), interleaving rounds with the baseline page, which renders
   the bare base template through the same middleware.
5. Drives headless Chromium (Playwright, /usr/bin/chromium or CHROMIUM_PATH) against the
   same server: bytes on the wire and requests for a first load of Today, DOMContentLoaded
   and "ready" (the first Kept button visible), and the median time from a tap on Kept to
   the row showing the change, over 10 taps.
6. Reads the workers' resident memory after warming up and again after 10,000 more
   requests (--memory-requests), to show whether it stays flat.
7. Seeds two more users, one with 200 commitments and one with 5 years of history, and
   states how much slower Today, progress and the commitment page get for them.
8. Prints one table: requests/s, p50/p95 latency, the ratio to the anonymous and to the
   signed-in baseline, the HTML size, the gzip size of the body and the number of queries,
   with the issue's goals beside each figure and pass/fail.

`--profile PAGE` skips the server: it profiles the page in-process (production settings,
the same seed) with pyinstrument and prints where the time goes.

It only ever targets 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


@dataclass
class Page:
    name: str
    path: str  # may contain {placeholders} filled from the seed
    signed_in: bool = True
    method: str = "GET"
    body: str = ""  # form-encoded POST body, may contain placeholders
    htmx: bool = False
    # Whose session: "main" (the default seed), "wide" (200 commitments), "long" (5 years).
    user: str = "main"
    # Read by the browser soak and the memory run: a signed-in page safe to load repeatedly.
    soak: bool = False


# Later issues add their pages here.
PAGES = [
    Page("baseline", "/-/baseline/", signed_in=False),
    # The same bare page for a signed-in user: the floor for every private page (session
    # and user lookups, no-store headers, the signed-in navigation).
    Page("baseline in", "/-/baseline/"),
    Page("home", "/", signed_in=False),
    Page("guide", "/guide/", signed_in=False),
    Page("practice", "/guide/{practice_slug}/", signed_in=False),
    Page("today", "/today/", soak=True),
    Page(
        "check-in POST",
        "/track/{checkin_commitment}/check-in/",
        method="POST",
        body="{checkin_body}",
        htmx=True,
    ),
    Page("commitment", "/track/{checkin_commitment}/", soak=True),
    Page("progress", "/progress/", soak=True),
    Page("journal", "/journal/", soak=True),
    Page("data", "/accounts/data/", soak=True),
    Page("export JSON", "/accounts/data/export/", method="POST", body="{export_body}"),
    Page("calendar feed", "/calendar/{feed_token}.ics", signed_in=False),
    # Growth: the same pages for a user who shows ten times as much (Today) or has five
    # times the history (progress, commitment).
    Page("today 200", "/today/", user="wide"),
    Page("commitment 5y", "/track/{checkin_commitment}/", user="long"),
    Page("progress 5y", "/progress/", user="long"),
    # What a helper may share with the person they support: public, no session.
    Page("shared page", "/p/{share_token}/", signed_in=False),
    # The worst case for history: a routine started on 1900-01-01, the earliest date
    # Steady stores, kept daily. Its pages compute at most bounds.HISTORY_DAYS.
    Page("progress 1900", "/progress/", user="oldest"),
    Page("commitment 1900", "/track/{oldest_commitment}/", user="oldest"),
]

# Extra users seeded only when a page of theirs is measured.
USERS = {
    "main": {},
    "wide": {"commitments": 200, "email": "wide@bench.example"},
    "long": {"years": 5, "email": "long@bench.example"},
    "oldest": {"oldest": True},  # bench.seed.seed_oldest: one routine from 1900
}

# The goals (issue 16), printed beside each figure.
SIGNED_IN_FLOOR = 0.75  # signed-in baseline / anonymous baseline
PAGE_FLOOR = 0.5  # each signed-in page / signed-in baseline
# The shared page needs no sign-in, but the issue counts it among the pages held to this.
FLOORED_PAGES = (
    "today",
    "commitment",
    "progress",
    "journal",
    "data",
    "shared page",
    "check-in POST",
)
TODAY_HTML_BYTES = 15 * 1024
FIRST_LOAD_BYTES = 40 * 1024
FIRST_LOAD_REQUESTS = 4
TAP_MS = 20
WORKER_MB = 80
FLAT_MB = 5  # "flat": at most this much growth over the memory run
# A page's cost should grow with what it shows, not with history: 5 years of history may
# cost at most this much more than 1 year; 10 times the rows at most 10 times the time.
GROWTH = {
    "today 200": ("today", 10.0, "200 vs 20 commitments"),
    "commitment 5y": ("commitment", 1.25, "5 vs 1 year of history"),
    "progress 5y": ("progress", 1.25, "5 vs 1 year of history"),
}

KEPT = 'form[action*="/check-in/"] button[name="state"][value="kept"]'


@dataclass
class Result:
    rps: list[float] = field(default_factory=list)
    p50_ms: list[float] = field(default_factory=list)
    p95_ms: list[float] = field(default_factory=list)
    errors: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "trustsite.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            # Plain HTTP on loopback: no TLS redirect and cookies must travel over http.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "BENCHMARK_PAGES": "true",
            # wrk is one client asking thousands of times: lift the shared page's limit.
            "SHARED_PAGE_LOOKUP_LIMIT": "100000000",
            # Playwright's sync API keeps an event loop in this process's main thread, and
            # the browser part resets its taps through the ORM between runs.
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
            "STATIC_ROOT": str(workdir / "static"),
            "SESSION_CACHE_DIR": str(workdir / "sessions"),
            "SHARED_CACHE_DIR": str(workdir / "shared"),
            "LOG_LEVEL": "ERROR",
        }
    )
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    return env


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk with apt-get…", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            check=False,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk")
    return None


WRK_SCRIPT = """
wrk.method = os.getenv("BENCH_METHOD")
wrk.body = os.getenv("BENCH_BODY")
local headers = os.getenv("BENCH_HEADERS")
for line in string.gmatch(headers, "[^\\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH_JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, \\"errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), errors))
end
"""


def run_wrk(wrk: str, url: str, page: Page, headers: dict[str, str], body: str, args, script: Path):
    env = {
        **os.environ,
        "BENCH_METHOD": page.method,
        "BENCH_BODY": body,
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    out = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=args.duration + 30,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return (
        data["requests"] / (data["duration_us"] / 1e6),
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["errors"],
    )


def run_python_load(url: str, page: Page, headers: dict[str, str], body: str, args):
    """A fallback load generator for machines without wrk: threads with keep-alive."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    stop = time.monotonic() + args.duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        local = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request(page.method, path, body=body or None, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            local.append(time.perf_counter() - started)
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    pick = lambda q: latencies[min(int(q * len(latencies)), len(latencies) - 1)] * 1000  # noqa: E731
    return len(latencies) / elapsed, pick(0.5), pick(0.95), errors[0]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def measure_signup_timing(tries: int = 15) -> dict[str, float]:
    """Median in-process time of a sign-up POST for a new address and for a registered
    one, interleaved, with production settings (Argon2). Both should take about as long:
    a gap would tell an attacker which addresses have accounts.

    Each try uses a fresh address (new) or a different confirmed account (registered), and
    a client address of its own, so rate limits and the per-address email cooldown do not
    shorten either path. Emails go to memory, not the console.
    """
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.test import Client

    from bench.seed import PASSWORD
    from tracker.models import User

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    registered = []
    for n in range(tries):
        user = User.objects.create_user(f"registered{n}@bench.example", PASSWORD)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        registered.append(user.email)
    timings: dict[str, list[float]] = {"new": [], "registered": []}
    for n in range(tries):
        for kind, email in (("new", f"new{n}@bench.example"), ("registered", registered[n])):
            client = Client(HTTP_HOST=HOST, REMOTE_ADDR=f"127.0.{n}.{len(timings[kind]) + 1}")
            data = {
                "email": email,
                "password1": f"{PASSWORD}-{n}",
                "time_zone": "UTC",
                "week_start": "0",
            }
            started = time.perf_counter()
            response = client.post("/accounts/signup/", data)
            timings[kind].append((time.perf_counter() - started) * 1000)
            if response.status_code != 302:
                raise SystemExit(f"Sign-up timing: {kind} answered {response.status_code}")
    return {kind: statistics.median(values) for kind, values in timings.items()}


# --- Browser ---------------------------------------------------------------------------

# Runs in every document before its scripts: notes when the first Kept button is visible
# ("ready"), checking once per frame.
READY_SCRIPT = """
(() => {
  const selector = %s;
  const tick = () => {
    for (const button of document.querySelectorAll(selector)) {
      if (button.checkVisibility()) { window.__benchReady = performance.now(); return; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""" % json.dumps(KEPT)  # noqa: UP031 - the script's own braces would fight str.format

# Arms one tap on the first visible Kept button of a row not tapped yet. The result is the
# time from the click (its event time) to the first change a person can see in the row:
# the row or the button replaced, or the row's text changed. Attribute changes (htmx's
# request classes, say) do not count.
ARM_TAP = """
(selector) => {
  window.__benchTapMs = undefined;
  const rowOf = (el) => el.closest("[data-row]") || el.closest(".occurrence") || el.closest("li") || el.form.parentElement;
  const button = [...document.querySelectorAll(selector)].find(
    (b) => b.checkVisibility() && !rowOf(b).hasAttribute("data-bench-tapped"));
  if (!button) return false;
  const row = rowOf(button);
  const before = row.textContent;
  let clicked = null;
  document.addEventListener("click", (event) => { clicked = event.timeStamp; }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (clicked !== null && (!button.isConnected || !row.isConnected || row.textContent !== before)) {
      observer.disconnect();
      window.__benchTapMs = performance.now() - clicked;
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  document.querySelectorAll("[data-bench-tap]").forEach((b) => b.removeAttribute("data-bench-tap"));
  row.setAttribute("data-bench-tapped", "");
  button.setAttribute("data-bench-tap", "");
  return true;
}
"""


def measure_browser(base_url: str, session_cookie: str, *, taps: int, reset) -> dict:
    """Headless Chromium against the running server, signed in with the bench session.

    A first load of Today in a fresh context (empty cache): bytes on the wire (every
    response's encoded length, headers included, from the DevTools protocol), requests,
    DOMContentLoaded, "ready" (first Kept button visible) and how the HTML was encoded.
    Then `taps` taps on Kept, each on another row; when none is left, `reset()` removes
    the check-ins the taps made and the page is loaded again.
    """
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        try:
            context = browser.new_context(base_url=base_url)
            context.add_cookies([{"name": "sessionid", "value": session_cookie, "url": base_url}])
            page = context.new_page()
            page.add_init_script(READY_SCRIPT)
            wire = {"requests": 0, "bytes": 0}

            def sent(_event):
                wire["requests"] += 1

            def finished(event):
                wire["bytes"] += event["encodedDataLength"]

            cdp = context.new_cdp_session(page)
            cdp.on("Network.requestWillBeSent", sent)
            cdp.on("Network.loadingFinished", finished)
            cdp.send("Network.enable")
            response = page.goto("/today/", wait_until="load")
            if response is None or response.status != 200 or "/today/" not in page.url:
                raise SystemExit(f"Browser: Today did not load (ended at {page.url})")
            page.wait_for_function("() => window.__benchReady !== undefined", timeout=15000)
            page.wait_for_load_state("networkidle")
            first = dict(wire)
            timing = page.evaluate(
                """() => {
                  const nav = performance.getEntriesByType("navigation")[0];
                  return {dcl: nav.domContentLoadedEventEnd, ready: window.__benchReady};
                }"""
            )
            tapped: list[float] = []
            while len(tapped) < taps:
                if not page.evaluate(ARM_TAP, KEPT):
                    reset()
                    page.reload(wait_until="load")
                    if not page.evaluate(ARM_TAP, KEPT):
                        raise SystemExit("Browser: Today shows no Kept button to tap")
                with page.expect_response(
                    lambda r: "/check-in/" in r.url and r.request.method == "POST"
                ):
                    page.click("[data-bench-tap]")
                # A function, not an expression: the page's CSP forbids eval, which
                # Playwright would need to evaluate an expression string there.
                page.wait_for_function("() => window.__benchTapMs !== undefined", timeout=10000)
                tapped.append(page.evaluate("window.__benchTapMs"))
            return {
                "first_load_bytes": first["bytes"],
                "first_load_requests": first["requests"],
                "dcl_ms": round(timing["dcl"], 1),
                "ready_ms": round(timing["ready"], 1),
                "html_encoding": response.header_value("content-encoding") or "none",
                "tap_median_ms": round(statistics.median(tapped), 1),
                "tap_ms": [round(t, 1) for t in tapped],
            }
        finally:
            browser.close()


# --- Memory ----------------------------------------------------------------------------


def worker_rss_mb(master_pid: int) -> float:
    """The largest resident set among gunicorn's workers (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue  # the process ended while we looked
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return round(max(sizes), 1) if sizes else 0.0


def soak(base_url: str, paths: list[str], cookie: str, count: int, connections: int = 4) -> int:
    """Exactly `count` GET requests spread over `paths`, on keep-alive connections.
    Returns how many failed (a status of 400 or more, or a broken connection)."""
    import http.client
    from itertools import count as counter
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    numbers = counter()
    lock = threading.Lock()
    failures = [0]

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while True:
            with lock:
                n = next(numbers)
            if n >= count:
                return
            try:
                conn.request("GET", paths[n % len(paths)], headers={"Host": HOST, "Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failures[0] += 1
            except OSError:
                failures[0] += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures[0]


# --- Profile ---------------------------------------------------------------------------


def profile_page(page: Page, context: dict, client, requests: int) -> None:
    """Print where `page`'s time goes: pyinstrument over `requests` requests in-process,
    after two warm-up requests, as the server would be warm."""
    from pyinstrument import Profiler

    path = page.path.format(**context)
    body = page.body.format(**context)
    headers = {"HX-Request": "true"} if page.htmx else {}

    def call():
        if page.method == "POST":
            return client.post(
                path,
                body,
                content_type="application/x-www-form-urlencoded",
                headers={**headers, "X-CSRFToken": context["csrf"]},
            )
        return client.get(path, headers=headers)

    for _ in range(2):
        status = call().status_code
    if status >= 400:
        raise SystemExit(f"--profile {page.name}: {path} answered {status}")
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(requests):
            call()
    elapsed = (time.perf_counter() - started) / requests * 1000
    print(
        f"\n{page.name} ({page.method} {path}): {elapsed:.2f} ms a request in-process, "
        f"{requests} requests under the profiler (which adds some time of its own)\n"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    # The tree folds library frames away; the flat list names the functions (library ones
    # too) that spend the time themselves, the place to look for a faster way.
    flat = profiler.output_text(unicode=True, color=False, flat=True, time="percent_of_total")
    print("Functions by their own time (top 30):")
    print("\n".join(flat.splitlines()[:38]))


# --- Goals -----------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("pass" if ok else "FAIL")


def goal_rows(rows: dict[str, dict], browser: dict | None, memory: dict | None) -> list[tuple]:
    """(figure, value, goal, pass/fail) for every goal the run measured."""
    goals = []
    anon = rows.get("baseline", {}).get("rps")
    signed_in = rows.get("baseline in", {}).get("rps")
    if anon and signed_in:
        goals.append(
            (
                "signed-in baseline / anonymous",
                f"{signed_in / anon:.2f}",
                f">= {SIGNED_IN_FLOOR}",
                verdict(signed_in / anon >= SIGNED_IN_FLOOR),
            )
        )
    anon_cpu = rows.get("baseline", {}).get("cpu_ms")
    in_cpu = rows.get("baseline in", {}).get("cpu_ms")
    if anon_cpu and in_cpu:
        # The same ratio from in-process CPU time: steadier on a busy machine.
        goals.append(("  the same, by in-process CPU time", f"{anon_cpu / in_cpu:.2f}", "-", "-"))
    for name in FLOORED_PAGES:
        if name in rows and signed_in:
            ratio = rows[name]["rps"] / signed_in
            goals.append(
                (
                    f"{name} / signed-in baseline",
                    f"{ratio:.2f}",
                    f">= {PAGE_FLOOR}",
                    verdict(ratio >= PAGE_FLOOR),
                )
            )
    if "today" in rows:
        size = rows["today"]["bytes"]
        goals.append(
            (
                "today HTML before compression",
                f"{size / 1024:.1f} KB",
                f"<= {TODAY_HTML_BYTES // 1024} KB",
                verdict(size <= TODAY_HTML_BYTES),
            )
        )
        encoding = rows["today"].get("wire_encoding", "none")
        goals.append(
            (
                "today HTML on the wire",
                encoding,
                "compressed",
                verdict(encoding in {"gzip", "br", "zstd"}),
            )
        )
    if browser:
        goals += [
            (
                "today first load, on the wire",
                f"{browser['first_load_bytes'] / 1024:.1f} KB",
                f"<= {FIRST_LOAD_BYTES // 1024} KB",
                verdict(browser["first_load_bytes"] <= FIRST_LOAD_BYTES),
            ),
            (
                "today first load, requests",
                str(browser["first_load_requests"]),
                f"<= {FIRST_LOAD_REQUESTS}",
                verdict(browser["first_load_requests"] <= FIRST_LOAD_REQUESTS),
            ),
            ("today DOMContentLoaded", f"{browser['dcl_ms']} ms", "-", "-"),
            ("today ready (Kept visible)", f"{browser['ready_ms']} ms", "-", "-"),
            (
                f"tap Kept to row updated, median of {len(browser['tap_ms'])}",
                f"{browser['tap_median_ms']} ms",
                f"<= {TAP_MS} ms",
                verdict(browser["tap_median_ms"] <= TAP_MS),
            ),
        ]
    if memory:
        goals += [
            (
                "worker RSS after warm-up",
                f"{memory['after_load_mb']} MB",
                f"<= {WORKER_MB} MB",
                verdict(memory["after_load_mb"] <= WORKER_MB),
            ),
            (
                f"worker RSS after {memory['requests']:,} more requests",
                f"{memory['after_soak_mb']} MB",
                f"<= {WORKER_MB} MB, grows <= {FLAT_MB} MB",
                verdict(
                    memory["after_soak_mb"] <= WORKER_MB
                    and memory["after_soak_mb"] - memory["after_load_mb"] <= FLAT_MB
                ),
            ),
        ]
    for name, (base, limit, what) in GROWTH.items():
        if name in rows and base in rows:
            factor = rows[base]["rps"] / rows[name]["rps"]
            goals.append(
                (
                    f"growth {base}: {what}",
                    f"x{factor:.2f}",
                    f"<= x{limit:g}",
                    verdict(factor <= limit),
                )
            )
    return goals


def print_goals(goals: list[tuple]) -> None:
    width = max((len(g[0]) for g in goals), default=10)
    print(f"{'goal (issue 16)':<{width}} {'measured':>12} {'goal':>26} {'':>5}")
    print("-" * (width + 47))
    for figure, value, goal, ok in goals:
        print(f"{figure:<{width}} {value:>12} {goal:>26} {ok:>5}")


def wire_encoding(url: str, cookie: str) -> tuple[str, int]:
    """How the server encodes this page for a browser that accepts gzip and brotli, and
    how many body bytes it sends."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, headers={"Host": HOST, "Cookie": cookie, "Accept-Encoding": "gzip, deflate, br"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers.get("Content-Encoding", "none"), len(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (default 2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--taps", type=int, default=10, help="taps on Kept (0: no browser)")
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=10_000,
        help="requests between the two memory readings (0: skip; default 10,000)",
    )
    parser.add_argument("--no-signup", action="store_true", help="skip the sign-up timing")
    parser.add_argument(
        "--cpu-requests",
        type=int,
        default=100,
        help="requests per page for the in-process CPU time (default 100)",
    )
    parser.add_argument(
        "--profile", metavar="PAGE", help="profile PAGE in-process with pyinstrument and stop"
    )
    parser.add_argument(
        "--profile-requests", type=int, default=50, help="requests to profile (default 50)"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()

    by_name = {p.name: p for p in PAGES}
    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    if args.profile:
        wanted = {args.profile}
    unknown = wanted - by_name.keys()
    if unknown:
        raise SystemExit(
            f"Unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(by_name)}"
        )
    # The baselines are always measured: every ratio is to them, in the same run.
    pages = [
        p for p in PAGES if p.name in {"baseline", "baseline in"} or not wanted or p.name in wanted
    ]
    # A growth figure needs its base page in the same run.
    for page in list(pages):
        if page.name in GROWTH and by_name[GROWTH[page.name][0]] not in pages:
            pages.append(by_name[GROWTH[page.name][0]])
    pages.sort(key=PAGES.index)
    if args.profile:
        pages = [by_name[args.profile]]

    workdir = Path(tempfile.mkdtemp(prefix="steady-bench-"))
    env = production_env(workdir)
    os.environ.update(env)
    python = sys.executable

    print(f"Preparing a throw-away database and static files in {workdir}…", flush=True)
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # Rate limits and lockouts count in the database cache table.
    subprocess.run([python, "manage.py", "createcachetable", "-v0"], cwd=ROOT, env=env, check=True)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.seed import PASSWORD as seed_password
    from bench.seed import seed, seed_oldest

    contexts: dict[str, dict] = {}
    for who in sorted({p.user for p in pages if p.signed_in} | {"main"}, key=list(USERS).index):
        options = USERS[who]
        if options.get("oldest"):
            print("Seeding oldest: a daily routine from 1900, kept every day…", flush=True)
            contexts[who] = seed_oldest()
            continue
        print(
            f"Seeding {who}: {options.get('commitments', 20)} commitments, "
            f"{options.get('years', 1)} year(s) of check-ins, people and journal entries…",
            flush=True,
        )
        contexts[who] = seed(**options)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[str, Client] = {}
    for who, context in contexts.items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(context["user"])
        client.get("/today/")
        clients[who] = client

    def reauthenticate() -> None:
        """Export asks for the password again (valid a few minutes): give it, so the
        benchmark measures the export rather than the redirect to the password page."""
        clients["main"].post("/accounts/reauthenticate/", {"password": seed_password})

    reauthenticate()
    from django.middleware.csrf import _get_new_csrf_string

    from tracker.cache import data_changed

    sessions = {who: client.cookies["sessionid"].value for who, client in clients.items()}
    main_client = clients["main"]
    csrf_cookie = (
        main_client.cookies["csrftoken"].value
        if "csrftoken" in main_client.cookies
        else _get_new_csrf_string()
    )
    for context in contexts.values():
        context["csrf"] = csrf_cookie

    anonymous = Client(HTTP_HOST=HOST)
    if args.profile:
        page = pages[0]
        profile_page(
            page,
            contexts[page.user],
            clients[page.user] if page.signed_in else anonymous,
            args.profile_requests,
        )
        shutil.rmtree(workdir, ignore_errors=True)
        return

    signup_ms = None
    if not args.no_signup:
        print(f"Timing sign-up in-process ({15} interleaved tries each)…", flush=True)
        signup_ms = measure_signup_timing()

    measured: dict[str, dict] = {}
    print("Counting queries and sizes in-process…", flush=True)
    for page in pages:
        context = contexts[page.user]
        path = page.path.format(**context)
        body = page.body.format(**context)
        who = clients[page.user] if page.signed_in else anonymous
        headers = {"HX-Request": "true"} if page.htmx else {}

        def call(who=who, path=path, body=body, headers=headers, page=page):
            if page.method == "POST":
                return who.post(
                    path,
                    body,
                    content_type="application/x-www-form-urlencoded",
                    headers={**headers, "X-CSRFToken": csrf_cookie},
                )
            return who.get(path, headers=headers)

        # Warm caches first, as the server would be, then count the second request. The
        # first, computed afresh, is the page's cold time (the history bound's worst case):
        # the owner's data version is renewed before it, as any change of theirs would.
        data_changed(context["user"].pk)
        for attempt in range(2):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = call()
            if attempt == 0:
                cold_ms = (time.perf_counter() - started) * 1000
        # Counted now: every request (the CPU loop below) empties the connection's log.
        query_count = len(queries)
        # CPU time a request in this process: less disturbed than req/s when other
        # programs share the cores (it still includes the test client's own work).
        cpu_ms = None
        # (Not for the export: a second and a half each, and it is not a page.)
        if response.status_code < 400 and page.name != "export JSON":
            started = time.process_time()
            for _ in range(args.cpu_requests):
                call()
            cpu_ms = (time.process_time() - started) / max(args.cpu_requests, 1) * 1000
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Encoding") == "gzip":
            content = gzip.decompress(content)  # in case the test client asked for gzip
        measured[page.name] = {
            "status": response.status_code,
            "queries": query_count,
            "bytes": len(content),
            "gzip_bytes": len(gzip.compress(content, 6)),
            "cpu_ms": round(cpu_ms, 2) if cpu_ms is not None else None,
            "cold_ms": round(cold_ms, 1),
        }
        if response.status_code >= 400:
            print(
                f"  ! {page.name}: {path} answered {response.status_code}; it will be skipped",
                flush=True,
            )

    from django.db import connections

    connections.close_all()

    port = free_port()
    base_url = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "trustsite.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results: dict[str, Result] = {p.name: Result() for p in pages}
    browser = memory = None
    main_cookie = f"sessionid={sessions['main']}"
    try:
        wait_for(f"{base_url}/-/alive/")
        runnable = [p for p in pages if measured[p.name]["status"] < 400]
        # Warm every worker on every page (and on Today's HTML as a browser asks for it).
        soak(
            base_url,
            [p.path.format(**contexts["main"]) for p in PAGES if p.soak] * 2,
            main_cookie,
            40,
        )
        if "today" in measured:
            measured["today"]["wire_encoding"], measured["today"]["wire_bytes"] = wire_encoding(
                f"{base_url}/today/", main_cookie
            )
        if args.memory_requests:
            soak_paths = [p.path.format(**contexts["main"]) for p in PAGES if p.soak]
            print(
                f"Memory: {args.memory_requests:,} requests over {', '.join(soak_paths)}…",
                flush=True,
            )
            before = worker_rss_mb(server.pid)
            failures = soak(base_url, soak_paths, main_cookie, args.memory_requests)
            memory = {
                "after_load_mb": before,
                "after_soak_mb": worker_rss_mb(server.pid),
                "requests": args.memory_requests,
                "failures": failures,
            }

        wrk = ensure_wrk()
        script = workdir / "bench.lua"
        script.write_text(WRK_SCRIPT)
        tool = "wrk" if wrk else "python load generator"
        print(
            f"Loading with {tool}: {args.rounds} round(s) × {args.duration} s per page, "
            f"{args.connections} connections, gunicorn -w {args.workers}",
            flush=True,
        )
        for round_number in range(args.rounds):
            for page in runnable:
                if page.name == "export JSON":
                    reauthenticate()
                context = contexts[page.user]
                url = base_url + page.path.format(**context)
                body = page.body.format(**context)
                headers = {"Host": HOST}
                cookies = []
                if page.signed_in:
                    cookies.append(f"sessionid={sessions[page.user]}")
                if page.method == "POST":
                    cookies.append(f"csrftoken={csrf_cookie}")
                    headers["X-CSRFToken"] = csrf_cookie
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                if page.htmx:
                    headers["HX-Request"] = "true"
                if cookies:
                    headers["Cookie"] = "; ".join(cookies)
                if wrk:
                    rps, p50, p95, errors = run_wrk(wrk, url, page, headers, body, args, script)
                else:
                    rps, p50, p95, errors = run_python_load(url, page, headers, body, args)
                result = results[page.name]
                result.rps.append(rps)
                result.p50_ms.append(p50)
                result.p95_ms.append(p95)
                result.errors += errors
                print(f"  round {round_number + 1}: {page.name:<14} {rps:8.0f} req/s", flush=True)

        if args.taps and "today" in measured:
            from tracker.models import CheckIn

            user = contexts["main"]["user"]
            made_before = CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first()

            def reset() -> None:
                CheckIn.objects.filter(commitment__owner=user, pk__gt=made_before).delete()

            print(f"Browser: first load of Today and {args.taps} taps on Kept…", flush=True)
            browser = measure_browser(base_url, sessions["main"], taps=args.taps, reset=reset)
            reset()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    def mean_rps(name: str) -> float:
        return statistics.mean(results[name].rps) if name in results and results[name].rps else 0

    anon, signed_in = mean_rps("baseline"), mean_rps("baseline in")
    print()
    print(
        f"Machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'} · {tool} · "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    header = (
        f"{'page':<14} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'/anon':>6} {'/in':>6} "
        f"{'HTML B':>8} {'gzip B':>8} {'queries':>7} {'cpu ms':>7} {'cold ms':>7} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    rows: dict[str, dict] = {}
    for page in pages:
        m = measured[page.name]
        r = results[page.name]
        if not r.rps:
            print(f"{page.name:<14} {'skipped (HTTP ' + str(m['status']) + ')':>40}")
            continue
        rps = statistics.mean(r.rps)
        row = {
            "page": page.name,
            "rps": round(rps, 1),
            "p50_ms": round(statistics.median(r.p50_ms), 2),
            "p95_ms": round(max(r.p95_ms), 2),
            "ratio": round(rps / anon, 2) if anon else None,
            "ratio_signed_in": round(rps / signed_in, 2) if signed_in and page.signed_in else None,
            "bytes": m["bytes"],
            "gzip_bytes": m["gzip_bytes"],
            "queries": m["queries"],
            "cpu_ms": m["cpu_ms"],
            "cold_ms": m["cold_ms"],
            "errors": r.errors,
            **{k: m[k] for k in ("wire_encoding", "wire_bytes") if k in m},
        }
        rows[page.name] = row
        print(
            f"{row['page']:<14} {row['rps']:8.0f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['ratio'] if row['ratio'] is not None else '-':>6} "
            f"{row['ratio_signed_in'] if row['ratio_signed_in'] is not None else '-':>6} "
            f"{row['bytes']:8d} {row['gzip_bytes']:8d} {row['queries']:7d} "
            f"{row['cpu_ms'] if row['cpu_ms'] is not None else '-':>7} "
            f"{row['cold_ms']:7.1f} {row['errors']:6d}"
        )
    print()
    goals = goal_rows(rows, browser, memory)
    print_goals(goals)
    if browser:
        print(f"\nTaps on Kept (ms): {', '.join(str(t) for t in browser['tap_ms'])}")
    if memory and memory["failures"]:
        print(f"Memory run: {memory['failures']} of {memory['requests']} requests failed")
    worst = [page for page in pages if "1900" in page.name]
    if worst:
        from tracker.commitments import bounds

        print(
            f"\nHistory bound: every page computes at most {bounds.HISTORY_DAYS} days "
            f"(tracker/commitments/bounds.py); dates are stored from {bounds.EARLIEST} to "
            f"{bounds.LATEST}. Worst case, computed afresh in-process:"
        )
        for page in worst:
            print(f"  {page.name:<16} {measured[page.name]['cold_ms']:7.1f} ms")
    if signup_ms:
        print(
            f"\nSign-up, median of 15 interleaved tries in-process: new address "
            f"{signup_ms['new']:.1f} ms, registered address {signup_ms['registered']:.1f} ms"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "pages": list(rows.values()),
                    "browser": browser,
                    "memory": memory,
                    "goals": [
                        dict(zip(("figure", "value", "goal", "result"), g, strict=True))
                        for g in goals
                    ],
                    "signup_ms": signup_ms,
                },
                indent=2,
            )
        )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

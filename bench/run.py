#!/usr/bin/env python
"""Steady's benchmark: named pages under load, against a baseline page, with production settings.

    make bench                      # every page, 2 rounds of 5 s each
    make bench BENCH_ARGS="--duration 3 --rounds 1 --pages today,progress"

What it does:
1. Builds a throw-away SQLite database (or uses DATABASE_URL), runs migrations, collects
   static files and seeds realistic data: one user with 20 commitments, a year of
   check-ins, people and journal entries (bench/seed.py).
2. Starts gunicorn (2 workers) with production settings on 127.0.0.1 only.
3. Counts each page's SQL queries in-process with Django's test client.
4. Loads each page with wrk (installed with apt when missing and we are root; otherwise a
   small Python load generator), interleaving rounds with the baseline page, which renders
   the bare base template through the same middleware.
5. Prints requests/s, p50/p95 latency, the ratio to the baseline, the gzip size of the
   response body and the number of queries.

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
    as_user: str = "user"  # the seed's key for who is signed in


# Later issues add their pages here.
PAGES = [
    Page("baseline", "/-/baseline/", signed_in=False),
    # The same bare page for a signed-in user: the floor for every private page (session
    # and user lookups, no-store headers, the signed-in navigation).
    Page("baseline in", "/-/baseline/"),
    Page("home", "/", signed_in=False),
    Page("guide", "/guide/", signed_in=False),
    Page("practice", "/guide/{practice_slug}/", signed_in=False),
    Page("today", "/today/"),
    Page(
        "check-in POST",
        "/track/{checkin_commitment}/check-in/",
        method="POST",
        body="{checkin_body}",
        htmx=True,
    ),
    Page("commitment", "/track/{checkin_commitment}/"),
    Page("progress", "/progress/"),
    Page("journal", "/journal/"),
    Page("export JSON", "/accounts/data/export/", method="POST", body="{export_body}"),
    Page("calendar feed", "/calendar/{feed_token}.ics", signed_in=False),
    Page("shared page", "/p/{share_token}/", signed_in=False),
    # The worst case for history: a routine started on 1900-01-01, the earliest date
    # Steady stores, kept daily. Its pages compute at most bounds.HISTORY_DAYS.
    Page("progress 1900", "/progress/", as_user="oldest_user"),
    Page("commitment 1900", "/track/{oldest_commitment}/", as_user="oldest_user"),
]


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
            "STATIC_ROOT": str(workdir / "static"),
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
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()

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
    from bench.seed import seed

    print("Seeding: 20 commitments, a year of check-ins, people and journal entries…", flush=True)
    context = seed()

    print(f"Timing sign-up in-process ({15} interleaved tries each)…", flush=True)
    signup_ms = measure_signup_timing()

    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    pages = [p for p in PAGES if p.name == "baseline" or not wanted or p.name in wanted]

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients, session_cookies = {}, {}
    for key in {"user"} | {page.as_user for page in pages if page.signed_in}:
        clients[key] = Client(HTTP_HOST=HOST)
        clients[key].force_login(context[key])
        clients[key].get("/today/")
        session_cookies[key] = clients[key].cookies["sessionid"].value
    client = clients["user"]

    from bench.seed import PASSWORD as seed_password

    def reauthenticate() -> None:
        """Export asks for the password again (valid a few minutes): give it, so the
        benchmark measures the export rather than the redirect to the password page."""
        client.post("/accounts/reauthenticate/", {"password": seed_password})

    reauthenticate()
    csrf_cookie = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    if not csrf_cookie:
        from django.middleware.csrf import _get_new_csrf_string

        csrf_cookie = _get_new_csrf_string()
    context["csrf"] = csrf_cookie

    anonymous = Client(HTTP_HOST=HOST)
    measured: dict[str, dict] = {}
    print("Counting queries and sizes in-process…", flush=True)
    for page in pages:
        path = page.path.format(**context)
        body = page.body.format(**context)
        who = clients[page.as_user] if page.signed_in else anonymous
        headers = {"HX-Request": "true"} if page.htmx else {}
        # Warm caches first, as the server would be, then count the second request.
        for attempt in range(2):
            if attempt == 0:
                cache.clear()  # the first request computes everything afresh: timed
                started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                if page.method == "POST":
                    response = who.post(
                        path,
                        body,
                        content_type="application/x-www-form-urlencoded",
                        headers={**headers, "X-CSRFToken": csrf_cookie},
                    )
                else:
                    response = who.get(path, headers=headers)
            if attempt == 0:
                cold_ms = (time.perf_counter() - started) * 1000
        content = b"".join(response.streaming_content) if response.streaming else response.content
        measured[page.name] = {
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(content),
            "gzip_bytes": len(gzip.compress(content, 6)),
            "cold_ms": cold_ms,
        }
        if response.status_code >= 400:
            print(
                f"  ! {page.name}: {path} answered {response.status_code}; it will be skipped",
                flush=True,
            )

    from django.db import connections

    connections.close_all()

    port = free_port()
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
    try:
        wait_for(f"http://{HOST}:{port}/-/alive/")
        wrk = ensure_wrk()
        script = workdir / "bench.lua"
        script.write_text(WRK_SCRIPT)
        tool = "wrk" if wrk else "python load generator"
        print(
            f"Loading with {tool}: {args.rounds} round(s) × {args.duration} s per page, "
            f"{args.connections} connections, gunicorn -w {args.workers}",
            flush=True,
        )
        runnable = [p for p in pages if measured[p.name]["status"] < 400]
        for round_number in range(args.rounds):
            for page in runnable:
                if page.name == "export JSON":
                    reauthenticate()
                url = f"http://{HOST}:{port}" + page.path.format(**context)
                body = page.body.format(**context)
                headers = {"Host": HOST}
                cookies = []
                if page.signed_in:
                    cookies.append(f"sessionid={session_cookies[page.as_user]}")
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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    baseline = statistics.mean(results["baseline"].rps) if results["baseline"].rps else 0
    print()
    print(
        f"Machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'} · {tool}"
    )
    header = f"{'page':<14} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'gzip B':>8} {'queries':>7} {'errors':>6}"
    print(header)
    print("-" * len(header))
    rows = []
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
            "ratio": round(rps / baseline, 2) if baseline else None,
            "gzip_bytes": m["gzip_bytes"],
            "queries": m["queries"],
            "errors": r.errors,
        }
        rows.append(row)
        print(
            f"{row['page']:<14} {row['rps']:8.0f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['ratio'] if row['ratio'] is not None else '-':>6} {row['gzip_bytes']:8d} "
            f"{row['queries']:7d} {row['errors']:6d}"
        )
    print()
    print(
        f"Sign-up, median of 15 interleaved tries in-process: new address "
        f"{signup_ms['new']:.1f} ms, registered address {signup_ms['registered']:.1f} ms"
    )
    rows.append(
        {"page": "sign-up timing", **{f"{k}_ms": round(v, 1) for k, v in signup_ms.items()}}
    )

    from tracker.commitments import bounds

    print()
    print(
        f"History bound: every page computes at most {bounds.HISTORY_DAYS} days "
        f"(tracker/commitments/bounds.py); dates are stored from {bounds.EARLIEST} to "
        f"{bounds.LATEST}. Worst case, computed afresh in-process:"
    )
    for page in pages:
        if "1900" in page.name:
            print(f"  {page.name:<16} {measured[page.name]['cold_ms']:7.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

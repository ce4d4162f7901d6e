"""Load test against gunicorn and PostgreSQL: `python bench/load.py --duration 60 --users 20`.

Prepares a PostgreSQL database (created if missing, migrated, seeded with the demo and a cohort of
300 participants with plans and submissions: bench/load_seeding.py), collects the static files,
starts gunicorn with the production settings, and lets `--users` simulated people work for
`--duration` seconds on the participant dashboard, a module page, the plan editor's autosave,
the instructor's grading queue and the certificate verification page. Then it measures the
public pages (home, programme, verification) anonymously with wrk, stops what it started, and
prints per page the requests per second and p50/p95/p99, and as the last line
`rps=… p95_ms_max=… errors=…`.

The load client is a plain thread per user on keep-alive `http.client` connections, like a
locust user with a think time between requests (`--think`, default 0.5–1.5 s; `--think 0`
saturates the server instead). Locust would add gevent and its own process to the two cores
for nothing this small needs.

HTTPS: the production settings mark cookies Secure and trust `X-Forwarded-Proto: https` from
the TLS-terminating proxy. The client sends that header, as the proxy would, and carries its
cookies itself, so the production settings run unchanged apart from `SECURE_SSL_REDIRECT=0`.
"""

import argparse
import html.parser
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dxschool_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
PAGES = ("dashboard", "module", "autosave", "grading_queue", "verification")


def environment(args) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "school.settings.production",
            # A fixed key: the seeding process signs the sessions the server then reads.
            "SECRET_KEY": "bench-load-not-secret-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            # Kept between runs (collecting static files takes minutes); benchmark data only.
            "STATIC_ROOT": "/tmp/dxschool-load-static",  # noqa: S108
            "MEDIA_ROOT": "/tmp/dxschool-load-media",  # noqa: S108
            "PRIVATE_MEDIA_ROOT": "/tmp/dxschool-load-private-media",  # noqa: S108
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            # Every simulated user shares one address; the per-address limit on certificate
            # lookups would otherwise refuse the verification page after a few seconds.
            "CERTIFICATE_LOOKUP_LIMIT": "100000000",
        }
    )
    return env


def create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *command) -> None:
    subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def static_out_of_date(static_root: str) -> bool:
    """Collecting (hashing and compressing 500 files) takes minutes on a busy machine: done
    again only when a file under static/ is newer than the manifest of the last run."""
    manifest = Path(static_root) / "staticfiles.json"
    if not manifest.exists():
        return True
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    return newest > manifest.stat().st_mtime


def seed(env, users: int) -> dict:
    # Seeding runs the demo's Celery tasks (certificate PDFs) in its own process: no broker.
    seed_env = dict(env, REDIS_URL="", CELERY_BROKER_URL="")
    output = subprocess.run(  # noqa: S603
        [PYTHON, __file__, "--seed-only", "--users", str(users)],
        cwd=ROOT,
        env=seed_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def seed_only(users: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.load_seeding import seed_load

    print(json.dumps(seed_load(users=users)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "school.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class FormFields(html.parser.HTMLParser):
    """The fields a browser would post from the plan editor's form (not the row templates)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if "__prefix__" in name:
            name = ""
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name or None
        elif (
            tag == "option"
            and self._select
            and ("selected" in attrs or self._select not in self.fields)
        ):
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class User(threading.Thread):
    """One person: a participant's pages, the instructor's grading queue, a verification page."""

    def __init__(self, *, port, participant, seeded, until, think, results, lock, index):
        super().__init__(daemon=True)
        self.port, self.seeded, self.until, self.think = port, seeded, until, think
        self.participant, self.results, self.lock = participant, results, lock
        self.random = random.Random(index)  # noqa: S311 (think times, not secrets)
        self.csrf = secrets.token_hex(16)
        self.connection = None
        self.order = list(PAGES)
        self.random.shuffle(self.order)

    def cookies(self, session):
        names = self.seeded
        return f"{names['session_cookie_name']}={session}; {names['csrf_cookie_name']}={self.csrf}"

    def request(self, method, path, session=None, body=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "ja"}
        if session:
            headers["Cookie"] = self.cookies(session)
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                    "Origin": f"https://127.0.0.1:{self.port}",
                    "Referer": f"https://127.0.0.1:{self.port}{path}",
                }
            )
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def autosave_fields(self):
        session = self.participant["session"]
        status, body = self.request(
            "GET", f"/workshops/plan/{self.participant['enrolment_id']}/", session
        )
        if status != 200:
            raise SystemExit(f"the plan editor answered {status}")
        parser = FormFields()
        parser.feed(body.decode())
        return parser.fields

    def run(self):
        fields = self.autosave_fields()
        step = 0
        while time.monotonic() < self.until:
            page = self.order[step % len(self.order)]
            step += 1
            started = time.perf_counter()
            try:
                ok, fields = self.visit(page, fields)
            except (http.client.HTTPException, OSError):
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.results[page].append((elapsed, ok))
            if self.think:
                time.sleep(self.random.uniform(*self.think))

    def visit(self, page, fields):
        session = self.participant["session"]
        if page == "dashboard":
            status, _ = self.request("GET", "/dashboard/", session)
        elif page == "module":
            status, _ = self.request("GET", self.seeded["module_path"], session)
        elif page == "grading_queue":
            status, _ = self.request(
                "GET", "/workshops/grading/", self.seeded["instructor_session"]
            )
        elif page == "verification":
            code = self.random.choice(self.seeded["verification_codes"])
            status, _ = self.request("GET", f"/certificates/verify/{code}/", session)
        else:
            fields = dict(fields)
            fields["plan-vision_and_business_model"] = (
                fields.get("plan-vision_and_business_model", "").split(" #")[0]
                + f" #{self.random.randrange(10**6)}"
            )
            status, body = self.request(
                "POST",
                f"/workshops/plan/{self.participant['enrolment_id']}/autosave/",
                session,
                urllib.parse.urlencode(fields),
            )
            answer = json.loads(body) if body.startswith(b"{") else {}
            if "revision" in answer:
                fields["plan-expected_revision"] = str(answer["revision"])
            # Only the documented conflict (saved elsewhere) is an expected refusal.
            if status == 409 and answer.get("conflict"):
                return True, fields
        return status == 200, fields


def cpu_seconds(group: int) -> float:
    """User and system CPU time of every process in the process group (gunicorn's master and
    workers): the server's own cost, which the neighbours on a shared machine disturb far less
    than the wall clock."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def drive(port, seeded, users, duration, think, workers, server_group):
    results = defaultdict(list)
    lock = threading.Lock()
    until = time.monotonic() + duration
    people = [
        User(
            port=port,
            participant=seeded["participants"][index % len(seeded["participants"])],
            seeded=seeded,
            until=until,
            think=think,
            results=results,
            lock=lock,
            index=index,
        )
        for index in range(users)
    ]
    # Warm-up, not measured: each worker process loads its templates and connections on first use.
    warm = people[0]
    warm_fields = warm.autosave_fields()
    for _ in range(workers * 3):
        for page in PAGES:
            warm_fields = warm.visit(page, warm_fields)[1]
    for person in people:
        person.until = time.monotonic() + duration
    started = time.monotonic()
    server_cpu, client_cpu = cpu_seconds(server_group), time.process_time()
    for person in people:
        person.start()
    for person in people:
        person.join()
    cpu = {
        "server": cpu_seconds(server_group) - server_cpu,
        "client": time.process_time() - client_cpu,
    }
    return results, time.monotonic() - started, cpu


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def wrk(port, path, seconds) -> tuple[float, int, str]:
    output = subprocess.run(  # noqa: S603
        [  # noqa: S607 (wrk from PATH, as bin/system-deps installs it)
            "wrk",
            "-t2",
            "-c20",
            f"-d{seconds}s",
            "-H",
            "Accept-Language: ja",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", output)
    failures = int(bad.group(1)) if bad else 0
    detail = f"non-2xx {failures}"
    if errors:
        failures += sum(int(n) for n in errors.groups())
        connect, read, write, timeout = errors.groups()
        detail += f", socket: connect {connect} read {read} write {write} timeout {timeout}"
    return rps, failures, detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--short", action="store_true", help="a few seconds of each, for tests")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed_only(args.users)
        return
    duration = 5 if args.short else args.duration
    public_seconds = 2 if args.short else 10
    think = tuple(args.think) if max(args.think) > 0 else None

    env = environment(args)
    create_database(args.database_url)
    manage(env, "migrate", "--no-input")
    if static_out_of_date(env["STATIC_ROOT"]):
        manage(env, "collectstatic", "--no-input")
    seeded = seed(env, args.users)
    port = free_port()
    load_before = f"{os.getloadavg()[0]:.2f}"
    server = start_gunicorn(env, port, args.workers, args.threads)
    try:
        results, elapsed, cpu = drive(
            port, seeded, args.users, duration, think, args.workers, server.pid
        )
        public = {}
        if shutil.which("wrk"):
            code = seeded["verification_codes"][0]
            for name, path in (
                ("home", "/ja/"),
                ("programme", seeded["programme_path"]),
                ("verification", f"/certificates/verify/{code}/"),
            ):
                public[name] = wrk(port, path, public_seconds)
    finally:
        stop(server)

    total = sum(len(samples) for samples in results.values())
    errors = sum(1 for samples in results.values() for _, ok in samples if not ok)
    print(
        f"{args.users} users for {elapsed:.0f} s against gunicorn "
        f"({args.workers} workers x {args.threads} threads), think time {think or 'none'}"
    )
    print(
        f"{'page':<14} {'requests':>8} {'rps':>7} {'p50_ms':>7} {'p95_ms':>7} "
        f"{'p99_ms':>7} {'errors':>6}"
    )
    p95s = {}
    for page in PAGES:
        samples = results.get(page, [])
        times = [ms for ms, _ in samples] or [0.0]
        p95s[page] = percentile(times, 0.95)
        print(
            f"{page:<14} {len(samples):>8} {len(samples) / elapsed:>7.1f} "
            f"{statistics.median(times):>7.1f} {p95s[page]:>7.1f} "
            f"{percentile(times, 0.99):>7.1f} {sum(1 for _, ok in samples if not ok):>6}"
        )
    print(
        f"CPU: gunicorn {cpu['server']:.1f} s ({cpu['server'] * 1000 / max(total, 1):.1f} ms a "
        f"request), load client {cpu['client']:.1f} s; load average before and after: "
        f"{load_before} / {os.getloadavg()[0]:.2f}"
    )
    if public:
        print("public pages, anonymous, cached (wrk -t2 -c20):")
        for name, (rps, failures, detail) in public.items():
            print(f"  {name:<12} {rps:>8.0f} rps  errors {failures} ({detail})")
            errors += failures
    else:
        print("public pages: wrk not installed, not measured")
    print(f"rps={total / elapsed:.1f} p95_ms_max={max(p95s.values()):.1f} errors={errors}")


if __name__ == "__main__":
    main()

"""Load test against gunicorn and PostgreSQL: `python bench/load.py --duration 60 --users 20`.

Prepares a PostgreSQL database (created if missing, migrated, seeded with the demo and a cohort of
300 participants with plans and submissions: bench/load_seeding.py), collects the static files,
starts the production stack (gunicorn with the production settings, a Celery worker and beat on
Redis), and lets `--users` simulated people work for `--duration` seconds on the participant
dashboard, a module page, the plan editor's autosave, the instructor's grading queue and the
certificate verification page, and `/healthz/` as the machine's yardstick. Then it measures the
public pages (home, programme, verification) anonymously with wrk, reads the stack's memory,
stops what it started, and prints per page the requests per second, p50/p95/p99 and the server's
CPU milliseconds a request (from each answer's Server-Timing header), and as the last line
`rps=… p95_ms_max=… cpu_ms_max=… errors=…` (the slowest signed-in page's p95 and CPU).

`--scenario deadline` plays the night before a deadline instead (bench/deadline.py): 40, then
300 participants autosaving every 5 s and handing in their plans in the last minutes, three
instructors grading and 20 people on the dashboard.

The load client is a plain thread per user on keep-alive `http.client` connections, like a
locust user with a think time between requests (`--think`, default 0.5–1.5 s; `--think 0`
saturates the server instead). Locust would add gevent and its own process to the two cores
for nothing this small needs. Where a page's CPU goes: bench/profile_pages.py.

HTTPS: the production settings mark cookies Secure and trust `X-Forwarded-Proto: https` from
the TLS-terminating proxy. The client sends that header, as the proxy would, and carries its
cookies itself, so the production settings run unchanged apart from `SECURE_SSL_REDIRECT=0`.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack

PAGES = ("dashboard", "module", "autosave", "grading_queue", "verification", "healthz")
YARDSTICK = "healthz"


def seed(env, *arguments: str) -> dict:
    # Seeding runs the demo's Celery tasks (certificate PDFs) in its own process: no broker.
    seed_env = dict(env, REDIS_URL="", CELERY_BROKER_URL="")
    output = subprocess.run(  # noqa: S603
        [stack.PYTHON, __file__, "--seed-only", *arguments],
        cwd=stack.ROOT,
        env=seed_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def seed_only(args) -> None:
    import django

    django.setup()
    from bench.load_seeding import seed_deadline, seed_load

    if args.scenario == "deadline":
        print(json.dumps(seed_deadline(participants=args.participants[0])))
    else:
        print(json.dumps(seed_load(users=args.users)))


class Results:
    """Per page: (wall ms, ok, server CPU ms) of every request, from every thread."""

    def __init__(self):
        self.samples = defaultdict(list)
        self.lock = threading.Lock()

    def add(self, page, elapsed_ms, ok, cpu_ms):
        with self.lock:
            self.samples[page].append((elapsed_ms, ok, cpu_ms))


class User(threading.Thread):
    """One person: a participant's pages, the instructor's grading queue, a verification page."""

    def __init__(self, *, port, participant, seeded, until, think, results, index):
        super().__init__(daemon=True)
        self.seeded, self.until, self.think = seeded, until, think
        self.participant, self.results = participant, results
        self.random = random.Random(index)  # noqa: S311 (think times, not secrets)
        self.browser = stack.Browser(
            port,
            session_cookie=seeded["session_cookie_name"],
            csrf_cookie=seeded["csrf_cookie_name"],
        )
        self.order = list(PAGES)
        self.random.shuffle(self.order)

    def autosave_fields(self):
        path = f"/workshops/plan/{self.participant['enrolment_id']}/"
        status, body, _ = self.browser.request("GET", path, self.participant["session"])
        if status != 200:
            raise SystemExit(f"the plan editor answered {status}")
        return stack.form_fields(body).fields

    def run(self):
        fields = self.autosave_fields()
        step = 0
        while time.monotonic() < self.until:
            page = self.order[step % len(self.order)]
            step += 1
            started = time.perf_counter()
            try:
                ok, fields, cpu_ms = self.visit(page, fields)
            except OSError:
                ok, cpu_ms = False, None
            self.results.add(page, (time.perf_counter() - started) * 1000, ok, cpu_ms)
            if self.think:
                time.sleep(self.random.uniform(*self.think))

    def visit(self, page, fields):
        session, request = self.participant["session"], self.browser.request
        if page == "dashboard":
            status, _, cpu = request("GET", "/dashboard/", session)
        elif page == "module":
            status, _, cpu = request("GET", self.seeded["module_path"], session)
        elif page == "grading_queue":
            instructor = self.seeded["instructor_session"]
            status, _, cpu = request("GET", "/workshops/grading/", instructor)
        elif page == "verification":
            code = self.random.choice(self.seeded["verification_codes"])
            status, _, cpu = request("GET", f"/certificates/verify/{code}/", session)
        elif page == YARDSTICK:
            status, _, cpu = request("GET", "/healthz/")
        else:
            fields = autosave_fields_changed(fields, self.random.randrange(10**6))
            path = f"/workshops/plan/{self.participant['enrolment_id']}/autosave/"
            status, body, cpu = request("POST", path, session, fields)
            answer = json.loads(body) if body.startswith(b"{") else {}
            if "revision" in answer:
                fields["plan-expected_revision"] = str(answer["revision"])
            # Only the documented conflict (saved elsewhere) is an expected refusal.
            if status == 409 and answer.get("conflict"):
                return True, fields, cpu
        return status == 200, fields, cpu


def autosave_fields_changed(fields: dict, marker: int) -> dict:
    """The editor's fields with the vision's last words changed, as typing does."""
    fields = dict(fields)
    name = "plan-vision_and_business_model"
    fields[name] = fields.get(name, "").split(" #")[0] + f" #{marker}"
    return fields


def drive(running, seeded, users, duration, think, workers):
    port = running.port
    results = Results()
    people = [
        User(
            port=port,
            participant=seeded["participants"][index % len(seeded["participants"])],
            seeded=seeded,
            until=0,
            think=think,
            results=results,
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
    running.mark()
    for person in people:
        person.start()
    for person in people:
        person.join()
    return results, time.monotonic() - started


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


def report(results: Results, elapsed: float, pages) -> dict:
    """Prints the table of pages; returns the figures the summary line needs."""
    print(
        f"{'page':<14} {'requests':>8} {'rps':>7} {'p50_ms':>7} {'p95_ms':>7} "
        f"{'p99_ms':>7} {'cpu_ms':>7} {'errors':>6}"
    )
    figures = {}
    for page in pages:
        samples = results.samples.get(page, [])
        times = [ms for ms, _, _ in samples] or [0.0]
        cpus = [cpu for _, _, cpu in samples if cpu is not None] or [0.0]
        errors = sum(1 for _, ok, _ in samples if not ok)
        figures[page] = (stack.percentile(times, 0.95), statistics.fmean(cpus), errors)
        print(
            f"{page:<14} {len(samples):>8} {len(samples) / elapsed:>7.1f} "
            f"{statistics.median(times):>7.1f} {figures[page][0]:>7.1f} "
            f"{stack.percentile(times, 0.99):>7.1f} {figures[page][1]:>7.1f} {errors:>6}"
        )
    return figures


def summary(figures: dict, requests: int, elapsed: float, extra_errors: int = 0) -> str:
    signed_in = {page: values for page, values in figures.items() if page != YARDSTICK}
    errors = sum(values[2] for values in figures.values()) + extra_errors
    return (
        f"rps={requests / elapsed:.1f} p95_ms_max={max(v[0] for v in signed_in.values()):.1f} "
        f"cpu_ms_max={max(v[1] for v in signed_in.values()):.1f} errors={errors}"
    )


def machine() -> str:
    models = re.findall(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return f"{models[0] if models else 'unknown CPU'}, {os.cpu_count()} cores"


class Stack:
    """gunicorn, a Celery worker and beat, started and stopped together."""

    def __init__(self, env, args):
        self.port = stack.free_port()
        self.server = stack.start_gunicorn(
            env, self.port, args.workers, args.threads, preload=args.preload
        )
        self.celery = stack.start_celery(
            env, pool=args.celery_pool, concurrency=args.celery_concurrency
        )
        self.mark()

    def mark(self):
        """The server's CPU is counted from here (after the warm-up)."""
        self.cpu_before = stack.cpu_seconds(self.server.pid)

    def server_cpu(self) -> float:
        return stack.cpu_seconds(self.server.pid) - self.cpu_before

    def memory(self) -> float:
        return stack.print_memory(
            stack.memory_report(gunicorn_group=self.server.pid, celery=self.celery)
        )

    def stop(self):
        for process in (self.server, *self.celery):
            stack.stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("pages", "deadline"), default="pages")
    parser.add_argument("--duration", type=float, default=None, help="60 s, deadline 120 s")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--participants", type=int, nargs="+", default=[40, 300])
    parser.add_argument(
        "--arrivals",
        type=float,
        default=0.0,
        help="deadline: the participants open the editor within this many seconds (0: at once)",
    )
    parser.add_argument("--short", action="store_true", help="a few seconds of each, for tests")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    # The defaults are the stack docs/operations.md recommends for 2 cores and 1 GB: two
    # preloaded sync workers and a one-process Celery worker (bench/README.md says why).
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1: sync workers")
    parser.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="gunicorn --preload",
    )
    parser.add_argument("--celery-pool", choices=("prefork", "solo"), default="solo")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: dxschool_load; the deadline scenario's own, dxschool_deadline",
    )
    parser.add_argument("--redis-url", default=stack.DEFAULT_REDIS_URL)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.database_url is None:
        # Every deadline night adds a workshop and up to 300 hand-ins (with their notifications
        # and e-mails) to the cohort: in a database of its own, so that they do not weigh on the
        # pages' figures of a later run.
        deadline = args.scenario == "deadline"
        args.database_url = stack.DEADLINE_DATABASE_URL if deadline else stack.DEFAULT_DATABASE_URL
    if args.seed_only:
        seed_only(args)
        return
    env = stack.environment(args)
    stack.create_database(args.database_url)
    stack.manage(env, "migrate", "--no-input")
    if stack.static_out_of_date(env["STATIC_ROOT"]):
        stack.manage(env, "collectstatic", "--no-input")
    print(f"machine: {machine()}")
    if args.scenario == "deadline":
        from bench import deadline

        deadline.main(args, env, seed=seed, stack_class=Stack)
    else:
        pages(args, env)


def pages(args, env) -> None:
    duration = 5 if args.short else (args.duration or 60)
    public_seconds = 2 if args.short else 10
    think = tuple(args.think) if max(args.think) > 0 else None
    seeded = seed(env, "--users", str(args.users))
    load_before = f"{os.getloadavg()[0]:.2f}"
    running = Stack(env, args)
    try:
        results, elapsed = drive(running, seeded, args.users, duration, think, args.workers)
        server_cpu = running.server_cpu()
        public = {}
        if shutil.which("wrk"):
            code = seeded["verification_codes"][0]
            for name, path in (
                ("home", "/ja/"),
                ("programme", seeded["programme_path"]),
                ("verification", f"/certificates/verify/{code}/"),
            ):
                public[name] = wrk(running.port, path, public_seconds)
        running.memory()
    finally:
        running.stop()

    total = sum(len(samples) for samples in results.samples.values())
    print(
        f"{args.users} users for {elapsed:.0f} s against gunicorn "
        f"({args.workers} workers x {args.threads} threads), think time {think or 'none'}"
    )
    figures = report(results, elapsed, PAGES)
    print(
        f"CPU: gunicorn's processes {server_cpu:.1f} s ({server_cpu * 1000 / max(total, 1):.1f} ms "
        f"a request, all pages and gunicorn's own work); load average before and after: "
        f"{load_before} / {os.getloadavg()[0]:.2f}"
    )
    public_errors = 0
    if public:
        print("public pages, anonymous, cached (wrk -t2 -c20):")
        for name, (rps, failures, detail) in public.items():
            print(f"  {name:<12} {rps:>8.0f} rps  errors {failures} ({detail})")
            public_errors += failures
    else:
        print("public pages: wrk not installed, not measured")
    print(summary(figures, total, elapsed, public_errors))


if __name__ == "__main__":
    main()

"""What the load benchmarks share: the production stack started on free ports (gunicorn, and
for the memory report a Celery worker and beat), its CPU and memory read from /proc, a keep-alive
HTTP client that carries its cookies and reads each answer's Server-Timing, and the editor's form
fields as a browser would post them."""

import html.parser
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dxschool_load"
# Deadline night adds a workshop and its hand-ins at every run: a database of its own.
DEADLINE_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dxschool_deadline"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"


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
            # Each answer says its CPU time (school/request_logging.py): the per-page figures.
            "SERVER_TIMING": "1",
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    env, port: int, workers: int, threads: int, *, preload: bool = False
) -> subprocess.Popen:
    """Threads > 1: gthread workers; 1: sync workers, as the README's production line.
    `preload` imports the site once in the master, so the workers share those pages."""
    kind = ["--worker-class=gthread", f"--threads={threads}"] if threads > 1 else []
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "school.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            *kind,
            *(["--preload"] if preload else []),
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
        self.radios: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if "__prefix__" in name:
            name = ""
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") == "radio":
                self.radios.setdefault(name, []).append(attrs.get("value") or "")
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


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def form_fields(html: bytes) -> FormFields:
    parser = FormFields()
    parser.feed(html.decode())
    return parser


SERVER_CPU = re.compile(r"cpu;dur=([\d.]+)")


class Browser:
    """One person's keep-alive connection: cookies, the CSRF header a page's script sends, the
    proxy's X-Forwarded-Proto, and the server's CPU milliseconds of each answer."""

    def __init__(self, port: int, *, session_cookie: str, csrf_cookie: str):
        self.port, self.connection = port, None
        self.session_cookie, self.csrf_cookie = session_cookie, csrf_cookie
        self.csrf = os.urandom(16).hex()

    def request(self, method, path, session=None, body=None):
        """(status, body, server CPU ms or None)."""
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "ja"}
        if session:
            headers["Cookie"] = f"{self.session_cookie}={session}; {self.csrf_cookie}={self.csrf}"
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                    "Origin": f"https://127.0.0.1:{self.port}",
                    "Referer": f"https://127.0.0.1:{self.port}{path}",
                }
            )
            if isinstance(body, dict):
                body = urllib.parse.urlencode(body)
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                timing = SERVER_CPU.search(response.getheader("Server-Timing") or "")
                return response.status, response.read(), float(timing[1]) if timing else None
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def start_celery(env, *, pool: str = "prefork", concurrency: int = 2) -> list[subprocess.Popen]:
    """A Celery worker and beat as production runs them (README), for the memory report and for
    the e-mails that submissions queue."""
    celery = str(Path(PYTHON).parent / "celery")
    beat_schedule = Path("/tmp/dxschool-load-celerybeat-schedule")  # noqa: S108
    # Their warnings (running as root, here) go to a file, not into the benchmark's figures.
    log = Path("/tmp/dxschool-load-celery.log").open("a")  # noqa: S108, SIM115
    return [
        subprocess.Popen(  # noqa: S603
            [celery, "-A", "school", *command, "--loglevel=WARNING"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for command in (
            ["worker", f"--pool={pool}", f"--concurrency={concurrency}"],
            ["beat", f"--schedule={beat_schedule}"],
        )
    ]


def _processes(match) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if match(int(fields[2]), command):
            pids.append(int(stat.parent.name))
    return pids


def _program(command: str) -> str:
    return Path(command.split(" ", 1)[0]).name


def _memory_mb(pids) -> tuple[float, float]:
    """(PSS, RSS) in MB. PSS shares each shared page among the processes that map it, so the
    sum over PostgreSQL's processes counts its shared buffers once; RSS counts them in each."""
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def memory_report(*, gunicorn_group: int, celery: list[subprocess.Popen]) -> dict:
    """Resident memory of each part of the production stack, read now."""
    worker, beat = (process.pid for process in celery)
    parts = {
        "gunicorn": _processes(lambda group, _: group == gunicorn_group),
        "celery_worker": _processes(lambda group, _: group == worker),
        "celery_beat": _processes(lambda group, _: group == beat),
        "postgresql": _processes(lambda _, command: _program(command).startswith("postgres")),
        "redis": _processes(lambda _, command: _program(command) == "redis-server"),
    }
    return {name: (len(pids), *_memory_mb(pids)) for name, pids in parts.items()}


def print_memory(report: dict) -> float:
    print("memory after the run: processes, PSS MB (shared pages divided), RSS MB")
    for name, (count, pss, rss) in report.items():
        print(f"  {name:<14} {count:>3} {pss:>8.1f} {rss:>8.1f}")
    total = sum(pss for _, pss, _ in report.values())
    print(f"  {'total':<14} {'':>3} {total:>8.1f}")
    return total

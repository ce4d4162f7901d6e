"""Presentation day under load: `python bench/presentations.py --judges 60 --duration 60`.

Sixty guest judges score the same presenter within one minute, as in a room where everyone
scores the talk just given, against gunicorn with the production settings and PostgreSQL (the
database is created if missing and migrated; the data is one event on stage, seeded here).
Each judge's phone polls the event's state every 3 s, as the scoring page does (naming the
revision it has), and saves its scores five times at random moments in the minute (each tap of
a score and the comment save the card). Prints requests, p50/p95/p99 and errors for the saves
and the polls, and as its last line `p95_ms=… errors=…`: the saves' p95 and the errors of both.

It borrows the load benchmarks' set-up (bench/stack.py: environment, database, gunicorn); the
client is one thread per judge on a keep-alive `http.client` connection.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stack import (  # noqa: E402 (the project root goes on the path first)
    PYTHON,
    cpu_seconds,
    create_database,
    environment,
    free_port,
    manage,
    percentile,
    start_gunicorn,
    stop,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dxschool_presentations"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
SAVES_PER_JUDGE = 5
POLL_SECONDS = 3.0


def seed_only(judges: int) -> None:
    """One event, its first presenter on stage, `judges` guests joined: their cookies as the
    server signed them (Django's signed cookies, with the same key)."""
    import django

    django.setup()
    from django.core import signing
    from django.db import transaction
    from django.utils import timezone

    from cohorts.models import Cohort, Company, Enrolment, Programme, Session, TeachingAssignment
    from school.models import User
    from school.roles import Role
    from school.services import user_set_roles
    from workshops.models import Rubric
    from workshops.presentations import services
    from workshops.presentations.demo import scoring_rubric
    from workshops.presentations.judging_views import _guest_salt, guest_cookie_name

    with transaction.atomic():
        programme, _ = Programme.objects.get_or_create(
            code="BENCH", defaults={"name_ja": "負荷試験", "name_en": "Bench"}
        )
        today = timezone.localdate()
        cohort = Cohort.objects.create(
            programme=programme,
            name_ja=f"負荷試験 {secrets.token_hex(3)}",
            year=today.year,
            starts_on=today,
            ends_on=today,
            capacity=40,
            status=Cohort.Status.RUNNING,
        )
        company, _ = Company.objects.get_or_create(
            name="負荷試験株式会社", defaults={"name_kana": "ふかしけん"}
        )
        teacher, _ = User.objects.get_or_create(
            email="bench-teacher@bench.example", defaults={"last_name": "講師"}
        )
        user_set_roles(user=teacher, roles=[Role.INSTRUCTOR])
        TeachingAssignment.objects.create(cohort=cohort, user=teacher)
        presenters = []
        for index in range(2):
            user, _ = User.objects.get_or_create(
                email=f"bench-presenter-{index}@bench.example",
                defaults={"last_name": f"発表{index}"},
            )
            presenters.append(Enrolment.objects.create(cohort=cohort, user=user, company=company))
        now = timezone.now()
        session = Session.objects.create(
            cohort=cohort,
            name_ja="発表会",
            starts_at=now,
            ends_at=now + timezone.timedelta(hours=3),
        )
        rubric = Rubric.objects.filter(title_ja="DX計画発表 評価基準").first() or scoring_rubric()
        event = services.presentation_event_create(
            session=session,
            title_ja="負荷試験の発表会",
            rubric=rubric,
            presenting_minutes=10,
            questions_minutes=5,
            enrolments=presenters,
            by=teacher,
        )
        event = services.presentation_event_advance(event=event, by=teacher)
        cookies = []
        for index in range(judges):
            guest = services.guest_judge_join(code=event.guest_code, name=f"来賓 {index + 1}")
            value = signing.get_cookie_signer(
                salt=guest_cookie_name(event) + _guest_salt(event)
            ).sign(str(guest.pk))
            cookies.append(f"{guest_cookie_name(event)}={value}")
    print(
        json.dumps(
            {
                "event_id": event.pk,
                "presenter_id": event.current_id,
                "keys": [c["key"] for c in event.rubric_version.criteria],
                "cookies": cookies,
            }
        )
    )


class Judge(threading.Thread):
    def __init__(self, *, port, seeded, cookie, start_at, duration, results, lock, index):
        super().__init__(daemon=True)
        self.port, self.seeded, self.results, self.lock = port, seeded, results, lock
        self.random = random.Random(index)  # noqa: S311 (timings, not secrets)
        self.csrf = secrets.token_hex(16)
        self.cookie = f"{cookie}; csrftoken={self.csrf}"
        self.start_at, self.until = start_at, start_at + duration
        self.save_at = sorted(
            start_at + self.random.uniform(0, duration) for _ in range(SAVES_PER_JUDGE)
        )
        self.connection = None
        self.revision = None

    def request(self, method, path, body=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "ja", "Cookie": self.cookie}
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/json",
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

    def timed(self, kind, method, path, body=None):
        started = time.perf_counter()
        answer = b""
        try:
            status, answer = self.request(method, path, body)
            ok = status == 200
        except (http.client.HTTPException, OSError):
            ok = False
        with self.lock:
            self.results[kind].append(((time.perf_counter() - started) * 1000, ok))
        return answer

    def run(self):
        event, presenter = self.seeded["event_id"], self.seeded["presenter_id"]
        base = f"/workshops/presentations/{event}/"
        next_poll = self.start_at + self.random.uniform(0, POLL_SECONDS)
        while True:
            now = time.monotonic()
            if now >= self.until and not self.save_at:
                return
            if self.save_at and self.save_at[0] <= now:
                self.save_at.pop(0)
                scores = {key: self.random.randint(1, 5) for key in self.seeded["keys"]}
                body = json.dumps(
                    {"scores": scores, "comment": f"コメント {self.random.randrange(10**6)}"}
                )
                self.timed("save", "POST", f"{base}score/{presenter}/", body)
            elif next_poll <= now and now < self.until:
                next_poll += POLL_SECONDS
                # As the page does: the revision it has, after the first answer.
                since = "" if self.revision is None else f"?revision={self.revision}"
                answer = self.timed("state", "GET", f"{base}state/{since}")
                if answer.startswith(b"{"):
                    self.revision = json.loads(answer)["revision"]
            else:
                wake = min([*self.save_at[:1], next_poll, self.until])
                time.sleep(max(0.0, min(wake - time.monotonic(), 0.5)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed_only(args.judges)
        return

    env = environment(args)
    # The room view and scoring page are not fetched, so the static files need not be collected.
    env["STATIC_ROOT"] = "/tmp/dxschool-presentations-static"  # noqa: S108
    Path(env["STATIC_ROOT"]).mkdir(exist_ok=True)
    create_database(args.database_url)
    manage(env, "migrate", "--no-input")
    seeded = json.loads(
        subprocess.run(  # noqa: S603 (our own command)
            [PYTHON, __file__, "--seed-only", "--judges", str(args.judges)],
            cwd=ROOT,
            env=dict(env, REDIS_URL="", CELERY_BROKER_URL=""),
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    load_before = f"{os.getloadavg()[0]:.2f}"
    server = start_gunicorn(env, port, args.workers, args.threads)
    results = {"save": [], "state": []}
    try:
        cpu_before = cpu_seconds(server.pid)
        lock = threading.Lock()
        start_at = time.monotonic() + 0.5
        judges = [
            Judge(
                port=port,
                seeded=seeded,
                cookie=cookie,
                start_at=start_at,
                duration=args.duration,
                results=results,
                lock=lock,
                index=index,
            )
            for index, cookie in enumerate(seeded["cookies"])
        ]
        for judge in judges:
            judge.start()
        for judge in judges:
            judge.join()
        elapsed = time.monotonic() - start_at
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        stop(server)

    errors = sum(1 for samples in results.values() for _, ok in samples if not ok)
    print(
        f"{args.judges} guest judges scoring one presenter for {elapsed:.0f} s against gunicorn "
        f"({args.workers} workers x {args.threads} threads); load average before {load_before}, "
        f"server CPU {cpu:.1f} s"
    )
    print(f"{'request':<8} {'count':>6} {'p50_ms':>7} {'p95_ms':>7} {'p99_ms':>7} {'errors':>6}")
    for kind, samples in results.items():
        times = [ms for ms, _ in samples] or [0.0]
        print(
            f"{kind:<8} {len(samples):>6} {percentile(times, 0.5):>7.1f} "
            f"{percentile(times, 0.95):>7.1f} {percentile(times, 0.99):>7.1f} "
            f"{sum(1 for _, ok in samples if not ok):>6}"
        )
    saves = [ms for ms, _ in results["save"]] or [0.0]
    print(f"p95_ms={percentile(saves, 0.95):.1f} errors={errors}")


if __name__ == "__main__":
    main()

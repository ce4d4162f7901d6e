"""Where a signed-in page's CPU goes: `python bench/profile_pages.py [--page dashboard ...]`.

Runs in one process, with the production settings, against the load benchmark's database (seeded
by `bench/load.py`, which this reuses: run that once first), the pages the load test visits, as
the same people. For each page it prints the CPU milliseconds a request (`time.thread_time`,
median of `--repeat` warm requests), the number of queries, the size of the answer, and then the
call tree of those requests from pyinstrument (a sampling profiler: https://pyinstrument.readthedocs.io),
cut to the frames that took at least `--cutoff` per cent. `--html DIR` also writes each page's
profile as an interactive HTML file.

`--page submit` hands in a plan for a workshop due in an hour (bench/load_seeding.py
`seed_deadline`), each visit a different participant's, whose editor was read beforehand; it adds
that workshop and its hand-ins to the database, so give it a database of its own
(`--database-url …/dxschool_deadline`, the one `bench/load.py --scenario deadline` seeds).

The last line reads `cpu_ms_max=… page=…` (the costliest page).
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stack import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, environment  # noqa: E402

PAGES = (
    "dashboard",
    "dashboard_cold",
    "dashboard_workshops_changed",
    "module",
    "plan_editor",
    "autosave",
    "submit",
    "grading_queue",
    "grading_queue_cold",
    "verification",
    "healthz",
    "home",
)


def requests_of(seeded: dict, client, fields: dict):
    """One callable per page, doing what the load test's user does."""
    from school.content_generation import forget, forget_everything

    participant = seeded["participants"][0]
    plan = f"/workshops/plan/{participant['enrolment_id']}/"
    counter = iter(range(10**9))

    def autosave():
        data = dict(fields)
        data["plan-vision_and_business_model"] = (
            fields.get("plan-vision_and_business_model", "").split(" #")[0] + f" #{next(counter)}"
        )
        # Form-encoded, as the editor's script posts it (the test client's default is multipart).
        response = client.post(
            plan + "autosave/",
            urllib.parse.urlencode(data),
            content_type="application/x-www-form-urlencoded",
        )
        answer = json.loads(response.content) if response.content.startswith(b"{") else {}
        if "revision" in answer:
            fields["plan-expected_revision"] = str(answer["revision"])
        return response

    code = seeded["verification_codes"][0]
    return {
        "dashboard": lambda: client.get("/dashboard/"),
        # The first visit after a change anywhere: the panels rendered, not read from the cache.
        "dashboard_cold": lambda: (forget_everything(), client.get("/dashboard/"))[1],
        # After a plan handed in or a grade saved: the panels that read no workshop are kept.
        "dashboard_workshops_changed": lambda: (forget("workshops"), client.get("/dashboard/"))[1],
        "module": lambda: client.get(seeded["module_path"]),
        "plan_editor": lambda: client.get(plan),
        "autosave": autosave,
        "grading_queue": "instructor",
        "grading_queue_cold": "instructor",
        "verification": lambda: client.get(f"/certificates/verify/{code}/"),
        "healthz": "anonymous",
        "home": "anonymous",
    }


class HandIns:
    """Each call hands in the next participant's plan, as the editor's form posts it. A hand-in
    answers with a redirect back to the editor whether it was taken or refused (the draft is
    saved either way), so `verify` counts, after the timed visits, what was handed in."""

    expected_status = 302

    def __init__(self, extra: dict, *, count: int):
        from django.conf import settings
        from django.test import Client

        from bench.load_seeding import seed_deadline
        from bench.stack import FormFields

        seeded = seed_deadline(participants=count)
        self.workshop_id = seeded["deadline_workshop_id"]
        self.ready = []
        for participant in seeded["participants"][:count]:
            client = Client(**extra)
            client.cookies[settings.SESSION_COOKIE_NAME] = participant["session"]
            path = f"/workshops/plan/{participant['enrolment_id']}/"
            form = FormFields()
            form.feed(client.get(path).content.decode())
            data = dict(form.fields, submit_workshop=str(self.workshop_id))
            self.ready.append((client, path, urllib.parse.urlencode(data)))
        self.visits = 0

    def __call__(self):
        client, path, body = self.ready.pop()
        self.visits += 1
        return client.post(path, body, content_type="application/x-www-form-urlencoded")

    def verify(self) -> None:
        from workshops.models import Submission

        handed_in = Submission.objects.filter(workshop_id=self.workshop_id).count()
        if handed_in != self.visits:
            raise SystemExit(f"submit: {handed_in} of {self.visits} plans handed in")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", choices=PAGES)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cutoff", type=float, default=2.0, help="per cent of the page's time")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--quiet", action="store_true", help="figures only, no call trees")
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args()
    os.environ.update(environment(args))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from bench.load_seeding import seed_load
    from bench.stack import FormFields
    from school.content_generation import forget

    seeded = seed_load(users=1)
    extra = {
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "ja",
    }
    participant = Client(**extra)
    participant.cookies[settings.SESSION_COOKIE_NAME] = seeded["participants"][0]["session"]
    instructor = Client(**extra)
    instructor.cookies[settings.SESSION_COOKIE_NAME] = seeded["instructor_session"]
    editor = participant.get(f"/workshops/plan/{seeded['participants'][0]['enrolment_id']}/")
    form = FormFields()
    form.feed(editor.content.decode())
    pages = requests_of(seeded, participant, form.fields)
    pages["grading_queue"] = lambda: instructor.get("/workshops/grading/")
    # The first visit after a plan handed in or a grade saved: the queue rendered afresh.
    pages["grading_queue_cold"] = lambda: (
        forget("workshops"),
        instructor.get("/workshops/grading/"),
    )[1]
    if "submit" in (args.page or PAGES):
        pages["submit"] = HandIns(extra, count=6 + 2 * args.repeat)
    anonymous = Client(**extra)
    pages["home"] = lambda: anonymous.get("/ja/")
    pages["healthz"] = lambda: anonymous.get("/healthz/")

    figures = {}
    for name in args.page or PAGES:
        visit = pages[name]
        for _ in range(5):  # warm: templates compiled, caches filled
            response = visit()
        if response.status_code != getattr(visit, "expected_status", 200):
            raise SystemExit(f"{name} answered {response.status_code}")
        # Counted by a wrapper: Django empties `connection.queries` at each request's start.
        queries = []

        def count(run, sql, *rest, queries=queries):
            queries.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            response = visit()
        samples = []
        for _ in range(args.repeat):  # timed without the profiler, which adds its own cost
            started = time.thread_time()
            visit()
            samples.append((time.thread_time() - started) * 1000)
        profiler = Profiler(interval=0.001)
        profiler.start()
        for _ in range(args.repeat if not args.quiet else 0):
            visit()
        profiler.stop()
        figures[name] = statistics.median(samples)
        if hasattr(visit, "verify"):
            visit.verify()
        print(
            f"{name:<14} cpu_ms={figures[name]:6.1f} (min {min(samples):.1f}) "
            f"queries={len(queries)} bytes={len(response.content)}"
        )
        if args.sql:
            for sql in queries:
                print(f"    {sql[:240]}")
        if not args.quiet:
            print(
                profiler.output_text(
                    unicode=True,
                    time="percent_of_total",
                    processor_options={"filter_threshold": args.cutoff / 100},
                )
            )
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{name}.html").write_text(profiler.output_html())
    signed_in = {k: v for k, v in figures.items() if k not in ("healthz", "home")}
    worst = max(signed_in, key=signed_in.get) if signed_in else "-"
    print(f"cpu_ms_max={signed_in.get(worst, 0):.1f} page={worst}")


if __name__ == "__main__":
    main()

"""The night before a deadline: `python bench/load.py --scenario deadline` (bench/load.py).

For each count in `--participants` (default 40, then 300), a workshop due in an hour is added to
the benchmark's cohort (bench/load_seeding.py `seed_deadline`) and, for `--duration` (120 s):

- each participant opens the plan editor, autosaves every 5 s (the editor's own rhythm while
  someone types), and hands the plan in once, at a moment in the last part of the run. With
  `--arrivals S` each opens the editor at a random moment of the first S seconds; by default
  (0) all of them open it in the same second, the worst case;
- three instructors open the grading queue, open a submission and save a draft assessment, again
  and again, 2–4 s apart;
- 20 people look at their dashboard every 1–3 s.

Afterwards every participant's plan editor is read again: the text of the last save the server
acknowledged (autosave 200, or the hand-in) must be there, or it counts as a lost save. It prints
per page p50/p95/p99, CPU ms a request and errors, the stack's memory, and per run
`participants=… rps=… p95_ms_autosave=… p95_ms_submit=… p95_ms_max=… cpu_ms_max=… errors=…
lost_saves=…`; the last line is the last run's.
"""

import random
import re
import threading
import time

from bench import stack
from bench.load import Results, autosave_fields_changed, report

AUTOSAVE_EVERY = 5.0
DASHBOARD_PEOPLE = 20
INSTRUCTORS = 3
PAGES = ("editor", "autosave", "submit", "dashboard", "grading_queue", "grading_screen", "grade")


class Person(threading.Thread):
    def __init__(self, *, port, seeded, results, index, until):
        super().__init__(daemon=True)
        self.seeded, self.results, self.until = seeded, results, until
        self.random = random.Random(index)  # noqa: S311 (timings, not secrets)
        self.browser = stack.Browser(
            port,
            session_cookie=seeded["session_cookie_name"],
            csrf_cookie=seeded["csrf_cookie_name"],
        )

    def timed(self, page, method, path, session, body=None, ok=(200,)):
        started = time.perf_counter()
        try:
            status, answer, cpu = self.browser.request(method, path, session, body)
        except OSError:
            status, answer, cpu = 0, b"", None
        self.results.add(page, (time.perf_counter() - started) * 1000, status in ok, cpu)
        return status, answer

    def pause(self, low, high):
        time.sleep(max(0.0, min(self.random.uniform(low, high), self.until - time.monotonic())))


class Participant(Person):
    def __init__(self, *, participant, arrive_at, submit_at, marker_base, **kwargs):
        super().__init__(**kwargs)
        self.participant, self.submit_at, self.marker = participant, submit_at, marker_base
        self.arrive_at = arrive_at
        self.acknowledged = None  # the marker of the last save the server confirmed
        self.submitted = False

    def run(self):
        session = self.participant["session"]
        editor = f"/workshops/plan/{self.participant['enrolment_id']}/"
        time.sleep(max(0.0, self.arrive_at - time.monotonic()))
        status, body = self.timed("editor", "GET", editor, session)
        if status != 200:
            return
        fields = stack.form_fields(body).fields
        self.pause(0, AUTOSAVE_EVERY)
        while time.monotonic() < self.submit_at:
            began = time.monotonic()
            self.marker += 1
            fields = autosave_fields_changed(fields, self.marker)
            status, answer = self.timed("autosave", "POST", editor + "autosave/", session, fields)
            revision = re.search(rb'"revision": ?(\d+)', answer)
            if revision:
                fields["plan-expected_revision"] = revision[1].decode()
            if status == 200:
                self.acknowledged = self.marker
            time.sleep(max(0.0, AUTOSAVE_EVERY - (time.monotonic() - began)))
        handed_in = dict(fields, submit_workshop=str(self.seeded["deadline_workshop_id"]))
        status, _ = self.timed("submit", "POST", editor, session, handed_in, ok=(302,))
        if status == 302:
            self.acknowledged, self.submitted = self.marker, True


class Instructor(Person):
    def __init__(self, *, session, **kwargs):
        super().__init__(**kwargs)
        self.session = session

    def run(self):
        queue = f"/workshops/grading/?workshop={self.seeded['graded_workshop_id']}"
        while time.monotonic() < self.until:
            status, body = self.timed("grading_queue", "GET", queue, self.session)
            ids = re.findall(rb"/workshops/grading/(\d+)/", body)
            if status != 200 or not ids:
                self.pause(2, 4)
                continue
            screen = f"/workshops/grading/{self.random.choice(ids).decode()}/"
            status, body = self.timed("grading_screen", "GET", screen, self.session)
            if status == 200:
                form = stack.form_fields(body)
                # Feedback the participant already sees cannot go back to a draft (the screen
                # says so): the instructor releases the changes instead, as the screen offers.
                visible = b'id="visible-feedback-note"' in body
                fields = dict(form.fields, action="release" if visible else "save")
                fields.update(
                    {name: self.random.choice(values) for name, values in form.radios.items()}
                )
                fields["overall_feedback"] = "締切前夜の採点です。ロードマップの二年目を具体的に。"
                # 409: another instructor saved the same assessment meanwhile, as documented.
                self.timed("grade", "POST", screen, self.session, fields, ok=(200, 302, 409))
            self.pause(2, 4)


class DashboardVisitor(Person):
    def __init__(self, *, session, **kwargs):
        super().__init__(**kwargs)
        self.session = session

    def run(self):
        while time.monotonic() < self.until:
            self.timed("dashboard", "GET", "/dashboard/", self.session)
            self.pause(1, 3)


def warm_up(running, seeded, workers: int) -> None:
    """Not measured: every worker process loads its templates and connections on first use."""
    person = Person(port=running.port, seeded=seeded, results=Results(), index=0, until=0)
    first = seeded["participants"][0]
    editor = f"/workshops/plan/{first['enrolment_id']}/"
    queue = f"/workshops/grading/?workshop={seeded['graded_workshop_id']}"
    for _ in range(workers * 3):
        for path, session in (
            (editor, first["session"]),
            ("/dashboard/", first["session"]),
            (queue, seeded["instructor_sessions"][0]),
        ):
            person.browser.request("GET", path, session)
        _, body, _ = person.browser.request("GET", editor, first["session"])
        fields = stack.form_fields(body).fields
        person.browser.request("POST", editor + "autosave/", first["session"], fields)


def lost_saves(port, seeded, participants) -> int:
    """Reads each editor again: the last acknowledged text must be what it shows."""
    browser = stack.Browser(
        port, session_cookie=seeded["session_cookie_name"], csrf_cookie=seeded["csrf_cookie_name"]
    )
    lost = 0
    for person in participants:
        if person.acknowledged is None:
            continue
        path = f"/workshops/plan/{person.participant['enrolment_id']}/"
        for _ in range(5):  # an overloaded server may still be working through its queue
            try:
                status, body, _ = browser.request("GET", path, person.participant["session"])
            except OSError:
                status, body = 0, b""
            if status == 200:
                break
        else:
            raise SystemExit(f"could not read {path} back to check its last save")
        if f" #{person.acknowledged}<".encode() not in body:
            lost += 1
            if lost == 1:
                shown = re.findall(rb" #\d+.{0,20}", body)
                print(f"lost: acknowledged #{person.acknowledged}, the editor shows {shown[:3]}")
    return lost


def run(running, seeded, count: int, duration: float, workers: int, arrivals: float) -> dict:
    warm_up(running, seeded, workers)
    results = Results()
    started = time.monotonic()
    until = started + duration
    common = {"port": running.port, "seeded": seeded, "results": results, "until": until}
    participants = [
        Participant(
            participant=seeded["participants"][index],
            arrive_at=started + arrivals * random.Random(-index).random(),  # noqa: S311
            submit_at=started + duration * random.Random(index).uniform(0.6, 0.95),  # noqa: S311
            marker_base=index * 10**6 + int(started) % 10**5 * 10,
            index=index,
            **common,
        )
        for index in range(count)
    ]
    others = [
        Instructor(session=session, index=1000 + index, **common)
        for index, session in enumerate(seeded["instructor_sessions"][:INSTRUCTORS])
    ] + [
        DashboardVisitor(
            session=seeded["participants"][index % count]["session"], index=2000 + index, **common
        )
        for index in range(DASHBOARD_PEOPLE)
    ]
    running.mark()
    for person in participants + others:
        person.start()
    for person in participants + others:
        person.join()
    elapsed = time.monotonic() - started
    server_cpu = running.server_cpu()
    return {
        "results": results,
        "elapsed": elapsed,
        "server_cpu": server_cpu,
        "submitted": sum(person.submitted for person in participants),
        "lost": lost_saves(running.port, seeded, participants),
    }


def main(args, env, *, seed, stack_class) -> None:
    duration = 10 if args.short else (args.duration or 120)
    counts = [min(args.participants[0], 5)] if args.short else args.participants
    for count in counts:
        seeded = seed(env, "--scenario", "deadline", "--participants", str(count))
        running = stack_class(env, args)
        try:
            outcome = run(running, seeded, count, duration, args.workers, args.arrivals)
            print(
                f"\ndeadline night: {count} participants (opening the editor within "
                f"{args.arrivals:.0f} s), {INSTRUCTORS} instructors, "
                f"{DASHBOARD_PEOPLE} on the dashboard, {outcome['elapsed']:.0f} s, gunicorn "
                f"{args.workers} workers x {args.threads} threads"
            )
            figures = report(outcome["results"], outcome["elapsed"], PAGES)
            total = sum(len(samples) for samples in outcome["results"].samples.values())
            print(
                f"handed in: {outcome['submitted']} of {count}; gunicorn's processes "
                f"{outcome['server_cpu']:.1f} s of CPU "
                f"({outcome['server_cpu'] * 1000 / max(total, 1):.1f} ms a request)"
            )
            running.memory()
        finally:
            running.stop()
        errors = sum(values[2] for values in figures.values())
        print(
            f"participants={count} rps={total / outcome['elapsed']:.1f} "
            f"p95_ms_autosave={figures['autosave'][0]:.1f} "
            f"p95_ms_submit={figures['submit'][0]:.1f} "
            f"p95_ms_max={max(v[0] for v in figures.values()):.1f} "
            f"cpu_ms_max={max(v[1] for v in figures.values()):.1f} errors={errors} "
            f"lost_saves={outcome['lost']}"
        )

"""Run by tests/school/test_sqlite_concurrency.py in a process of its own, on a SQLite file:
participants log in and autosave their plans from several threads at once. Prints one JSON
object: how often each status was answered, and the errors raised."""

import json
import os
import sys
import threading
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.school.factories import DEFAULT_PASSWORD  # noqa: E402
from tests.workshops.factories import PlanFactory, editor_post_data  # noqa: E402

THREADS = int(sys.argv[1])
SAVES = int(sys.argv[2])

plans = [PlanFactory() for _ in range(THREADS)]
connection.close()
statuses: Counter = Counter()
errors: list[str] = []
start = threading.Barrier(THREADS)
lock = threading.Lock()


def participant(plan):
    client = Client(raise_request_exception=False)
    answers = []
    try:
        start.wait()
        answers.append(
            client.post(
                reverse("school:login"),
                {"username": plan.enrolment.user.email, "password": DEFAULT_PASSWORD},
            ).status_code
        )
        revision = plan.revision
        url = reverse("workshops:plan_autosave", args=[plan.enrolment_id])
        for n in range(SAVES):
            data = editor_post_data(
                plan, revision=revision, vision_and_business_model=f"顧客との接点を変える {n}"
            )
            response = client.post(url, data)
            answers.append(response.status_code)
            if response.status_code == 200:
                revision = response.json()["revision"]
    except Exception as error:  # a lock error outside a request is a failure too
        with lock:
            errors.append(repr(error))
    finally:
        connection.close()
    with lock:
        statuses.update(answers)


threads = [threading.Thread(target=participant, args=(plan,)) for plan in plans]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"statuses": dict(statuses), "errors": errors}))

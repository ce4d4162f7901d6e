import os
from pathlib import Path

from celery import shared_task
from celery.signals import worker_process_init

from certificates import rendering, services
from cohorts.models import Cohort

# Test-only: the path of a marker file. When set, the first delivery of a task makes the worker
# process exit right after rendering (before the PDF is stored), as a killed worker would; the
# marker makes the redelivered task run through. Used by the integration test only.
CRASH_ONCE_ENV = "CERTIFICATES_CRASH_AFTER_RENDER_ONCE"


def _crash_once_for_tests() -> None:
    marker = os.environ.get(CRASH_ONCE_ENV)
    if marker and not Path(marker).exists():
        Path(marker).touch()
        os._exit(1)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def issue_certificates(cohort_id: int, enrolment_ids: list[int]) -> int:
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    return services.certificates_issue_batch(
        cohort=cohort, enrolment_ids=enrolment_ids, after_render=_crash_once_for_tests
    )


@worker_process_init.connect
def _warm_up_worker_process(**kwargs) -> None:
    # Each worker process loads the fonts and parses the stylesheet once at start, not in the
    # first cohort's first task.
    rendering.warm_up()

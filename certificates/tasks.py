from celery import shared_task
from celery.signals import worker_process_init

from certificates import rendering, services
from cohorts.models import Cohort


@shared_task(acks_late=True, reject_on_worker_lost=True)
def issue_certificates(cohort_id: int, enrolment_ids: list[int]) -> int:
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    return services.certificates_issue_batch(cohort=cohort, enrolment_ids=enrolment_ids)


@worker_process_init.connect
def _warm_up_worker_process(**kwargs) -> None:
    # Each worker process loads the fonts and parses the stylesheet once at start, not in the
    # first cohort's first task.
    rendering.warm_up()

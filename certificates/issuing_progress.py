"""How far a cohort's bulk issuing has got, for the progress bar on the eligibility page.

Issuing runs in the worker; the page knows which enrolments it queued (kept in the cache for
a day) and counts how many of them have their certificate. Progress is read from the
certificates themselves, so it is right whichever worker did the work and in what order.
"""

from dataclasses import dataclass

from django.core.cache import cache

from certificates.models import Certificate

KEEP_SECONDS = 24 * 60 * 60


def _key(cohort_id: int) -> str:
    return f"certificates-issuing:{cohort_id}"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def issuing_started(*, cohort_id: int, enrolment_ids: list[int]) -> None:
    cache.set(_key(cohort_id), list(enrolment_ids), timeout=KEEP_SECONDS)


def issuing_progress(*, cohort_id: int) -> Progress | None:
    """None when no bulk issuing of the cohort is being followed."""
    enrolment_ids = cache.get(_key(cohort_id))
    if not enrolment_ids:
        return None
    done = Certificate.objects.filter(
        enrolment_id__in=enrolment_ids,
        status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED],
    ).count()
    return Progress(done=done, total=len(enrolment_ids))


def issuing_forget(*, cohort_id: int) -> None:
    cache.delete(_key(cohort_id))

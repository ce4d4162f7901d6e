"""The person's part of cohorts in an erasure (school/erasure/services.py).

Enrolments and attendance stay, with their status, track, cohort and company: they are what
the outcomes count. What names the person goes: the job title (with the company, it points at
one person), any name in an attendance note, the private calendar feed. A company only this
person was ever enrolled from is a sole trader's or a one-executive firm's name, which points
at them: it keeps its industry, size band and city (the outcomes group by them) and loses its
name. A company others were enrolled from too keeps its name: it is theirs as well.
"""

from django.db.models import Count, Q
from wagtail import hooks

from cohorts.models import Attendance, CalendarFeed, Company, Enrolment
from school.erasure.parts import ERASURE_COUNTS_HOOK, ERASURE_HOOK

ERASED_COMPANY_NAME = "消去済みの会社 {pk}"


def companies_only_of(user):
    return Company.objects.annotate(
        others=Count("enrolments", filter=~Q(enrolments__user=user)),
        theirs=Count("enrolments", filter=Q(enrolments__user=user)),
    ).filter(theirs__gt=0, others=0)


@hooks.register(ERASURE_COUNTS_HOOK)
def erasure_counts(user) -> dict[str, int]:
    return {
        "enrolments (kept, anonymised)": Enrolment.objects.filter(user=user).count(),
        "companies anonymised": companies_only_of(user).count(),
    }


@hooks.register(ERASURE_HOOK)
def erase_enrolments(erasure) -> None:
    user, identifiers = erasure.user, erasure.identifiers
    enrolments = Enrolment.objects.filter(user=user)
    # update(), not save(): the trail must not receive a fresh copy of the old job title.
    erasure.count("enrolments (kept, anonymised)", enrolments.update(job_title=""))
    for attendance in Attendance.objects.filter(enrolment__user=user).exclude(note=""):
        Attendance.objects.filter(pk=attendance.pk).update(
            note=identifiers.redact_thoroughly(attendance.note)
        )
    erasure.count("calendar feeds", CalendarFeed.objects.filter(user=user).delete()[0])
    for company in companies_only_of(user):
        Company.objects.filter(pk=company.pk).update(
            name=ERASED_COMPANY_NAME.format(pk=company.pk), name_kana=""
        )
        erasure.count("companies anonymised", 1)

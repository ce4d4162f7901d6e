"""The person's enrolments and attendance, for their own data export (school/personal_data.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cohorts.models import Attendance, Enrolment
from school.personal_data import PERSONAL_DATA_HOOK, rows_part


@hooks.register(PERSONAL_DATA_HOOK)
def enrolments_and_attendance(user):
    return [
        rows_part(
            path="enrolments.json",
            title=_("Enrolments"),
            queryset=Enrolment.objects.filter(user=user).order_by("pk"),
        ),
        rows_part(
            path="attendance.json",
            title=_("Attendance"),
            queryset=Attendance.objects.filter(enrolment__user=user).order_by("pk"),
        ),
    ]

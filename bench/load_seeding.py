"""The load benchmark's data: the demo, and a cohort of 300 participants with plans handed in.

Run again, it adds only what is missing. The participants share one password hash, computed once:
hashing 300 passwords would take minutes and is not what the benchmark measures. The users the
load client plays get fresh database sessions (the log-in itself, a deliberately slow password
hash, is not a page under test).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from cms.models import ModulePage
from cohorts import services as cohort_services
from cohorts.models import Cohort, Company, Enrolment, TeachingAssignment
from school.demo import DEMO_PASSWORD
from school.models import User
from school.roles import Role
from school.services import user_set_roles
from workshops import services as workshop_services
from workshops.demo import PLANS, _plan_data
from workshops.models import Plan, Submission, Workshop

COHORT_SIZE = 300
EMAIL = "load-{:03d}@bench.example"


def seed_load(*, users: int) -> dict:
    """Seed what the benchmark needs and return the sessions and addresses its users visit."""
    call_command("seed_demo", verbosity=0)
    cohort = (
        Cohort.objects.filter(programme__code="DXS", status=Cohort.Status.RUNNING)
        .order_by("-starts_on")
        .get()
    )
    # The demo cohort holds 30; the benchmark's holds the demo people and 300 more.
    Cohort.objects.filter(pk=cohort.pk).update(capacity=COHORT_SIZE + 100)
    cohort.refresh_from_db()
    enrolments = _cohort_of_participants(cohort)
    _plans_and_submissions(cohort, enrolments)

    instructor = (
        TeachingAssignment.objects.filter(cohort=cohort).select_related("user").first().user
    )
    module = ModulePage.objects.live().filter(locale__language_code="ja").first()
    codes = list(
        Certificate.objects.filter(status=Certificate.Status.ISSUED)
        .order_by("serial")
        .values_list("verification_code", flat=True)[:5]
    )
    programme = cohort.programme.page
    return {
        "participants": [
            {"session": _session_for(e.user), "enrolment_id": e.pk} for e in enrolments[:users]
        ],
        "instructor_session": _session_for(instructor),
        "module_path": module.get_url(),
        "programme_path": programme.get_url() if programme else "/ja/",
        "verification_codes": codes,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }


def _cohort_of_participants(cohort) -> list[Enrolment]:
    company = Company.objects.order_by("pk").first()
    password = make_password(DEMO_PASSWORD)
    enrolled = {}
    for index in range(COHORT_SIZE):
        email = EMAIL.format(index)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password,
                last_name="負荷",
                first_name=f"太郎{index:03d}",
                last_name_roman="Fuka",
                first_name_roman=f"Taro{index:03d}",
            )
            user_set_roles(user=user, roles=[Role.PARTICIPANT])
        enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
        if enrolment is None:
            enrolment = cohort_services.enrolment_create(
                cohort=cohort, user=user, company=company, job_title="代表取締役"
            )
        enrolled[index] = enrolment
    return [enrolled[index] for index in range(COHORT_SIZE)]


def _plans_and_submissions(cohort, enrolments) -> None:
    """A written plan each, handed in for the first workshop: 300 rows in the grading queue."""
    spec = next(iter(PLANS.values()))
    workshop = Workshop.objects.filter(cohort=cohort).order_by("due_at").first()
    for enrolment in enrolments:
        plan = Plan.objects.filter(enrolment=enrolment).first()
        if plan is None:
            plan = workshop_services.plan_get_or_create(enrolment=enrolment)
            plan = workshop_services.plan_save_draft(
                plan=plan, data=_plan_data(spec), expected_revision=plan.revision
            )
        if not Submission.objects.filter(workshop=workshop, enrolment=enrolment).exists():
            workshop_services.plan_submit(
                plan=plan, workshop=workshop, now=workshop.due_at - timedelta(days=1)
            )


def _session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed_deadline(*, participants: int) -> dict:
    """The night before a deadline: a workshop of the benchmark's cohort due in an hour, new at
    each run (nobody has handed in for it yet), the sessions of `participants` people, and of
    the cohort's instructors, who grade in the first workshop's queue of 300 submissions."""
    seeded = seed_load(users=participants)
    cohort = (
        Cohort.objects.filter(programme__code="DXS", status=Cohort.Status.RUNNING)
        .order_by("-starts_on")
        .get()
    )
    first = Workshop.objects.filter(cohort=cohort).order_by("due_at").first()
    now = timezone.now()
    workshop = Workshop.objects.create(
        cohort=cohort,
        rubric=first.rubric,
        title_ja=f"締切前夜の負荷試験 {now:%Y-%m-%d %H:%M:%S}",
        title_en=f"Deadline night load test {now:%Y-%m-%d %H:%M:%S}",
        opens_at=now - timedelta(days=7),
        due_at=now + timedelta(hours=1),
        required_for_completion=False,
    )
    instructors = [
        assignment.user
        for assignment in TeachingAssignment.objects.filter(cohort=cohort).select_related("user")
    ]
    seeded["deadline_workshop_id"] = workshop.pk
    seeded["graded_workshop_id"] = first.pk
    seeded["instructor_sessions"] = [
        _session_for(instructors[index % len(instructors)]) for index in range(3)
    ]
    return seeded

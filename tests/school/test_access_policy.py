"""Every route against the access policy table (school/access_policy.py), as every kind of user.

The world: one programme with cohorts A and B. The URL's objects belong to `owner`, a participant
of A (their plan, version, attachment, session, company...). Requests use a client that enforces
CSRF like a browser does, with a valid token unless the test is about the token.
"""

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from certificates import services as certificates_services
from certificates.models import Certificate
from cohorts.models import CalendarFeed
from school import services as school_services
from school.access_policy import (
    ADMIN_VIEWSETS_WITHOUT_COHORT,
    COHORT_ADMIN_VIEWSETS,
    EVERYONE,
    FRAMEWORK_NAMESPACES,
    ROUTES,
    Who,
)
from school.selectors import invitation_token
from tests.certificates.factories import attend, held_sessions
from tests.cms.factories import ImageFactory
from tests.cohorts.factories import (
    EnrolmentFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import (
    DEFAULT_PASSWORD,
    CityStaffFactory,
    InstructorFactory,
    ProgrammeAdministratorFactory,
)
from tests.school.notification_factories import NotificationFactory
from tests.workshops import files
from tests.workshops.factories import (
    CheckInFactory,
    CheckInVersionFactory,
    ExtensionFactory,
    PlanFactory,
    RubricFactory,
    WorkshopFactory,
    complete_plan_rows,
    editor_post_data,
)
from tests.workshops.presentation_factories import ScoringRubricFactory
from workshops import services as workshop_services
from workshops.models import Plan
from workshops.presentations import services as presentation_services

ENROLMENT_CSV = (
    Path(__file__).resolve().parents[2] / "cohorts" / "examples" / "enrolments.csv"
).read_bytes()

OUR_APPS = ("school", "cohorts", "workshops", "certificates", "cms")


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or None
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def _is_framework_route(name: str | None, path: str) -> bool:
    """Wagtail's and Django's own routes, which keep their own permission systems."""
    if name is None:
        return path.startswith("admin/")
    if name in ROUTES:
        return False
    if any(name.startswith(f"{app}_") or name.startswith(f"{app}:") for app in OUR_APPS):
        return False
    return name.startswith(FRAMEWORK_NAMESPACES) or path.startswith(("admin/", "documents/"))


def our_routes() -> list[tuple[str, str]]:
    return [
        (name, path) for name, path in _walk(get_resolver()) if not _is_framework_route(name, path)
    ]


def test_every_route_of_ours_has_an_entry_in_the_access_policy():
    missing = [f"{name} ({path})" for name, path in our_routes() if name not in ROUTES]

    assert missing == [], f"Routes without an access-policy entry: {missing}"


def test_the_access_policy_names_no_route_that_does_not_exist():
    existing = {name for name, _ in _walk(get_resolver())}

    assert sorted(set(ROUTES) - existing) == []


def test_a_route_that_the_policy_does_not_know_is_detected():
    assert not _is_framework_route("workshops:new_view_nobody_thought_about", "workshops/new/")
    assert not _is_framework_route("certificates_admin_new", "admin/certificates/new/")


# --- The world ----------------------------------------------------------------------------


@dataclass
class World:
    users: dict
    kwargs: dict


@pytest.fixture
def world(db):
    owner_enrolment = EnrolmentFactory()
    cohort = owner_enrolment.cohort
    peer_enrolment = EnrolmentFactory(cohort=cohort)
    outsider_enrolment = EnrolmentFactory(cohort__programme=cohort.programme)
    instructor = TeachingAssignmentFactory(cohort=cohort).user
    other_instructor = TeachingAssignmentFactory(cohort=outsider_enrolment.cohort).user
    # A session already held and attended, so the owner meets the completion rule.
    session = held_sessions(cohort, 1)[0]
    attend(owner_enrolment, [session], attended=1)
    # Complete, so that it can be handed in.
    plan = complete_plan_rows(PlanFactory(enrolment=owner_enrolment))
    workshop = WorkshopFactory(
        cohort=cohort,
        # A rubric, so the grading screen shows the form a grader posts.
        rubric=RubricFactory(),
        opens_at=timezone.now() - timedelta(days=1),
        allow_resubmission=True,
        peer_comments_enabled=True,
        required_for_completion=False,
    )
    attachment = workshop_services.attachment_add(
        plan=plan, upload=files.upload("slides.pdf", files.pdf())
    )
    submission = workshop_services.plan_submit(plan=plan, workshop=workshop)
    version = submission.versions.get()
    # A second version, so that the comparison page has two to compare.
    workshop_services.plan_submit(plan=plan, workshop=workshop)
    # Shared with the cohort: peers may read and comment, outsiders still may not.
    workshop_services.plan_share(version=version, user=owner_enrolment.user)
    # An alumni check-in on that version, submitted once.
    check_in = CheckInFactory(enrolment=owner_enrolment, plan_version=version, fiscal_year=2027)
    CheckInVersionFactory(check_in=check_in)
    image = ImageFactory(title="未使用の図")
    certificates_services.certificates_issue_batch(
        cohort=cohort, enrolment_ids=[owner_enrolment.pk]
    )
    certificate = Certificate.objects.get(enrolment=owner_enrolment)
    # A presentation day on the cohort's session, held and released: the owner presents.
    event = presentation_services.presentation_event_create(
        session=session,
        title_ja="発表会",
        rubric=ScoringRubricFactory(),
        presenting_minutes=8,
        questions_minutes=4,
        enrolments=[owner_enrolment],
        by=instructor,
    )
    presentation_services.presentation_event_advance(event=event, by=instructor)
    presentation_services.presentation_event_end(event=event, by=instructor)
    presentation_services.presentation_results_release(event=event, by=instructor)
    owner = owner_enrolment.user
    notification = NotificationFactory(recipient=owner)
    invitation = school_services.invitation_create(user=InstructorFactory())
    feed = CalendarFeed.objects.create(user=owner)
    users = {
        Who.ANONYMOUS: None,
        Who.OWNER: owner,
        Who.PEER: peer_enrolment.user,
        Who.OUTSIDER: outsider_enrolment.user,
        Who.INSTRUCTOR: instructor,
        Who.OTHER_INSTRUCTOR: other_instructor,
        Who.ADMINISTRATOR: ProgrammeAdministratorFactory(),
        Who.CITY: CityStaffFactory(),
    }
    kwargs = {
        "enrolment_id": owner_enrolment.pk,
        "cohort_id": cohort.pk,
        "session_id": session.pk,
        "company_id": owner_enrolment.company_id,
        "number": 1,
        "attachment_id": attachment.pk,
        "token": feed.token,
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "reset_token": default_token_generator.make_token(owner),
        "invitation_token": invitation_token(invitation),
        "workshop_id": workshop.pk,
        "submission_id": submission.pk,
        "version_id": version.pk,
        "version_attachment_id": version.attachments.get().pk,
        "certificate_id": certificate.pk,
        "code": certificate.verification_code,
        "image_name": image.file.url.removeprefix("/images/"),
        "fiscal_year": check_in.fiscal_year,
        "event_id": event.pk,
        "notification_id": notification.pk,
        "presenter_id": event.presenters.get().pk,
        "owner_id": owner.pk,
    }
    return World(users=users, kwargs=kwargs)


# How each route's URL is built from the world; a route missing here fails its matrix test.
URL_ARGUMENTS = {
    "cohorts:calendar_feed": lambda k: {"token": k["token"]},
    "cohorts:mark_attendance": lambda k: {"session_id": k["session_id"]},
    "cohorts:export_enrolments": lambda k: {"cohort_id": k["cohort_id"]},
    "cohorts:export_attendance": lambda k: {"cohort_id": k["cohort_id"]},
    "cohorts:company_detail": lambda k: {"company_id": k["company_id"]},
    "school:password_reset_confirm": lambda k: {"uidb64": k["uidb64"], "token": k["reset_token"]},
    "school:accept_invitation": lambda k: {"token": k["invitation_token"]},
    "school:switch_language": lambda k: {"code": "en"},
    "workshops:plan_editor": lambda k: {"enrolment_id": k["enrolment_id"]},
    "workshops:plan_autosave": lambda k: {"enrolment_id": k["enrolment_id"]},
    "workshops:plan_diff": lambda k: {"enrolment_id": k["enrolment_id"]},
    "workshops:plan_version": lambda k: {"enrolment_id": k["enrolment_id"], "number": 1},
    "workshops:attachment_upload": lambda k: {"enrolment_id": k["enrolment_id"]},
    "workshops:attachment_download": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "attachment_id": k["attachment_id"],
    },
    "workshops:attachment_delete": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "attachment_id": k["attachment_id"],
    },
    "workshops:plan_pdf": lambda k: {"enrolment_id": k["enrolment_id"], "number": 1},
    "workshops:version_attachment_download": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "number": 1,
        "attachment_id": k["version_attachment_id"],
    },
    "workshops:plan_share": lambda k: {"enrolment_id": k["enrolment_id"], "number": 1},
    "workshops:plan_share_withdraw": lambda k: {"enrolment_id": k["enrolment_id"], "number": 1},
    "workshops:cohort_shared_plans": lambda k: {"cohort_id": k["cohort_id"]},
    "workshops:shared_plan": lambda k: {"cohort_id": k["cohort_id"], "version_id": k["version_id"]},
    **{
        f"workshops:{name}": lambda k: {"enrolment_id": k["enrolment_id"]}
        for name in (
            *("certification_readiness", "certification_record", "dx_strategy"),
            *("dx_strategy_pdf", "certification_application_docx"),
        )
    },
    "workshops:certification_publication": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "criterion": "1",
    },
    **{
        f"workshops:{name}": lambda k: {
            "enrolment_id": k["enrolment_id"],
            "fiscal_year": k["fiscal_year"],
        }
        for name in ("self_assessment", "self_assessment_xlsx")
    },
    "workshops:check_in": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "fiscal_year": k["fiscal_year"],
    },
    "workshops:check_in_version": lambda k: {
        "enrolment_id": k["enrolment_id"],
        "fiscal_year": k["fiscal_year"],
        "number": 1,
    },
    **{
        f"workshops:presentations:{name}": lambda k: {"event_id": k["event_id"]}
        for name in (
            *("manage", "advance", "end", "room", "results", "release", "results_csv"),
            *("state", "scoring", "guest_leave"),
        )
    },
    "school:notification_open": lambda k: {"pk": k["notification_id"]},
    "school:notification_read": lambda k: {"pk": k["notification_id"]},
    "workshops:presentations:event_create": lambda k: {"session_id": k["session_id"]},
    "workshops:presentations:join_code": lambda k: {"code": "ABCD1234"},
    "workshops:presentations:presenter_move": lambda k: {
        "event_id": k["event_id"],
        "presenter_id": k["presenter_id"],
    },
    "workshops:presentations:score_save": lambda k: {
        "event_id": k["event_id"],
        "presenter_id": k["presenter_id"],
    },
    "workshops:presentations:feedback": lambda k: {"presenter_id": k["presenter_id"]},
    "workshops:presentations:feedback_pdf": lambda k: {"presenter_id": k["presenter_id"]},
    "workshops:grading_screen": lambda k: {"submission_id": k["submission_id"]},
    "workshops:grades_csv": lambda k: {"workshop_id": k["workshop_id"]},
    "workshops:workshop_plans_zip": lambda k: {"workshop_id": k["workshop_id"]},
    "cms_images:file": lambda k: {"name": k["image_name"]},
    "certificates:verify": lambda k: {"code": k["code"]},
    "certificates:verify_json": lambda k: {"code": k["code"]},
    "certificates:download": lambda k: {"certificate_id": k["certificate_id"]},
    "credentials:download": lambda k: {"code": k["code"]},
    "credentials:status_list": lambda k: {"number": 1},
    # The world's programme: ProgrammeFactory's code.
    "credentials:achievement": lambda k: {"code": "dxs"},
    "certificates_admin_eligibility": lambda k: {"cohort_id": k["cohort_id"]},
    "certificates_admin_issuing_progress": lambda k: {"cohort_id": k["cohort_id"]},
    "certificates_admin_issue_for_cohort": lambda k: {"cohort_id": k["cohort_id"]},
    "certificates_admin_issue_for_enrolment": lambda k: {"enrolment_id": k["enrolment_id"]},
    "certificates_admin_revoke": lambda k: {"certificate_id": k["certificate_id"]},
    "certificates_admin_reissue": lambda k: {"certificate_id": k["certificate_id"]},
    "cohorts_admin_enrol_person": lambda k: {"cohort_id": k["cohort_id"]},
    "cohorts_admin_import_csv": lambda k: {"cohort_id": k["cohort_id"]},
    "cohorts_admin_resend_invitation": lambda k: {"enrolment_id": k["enrolment_id"]},
    "school_admin_erasure_person": lambda k: {"user_id": k["owner_id"]},
}


# Query strings a route needs to show its page (the two versions to compare).
URL_QUERIES = {"workshops:plan_diff": "?a=1&b=1"}


def _url(name, world) -> str:
    build = URL_ARGUMENTS.get(name)
    return reverse(name, kwargs=build(world.kwargs) if build else None) + URL_QUERIES.get(name, "")


def _client(user, *, with_token=True) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    if with_token:
        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
        client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


# --- What a refused POST carries ---------------------------------------------------------------
# A refused POST must be refused for who sent it, not for an empty or broken body: every write
# route is posted with what its real form sends. Routes with a page of their own are posted with
# that page's form as an allowed user's browser would submit it (its fields as rendered, the
# required empty ones filled in); routes without one (buttons on other pages, the autosave) with
# the fields their button or script sends.
FORM_FILLERS = {
    "email": "new.person@example.jp",
    "number": "1",
    "date": "2027-04-01",
    "datetime-local": "2027-04-01T10:00",
    "password": "a-long-new-password-2027",
}
FORM_TEXT = "監査用の入力 (a real value)"
SKIPPED_FORMS = ("school:logout", "set_language")


def _first_reader(name):
    """Whose browser the payload is taken from: a visitor for the pages everyone uses (log-in,
    reset, invitation: signed in, some of them redirect away), else the first who may write."""
    access = ROUTES[name]
    order = (Who.OWNER, Who.INSTRUCTOR, Who.ADMINISTRATOR, Who.PEER, Who.ANONYMOUS)
    if access.write == EVERYONE:
        order = (Who.ANONYMOUS,)
    for who in order:
        if who in access.write and who in access.read:
            return who
    return None


def _main_form(html: str):
    forms = [
        form
        for form in BeautifulSoup(html, "html.parser").find_all("form")
        if (form.get("method") or "get").lower() == "post"
        and not any(part in (form.get("action") or "") for part in ("/logout/", "/i18n/"))
    ]
    return max(forms, key=lambda form: len(form.find_all(["input", "select", "textarea"])))


def _fields_of(form) -> dict:
    data: dict = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        kind = (field.get("type") or "text").lower()
        if not name or kind in ("button", "image", "reset"):
            continue
        if kind == "submit":
            data.setdefault(name, field.get("value", ""))
        elif kind == "file":
            data[name] = files.upload("enrolments.csv", ENROLMENT_CSV)
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
            elif kind == "radio":
                data.setdefault(name, field.get("value", "on"))
        elif field.name == "select":
            chosen = field.find("option", selected=True) or next(
                (o for o in field.find_all("option") if o.get("value")), None
            )
            if chosen is not None:
                data[name] = chosen.get("value", chosen.text)
        else:
            value = field.text if field.name == "textarea" else field.get("value", "")
            if not value and field.has_attr("required"):
                value = FORM_FILLERS.get(kind, FORM_TEXT)
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


def _button_payloads(world) -> dict:
    """The routes without a page: what their button or script posts."""
    plan = Plan.objects.get(enrolment_id=world.kwargs["enrolment_id"])
    editor = editor_post_data(plan, vision_and_business_model="顧客接点をデジタルで変える")
    owner = world.users[Who.OWNER]
    new_password = FORM_FILLERS["password"]
    return {
        # The forms whose fields a filler cannot guess: the owner's real credentials.
        "school:login": {"username": owner.email, "password": DEFAULT_PASSWORD},
        "school:password_reset": {"email": owner.email},
        "school:password_change": {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
        "school:logout": {"next": "/"},
        # Its page shows the form only while the token is valid, and logging the owner in (as
        # the matrix does) changes what the token was made from.
        "school:password_reset_confirm": {
            "new_password1": FORM_FILLERS["password"],
            "new_password2": FORM_FILLERS["password"],
        },
        "set_language": {"language": "en", "next": "/"},
        "cohorts:renew_calendar_feed": {"renew": "1"},
        "workshops:plan_autosave": editor,
        "workshops:attachment_upload": {"file": files.upload("追加.pdf", files.pdf())},
        "workshops:attachment_delete": {"confirm": "1"},
        "workshops:plan_share": {"share": "1"},
        "workshops:plan_share_withdraw": {"withdraw": "1"},
        "cohorts_admin_resend_invitation": {"resend": "1"},
        "certificates_admin_issue_for_cohort": {"issue": "1"},
        "certificates_admin_issue_for_enrolment": {"issue": "1"},
        # Buttons whose form holds only the token: a field of its own, so the body is not empty.
        "school:notification_open": {"open": "1"},
        "school:notification_read": {"read": "1"},
        "school:notifications_read_all": {"read": "all"},
        "workshops:grading_bulk_release": {"submission": str(world.kwargs["submission_id"])},
        "workshops:presentations:presenter_move": {"direction": "up"},
        "workshops:presentations:advance": {"back": "room"},
        "workshops:presentations:end": {"end": "1"},
        "workshops:presentations:release": {"confirm_gaps": "1"},
        "workshops:presentations:guest_leave": {"leave": "1"},
        # The phones post JSON; a form post is answered 400 to whoever may score.
        "workshops:presentations:score_save": {"comment": "良い発表"},
    }


def post_payload(name, world) -> dict:
    buttons = _button_payloads(world)
    if name in buttons:
        return buttons[name]
    reader = _first_reader(name)
    assert reader is not None, f"{name}: add what its button posts to _button_payloads"
    page = _client(world.users[reader]).get(_url(name, world), follow=True)
    payload = _fields_of(_main_form(page.content.decode()))
    assert payload, f"{name}: its page has no form to post"
    return payload


def _post(client, url, payload):
    # The token in the body as well as the header, as a browser's form sends it.
    data = {**payload, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return client.post(url, data)


def database_fingerprint() -> str:
    """A digest of every row of our apps' tables: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = model._base_manager.order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


# The guest judges' join page is presentation day's log-in for those without an account.
LOGIN_PAGES = ("school:login", "wagtailadmin_login", "workshops:presentations:join")
# Routes whose success is a redirect to a log-in page.
SUCCEEDS_BY_REDIRECT_TO_LOGIN = {"school:logout"}


def _refused(response) -> bool:
    """403, or a redirect to a log-in page (ours, or the Wagtail admin's for its views), or
    401 from a route only scripts call (the autosave: school/expired_sign_in.py)."""
    if response.status_code in (401, 403):
        return True
    location = response.headers.get("Location", "")
    if response.status_code != 302:
        return False
    # Wagtail answers a signed-in editor without the permission with a redirect to the admin's
    # home page and a message.
    return location == reverse("wagtailadmin_home") or any(
        reverse(page) in location for page in LOGIN_PAGES
    )


def _allowed(response, name) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return False
    return name in SUCCEEDS_BY_REDIRECT_TO_LOGIN or not _refused(response)


ROLES_REFUSED_FIRST = sorted(Who, key=lambda who: who is Who.ADMINISTRATOR)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_answers_each_kind_of_user_as_the_policy_says(name, world):
    access = ROUTES[name]
    if name not in URL_ARGUMENTS and "<" in dict(our_routes()).get(name, ""):
        pytest.fail(f"{name} takes URL arguments: add it to URL_ARGUMENTS")
    url = _url(name, world)
    clients = {who: _client(user) for who, user in world.users.items()}
    wrong = []

    if access.read:
        for who in Who:
            response = clients[who].get(url)
            expected = who in access.read
            if (_allowed(response, name) if expected else _refused(response)) is False:
                wrong.append(
                    f"GET as {who}: {response.status_code}, expected "
                    f"{'allowed' if expected else 'refused'}"
                )

    if access.write:
        payload = post_payload(name, world)
        assert any(value not in ("", None) for value in payload.values()), payload
        # Refused POSTs first, so that an allowed one cannot change the world under them.
        for who in sorted(Who, key=lambda w: w in access.write):
            before = database_fingerprint()
            response = _post(clients[who], url, payload)
            if who in access.write:
                if not _allowed(response, name):
                    wrong.append(f"POST as {who}: {response.status_code}, expected allowed")
            elif not _refused(response):
                wrong.append(f"POST as {who}: {response.status_code}, expected refused")
            elif database_fingerprint() != before:
                wrong.append(f"POST as {who} was refused but changed the database")

    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, a in ROUTES.items() if a.write))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(name, world):
    url = _url(name, world)
    allowed_user = next(
        (
            world.users[who]
            for who in (Who.OWNER, Who.ADMINISTRATOR, Who.INSTRUCTOR)
            if who in ROUTES[name].write
        ),
        None,
    )
    payload = post_payload(name, world)
    client = _client(allowed_user, with_token=False)
    before = database_fingerprint()

    response = client.post(url, payload)

    assert response.status_code == 403
    assert database_fingerprint() == before


# --- Our admin viewsets: each cohort's rows for its own teaching team only ---------------------


def _admin_viewset_namespaces() -> set[str]:
    return {
        name.split(":")[0]
        for name, _path in _walk(get_resolver())
        if name and name.startswith("admin_") and name.endswith(":index")
    }


def test_every_admin_viewset_of_ours_has_an_entry_in_the_access_policy():
    known = set(COHORT_ADMIN_VIEWSETS) | set(ADMIN_VIEWSETS_WITHOUT_COHORT)

    assert sorted(_admin_viewset_namespaces() - known) == []
    assert sorted(known - _admin_viewset_namespaces()) == []


def _rows_of(cohort, instructor) -> dict:
    """One row of each scoped viewset, all belonging to `cohort`."""
    enrolment = EnrolmentFactory(cohort=cohort)
    workshop = WorkshopFactory(cohort=cohort)
    return {
        "admin_cohorts": cohort,
        "admin_enrolments": enrolment,
        "admin_sessions": SessionFactory(cohort=cohort),
        "admin_teaching_assignments": instructor.teaching_assignments.get(cohort=cohort),
        "admin_companies": enrolment.company,
        "admin_workshops": workshop,
        "admin_workshop_extensions": ExtensionFactory(workshop=workshop, enrolment=enrolment),
    }


@pytest.fixture
def two_cohorts(db):
    """Cohorts A and B of one programme, each with its own instructor and a row of every kind."""
    cohort_a = EnrolmentFactory().cohort
    cohort_b = EnrolmentFactory(cohort__programme=cohort_a.programme).cohort
    instructor_a = TeachingAssignmentFactory(cohort=cohort_a).user
    instructor_b = TeachingAssignmentFactory(cohort=cohort_b).user
    return {
        "users": {
            "instructor of A": instructor_a,
            "instructor of B": instructor_b,
            "administrator": ProgrammeAdministratorFactory(),
        },
        "teaches": {instructor_a.pk: cohort_a.pk, instructor_b.pk: cohort_b.pk},
        "rows": {
            cohort_a.pk: _rows_of(cohort_a, instructor_a),
            cohort_b.pk: _rows_of(cohort_b, instructor_b),
        },
    }


def _who_for(user, cohort_id, teaches) -> Who:
    if user.is_programme_administrator:
        return Who.ADMINISTRATOR
    return Who.INSTRUCTOR if teaches.get(user.pk) == cohort_id else Who.OTHER_INSTRUCTOR


def _get_past_language_redirect(client, url):
    # An admin 404 goes through LocaleMiddleware, which first tries the address under /ja/.
    response = client.get(url)
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.endswith(url) and location != url:
        response = client.get(location)
    return response


def _opening_urls(namespace, pk) -> dict[str, str]:
    urls = {"edit": reverse(f"{namespace}:edit", args=[pk])}
    with contextlib.suppress(NoReverseMatch):  # a viewset without an inspect view
        urls["inspect"] = reverse(f"{namespace}:inspect", args=[pk])
    return urls


@pytest.mark.parametrize("viewer", ["instructor of A", "instructor of B", "administrator"])
@pytest.mark.parametrize("namespace", sorted(COHORT_ADMIN_VIEWSETS))
def test_our_admin_viewsets_show_a_cohorts_rows_only_to_its_teaching_team(
    namespace, viewer, two_cohorts
):
    access = COHORT_ADMIN_VIEWSETS[namespace]
    user = two_cohorts["users"][viewer]
    client = _client(user)
    listing = client.get(reverse(f"{namespace}:index"))
    assert listing.status_code == 200
    content = listing.content.decode()
    wrong = []

    for cohort_id, rows in two_cohorts["rows"].items():
        row = rows[namespace]
        who = _who_for(user, cohort_id, two_cohorts["teaches"])
        urls = _opening_urls(namespace, row.pk)
        listed = any(f'href="{url}"' in content for url in urls.values())
        if listed != (who in access.see):
            wrong.append(f"listing as {who}: row {'shown' if listed else 'missing'}")
        for page, url in urls.items():
            may = who in (access.see if page == "inspect" else access.edit)
            response = _get_past_language_redirect(client, url)
            if may and response.status_code != 200:
                wrong.append(f"{page} as {who}: {response.status_code}, expected 200")
            if not may and not (response.status_code == 404 or _refused(response)):
                wrong.append(f"{page} as {who}: {response.status_code}, expected refused")

    assert not wrong, "\n".join(wrong)

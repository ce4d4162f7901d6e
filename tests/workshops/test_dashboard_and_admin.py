import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory
from tests.school.factories import ProgrammeAdministratorFactory
from tests.workshops.factories import ExtensionFactory, WorkshopFactory
from workshops import selectors, services
from workshops.models import Extension, Workshop

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_open_workshops_with_deadline_and_status(author_client, plan, workshop):
    response = author_client.get("/dashboard/")

    html = response.content.decode()
    assert workshop.title_en in html or workshop.title_ja in html
    assert "Draft" in html
    assert f"/workshops/plan/{plan.enrolment_id}/" in html


def test_open_workshops_show_submitted_late_and_the_extended_deadline(enrolment, plan):
    now = timezone.now()
    on_time = WorkshopFactory(cohort=enrolment.cohort)
    late = WorkshopFactory(
        cohort=enrolment.cohort, due_at=now - timedelta(days=1), allow_late_submission=True
    )
    extended = WorkshopFactory(cohort=enrolment.cohort, due_at=now - timedelta(hours=1))
    extension = ExtensionFactory(
        workshop=extended, enrolment=enrolment, due_at=now + timedelta(days=2)
    )
    services.plan_submit(plan=plan, workshop=on_time)
    services.plan_submit(plan=plan, workshop=late)

    rows = {row.workshop: row for row in selectors.workshops_open_for(user=enrolment.user)}

    assert rows[on_time].status == "submitted"
    assert rows[late].status == "late"
    assert rows[extended].status == "draft"
    assert rows[extended].due_at == extension.due_at


def test_a_closed_workshop_with_nothing_submitted_is_no_longer_open(enrolment):
    closed = WorkshopFactory(cohort=enrolment.cohort, due_at=timezone.now() - timedelta(days=1))
    not_yet = WorkshopFactory(
        cohort=enrolment.cohort,
        opens_at=timezone.now() + timedelta(days=1),
        due_at=timezone.now() + timedelta(days=9),
    )

    workshops = [row.workshop for row in selectors.workshops_open_for(user=enrolment.user)]

    assert closed not in workshops and not_yet not in workshops


def test_the_open_workshops_cost_the_same_queries_for_1_or_10_workshops(
    enrolment, django_assert_max_num_queries
):
    for _n in range(10):
        WorkshopFactory(cohort=enrolment.cohort)

    with django_assert_max_num_queries(4):
        assert len(selectors.workshops_open_for(user=enrolment.user)) == 10


def test_programme_administrators_may_manage_workshops_and_extensions():
    group = Group.objects.get(name="Programme administrators")

    for model in ("workshop", "extension"):
        for action in ("add", "change", "delete", "view"):
            assert group.permissions.filter(codename=f"{action}_{model}").exists()
    assert Permission.objects.filter(codename="view_planversion").exists()


@pytest.fixture
def admin_client(english_client):
    english_client.force_login(ProgrammeAdministratorFactory())
    return english_client


def test_the_admin_lists_workshops_and_extensions(admin_client, workshop):
    ExtensionFactory(workshop=workshop)

    assert admin_client.get("/admin/workshops/").status_code == 200
    assert admin_client.get("/admin/extensions/").status_code == 200
    assert admin_client.get(f"/admin/workshops/edit/{workshop.pk}/").status_code == 200


def test_an_extension_added_in_the_admin_records_who_granted_it(admin_client, workshop):
    enrolment = EnrolmentFactory(cohort=workshop.cohort)
    due = timezone.localtime(workshop.due_at + timedelta(days=3))

    response = admin_client.post(
        "/admin/extensions/new/",
        {
            "workshop": workshop.pk,
            "enrolment": enrolment.pk,
            "due_at": due.strftime("%Y-%m-%d %H:%M"),
            "reason": "忌引のため",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    extension = Extension.objects.get()
    assert extension.granted_by is not None
    assert extension.reason == "忌引のため"


def test_a_workshop_due_before_it_opens_cannot_be_saved_in_the_admin(admin_client, enrolment):
    opens = timezone.localtime() + timedelta(days=1)

    response = admin_client.post(
        "/admin/workshops/new/",
        {
            "cohort": enrolment.cohort_id,
            "title_ja": "期限が逆",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "due_at": (opens - timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
            "brief": json.dumps({"blocks": [], "entityMap": {}}),
        },
    )

    assert response.status_code == 200
    assert not Workshop.objects.filter(title_ja="期限が逆").exists()

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    PageLogEntry,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from tests.cms.factories import home_page, module_page, programme_page
from tests.school.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def college_reviewer():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="College reviewers"))
    return user


@pytest.fixture
def graduate_school_reviewer():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Graduate school reviewers"))
    return user


@pytest.fixture
def draft_module(instructor):
    module = module_page(programme_page(), title="データに基づく経営", live=False)
    module.save_revision(user=instructor)
    return module


def _submit(module, user):
    workflow = module.get_workflow()
    return workflow.start(module, user)


def _act(workflow_state, user, action="approve"):
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, action)
    return task_state


def test_module_pages_under_a_programme_go_through_the_course_review_workflow(draft_module):
    workflow = draft_module.get_workflow()

    assert workflow.name == "講座ページの審査"
    assert [task.name for task in workflow.tasks] == ["高専の審査", "大学院の審査"]


def test_a_module_page_goes_live_only_after_both_reviews_approve(
    draft_module, instructor, college_reviewer, graduate_school_reviewer
):
    workflow_state = _submit(draft_module, instructor)

    first = _act(workflow_state, college_reviewer)
    draft_module.refresh_from_db()
    assert first.task.name == "高専の審査"
    assert not draft_module.live

    second = _act(workflow_state, graduate_school_reviewer)
    draft_module.refresh_from_db()
    workflow_state.refresh_from_db()
    assert second.task.name == "大学院の審査"
    assert draft_module.live
    assert workflow_state.status == WorkflowState.STATUS_APPROVED


def test_the_audit_trail_records_who_approved_each_step(
    draft_module, instructor, college_reviewer, graduate_school_reviewer
):
    workflow_state = _submit(draft_module, instructor)
    _act(workflow_state, college_reviewer)
    _act(workflow_state, graduate_school_reviewer)

    approvals = PageLogEntry.objects.filter(
        page=draft_module, action="wagtail.workflow.approve"
    ).order_by("timestamp", "pk")

    assert [(entry.user, entry.data["workflow"]["task"]["title"]) for entry in approvals] == [
        (college_reviewer, "高専の審査"),
        (graduate_school_reviewer, "大学院の審査"),
    ]
    assert PageLogEntry.objects.filter(page=draft_module, action="wagtail.publish").exists()


def test_a_college_reviewer_alone_cannot_take_the_page_live(
    client, draft_module, instructor, college_reviewer
):
    workflow_state = _submit(draft_module, instructor)
    _act(workflow_state, college_reviewer)
    workflow_state.refresh_from_db()
    second_step = workflow_state.current_task_state
    client.force_login(college_reviewer)

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(draft_module.pk, "approve", second_step.pk),
        )
    )

    draft_module.refresh_from_db()
    # The admin answers a refused action by sending the user back to its dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not draft_module.live
    assert second_step.task.specific.get_actions(draft_module, college_reviewer) == []
    assert not draft_module.permissions_for_user(college_reviewer).can_publish()


def test_a_graduate_school_reviewer_cannot_skip_the_college_review(
    draft_module, instructor, graduate_school_reviewer
):
    workflow_state = _submit(draft_module, instructor)
    workflow_state.refresh_from_db()

    college_step = workflow_state.current_task_state

    assert college_step.task.specific.get_actions(draft_module, graduate_school_reviewer) == []


def test_instructors_can_add_and_edit_module_pages_but_not_publish_them(instructor):
    programme = programme_page()
    module = module_page(programme)

    assert programme.permissions_for_user(instructor).can_add_subpage()
    assert module.permissions_for_user(instructor).can_edit()
    assert not module.permissions_for_user(instructor).can_publish()
    assert not home_page().permissions_for_user(instructor).can_add_subpage()


def test_instructors_can_edit_the_english_module_pages_of_their_programme_too(instructor):
    from cms import services

    programme = programme_page()
    english = programme.copy_for_translation(home_page("en").locale)
    services.programme_page_open_to_instructors(page=programme)

    assert english.permissions_for_user(instructor).can_add_subpage()


def test_programme_administrators_publish_without_the_workflow(programme_administrator):
    module = module_page(programme_page(), live=False)

    assert module.permissions_for_user(programme_administrator).can_publish()


def test_wagtails_default_moderators_and_editors_groups_are_gone():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_no_group_but_the_programme_administrators_may_publish_pages_outside_the_workflow():
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    )
    holders_of_the_model_permission = set(
        Group.objects.filter(permissions__codename="publish_page").values_list("name", flat=True)
    )

    assert publishers == {"Programme administrators"}
    assert holders_of_the_model_permission <= {"Programme administrators"}


def test_only_administrators_and_instructors_hold_permissions_on_the_root_collection():
    groups = set(
        GroupCollectionPermission.objects.filter(collection__depth=1).values_list(
            "group__name", flat=True
        )
    )

    assert groups <= {"Programme administrators", "Instructors"}


def test_wagtails_default_moderators_approval_workflow_is_retired():
    retired = Workflow.objects.get(name="Moderators approval")

    assert not retired.active
    assert not Task.objects.filter(name="Moderators approval", active=True).exists()
    assert not WorkflowPage.objects.filter(workflow=retired).exists()
    assert set(Workflow.objects.filter(active=True).values_list("name", flat=True)) == {
        "講座ページの審査"  # cms 0007 names it in Japanese
    }

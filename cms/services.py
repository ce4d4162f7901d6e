"""Writes for course content: who may edit a programme's pages, and publishing."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from school.roles import Role

# Instructors draft and edit; publishing goes through the review workflow.
INSTRUCTOR_PAGE_PERMISSIONS = ("add_page", "change_page")


@transaction.atomic
def programme_page_open_to_instructors(*, page: Page) -> None:
    """Let instructors add and edit the module pages of this programme, in every language.

    Page permissions in Wagtail apply to a subtree, so the grant sits on the programme page
    itself (and on its translations): an instructor can never add a programme, a news item or a
    standard page. Safe to call again.
    """
    instructors = Group.objects.filter(name=Role.INSTRUCTOR.group_name).first()
    if instructors is None:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=INSTRUCTOR_PAGE_PERMISSIONS
    )
    for translation in page.get_translations(inclusive=True):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=instructors, page=translation, permission=permission
            )


@transaction.atomic
def page_publish(*, page: Page, user=None) -> Page:
    """Save the page's current state as a revision and publish it (demo data, imports)."""
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page

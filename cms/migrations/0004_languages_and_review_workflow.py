"""Languages, the two-step review workflow, its reviewer groups, and snippet permissions.

- Locales: Japanese is the default (Wagtail created it from LANGUAGE_CODE); English is added.
- Workflow "Course review": "College review" (group "College reviewers"), then
  "Graduate school review" (group "Graduate school reviewers"). It replaces Wagtail's default
  "Moderators approval" on the root of the page tree, so every page in every language, and
  every programme and module added later, is reviewed before it goes live. Programme
  administrators keep their publish permission and may still publish directly.
- Instructors get their page permissions per programme page (cms.services), not here.

Permissions are fetched or created here rather than left to post_migrate, because on a fresh
database post_migrate has not run yet when this migration does.
"""

from django.db import migrations

WORKFLOW_NAME = "Course review"
COLLEGE_REVIEWERS = "College reviewers"
GRADUATE_SCHOOL_REVIEWERS = "Graduate school reviewers"
TASKS = [("College review", COLLEGE_REVIEWERS), ("Graduate school review", GRADUATE_SCHOOL_REVIEWERS)]
INSTRUCTORS = "Instructors"
ADMINISTRATORS = "Programme administrators"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_locales(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="ja").exists():
        # Wagtail creates its one default locale from LANGUAGE_CODE; on a database set up
        # with another LANGUAGE_CODE, that locale (which holds the home page) is the school's
        # Japanese one.
        if Locale.objects.count() == 1:
            Locale.objects.update(language_code="ja")
        else:
            Locale.objects.create(language_code="ja")
    Locale.objects.get_or_create(language_code="en")


def create_review_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    task_content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for sort_order, (task_name, group_name) in enumerate(TASKS):
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin)
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=task_name, content_type=task_content_type, active=True
            )
        task.groups.add(group)
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": sort_order}
        )

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def grant_snippet_and_translation_permissions(apps):
    Group = apps.get_model("auth", "Group")
    administrators = Group.objects.filter(name=ADMINISTRATORS).first()
    instructors = Group.objects.filter(name=INSTRUCTORS).first()
    for model, verbose in (("institution", "institution"), ("instructorprofile", "instructor profile")):
        for action in ("add", "change", "delete", "view"):
            permission = _permission(apps, "cms", model, f"{action}_{model}", f"Can {action} {verbose}")
            if administrators is not None:
                administrators.permissions.add(permission)
            # Instructors pick institutions and colleagues for their modules and keep their own
            # profiles up to date; adding and removing them is the office's job.
            if instructors is not None and (action == "view" or (action == "change" and model == "instructorprofile")):
                instructors.permissions.add(permission)
    if administrators is not None:
        administrators.permissions.add(
            _permission(
                apps, "simple_translation", "simpletranslation", "submit_translation", "Can submit translations"
            )
        )


def forwards(apps, schema_editor):
    create_locales(apps)
    create_review_workflow(apps)
    grant_snippet_and_translation_permissions(apps)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    default = Workflow.objects.filter(name="Moderators approval").first()
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        if default is not None:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": default})
        else:
            WorkflowPage.objects.filter(page=root).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name__in=[name for name, _ in TASKS]).delete()
    Group.objects.filter(name__in=[COLLEGE_REVIEWERS, GRADUATE_SCHOOL_REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_course_pages"),
        ("school", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

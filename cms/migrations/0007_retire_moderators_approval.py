"""Retire Wagtail's default "Moderators approval" workflow.

Wagtail's own migrations create it and its "Moderators approval" task for the "Moderators" group
(deleted in 0006). 0004 put the "Course review" workflow on the root of the page tree in its
place, so nothing uses it, but it still showed in the admin's workflow list and could be put on a
page by mistake. It is disabled as Wagtail's admin disables a workflow (active=False, which keeps
the history of any page that went through it), and taken off every page and snippet type.
"""

from django.db import migrations

NAME = "Moderators approval"


def retire(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflows = Workflow.objects.filter(name=NAME)
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    WorkflowContentType.objects.filter(workflow__in=workflows).delete()
    workflows.update(active=False)
    Task.objects.filter(name=NAME).update(active=False)


def restore(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NAME).update(active=True)
    apps.get_model("wagtailcore", "Task").objects.filter(name=NAME).update(active=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_remove_wagtail_default_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire, restore)]

"""The review workflow and its steps named in Japanese, the language of the school's staff:
Wagtail shows the names as they are stored (「Course reviewに提出する」 on the editor's button),
so an English name put English inside every Japanese sentence about the review."""

from django.db import migrations

NAMES = {"Course review": "講座ページの審査"}
TASK_NAMES = {"College review": "高専の審査", "Graduate school review": "大学院の審査"}


def _rename(apps, workflow_names, task_names):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in workflow_names.items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in task_names.items():
        Task.objects.filter(name=old).update(name=new)


def to_japanese(apps, schema_editor):
    _rename(apps, NAMES, TASK_NAMES)


def to_english(apps, schema_editor):
    _rename(
        apps,
        {new: old for old, new in NAMES.items()},
        {new: old for old, new in TASK_NAMES.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_remove_wagtail_default_groups"),
    ]

    operations = [migrations.RunPython(to_japanese, to_english)]

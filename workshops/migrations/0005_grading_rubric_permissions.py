"""Programme administrators edit rubrics in the admin; instructors may look at them."""

from django.db import migrations

MODELS = ["rubric", "rubriccriterion", "rubriclevel"]
INSTRUCTOR_VIEWABLE = {"rubric"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    administrators = Group.objects.filter(name="Programme administrators").first()
    instructors = Group.objects.filter(name="Instructors").first()
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="workshops", model=model)
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            if administrators:
                administrators.permissions.add(permission)
            if instructors and action == "view" and model in INSTRUCTOR_VIEWABLE:
                instructors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0004_grading_and_peer_comments"),
        ("school", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Programme administrators edit certificate templates (snippets) in the admin."""

from django.db import migrations

MODELS = ["certificatetemplate"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    administrators = Group.objects.filter(name="Programme administrators").first()
    if administrators is None:
        return
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="certificates", model=model)
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            administrators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("school", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

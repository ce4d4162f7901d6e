"""Instructors grant deadline extensions in the admin, as the README says; which cohorts they
may grant them in is limited by the admin screen and by the service (`extension_grant`)."""

from django.db import migrations

ACTIONS = ("add", "change")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    instructors = Group.objects.filter(name="Instructors").first()
    if instructors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="workshops", model="extension")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_extension",
            defaults={"name": f"Can {action} extension"},
        )
        instructors.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    instructors = Group.objects.filter(name="Instructors").first()
    if instructors is None:
        return
    instructors.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="workshops",
            codename__in=[f"{action}_extension" for action in ACTIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0010_version_attachment_immutable_trigger"),
        ("school", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

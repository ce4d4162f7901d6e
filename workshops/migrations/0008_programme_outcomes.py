"""The permission to read programme outcomes, and the city's staff who hold it.

The city's staff read the outcomes as aggregates only; programme administrators hold the same
permission and see full figures. The permission is fetched or created here rather than left to
post_migrate, because on a fresh database post_migrate has not run yet when this migration does.
"""

from django.db import migrations, models

CITY_STAFF = "City staff"
ADMINISTRATORS = "Programme administrators"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="workshops", model="programmeoutcomes"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_programme_outcomes",
        defaults={"name": "Can view programme outcomes"},
    )
    city_staff, _ = Group.objects.get_or_create(name=CITY_STAFF)
    city_staff.permissions.add(permission)
    administrators = Group.objects.filter(name=ADMINISTRATORS).first()
    if administrators:
        administrators.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=CITY_STAFF).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0007_check_in_version_immutable_trigger"),
        ("school", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgrammeOutcomes",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "programme outcomes",
                "verbose_name_plural": "programme outcomes",
                "permissions": [("view_programme_outcomes", "Can view programme outcomes")],
                "default_permissions": (),
            },
        ),
        migrations.RunPython(grant, revoke),
    ]

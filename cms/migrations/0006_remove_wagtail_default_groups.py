"""Remove Wagtail's default "Moderators" and "Editors" groups.

Wagtail's own migrations create them with page permissions on the root of the tree (publishing
included for Moderators) and with image and document permissions on the root collection. The
school does not use them: its roles are the groups of school/roles.py and the reviewer groups of
0004. Anyone put in one of them could publish any page without the two-step course review, so
they are deleted together with their page and collection permissions.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def delete_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    groups = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS)
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    groups.delete()


class Migration(migrations.Migration):
    # After every Wagtail migration that gives these groups permissions, so none adds them back.
    dependencies = [
        ("cms", "0005_school_image"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(delete_default_groups, migrations.RunPython.noop)]

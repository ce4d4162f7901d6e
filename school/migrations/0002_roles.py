"""Create the three role groups with their permissions.

Permissions are fetched or created here rather than left to post_migrate, because on a fresh
database post_migrate has not run yet when this migration does.
"""

from django.db import migrations

PARTICIPANTS = "Participants"
INSTRUCTORS = "Instructors"
ADMINISTRATORS = "Programme administrators"

PAGE_PERMISSIONS = {
    # codename: name
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Publish any page",
    "bulk_delete_page": "Delete pages with children",
    "lock_page": "Lock/unlock pages you've locked",
    "unlock_page": "Unlock any page",
}
MEDIA_ACTIONS = ("add", "change", "delete", "choose")


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")

    Group.objects.get_or_create(name=PARTICIPANTS)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)

    # Instructors co-design course pages in the admin; which pages they may edit is set per
    # programme, not here.
    instructors.permissions.add(access_admin)
    administrators.permissions.add(access_admin)
    for action in ("add", "change", "delete", "view"):
        administrators.permissions.add(
            _permission(apps, "school", "user", f"{action}_user", f"Can {action} user")
        )

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename, name in PAGE_PERMISSIONS.items():
            GroupPagePermission.objects.get_or_create(
                group=administrators,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", codename, name),
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in MEDIA_ACTIONS:
                permission = _permission(
                    apps, app_label, model, f"{action}_{model}", f"Can {action} {model}"
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=administrators, collection=root_collection, permission=permission
                )
                if action != "delete":
                    GroupCollectionPermission.objects.get_or_create(
                        group=instructors, collection=root_collection, permission=permission
                    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[PARTICIPANTS, INSTRUCTORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

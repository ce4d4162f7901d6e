"""Existing people get a Wagtail profile in their own language, so Wagtail's moderation e-mails
to them are written in it (see school.services.user_language_sync)."""

from django.db import migrations


def sync_languages(apps, schema_editor):
    User = apps.get_model("school", "User")
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    for user_id, language in User.objects.values_list("pk", "preferred_language"):
        profile, _created = UserProfile.objects.get_or_create(user_id=user_id)
        if profile.preferred_language != language:
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language"])


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0005_notifications"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(sync_languages, migrations.RunPython.noop)]

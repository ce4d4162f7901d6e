"""The previous release, as the upgrade test needs it: the last migration of every app at that
release (main at 95dffa5), and its rows, dumped from a database that release migrated, seeded
with the demo and given a participant's year of work.

To record a new release: check it out, and in a fresh database (DATABASE_URL) run
`python -m tests.operations.previous_release`, which migrates, seeds, works and dumps; then copy
the printed leaves here. The data file is rewritten in place.
"""

import io
import os
from pathlib import Path

RELEASE = "95dffa5"
DATA = Path(__file__).parent / "data" / f"release-{RELEASE}.json.gz"
LEAVES = [
    ("auth", "0012_alter_user_first_name_max_length"),
    ("axes", "0010_accessattemptexpiration"),
    ("certificates", "0002_administrator_permissions"),
    ("cms", "0006_remove_wagtail_default_groups"),
    ("cohorts", "0004_programme_page_and_module"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("school", "0004_outgoing_email"),
    ("sessions", "0001_initial"),
    ("simple_translation", "0001_initial"),
    ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ("wagtailadmin", "0006_formstate"),
    ("wagtailcore", "0098_apitoken"),
    ("wagtaildocs", "0014_alter_document_file_size"),
    ("wagtailembeds", "0009_embed_cache_until"),
    ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ("wagtailimages", "0027_image_description"),
    ("wagtailredirects", "0008_add_verbose_name_plural"),
    ("wagtailsearch", "0010_add_text_fields"),
    ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ("workshops", "0011_instructors_grant_extensions"),
]


def record() -> None:
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from tests.operations import snapshot
    from tests.operations.work import a_year_of_work

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    a_year_of_work()
    snapshot.write(DATA, snapshot.dump(apps))
    print(sorted(MigrationLoader(connection).graph.leaf_nodes()))


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school.settings.test")
    django.setup()
    record()

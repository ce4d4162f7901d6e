"""The content types as the migrations made them, put back between tests.

Tests with serialized rollback reload the migrated rows at their start and flush at their end
without post_migrate, which leaves the content type table empty while Django's cache of it
still holds the old ids; a transactional test without it ends with a flush whose post_migrate
makes the content types again under other ids. Either way the rows and the cache disagree, and
the next reload or audit row collides or points nowhere. `restore_migrated_content_types` puts
the migrated rows back under their own ids and forgets the cache.
"""

import json
import time

from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction
from wagtail.models import Locale


def restore_migrated_content_types() -> None:
    """As `_restore`, waiting out a table that a browser test's last request still holds (the
    shared in-memory SQLite database answers SQLITE_LOCKED at once rather than waiting)."""
    for _attempt in range(50):
        try:
            with transaction.atomic():
                _restore()
            return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.1)
    with transaction.atomic():
        _restore()


def _restore() -> None:
    """Only on a flushed database (no locale, which a migration makes): one that holds the
    migrated rows keeps them, and only the cache is forgotten."""
    serialized = getattr(connection, "_test_serialized_contents", None)
    if not serialized or Locale.objects.exists():
        ContentType.objects.clear_cache()
        return
    with connection.cursor() as cursor:
        # Permissions are made with the content types; the reload brings them back.
        cursor.execute("DELETE FROM auth_permission")
        cursor.execute("DELETE FROM django_content_type")
    # Read as plain JSON: building the other rows' objects would make content types.
    ContentType.objects.bulk_create(
        ContentType(pk=row["pk"], **row["fields"])
        for row in json.loads(serialized)
        if row["model"] == "contenttypes.contenttype"
    )
    ContentType.objects.clear_cache()

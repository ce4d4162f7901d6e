"""A database's rows as data that outlives its code: dumped through the models of one schema
state, loaded back through the historical models of the same state on SQLite or PostgreSQL.

The upgrade test keeps such a dump of the previous release (taken with that release's code) and
loads it into a database migrated only that far, exactly as that release left its rows.
"""

import base64
import datetime
import decimal
import gzip
import json
import uuid
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

# The search index is derived from the pages (`manage.py update_index` rebuilds it) and its
# tables differ between SQLite and PostgreSQL.
DERIVED_APPS = {"wagtailsearch"}


def _models(apps) -> list:
    """Every table's model, those a table depends on (by foreign key) first."""
    models, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if (
            meta.proxy
            or not meta.managed
            or meta.db_table in seen
            or meta.app_label in DERIVED_APPS
        ):
            continue
        seen.add(meta.db_table)
        models.append(model)
    ordered, placed = [], set()

    def place(model, path=()):
        if model._meta.db_table in placed or model in path:
            return  # a cycle is left to the deferred (PostgreSQL) or disabled (SQLite) checks
        for field in model._meta.local_concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model and target in models:
                place(target, (*path, model))
        placed.add(model._meta.db_table)
        ordered.append(model)

    for model in models:
        place(model)
    return ordered


def _encode(field, value):
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    # Files, stream fields, tag managers' values and the like: what the column stores.
    return _encode(field, field.get_prep_value(value))


def dump(apps) -> dict[str, list[dict]]:
    tables = {}
    for model in _models(apps):
        fields = model._meta.local_concrete_fields
        tables[model._meta.db_table] = [
            {field.column: _encode(field, field.value_from_object(row)) for field in fields}
            for row in model._base_manager.order_by("pk").iterator()
        ]
    return tables


def write(path: Path, tables: dict) -> None:
    path.write_bytes(gzip.compress(json.dumps(tables, ensure_ascii=False).encode(), mtime=0))


def read(path: Path) -> dict[str, list[dict]]:
    return json.loads(gzip.decompress(path.read_bytes()))


def _decode(field, value):
    if (
        isinstance(value, dict)
        and set(value) == {"base64"}
        and field.get_internal_type() in {"BinaryField"}
    ):
        value = base64.b64decode(value["base64"])
    if field.get_internal_type() == "DurationField" and isinstance(value, float):
        value = datetime.timedelta(seconds=value)
    return field.get_db_prep_save(field.to_python(value), connection)


def empty_every_table(apps) -> None:
    """Rows that the migrations themselves made (groups, the root page) give way to the dump's."""
    tables = [model._meta.db_table for model in _models(apps)]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def load(apps, tables: dict[str, list[dict]]) -> None:
    models = _models(apps)
    quote = connection.ops.quote_name
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        for model in models:
            rows = tables.get(model._meta.db_table, [])
            if not rows:
                continue
            fields = [f for f in model._meta.local_concrete_fields if f.column in rows[0]]
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
                [[_decode(f, row[f.column]) for f in fields] for row in rows],
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)

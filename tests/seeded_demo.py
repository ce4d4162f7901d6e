"""The `seeded_demo` fixture: `manage.py seed_demo` run once for a whole test module.

A full seed is the slowest thing the suite does, and most demo tests only read what it leaves.
The module's first test that asks for the demo seeds it inside a transaction that stays open
until the module's last test has run, and is then rolled back. Each test runs inside it in a
savepoint of its own (pytest-django's `db` is Django's TestCase, whose atomic blocks nest), so
what one test changes, a second seed run included, is undone before the next, and the next
module finds the database as it was. This is what Django's `TestCase.setUpTestData` does for
a class. Loaded by tests/conftest.py.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _demo_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = io.StringIO()
            call_command("seed_demo", stdout=output)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield output.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded_demo(request, _demo_database, db):
    """The database as `seed_demo` leaves it; the value is what the command printed. Not for
    transactional tests: they empty the tables, which the module's other tests still read."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        pytest.fail("seeded_demo runs inside a transaction: not for django_db(transaction=True)")
    return _demo_database

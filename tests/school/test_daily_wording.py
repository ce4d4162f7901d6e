"""One date style per language, names as the language writes them, and 様 for the people the
school addresses (issue 14, points 13 and 14)."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.cohorts.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
WEDNESDAY_EVENING = datetime.datetime(2026, 11, 18, 23, 59, tzinfo=TOKYO)


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


def test_a_date_and_time_reads_the_japanese_way_in_japanese():
    assert (
        _render('{{ when|date:"DATETIME_FORMAT" }}', "ja", when=WEDNESDAY_EVENING)
        == "2026年11月18日(水) 23:59"
    )


def test_a_date_and_time_reads_the_english_way_in_english():
    assert (
        _render('{{ when|date:"DATETIME_FORMAT" }}', "en", when=WEDNESDAY_EVENING)
        == "Wed 18 Nov 2026, 23:59"
    )


def test_a_plain_date_has_one_style_per_language():
    day = datetime.date(2026, 11, 18)
    assert _render("{{ day|date }}", "ja", day=day) == "2026年11月18日"
    assert _render("{{ day|date }}", "en", day=day) == "18 Nov 2026"


def test_no_template_of_the_site_spells_out_a_date_format_of_its_own():
    # The PDF certificate keeps its own (it is printed in both languages at once), and a
    # machine-readable `datetime` attribute is ISO 8601 by definition.
    spelled = re.compile(r"""\|date:"(?![A-Z_]+")""")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.*")
        if "certificates/pdf" not in str(path) and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_schedule_shows_session_times_in_the_japanese_style(client):
    enrolment = EnrolmentFactory()
    SessionFactory(
        cohort=enrolment.cohort, starts_at=datetime.datetime(2099, 11, 18, 14, 0, tzinfo=TOKYO)
    )
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:schedule")).content.decode()

    assert "2099年11月18日(水) 14:00" in content


def test_the_english_dashboard_greets_a_participant_by_the_romanised_name(client):
    enrolment = EnrolmentFactory(
        user__last_name="齋藤",
        user__first_name="健二",
        user__last_name_roman="Saito",
        user__first_name_roman="Kenji",
    )
    client.force_login(enrolment.user)

    content = client.get(reverse("school:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Welcome, SAITO Kenji" in content


def test_the_japanese_dashboard_greets_a_participant_with_sama(client):
    enrolment = EnrolmentFactory(user__last_name="齋藤", user__first_name="健二")
    client.force_login(enrolment.user)

    content = client.get(reverse("school:dashboard"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "齋藤 健二 様" in content


def test_the_japanese_catalogue_addresses_people_with_sama_never_san():
    catalogue = Path(settings.BASE_DIR, "locale", "ja", "LC_MESSAGES", "django.po")
    translations = [
        line
        for line in catalogue.read_text(encoding="utf-8").splitlines()
        if line.startswith("msgstr")
    ]
    assert [line for line in translations if "さん" in line] == []

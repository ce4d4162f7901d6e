"""The forms for the company's DX認定 records refuse what IPA's application would refuse, with
messages that name the field, in Japanese and in English."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from workshops.certification.forms import CertificationRecordForm, CriterionPublicationForm
from workshops.models import CertificationRecord, CriterionPublication

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
LAST_WEEK = (timezone.localdate() - timedelta(days=7)).isoformat()


def _publication(**changes) -> dict:
    return {
        "medium": "DX推進方針 2027",
        "url": "https://example.jp/dx/",
        "published_on": LAST_WEEK,
        **changes,
    }


def _errors(form_class, data, language) -> dict:
    with translation.override(language):
        form = form_class(data)
        form.is_valid()
        return {
            name: [str(message) for message in messages] for name, messages in form.errors.items()
        }


def test_a_publication_address_without_https_is_refused_naming_the_field_in_english():
    errors = _errors(CriterionPublicationForm, _publication(url="http://example.jp/dx/"), "en")

    assert errors == {"url": ["publication URL: enter an address that starts with https://."]}


def test_a_publication_address_without_https_is_refused_naming_the_field_in_japanese():
    errors = _errors(CriterionPublicationForm, _publication(url="http://example.jp/dx/"), "ja")

    assert errors == {"url": ["公表URL：https:// で始まるアドレスを入力してください。"]}


def test_a_publication_date_in_the_future_is_refused_naming_the_field():
    assert _errors(CriterionPublicationForm, _publication(published_on=TOMORROW), "en") == {
        "published_on": ["publication date: the date cannot be later than today."]
    }
    assert _errors(CriterionPublicationForm, _publication(published_on=TOMORROW), "ja") == {
        "published_on": ["公表日：今日より後の日付は入力できません。"]
    }


def test_a_decision_dated_tomorrow_is_refused_naming_the_field():
    data = {"strategy_decided_on": TOMORROW, "strategy_decided_by": "board"}

    errors = _errors(CertificationRecordForm, data, "en")

    assert errors == {
        "strategy_decided_on": [
            "date the strategy was decided: the date cannot be later than today."
        ]
    }


def test_a_described_security_measure_needs_its_description():
    errors = _errors(CertificationRecordForm, {"security_measure": "described"}, "en")

    assert errors == {
        "security_description": ["security measures, described: this is needed here."]
    }


def test_the_owner_records_a_publication_and_returns_to_the_readiness_list(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)
    url = reverse("workshops:certification_publication", args=[enrolment.pk, "3"])

    response = client.post(url, _publication())

    assert response.status_code == 302
    publication = CriterionPublication.objects.get(record__company=enrolment.company)
    assert (publication.criterion, publication.url) == ("3", "https://example.jp/dx/")


def test_a_refused_publication_is_shown_again_with_the_message_and_nothing_saved(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)
    url = reverse("workshops:certification_publication", args=[enrolment.pk, "1"])

    response = client.post(url, _publication(url="http://example.jp/dx/"))

    assert response.status_code == 400
    assert "https:// で始まるアドレス" in response.content.decode()
    assert not CriterionPublication.objects.exists()


def test_the_owner_records_the_boards_decision_and_a_security_action_declaration(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.post(
        reverse("workshops:certification_record", args=[enrolment.pk]),
        {
            "strategy_decided_on": LAST_WEEK,
            "strategy_decided_by": "board",
            "security_measure": "security_action_1",
        },
    )

    assert response.status_code == 302
    record = CertificationRecord.objects.get(company=enrolment.company)
    assert record.has_decision and record.has_security_declaration


def test_the_teaching_team_reads_the_records_but_cannot_change_them(client):
    enrolment = EnrolmentFactory()
    client.force_login(TeachingAssignmentFactory(cohort=enrolment.cohort).user)
    url = reverse("workshops:certification_record", args=[enrolment.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"strategy_decided_by": "board"}).status_code == 403
    assert not CertificationRecord.objects.exists()

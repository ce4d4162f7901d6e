"""An administrator erases a person on their request (APPI Article 35; GDPR Article 17): the
demo school, and one alumna of it with a record of every kind, from her draft and its slides
to her certificate, her comments and the audit trail about her."""

import dataclasses
import html
import json
import os
import time
from pathlib import Path

import pikepdf
import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.users.models import UserProfile

from certificates.erasure import NEUTRAL_REASON
from certificates.models import Certificate
from cohorts.models import Attendance, CalendarFeed, Company, Enrolment
from school import services as school_services
from school.erasure import services as erasure
from school.erasure.redaction import Identifiers
from school.models import OutgoingEmail, User
from school.notifications.models import Notification
from tests.school.notification_factories import NotificationFactory
from tests.workshops import files
from tests.workshops.factories import AssessmentFactory
from tests.workshops.peer_factories import PeerCommentFactory
from workshops import services as workshop_services
from workshops.models import (
    CheckInVersion,
    PeerComment,
    Plan,
    PlanVersion,
    Submission,
    VersionAttachment,
    VersionDocument,
)
from workshops.outcomes.export import csv_rows
from workshops.outcomes.report import outcome_report
from workshops.outcomes.selection import Breakdown
from workshops.plans.stored_documents import version_document_get_or_render

ALUMNA = "chihiro.morimoto@company07.example"
PASSWORD = "correct horse battery staple 7"


@pytest.fixture(scope="module", autouse=True)
def files_from():
    """Files written from here on, the demo's included: the session's media folders also hold
    other modules' files, which may bear the same demo names."""
    return time.time() - 1


def _pdf_saying(text: str) -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    document.pages[0].Contents = document.make_stream(
        f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    )
    return files.pdf(document)


@pytest.fixture
def alumna(seeded_demo, django_capture_on_commit_callbacks):
    """The demo's alumna, her story completed with what the demo leaves out."""
    person = User.objects.get(email=ALUMNA)
    person.set_password(PASSWORD)
    person.save()
    enrolment = Enrolment.objects.filter(user=person).latest("cohort__starts_on")
    with django_capture_on_commit_callbacks(execute=True):
        plan, _ = Plan.objects.get_or_create(enrolment=enrolment)
        plan.vision_and_business_model = (
            f"{person.full_name}（{person.full_name_roman}）が率いる変革"
        )
        plan.save()
        attachment = workshop_services.attachment_add(
            plan=plan,
            upload=files.upload(
                f"{person.last_name_roman}_plan.pdf", _pdf_saying(person.full_name_roman)
            ),
        )
        first = PlanVersion.objects.filter(enrolment=enrolment).order_by("number").first()
        submission = Submission.objects.create(
            workshop=first.submission.workshop,
            enrolment=enrolment,
            version_number=first.number + 1,
        )
        content = json.loads(json.dumps(first.content))
        content["sections"]["vision_and_business_model"] = plan.vision_and_business_model
        content["attachments"] = [{"name": attachment.original_name, "size": attachment.size}]
        version = PlanVersion.objects.create(
            enrolment=enrolment, number=first.number + 1, content=content, submission=submission
        )
        VersionAttachment.objects.create(
            version=version,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_at=attachment.uploaded_at,
        )
        # Its PDF downloaded once, so stored (it prints her name).
        version_document_get_or_render(version=version, language="ja")
        AssessmentFactory(
            submission=submission,
            overall_feedback=f"{person.last_name}さん、明快な計画です。",
        )
        peer = Enrolment.objects.filter(cohort=enrolment.cohort).exclude(user=person).first()
        peer_version = PlanVersion.objects.filter(enrolment=peer).first()
        PeerCommentFactory(version=peer_version, author=enrolment, body="KPIが具体的です。")
        PeerCommentFactory(version=version, author=peer, body=f"{person.full_name}さんの計画に賛成")
        NotificationFactory(recipient=person)
        NotificationFactory(
            recipient=peer.user, title_ja=f"{person.full_name}さんがコメントしました"
        )
        school_services.invitation_create(user=person)
        CalendarFeed.objects.get_or_create(user=person)
        UserProfile.get_for_user(person)
        OutgoingEmail.objects.create(
            key=f"test:{person.pk}", to=person.email, subject="修了証", body_text=person.full_name
        )
        attendance = Attendance.objects.filter(enrolment=enrolment).first()
        attendance.note = f"{person.last_name}さんは遅れて参加"
        attendance.save()
        enrolment.job_title = "代表取締役"
        enrolment.save()
    yield person
    # The stored PDF outlives the test's rolled-back rows: it goes, so that the next test's
    # scan of the files finds only its own.
    for document in VersionDocument.objects.all():
        document.file.delete(save=False)


def _figures():
    """Every figure of the outcome reports, by each breakdown, as administrators and as the
    city see them; the company names an administrator sees are not figures."""
    answers = []
    for breakdown in Breakdown.values:
        full = outcome_report(full=True, breakdown=breakdown)
        answers.append(
            [
                {k: v for k, v in dataclasses.asdict(row).items() if k != "company_names"}
                for row in full.rows
            ]
        )
        answers.append(csv_rows(outcome_report(full=False, breakdown=breakdown)))
    return answers


def _terms(person) -> list[str]:
    """The person's address and whole names, and each part of her name that is no one else's
    (another 千尋 keeps hers)."""
    identifiers = Identifiers.of(person)
    others = set()
    for user in User.objects.exclude(pk=person.pk):
        others |= set(Identifiers.of(user).parts)
    company_names = " ".join(Company.objects.values_list("name", flat=True))
    distinctive = [
        part
        for part in identifiers.parts
        if len(part) > 1 and part not in others and part.lower() not in company_names.lower()
    ]
    return [*identifiers.strong_terms, *distinctive]


def _forms_of(term: str) -> set[str]:
    # JSON columns hold Japanese escaped (\u68ee...): look for that spelling too.
    return {term.lower(), json.dumps(term)[1:-1].lower()}


def _database_hits(terms) -> list[str]:
    forms = {form for term in terms for form in _forms_of(term)}
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # The names come from the database's own list of its tables.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if not isinstance(value, str):
                        continue
                    found = [form for form in forms if form in value.lower()]
                    if found:
                        hits.append(f"{table}.{column}: {found} in {value[:120]!r}")
    return hits


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    text = data.decode("utf-8", "replace") + data.decode("latin-1")
    if data.startswith(b"%PDF"):
        text += "".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return text.lower()


def _file_hits(terms, since: float) -> list[str]:
    forms = {form for term in terms for form in _forms_of(term)}
    hits = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                if path.stat().st_mtime < since:
                    continue
                text = _file_text(path) + str(path).lower()
                hits += [f"{path}: {form}" for form in forms if form in text]
    return hits


def _erase(person, django_capture_on_commit_callbacks, by=None):
    by = by or User.objects.get(email="office@dx-school.example")
    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(user=person, by=by, reason=f"{person.full_name}さんの申し出（メール）")
    person.refresh_from_db()
    return person


def test_the_story_is_in_the_database_and_the_files_before_the_erasure(alumna, files_from):
    terms = _terms(alumna)

    assert len(_database_hits(terms)) > 10
    assert _file_hits(terms, files_from)


def test_after_an_erasure_no_table_holds_the_persons_names_or_address(
    alumna, django_capture_on_commit_callbacks
):
    terms = _terms(alumna)

    _erase(alumna, django_capture_on_commit_callbacks)

    assert _database_hits(terms) == []


def test_after_an_erasure_no_stored_file_holds_the_persons_names_or_address(
    alumna, django_capture_on_commit_callbacks, files_from
):
    terms = _terms(alumna)

    _erase(alumna, django_capture_on_commit_callbacks)

    assert _file_hits(terms, files_from) == []


def test_the_outcome_figures_are_the_same_before_and_after_an_erasure(
    alumna, django_capture_on_commit_callbacks
):
    before = _figures()

    _erase(alumna, django_capture_on_commit_callbacks)

    assert _figures() == before


def test_an_erased_persons_enrolments_attendance_and_grades_stay(
    alumna, django_capture_on_commit_callbacks
):
    enrolments = list(Enrolment.objects.filter(user=alumna).values("pk", "status", "company"))
    attendance = list(Attendance.objects.filter(enrolment__user=alumna).values("pk", "status"))
    versions = PlanVersion.objects.filter(enrolment__user=alumna).count()

    _erase(alumna, django_capture_on_commit_callbacks)

    assert list(Enrolment.objects.filter(user=alumna).values("pk", "status", "company")) == (
        enrolments
    )
    assert list(Attendance.objects.filter(enrolment__user=alumna).values("pk", "status")) == (
        attendance
    )
    assert PlanVersion.objects.filter(enrolment__user=alumna).count() == versions
    assert not VersionAttachment.objects.filter(version__enrolment__user=alumna).exists()
    assert not Plan.objects.get(enrolment__user=alumna).attachments.exists()


def test_the_certificate_is_revoked_with_a_neutral_reason_and_verifies_as_revoked_without_a_name(
    alumna, django_capture_on_commit_callbacks, client
):
    certificate = Certificate.objects.get(enrolment__user=alumna)
    name = alumna.full_name

    _erase(alumna, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == NEUTRAL_REASON
    assert not certificate.pdf
    page = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert NEUTRAL_REASON in text
    assert name not in text
    answer = client.get(reverse("certificates:verify_json", args=[certificate.verification_code]))
    assert answer.json()["status"] == "revoked"
    assert name not in answer.content.decode("unicode_escape")


def test_the_credential_of_an_erased_person_stays_revoked_in_the_status_list(
    alumna, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(enrolment__user=alumna)

    _erase(alumna, django_capture_on_commit_callbacks)

    credentials = certificate.credentials.all()
    assert credentials and all(c.is_revoked and c.document == "" for c in credentials)


def _logs_in(client, email) -> bool:
    client.post(reverse("school:login"), {"username": email, "password": PASSWORD})
    return "_auth_user_id" in client.session


def test_an_erased_person_cannot_log_in(alumna, django_capture_on_commit_callbacks, client):
    old_email = alumna.email
    assert _logs_in(client, old_email)
    client.logout()

    _erase(alumna, django_capture_on_commit_callbacks)

    assert not _logs_in(client, old_email)
    assert not _logs_in(client, alumna.email)
    assert alumna.email == f"erased-{alumna.pk}@erased.invalid"
    assert not alumna.is_active and not alumna.has_usable_password()
    assert not alumna.groups.exists()


def test_an_erasure_deletes_the_persons_notifications_invitations_feed_and_profile(
    alumna, django_capture_on_commit_callbacks
):
    _erase(alumna, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(recipient=alumna).exists()
    assert not alumna.invitations.exists()
    assert not CalendarFeed.objects.filter(user=alumna).exists()
    assert not UserProfile.objects.filter(user=alumna).exists()


def test_the_persons_comments_keep_their_place_without_their_text(
    alumna, django_capture_on_commit_callbacks
):
    comments = PeerComment.objects.filter(author__user=alumna)
    count = comments.count()

    _erase(alumna, django_capture_on_commit_callbacks)

    assert comments.count() == count
    assert set(comments.values_list("body", flat=True)) == {
        "（本人の申し出により削除されました / Removed at the author's request）"
    }


def _others_digest(person) -> list:
    others = Enrolment.objects.exclude(user=person)
    return [
        list(User.objects.exclude(pk=person.pk).order_by("pk").values_list()),
        list(Enrolment.objects.exclude(user=person).order_by("pk").values_list()),
        list(PlanVersion.objects.filter(enrolment__in=others).order_by("pk").values_list()),
        list(
            CheckInVersion.objects.filter(check_in__enrolment__in=others)
            .order_by("pk")
            .values_list()
        ),
        list(Certificate.objects.filter(enrolment__in=others).order_by("pk").values_list()),
        list(Plan.objects.filter(enrolment__in=others).order_by("pk").values_list()),
    ]


def test_an_erasure_leaves_other_peoples_records_as_they_were(
    alumna, django_capture_on_commit_callbacks
):
    before = _others_digest(alumna)

    _erase(alumna, django_capture_on_commit_callbacks)

    assert _others_digest(alumna) == before


def test_submitted_versions_stay_frozen_by_the_database_after_an_erasure(
    alumna, django_capture_on_commit_callbacks
):
    _erase(alumna, django_capture_on_commit_callbacks)

    version = PlanVersion.objects.filter(enrolment__user=alumna).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion._base_manager.filter(pk=version.pk).update(content={})
    check_in = CheckInVersion.objects.filter(check_in__enrolment__user=alumna).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInVersion._base_manager.filter(pk=check_in.pk).update(content={})


def test_the_erasure_is_recorded_with_who_when_and_why_but_not_the_name(
    alumna, django_capture_on_commit_callbacks
):
    name = alumna.last_name
    started = timezone.now()

    _erase(alumna, django_capture_on_commit_callbacks)

    entry = LogEntry.objects.get(additional_data__has_key="erasure")
    assert entry.actor.email == "office@dx-school.example"
    assert entry.timestamp >= started
    assert entry.object_pk == str(alumna.pk)
    assert entry.additional_data["erasure"]["reason"] == "[erased]さんの申し出（メール）"
    assert name not in json.dumps(entry.additional_data, ensure_ascii=False)


def test_a_person_is_erased_only_once(alumna, django_capture_on_commit_callbacks):
    _erase(alumna, django_capture_on_commit_callbacks)

    with pytest.raises(erasure.ErasureRefused):
        erasure.person_erase(user=alumna, by=None, reason="again")

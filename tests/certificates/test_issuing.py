import hashlib
import subprocess

import pytest

from certificates import services
from certificates.models import Certificate
from certificates.tasks import issue_certificates
from tests.certificates.factories import eligible_enrolment, held_sessions


@pytest.fixture
def sessions(cohort):
    return held_sessions(cohort, 2)


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.django_db
def test_issuing_a_cohort_gives_each_eligible_participant_one_certificate_with_its_pdf_and_hash(
    cohort, sessions, django_capture_on_commit_callbacks
):
    first = eligible_enrolment(cohort, sessions=sessions)
    second = eligible_enrolment(cohort, sessions=sessions)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)

    certificates = list(Certificate.objects.order_by("serial"))
    assert {c.enrolment_id for c in certificates} == {first.pk, second.pk}
    for certificate in certificates:
        assert certificate.status == Certificate.Status.ISSUED
        data = certificate.pdf.read()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert [c.serial for c in certificates] == ["DXS-2026-0001", "DXS-2026-0002"]


class Interrupted(Exception):
    pass


def _interrupt():
    raise Interrupted


@pytest.mark.django_db
def test_issuing_a_cohort_twice_leaves_one_certificate_per_enrolment(
    cohort, sessions, django_capture_on_commit_callbacks
):
    eligible_enrolment(cohort, sessions=sessions)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)

    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_running_the_task_twice_leaves_one_certificate(cohort, sessions):
    enrolment = eligible_enrolment(cohort, sessions=sessions)

    issue_certificates.apply(args=[cohort.pk, [enrolment.pk]])
    issue_certificates.apply(args=[cohort.pk, [enrolment.pk]])

    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


@pytest.mark.django_db
def test_an_attempt_stopped_after_rendering_leaves_a_pending_row_that_the_retry_completes(
    cohort, sessions
):
    enrolment = eligible_enrolment(cohort, sessions=sessions)

    with pytest.raises(Interrupted):
        services.certificates_issue_batch(
            cohort=cohort, enrolment_ids=[enrolment.pk], after_render=_interrupt
        )
    pending = Certificate.objects.get()
    assert pending.status == Certificate.Status.PENDING
    assert not pending.pdf and not pending.pdf_sha256

    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])

    issued = Certificate.objects.get()
    assert (issued.pk, issued.serial) == (pending.pk, pending.serial)
    assert issued.status == Certificate.Status.ISSUED
    assert hashlib.sha256(issued.pdf.read()).hexdigest() == issued.pdf_sha256


@pytest.mark.django_db
def test_the_database_refuses_an_issued_certificate_without_its_pdf(cohort, sessions):
    from django.db import IntegrityError, transaction

    enrolment = eligible_enrolment(cohort, sessions=sessions)
    with pytest.raises(Interrupted):
        services.certificates_issue_batch(
            cohort=cohort, enrolment_ids=[enrolment.pk], after_render=_interrupt
        )

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.update(status=Certificate.Status.ISSUED)


@pytest.mark.django_db
def test_an_ineligible_enrolment_gets_no_certificate(cohort, sessions):
    from tests.certificates.factories import attend
    from tests.cohorts.factories import EnrolmentFactory

    enrolment = EnrolmentFactory(cohort=cohort)
    attend(enrolment, sessions, attended=0)

    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])

    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_the_verification_code_carries_at_least_128_bits(cohort, sessions):
    enrolment = eligible_enrolment(cohort, sessions=sessions)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])

    code = Certificate.objects.get().verification_code

    # URL-safe base64: six bits per character.
    assert len(code) * 6 >= 128


@pytest.mark.django_db
def test_a_japanese_name_is_in_the_pdf_text_with_the_programme_and_serial_and_the_font_embedded(
    cohort, sessions, tmp_path
):
    from tests.school.factories import ParticipantFactory

    user = ParticipantFactory(
        last_name="𠮷田", first_name="髙子", last_name_roman="Yoshida", first_name_roman="Takako"
    )
    enrolment = eligible_enrolment(cohort, sessions=sessions, user=user)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    certificate = Certificate.objects.get()
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate.pdf.read())

    text = _pdf_text(path)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)

    assert "𠮷田 髙子" in text
    assert "YOSHIDA Takako" in text
    assert cohort.programme.name_ja in text
    assert certificate.serial in text
    assert certificate.verification_code in text
    assert "School-Serif-JP" in fonts.stdout
    embedded = [line for line in fonts.stdout.splitlines() if "School-Serif-JP" in line]
    assert all(" yes yes " in line for line in embedded)


@pytest.mark.django_db
def test_each_certificate_of_a_batch_is_its_own_one_page_pdf_with_its_own_name_and_the_shared_text(
    cohort, sessions, tmp_path
):
    from tests.school.factories import ParticipantFactory

    names = [("髙橋", "一子"), ("齋藤", "二郎")]
    enrolments = [
        eligible_enrolment(
            cohort, sessions=sessions, user=ParticipantFactory(last_name=last, first_name=first)
        )
        for last, first in names
    ]
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[e.pk for e in enrolments])

    for (last, first), (other_last, other_first), enrolment in zip(
        names, reversed(names), enrolments, strict=True
    ):
        certificate = Certificate.objects.get(enrolment=enrolment)
        path = tmp_path / f"{certificate.pk}.pdf"
        path.write_bytes(certificate.pdf.read())
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
        text = _pdf_text(path)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)

        assert "Pages:           1" in info.stdout
        assert f"{last} {first}" in text
        assert f"{other_last} {other_first}" not in text
        assert certificate.serial in text and certificate.verification_code in text
        assert "修了証書" in text.replace(" ", "")
        assert "あなたは本プログラムの所定の課程を修了したことをここに証します" in text
        embedded = [line for line in fonts.stdout.splitlines() if "School-Serif-JP" in line]
        assert embedded and all(" yes yes " in line for line in embedded)


@pytest.mark.django_db
def test_a_name_with_markup_and_a_file_url_renders_as_text_and_fetches_nothing(
    cohort, sessions, tmp_path, caplog
):
    from tests.school.factories import ParticipantFactory

    hostile = '<img src="file:///etc/passwd">'
    user = ParticipantFactory(last_name=hostile[:60], first_name="url(file:///etc/passwd)")
    enrolment = eligible_enrolment(cohort, sessions=sessions, user=user)

    with caplog.at_level("WARNING", logger="school.pdf_rendering"):
        services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    path = tmp_path / "certificate.pdf"
    path.write_bytes(Certificate.objects.get().pdf.read())
    text = _pdf_text(path)

    assert '<img src="file:///etc/passwd">' in text
    assert "url(file:///etc/passwd)" in text
    assert "root:" not in text
    assert "refused" not in caplog.text


@pytest.mark.django_db
def test_the_participant_gets_one_email_with_the_links_however_often_issuing_runs(cohort, sessions):
    enrolment = eligible_enrolment(cohort, sessions=sessions)

    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])

    from school.models import OutgoingEmail

    certificate = Certificate.objects.get()
    email = OutgoingEmail.objects.get(key=f"certificate-issued:{certificate.pk}:1")
    assert email.to == enrolment.user.email
    assert certificate.verification_code in email.body_text
    assert OutgoingEmail.objects.filter(key__startswith="certificate-issued:").count() == 1


@pytest.mark.django_db
def test_a_reissue_after_a_name_correction_keeps_the_identity_and_serial_and_the_old_hash(
    cohort, sessions, programme_administrator, tmp_path
):
    enrolment = eligible_enrolment(cohort, sessions=sessions)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    first = Certificate.objects.get()
    enrolment.user.first_name = "正子"
    enrolment.user.save()

    services.certificate_reissue(certificate=first, reason="名の誤記", by=programme_administrator)

    second = Certificate.objects.get()
    assert (second.pk, second.serial, second.verification_code) == (
        first.pk,
        first.serial,
        first.verification_code,
    )
    assert second.version == 2
    assert second.first_name == "正子"
    assert second.pdf_sha256 != first.pdf_sha256
    history = second.history.get()
    assert (history.version, history.pdf_sha256, history.reason) == (
        1,
        first.pdf_sha256,
        "名の誤記",
    )
    path = tmp_path / "v2.pdf"
    path.write_bytes(second.pdf.read())
    assert "正子" in _pdf_text(path)


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_records_it(cohort, sessions, programme_administrator):
    from django.core.exceptions import ValidationError

    enrolment = eligible_enrolment(cohort, sessions=sessions)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    certificate = Certificate.objects.get()

    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, reason=" ", by=programme_administrator)
    services.certificate_revoke(
        certificate=certificate, reason="不正の判明", by=programme_administrator
    )

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "不正の判明"
    assert certificate.revoked_at is not None


@pytest.mark.django_db
def test_the_management_command_issues_the_cohorts_certificates(
    cohort, sessions, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    eligible_enrolment(cohort, sessions=sessions)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_certificates", str(cohort.pk))

    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 1


@pytest.mark.django_db
def test_each_certificate_s_qr_code_scans_to_its_own_verification_address(
    cohort, sessions, tmp_path
):
    from tests.school.factories import ParticipantFactory

    for family in ("髙橋", "齋藤"):
        eligible_enrolment(cohort, sessions=sessions, user=ParticipantFactory(last_name=family))
    services.certificates_issue_batch(
        cohort=cohort, enrolment_ids=list(cohort.enrolments.values_list("pk", flat=True))
    )

    certificates = list(Certificate.objects.all())
    assert len(certificates) == 2
    for certificate in certificates:
        pdf = tmp_path / f"{certificate.serial}.pdf"
        pdf.write_bytes(certificate.pdf.read())
        # The page as a 300 dpi print, read by a QR reader that knows nothing of ours.
        subprocess.run(
            ["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "page")],
            check=True,
        )
        scanned = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],
            capture_output=True,
            check=True,
            text=True,
        )
        assert scanned.stdout.strip() == certificate.verification_url()

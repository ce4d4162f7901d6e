import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops import files
from tests.workshops.factories import (
    VERSION_CONTENT,
    RubricFactory,
    SubmissionFactory,
    WorkshopFactory,
)
from tests.workshops.hostile_pdfs import HOSTILE
from tests.workshops.peer_factories import submitted_version
from workshops import services
from workshops.models import PlanAttachment, VersionAttachment, Workshop

pytestmark = pytest.mark.django_db


def _refused(plan, name, data) -> str:
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(plan=plan, upload=files.upload(name, data))
    assert not PlanAttachment.objects.filter(plan=plan, original_name=name).exists()
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("計画書.pdf", files.pdf(), "application/pdf"),
        (
            "発表.pptx",
            files.pptx(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "計画.docx",
            files.office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "予算.xlsx",
            files.office("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("図.png", files.png(), "image/png"),
        ("写真.jpg", files.jpeg(), "image/jpeg"),
    ],
)
def test_the_accepted_kinds_of_file_are_attached_with_their_real_type(
    plan, name, data, content_type
):
    attachment = services.attachment_add(plan=plan, upload=files.upload(name, data))

    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(data)


def test_a_png_with_a_web_page_appended_is_refused(plan):
    message = _refused(plan, "図.png", files.png() + b"<html><script>alert(1)</script></html>")

    assert "web page or script" in message


def test_a_png_with_a_script_inside_its_chunks_is_refused(plan):
    data = files.png()
    sneaky = data[:33] + files._chunk(b"tEXt", b"c\x00<script>alert(1)</script>") + data[33:]

    assert "web page or script" in _refused(plan, "図.png", sneaky)


def test_a_jpeg_with_data_after_its_end_is_refused(plan):
    assert "web page or script" in _refused(plan, "写真.jpg", files.jpeg() + b"<svg onload=x>")


def test_a_windows_program_renamed_pdf_is_refused(plan):
    message = _refused(plan, "計画書.pdf", b"MZ\x90\x00" + b"\x00" * 100)

    assert "is a program" in message


def test_a_linux_program_renamed_pdf_is_refused(plan):
    assert "is a program" in _refused(plan, "計画書.pdf", b"\x7fELF" + b"\x00" * 100)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_pdf_with_active_content_or_an_embedded_payload_is_refused(plan, kind):
    assert "scripts" in _refused(plan, "計画書.pdf", HOSTILE[kind]())


@pytest.mark.parametrize(
    "tail",
    [b"<html><script>alert(1)</script></html>", b"<img src=x onerror=alert(1)>", b"MZ\x90\x00"],
    ids=["a page", "markup without a page", "a program"],
)
def test_a_pdf_with_anything_after_its_end_marker_is_refused(plan, tail):
    assert "hidden inside" in _refused(plan, "計画書.pdf", files.pdf() + tail)


def test_a_pdf_ending_in_line_breaks_after_its_end_marker_is_accepted(plan):
    data = files.pdf() + b"\r\n\r\n"

    attachment = services.attachment_add(plan=plan, upload=files.upload("改行.pdf", data))

    assert attachment.content_type == "application/pdf"


def test_a_pdf_that_needs_a_password_to_open_is_refused(plan):
    data = files.pdf(encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))

    assert "password" in _refused(plan, "計画書.pdf", data)


def test_a_pdf_restricted_only_by_an_owner_password_is_accepted(plan):
    data = files.pdf(encryption=pikepdf.Encryption(owner="owner-secret", user=""))

    attachment = services.attachment_add(plan=plan, upload=files.upload("制限付き.pdf", data))

    assert attachment.content_type == "application/pdf"


def test_a_damaged_pdf_is_refused(plan):
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

    assert "damaged" in _refused(plan, "計画書.pdf", data)


def test_an_office_file_that_unpacks_to_more_than_200_mb_is_refused(plan):
    assert "damaged" in _refused(plan, "発表.pptx", files.office_bomb(201 * 1024 * 1024))


def test_an_office_file_that_hides_its_unpacked_size_is_refused(plan):
    data = files.office_bomb(201 * 1024 * 1024, declared=1000)

    assert "damaged" in _refused(plan, "発表.pptx", data)


def test_an_office_file_with_activex_controls_is_refused(plan):
    data = files.office("word/document.xml", {"word/activeX/activeX1.bin": b"\x00"})

    assert "macros" in _refused(plan, "計画.docx", data)


def test_an_office_file_with_macros_is_refused(plan):
    data = files.office("ppt/presentation.xml", {"ppt/vbaProject.bin": b"\x00"})

    assert "macros" in _refused(plan, "発表.pptx", data)


def test_a_zip_that_is_not_an_office_file_is_refused(plan):
    assert "not accepted" in _refused(plan, "発表.pptx", files.office("README.txt"))


def test_an_html_page_is_refused(plan):
    assert "not accepted" in _refused(plan, "計画書.pdf", b"<!doctype html><script></script>")


def test_a_pdf_named_as_a_picture_is_refused(plan):
    assert "“.png”" in _refused(plan, "図.png", files.pdf())


def test_a_file_over_10_mb_is_refused(plan):
    data = files.pdf() + b"0" * (10 * 1024 * 1024)

    assert "larger than 10 MB" in _refused(plan, "大きい.pdf", data)


def test_a_file_of_exactly_10_mb_is_accepted(plan):
    data = files.pdf_of_size(10 * 1024 * 1024)

    assert services.attachment_add(plan=plan, upload=files.upload("丁度.pdf", data)).size == len(
        data
    )


def test_a_sixth_attachment_is_refused(plan):
    for n in range(5):
        services.attachment_add(plan=plan, upload=files.upload(f"{n}.pdf", files.pdf()))

    assert "at most 5 attachments" in _refused(plan, "6.pdf", files.pdf())


def test_attachments_are_stored_privately_under_a_random_path(plan):
    attachment = services.attachment_add(plan=plan, upload=files.upload("計画書.pdf", files.pdf()))

    assert "計画書" not in attachment.file.name
    assert attachment.file.name.startswith("plans/")
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


def test_removing_an_attachment_deletes_its_file(plan, django_capture_on_commit_callbacks):
    attachment = services.attachment_add(plan=plan, upload=files.upload("計画書.pdf", files.pdf()))
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment)

    assert not storage.exists(name)


# --- Downloads ------------------------------------------------------------------------------


@pytest.fixture
def attachment(plan):
    return services.attachment_add(plan=plan, upload=files.upload("計画書.pdf", files.pdf()))


def _download_url(attachment):
    return reverse(
        "workshops:attachment_download",
        args=[attachment.plan.enrolment_id, attachment.pk],
    )


def test_the_author_downloads_an_attachment_as_a_file(author_client, attachment):
    response = author_client.get(_download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.pdf()


def test_the_teaching_team_downloads_an_attachment(english_client, attachment, teacher):
    english_client.force_login(teacher)

    assert english_client.get(_download_url(attachment)).status_code == 200


def test_another_participant_cannot_download_an_attachment(english_client, attachment):
    english_client.force_login(EnrolmentFactory(cohort=attachment.plan.enrolment.cohort).user)

    assert english_client.get(_download_url(attachment)).status_code == 403


def test_an_attachment_cannot_be_reached_through_another_plans_address(english_client, attachment):
    own = EnrolmentFactory(cohort=attachment.plan.enrolment.cohort)
    english_client.force_login(own.user)
    url = reverse("workshops:attachment_download", args=[own.pk, attachment.pk])

    assert english_client.get(url).status_code in (302, 404)


def test_the_author_uploads_through_the_editor(author_client, plan):
    url = reverse("workshops:attachment_upload", args=[plan.enrolment.pk])

    response = author_client.post(url, {"file": files.upload("発表.pptx", files.pptx())})

    assert response.status_code == 302
    assert plan.attachments.get().original_name == "発表.pptx"


def test_a_refused_upload_says_why_on_the_editor(author_client, plan):
    url = reverse("workshops:attachment_upload", args=[plan.enrolment.pk])

    response = author_client.post(
        url, {"file": files.upload("計画書.pdf", b"MZ" + b"\x00" * 10)}, follow=True
    )

    assert "is a program" in response.content.decode()
    assert not plan.attachments.exists()


# --- The attachments of a submitted version -------------------------------------------------


def _submit(plan, workshop):
    return services.plan_submit(plan=plan, workshop=workshop, now=timezone.now()).versions.get()


@pytest.fixture
def version(attachment, workshop):
    """The plan handed in with its attachment, in a workshop whose plans peers may read."""
    workshop.peer_comments_enabled = True
    workshop.save()
    return _submit(attachment.plan, workshop)


@pytest.fixture
def frozen(version):
    return version.attachments.get()


def _version_download_url(frozen, *, enrolment_id=None, number=None):
    version = frozen.version
    return reverse(
        "workshops:version_attachment_download",
        args=[enrolment_id or version.enrolment_id, number or version.number, frozen.pk],
    )


def test_removing_an_attachment_after_submitting_leaves_the_versions_attachment_and_file_readable(
    author_client, attachment, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment)

    kept = VersionAttachment.objects.get(pk=frozen.pk)
    assert kept.file.storage.exists(kept.file.name)
    response = author_client.get(_version_download_url(kept))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()


def test_removing_an_attachment_through_the_editor_after_submitting_keeps_the_versions_file(
    author_client, attachment, frozen, django_capture_on_commit_callbacks
):
    url = reverse("workshops:attachment_delete", args=[attachment.plan.enrolment_id, attachment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url)

    assert not PlanAttachment.objects.filter(pk=attachment.pk).exists()
    assert frozen.file.storage.exists(frozen.file.name)


def test_the_author_downloads_a_version_attachment_as_a_file(author_client, frozen):
    response = author_client.get(_version_download_url(frozen))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.pdf()


def test_the_grader_of_the_cohort_downloads_a_version_attachment(english_client, frozen, teacher):
    english_client.force_login(teacher)

    response = english_client.get(_version_download_url(frozen))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_instructor_of_another_cohort_cannot_download_a_version_attachment(
    english_client, frozen
):
    english_client.force_login(TeachingAssignmentFactory().user)

    assert english_client.get(_version_download_url(frozen)).status_code == 403


def test_a_participant_of_another_cohort_cannot_download_a_shared_versions_attachment(
    english_client, frozen
):
    services.plan_share(version=frozen.version, user=frozen.version.enrolment.user)
    english_client.force_login(EnrolmentFactory().user)

    assert english_client.get(_version_download_url(frozen)).status_code == 403


def test_a_participant_of_another_cohort_cannot_reach_an_attachment_through_their_own_version(
    english_client, frozen
):
    """Changing the ids in the address: their own version's address, someone else's file."""
    outsider_version = submitted_version(workshop=WorkshopFactory())
    english_client.force_login(outsider_version.enrolment.user)

    response = english_client.get(
        _version_download_url(
            frozen, enrolment_id=outsider_version.enrolment_id, number=outsider_version.number
        )
    )

    assert response.status_code in (302, 404)
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_a_cohort_member_downloads_a_version_attachment_while_the_version_is_shared(
    english_client, frozen
):
    services.plan_share(version=frozen.version, user=frozen.version.enrolment.user)
    english_client.force_login(EnrolmentFactory(cohort=frozen.version.enrolment.cohort).user)

    assert english_client.get(_version_download_url(frozen)).status_code == 200


def test_a_cohort_member_cannot_download_a_version_attachment_that_is_not_shared(
    english_client, frozen
):
    english_client.force_login(EnrolmentFactory(cohort=frozen.version.enrolment.cohort).user)

    assert english_client.get(_version_download_url(frozen)).status_code == 403


def test_a_cohort_member_cannot_download_a_version_attachment_once_the_share_is_withdrawn(
    english_client, frozen
):
    author = frozen.version.enrolment.user
    services.plan_share(version=frozen.version, user=author)
    services.plan_share_withdraw(version=frozen.version, user=author)
    english_client.force_login(EnrolmentFactory(cohort=frozen.version.enrolment.cohort).user)

    assert english_client.get(_version_download_url(frozen)).status_code == 403


# --- The pages that show a version list its attachments -------------------------------------


def test_the_version_page_lists_the_versions_attachments_with_download_links(author_client, frozen):
    version = frozen.version

    response = author_client.get(
        reverse("workshops:plan_version", args=[version.enrolment_id, version.number])
    )

    page = response.content.decode()
    assert "計画書.pdf" in page
    assert _version_download_url(frozen) in page


def test_the_version_page_keeps_listing_an_attachment_removed_from_the_plan(
    author_client, attachment, frozen
):
    services.attachment_remove(attachment=attachment)

    response = author_client.get(
        reverse("workshops:plan_version", args=[frozen.version.enrolment_id, 1])
    )

    assert _version_download_url(frozen) in response.content.decode()


def test_the_grading_screen_lists_the_versions_attachments_with_download_links(
    english_client, frozen, teacher
):
    Workshop.objects.filter(pk=frozen.version.submission.workshop_id).update(rubric=RubricFactory())
    english_client.force_login(teacher)

    response = english_client.get(
        reverse("workshops:grading_screen", args=[frozen.version.submission_id])
    )

    assert response.status_code == 200
    assert _version_download_url(frozen) in response.content.decode()


def test_the_shared_plan_page_lists_the_versions_attachments_with_download_links(
    english_client, frozen
):
    version = frozen.version
    services.plan_share(version=version, user=version.enrolment.user)
    english_client.force_login(EnrolmentFactory(cohort=version.enrolment.cohort).user)

    response = english_client.get(
        reverse("workshops:shared_plan", args=[version.enrolment.cohort_id, version.pk])
    )

    assert response.status_code == 200
    assert _version_download_url(frozen) in response.content.decode()


def test_a_version_submitted_before_attachments_were_kept_shows_a_lost_file_without_a_link(
    author_client, enrolment
):
    submission = SubmissionFactory(
        enrolment=enrolment,
        workshop__cohort=enrolment.cohort,
        version__content={
            **VERSION_CONTENT,
            "attachments": [{"name": "旧資料.pdf", "content_type": "application/pdf", "size": 9}],
        },
    )

    response = author_client.get(
        reverse("workshops:plan_version", args=[enrolment.pk, submission.version_number])
    )

    page = response.content.decode()
    assert "旧資料.pdf" in page
    assert "file no longer kept" in page
    assert "/attachments/" not in page


# --- Query budgets --------------------------------------------------------------------------


def _plan_with_attachments(plan, count):
    for n in range(count):
        services.attachment_add(plan=plan, upload=files.upload(f"資料{n}.pdf", files.pdf()))


@pytest.mark.parametrize("count", [1, 5])
def test_the_version_page_costs_the_same_queries_whatever_the_number_of_attachments(
    author_client, plan, workshop, count, django_assert_max_num_queries
):
    _plan_with_attachments(plan, count)
    version = _submit(plan, workshop)

    # 11: one of them looks for released presentation feedback to link to.
    # +1: the bell's unread count, asked once and then kept in the cache.
    # +3: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(15):
        response = author_client.get(
            reverse("workshops:plan_version", args=[version.enrolment_id, version.number])
        )

    assert response.content.decode().count("/versions/1/attachments/") == count


@pytest.mark.parametrize("count", [1, 5])
def test_the_grading_screen_costs_the_same_queries_whatever_the_number_of_attachments(
    english_client, plan, workshop, teacher, count, django_assert_max_num_queries
):
    workshop.rubric = RubricFactory()
    workshop.save()
    _plan_with_attachments(plan, count)
    version = _submit(plan, workshop)
    english_client.force_login(teacher)

    # +1: the bell's unread count, asked once and then kept in the cache.
    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache. +1: the readiness panel's newest DX推進指標 self-assessment.
    with django_assert_max_num_queries(15):
        response = english_client.get(
            reverse("workshops:grading_screen", args=[version.submission_id])
        )

    assert response.content.decode().count("/versions/1/attachments/") == count


@pytest.mark.parametrize("count", [1, 5])
def test_the_shared_plan_page_costs_the_same_queries_whatever_the_number_of_attachments(
    english_client, plan, workshop, count, django_assert_max_num_queries
):
    workshop.peer_comments_enabled = True
    workshop.save()
    _plan_with_attachments(plan, count)
    version = _submit(plan, workshop)
    services.plan_share(version=version, user=version.enrolment.user)
    english_client.force_login(EnrolmentFactory(cohort=version.enrolment.cohort).user)

    # 8 for the page, 1 for the bell's unread count (then kept in the cache), 1 for the audit
    # entry of a peer reading the plan (docs/personal-data.md) and 1 for its content type,
    # which Django caches after the first lookup in a process.
    # +3: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(14):
        response = english_client.get(
            reverse("workshops:shared_plan", args=[version.enrolment.cohort_id, version.pk])
        )

    assert response.content.decode().count("/versions/1/attachments/") == count

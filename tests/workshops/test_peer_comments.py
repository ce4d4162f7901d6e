import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.models import Enrolment
from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.peer_factories import (
    PeerCommentFactory,
    PlanShareFactory,
    submitted_version,
)
from workshops import services
from workshops.models import PeerComment, PlanShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(db):
    return WorkshopFactory(peer_comments_enabled=True)


@pytest.fixture
def version(workshop):
    return submitted_version(workshop=workshop)


@pytest.fixture
def shared(version):
    return services.plan_share(version=version, user=version.enrolment.user)


@pytest.fixture
def peer(version):
    return EnrolmentFactory(cohort=version.enrolment.cohort)


@pytest.fixture
def peer_client(client, peer):
    client.force_login(peer.user)
    return client


def shared_url(version):
    return reverse("workshops:shared_plan", args=[version.enrolment.cohort_id, version.pk])


def list_url(cohort_id):
    return reverse("workshops:cohort_shared_plans", args=[cohort_id])


# --- Sharing and withdrawing ---------------------------------------------------------------


def test_the_author_shares_a_submitted_version_with_the_cohort(client, version):
    client.force_login(version.enrolment.user)

    response = client.post(
        reverse("workshops:plan_share", args=[version.enrolment_id, version.number])
    )

    assert response.status_code == 302
    assert PlanShare.objects.filter(version=version).exists()


def test_sharing_twice_keeps_one_share(version, shared):
    again = services.plan_share(version=version, user=version.enrolment.user)

    assert again.pk == shared.pk
    assert PlanShare.objects.count() == 1


def test_nobody_else_can_share_the_authors_version(client, version, peer):
    client.force_login(peer.user)

    response = client.post(
        reverse("workshops:plan_share", args=[version.enrolment_id, version.number])
    )

    assert response.status_code == 403
    assert not PlanShare.objects.exists()


def test_a_version_cannot_be_shared_in_a_workshop_without_peer_comments(db):
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=False))

    with pytest.raises(ValidationError):
        services.plan_share(version=version, user=version.enrolment.user)

    assert not PlanShare.objects.exists()


def test_the_author_withdraws_a_share_and_the_comments_are_kept(client, version, shared, peer):
    PeerCommentFactory(version=version, author=peer)
    client.force_login(version.enrolment.user)

    response = client.post(
        reverse("workshops:plan_share_withdraw", args=[version.enrolment_id, version.number])
    )

    assert response.status_code == 302
    assert not PlanShare.objects.exists()
    assert PeerComment.objects.filter(version=version).count() == 1


def test_nobody_else_can_withdraw_the_authors_share(client, version, shared, peer):
    client.force_login(peer.user)

    response = client.post(
        reverse("workshops:plan_share_withdraw", args=[version.enrolment_id, version.number])
    )

    assert response.status_code == 403
    assert PlanShare.objects.exists()


# --- Reading shared plans --------------------------------------------------------------------


def test_a_cohort_member_sees_the_shared_plans_of_the_cohort(peer_client, version, shared):
    response = peer_client.get(list_url(version.enrolment.cohort_id))

    assert response.status_code == 200
    assert list(response.context["versions"]) == [version]


def test_the_list_of_shared_plans_leaves_out_unshared_versions(peer_client, version, workshop):
    submitted_version(workshop=workshop)

    response = peer_client.get(list_url(version.enrolment.cohort_id))

    assert list(response.context["versions"]) == []


def test_someone_outside_the_cohort_cannot_see_the_list_of_shared_plans(client, version, shared):
    client.force_login(EnrolmentFactory().user)

    assert client.get(list_url(version.enrolment.cohort_id)).status_code == 403


def test_a_withdrawn_member_cannot_see_the_list_of_shared_plans(client, version, shared):
    withdrawn = EnrolmentFactory(cohort=version.enrolment.cohort, status=Enrolment.Status.WITHDRAWN)
    client.force_login(withdrawn.user)

    assert client.get(list_url(version.enrolment.cohort_id)).status_code == 403


@pytest.mark.parametrize("rows", [3, 12])
def test_the_list_of_shared_plans_costs_the_same_queries_at_any_size(
    peer_client, workshop, version, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        other = submitted_version(workshop=workshop)
        PlanShareFactory(version=other)
        PeerCommentFactory(version=other)

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(10):
        response = peer_client.get(list_url(workshop.cohort_id))

    assert len(response.context["versions"]) == rows


def test_a_cohort_member_reads_a_shared_plan(peer_client, version, shared):
    response = peer_client.get(shared_url(version))

    assert response.status_code == 200
    assert version.content["sections"]["vision_and_business_model"] in response.content.decode()


def test_the_teaching_team_reads_a_shared_plan_and_its_comments(client, version, shared, peer):
    PeerCommentFactory(version=version, author=peer, body="予算の根拠を示すとよいです。")
    client.force_login(TeachingAssignmentFactory(cohort=version.enrolment.cohort).user)

    response = client.get(shared_url(version))

    assert response.status_code == 200
    assert "予算の根拠を示すとよいです。" in response.content.decode()


def test_someone_outside_the_cohort_cannot_read_a_shared_plan(client, version, shared):
    client.force_login(EnrolmentFactory().user)

    assert client.get(shared_url(version)).status_code == 403


def test_a_cohort_member_cannot_read_an_unshared_version(peer_client, version):
    assert peer_client.get(shared_url(version)).status_code == 403


def test_a_cohort_member_cannot_read_a_withdrawn_version(peer_client, version, shared):
    services.plan_share_withdraw(version=version, user=version.enrolment.user)

    assert peer_client.get(shared_url(version)).status_code == 403


def test_a_shared_version_cannot_be_read_through_another_cohorts_address(client, version, shared):
    other = EnrolmentFactory()
    client.force_login(other.user)

    response = client.get(reverse("workshops:shared_plan", args=[other.cohort_id, version.pk]))

    assert response.status_code == 403


def test_a_share_is_hidden_once_the_workshop_stops_peer_comments(
    peer_client, version, shared, workshop
):
    workshop.peer_comments_enabled = False
    workshop.save()

    assert peer_client.get(shared_url(version)).status_code == 403


# --- Commenting ------------------------------------------------------------------------------


def test_a_cohort_member_comments_on_a_section_of_a_shared_plan(peer_client, peer, version, shared):
    response = peer_client.post(
        shared_url(version), {"section": "kpis", "body": "KPIの目標が明確です。"}
    )

    assert response.status_code == 302
    comment = PeerComment.objects.get()
    assert (comment.author, comment.section, comment.body) == (
        peer,
        "kpis",
        "KPIの目標が明確です。",
    )


def test_comments_are_listed_under_their_section_with_author_and_time(
    peer_client, peer, version, shared
):
    PeerCommentFactory(version=version, author=peer, section="roadmap", body="段階的で良い。")

    response = peer_client.get(shared_url(version))

    roadmap = next(s for s in response.context["sections"] if s["name"] == "roadmap")
    assert [c.body for c in roadmap["comments"]] == ["段階的で良い。"]
    assert peer.user.full_name in response.content.decode()


def test_a_comment_on_an_unknown_section_is_refused(peer_client, version, shared):
    response = peer_client.post(shared_url(version), {"section": "salaries", "body": "x"})

    assert response.status_code == 400
    assert not PeerComment.objects.exists()


def test_an_empty_comment_is_refused(peer_client, version, shared):
    response = peer_client.post(shared_url(version), {"section": "kpis", "body": "  "})

    assert response.status_code == 400
    assert not PeerComment.objects.exists()


def test_someone_outside_the_cohort_cannot_comment(client, version, shared):
    client.force_login(EnrolmentFactory().user)

    response = client.post(shared_url(version), {"section": "kpis", "body": "x"})

    assert response.status_code == 403
    assert not PeerComment.objects.exists()


def test_nobody_can_comment_on_a_withdrawn_version(peer_client, version, shared):
    services.plan_share_withdraw(version=version, user=version.enrolment.user)

    response = peer_client.post(shared_url(version), {"section": "kpis", "body": "x"})

    assert response.status_code == 403
    assert not PeerComment.objects.exists()


def test_the_service_refuses_a_comment_from_another_cohort(version, shared):
    outsider = EnrolmentFactory()

    with pytest.raises(PermissionDenied):
        services.peer_comment_add(version=version, user=outsider.user, section="kpis", body="x")


def test_the_service_refuses_a_comment_in_a_workshop_without_peer_comments(db):
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=False))
    PlanShareFactory(version=version)
    member = EnrolmentFactory(cohort=version.enrolment.cohort)

    with pytest.raises(PermissionDenied):
        services.peer_comment_add(version=version, user=member.user, section="kpis", body="x")


def test_the_teaching_team_reads_but_does_not_comment(client, version, shared):
    client.force_login(TeachingAssignmentFactory(cohort=version.enrolment.cohort).user)

    response = client.post(shared_url(version), {"section": "kpis", "body": "x"})

    assert response.status_code == 403


# --- The author's version page ---------------------------------------------------------------


def version_url(version):
    return reverse("workshops:plan_version", args=[version.enrolment_id, version.number])


def test_the_author_sees_the_cohorts_comments_on_their_version_page(client, version, peer):
    PeerCommentFactory(version=version, author=peer, body="ビジョンに共感しました。")
    client.force_login(version.enrolment.user)

    response = client.get(version_url(version))

    assert "ビジョンに共感しました。" in response.content.decode()


def test_the_version_page_offers_the_pdf_and_sharing_to_the_author(client, version):
    client.force_login(version.enrolment.user)

    page = client.get(version_url(version)).content.decode()

    assert reverse("workshops:plan_pdf", args=[version.enrolment_id, version.number]) in page
    assert reverse("workshops:plan_share", args=[version.enrolment_id, version.number]) in page


def test_the_version_page_offers_withdrawal_once_shared(client, version, shared):
    client.force_login(version.enrolment.user)

    page = client.get(version_url(version)).content.decode()

    assert (
        reverse("workshops:plan_share_withdraw", args=[version.enrolment_id, version.number])
        in page
    )


def test_the_version_page_offers_no_sharing_without_peer_comments(client, db):
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=False))
    client.force_login(version.enrolment.user)

    page = client.get(version_url(version)).content.decode()

    assert reverse("workshops:plan_share", args=[version.enrolment_id, version.number]) not in page


# --- Dashboard panels -------------------------------------------------------------------


def test_the_participant_dashboard_links_to_the_cohorts_shared_plans(peer_client, version, shared):
    page = peer_client.get("/dashboard/").content.decode()

    assert reverse("workshops:cohort_shared_plans", args=[version.enrolment.cohort_id]) in page


def test_the_instructor_dashboard_links_to_the_zip_of_a_workshops_plans(client, version):
    teacher = TeachingAssignmentFactory(cohort=version.enrolment.cohort).user
    client.force_login(teacher)

    page = client.get("/dashboard/").content.decode()

    workshop_id = version.submission.workshop_id
    assert reverse("workshops:workshop_plans_zip", args=[workshop_id]) in page

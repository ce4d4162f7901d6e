"""Peer comments: one comment box with the part of the plan chosen, replies under a comment,
and the plan's author told of each new comment by e-mail (issue 14, points 19 and 14)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from school.models import OutgoingEmail
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.peer_factories import PeerCommentFactory, submitted_version
from workshops import services
from workshops.models import PeerComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(db):
    return submitted_version(workshop=WorkshopFactory(peer_comments_enabled=True))


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


def _url(version):
    return reverse("workshops:shared_plan", args=[version.enrolment.cohort_id, version.pk])


def _emails_to(user):
    return OutgoingEmail.objects.filter(to=user.email, key__startswith="peer-comment:")


def test_the_shared_plan_has_one_comment_box_with_a_section_selector(peer_client, version, shared):
    html = peer_client.get(_url(version)).content.decode()

    assert html.count('name="body"') == 1
    assert '<select name="section"' in html
    assert 'value="kpis"' in html


def test_a_link_under_a_section_preselects_it_in_the_comment_box(peer_client, version, shared):
    html = peer_client.get(_url(version) + "?section=roadmap").content.decode()

    assert '<option value="roadmap" selected>' in html


def test_a_comment_without_a_chosen_section_is_refused_with_the_reason(
    peer_client, version, shared
):
    response = peer_client.post(_url(version), {"section": "", "body": "良い計画です。"})

    assert response.status_code == 400
    assert not PeerComment.objects.exists()


def test_a_peer_replies_to_a_comment_and_the_reply_is_shown_under_it(
    peer_client, version, shared, peer
):
    comment = PeerCommentFactory(version=version, section="kpis")

    response = peer_client.post(_url(version), {"reply_to": comment.pk, "body": "同感です。"})

    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    reply = PeerComment.objects.get(parent=comment)
    assert (reply.author, reply.section, reply.body) == (peer, "kpis", "同感です。")
    html = peer_client.get(_url(version)).content.decode()
    assert html.index("同感です。") > html.index(comment.body)
    assert 'class="list-unstyled ms-3 mt-2 ps-3 border-start peer-replies"' in html


def test_a_reply_to_a_reply_joins_the_thread_of_the_first_comment(version, shared, peer):
    comment = PeerCommentFactory(version=version, section="kpis")
    first = services.peer_comment_add(
        version=version, user=peer.user, section="kpis", body="一つ目", reply_to=comment
    )

    second = services.peer_comment_add(
        version=version, user=peer.user, section="roadmap", body="二つ目", reply_to=first
    )

    assert (second.parent, second.section) == (comment, "kpis")


def test_a_reply_cannot_answer_a_comment_on_another_plan(version, shared, peer):
    other = submitted_version(workshop=version.submission.workshop)
    services.plan_share(version=other, user=other.enrolment.user)
    elsewhere = PeerCommentFactory(version=other, section="kpis")
    reply = PeerComment(version=version, author=peer, section="kpis", body="x", parent=elsewhere)

    with pytest.raises(ValidationError):
        reply.full_clean()


def test_the_author_is_e_mailed_once_about_a_new_comment_greeted_with_sama(
    peer_client, version, shared, peer
):
    author = version.enrolment.user
    author.preferred_language = "ja"
    author.save()

    peer_client.post(_url(version), {"section": "kpis", "body": "目標の根拠を知りたいです。"})

    email = _emails_to(author).get()
    assert email.body_text.startswith(f"{author.full_name} 様")
    assert f"{peer.user.full_name} 様からコメントがありました" in email.body_text
    assert "目標の根拠を知りたいです。" in email.body_text
    assert f"#comment-{PeerComment.objects.get().pk}" in email.body_text


def test_each_new_comment_sends_its_own_e_mail_to_the_author(version, shared, peer):
    for body in ("一つ目", "二つ目"):
        services.peer_comment_add(version=version, user=peer.user, section="kpis", body=body)

    assert _emails_to(version.enrolment.user).count() == 2


def test_the_author_is_not_e_mailed_about_their_own_reply(version, shared, peer):
    comment = services.peer_comment_add(
        version=version, user=peer.user, section="kpis", body="質問です。"
    )
    author = version.enrolment.user

    services.peer_comment_add(
        version=version, user=author, section="kpis", body="お答えします。", reply_to=comment
    )

    assert _emails_to(author).count() == 1  # the peer's comment only
    assert _emails_to(peer.user).count() == 1  # the reply to the peer's comment


def test_every_workshops_e_mail_greets_the_participant_with_sama():
    folder = Path(settings.BASE_DIR) / "templates" / "workshops" / "emails"
    templates = sorted(folder.glob("*.txt"))
    with translation.override("ja"):
        greeting = translation.gettext("Dear %(name)s,") % {"name": "山田太郎"}

    assert greeting == "山田太郎 様"
    assert all("Dear {{ name }}," in path.read_text() for path in templates)

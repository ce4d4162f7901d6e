"""Feedback, comments per section and peer comments have limits too (workshops/limits.py): the
forms show them, and the services refuse what goes over them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import WorkshopFactory
from tests.workshops.grading_fixtures import save
from tests.workshops.peer_factories import submitted_version
from workshops import limits, services
from workshops.models import PeerComment

pytestmark = pytest.mark.django_db


def test_the_grading_service_refuses_overall_feedback_over_the_limit(assessment, grader):
    with pytest.raises(ValidationError) as refused:
        save(assessment, grader, feedback="あ" * (limits.FEEDBACK_MAX_CHARS + 1))

    assert "overall_feedback" in refused.value.message_dict
    assessment.refresh_from_db()
    assert assessment.overall_feedback == ""


def test_the_grading_service_refuses_a_section_comment_over_the_limit_naming_the_section(
    assessment, grader
):
    too_long = {"it_systems_and_cybersecurity": "x" * (limits.SECTION_COMMENT_MAX_CHARS + 1)}

    with pytest.raises(ValidationError) as refused:
        save(assessment, grader, comments=too_long)

    [message] = refused.value.message_dict["section_comments"]
    assert "3-3 IT systems and cybersecurity" in message


def test_the_grading_screen_shows_the_feedback_limit_and_keeps_a_text_over_it(
    client, assessment, grader
):
    client.force_login(grader)
    url = reverse("workshops:grading_screen", args=[assessment.submission_id])
    typed = "あ" * (limits.FEEDBACK_MAX_CHARS + 1)

    page = client.get(url).content.decode()
    response = client.post(
        url, {"expected_revision": assessment.revision, "action": "save", "overall_feedback": typed}
    )

    assert f'data-text-limit="{limits.FEEDBACK_MAX_CHARS}"' in page
    assert "workshops/text_limits.js" in page
    assert response.status_code == 400
    assert typed in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.overall_feedback == ""


def test_the_peer_comment_service_refuses_a_comment_over_the_limit():
    version = submitted_version(workshop=WorkshopFactory(peer_comments_enabled=True))
    services.plan_share(version=version, user=version.enrolment.user)
    peer = EnrolmentFactory(cohort=version.enrolment.cohort)

    with pytest.raises(ValidationError) as refused:
        services.peer_comment_add(
            version=version,
            user=peer.user,
            section="kpis",
            body="あ" * (limits.PEER_COMMENT_MAX_CHARS + 1),
        )

    assert "body" in refused.value.message_dict
    assert not PeerComment.objects.exists()

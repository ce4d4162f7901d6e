"""A version's and an attachment's address answer a reader who may not see them the same way
whether they exist or not, so a peer cannot count another participant's hand-ins."""

import pytest
from django.urls import reverse

from cohorts.models import Enrolment
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops import files
from tests.workshops.factories import PlanFactory, WorkshopFactory, complete_plan_rows
from workshops import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A version handed in (not shared) with an attachment, and the author's draft attachment."""
    workshop = WorkshopFactory(peer_comments_enabled=True)
    author = EnrolmentFactory(cohort=workshop.cohort)
    plan = complete_plan_rows(PlanFactory(enrolment=author))
    draft_attachment = services.attachment_add(
        plan=plan, upload=files.upload("slides.pdf", files.pdf())
    )
    version = services.plan_submit(plan=plan, workshop=workshop).versions.get()
    return {
        "author": author,
        "version": version,
        "version_attachment": version.attachments.get(),
        "draft_attachment": draft_attachment,
        "peer": EnrolmentFactory(cohort=workshop.cohort).user,
        "outsider": EnrolmentFactory().user,
    }


def _addresses(world) -> dict[str, dict[str, str]]:
    """For each route, an address of an object that exists and one of an object that does not."""
    author, version = world["author"], world["version"]
    missing_enrolment = (Enrolment.objects.order_by("-pk").first().pk or 0) + 1000
    attachment = world["version_attachment"].pk
    return {
        "plan_pdf": {
            "existing": reverse("workshops:plan_pdf", args=[author.pk, version.number]),
            "missing version": reverse("workshops:plan_pdf", args=[author.pk, 7]),
            "missing plan": reverse("workshops:plan_pdf", args=[missing_enrolment, 1]),
        },
        "version_attachment_download": {
            "existing": reverse(
                "workshops:version_attachment_download", args=[author.pk, 1, attachment]
            ),
            "missing version": reverse(
                "workshops:version_attachment_download", args=[author.pk, 7, attachment]
            ),
            "missing attachment": reverse(
                "workshops:version_attachment_download", args=[author.pk, 1, attachment + 99]
            ),
            "missing plan": reverse(
                "workshops:version_attachment_download", args=[missing_enrolment, 1, attachment]
            ),
        },
        "attachment_download": {
            "existing": reverse(
                "workshops:attachment_download", args=[author.pk, world["draft_attachment"].pk]
            ),
            "missing attachment": reverse(
                "workshops:attachment_download",
                args=[author.pk, world["draft_attachment"].pk + 99],
            ),
            "missing plan": reverse(
                "workshops:attachment_download",
                args=[missing_enrolment, world["draft_attachment"].pk],
            ),
        },
    }


@pytest.mark.parametrize("who", ["peer", "outsider"])
@pytest.mark.parametrize(
    "route", ["plan_pdf", "version_attachment_download", "attachment_download"]
)
def test_a_forbidden_and_a_missing_object_answer_the_same(client, world, who, route):
    client.force_login(world[who])

    answers = {case: client.get(url) for case, url in _addresses(world)[route].items()}

    statuses = {case: response.status_code for case, response in answers.items()}
    assert set(statuses.values()) == {403}, statuses
    assert not any("Location" in response for response in answers.values())


def test_a_peer_reads_the_version_once_it_is_shared(client, world):
    services.plan_share(version=world["version"], user=world["author"].user)
    client.force_login(world["peer"])

    url = reverse("workshops:plan_pdf", args=[world["author"].pk, 1])

    assert client.get(url).status_code == 200


def test_the_author_is_told_plainly_that_a_version_does_not_exist(client, world):
    client.force_login(world["author"].user)

    response = client.get(reverse("workshops:plan_pdf", args=[world["author"].pk, 7]))

    assert response.status_code == 404


def test_a_peer_cannot_tell_how_many_versions_a_shared_author_handed_in(client, world):
    services.plan_share(version=world["version"], user=world["author"].user)
    client.force_login(world["peer"])
    author = world["author"].pk

    second = client.get(reverse("workshops:plan_pdf", args=[author, 2]))
    tenth = client.get(reverse("workshops:plan_pdf", args=[author, 10]))

    assert second.status_code == tenth.status_code == 403

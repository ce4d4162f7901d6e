from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import PlanFactory, WorkshopFactory, complete_plan_rows
from workshops import services


@pytest.fixture
def enrolment(db):
    return EnrolmentFactory()


@pytest.fixture
def plan(enrolment):
    """A plan complete enough to be submitted."""
    return complete_plan_rows(PlanFactory(enrolment=enrolment))


@pytest.fixture
def workshop(enrolment):
    return WorkshopFactory(cohort=enrolment.cohort)


@pytest.fixture
def teacher(enrolment):
    return TeachingAssignmentFactory(cohort=enrolment.cohort).user


@pytest.fixture
def submitted(plan, workshop):
    """The plan submitted once, on time, for the workshop."""
    return services.plan_submit(plan=plan, workshop=workshop, now=timezone.now())


@pytest.fixture
def english_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def author_client(english_client, enrolment):
    english_client.force_login(enrolment.user)
    return english_client


def in_a_week():
    return timezone.now() + timedelta(days=7)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in their English source form, whatever the catalogue holds."""
    with translation.override("en"):
        yield


# The grading fixtures are kept in their own module; imported here so every test sees them.
from tests.workshops.grading_fixtures import (  # noqa: E402, F401
    assessment,
    graded_workshop,
    grader,
    rubric,
    submission,
)

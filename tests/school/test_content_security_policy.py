"""Every HTML page carries a Content-Security-Policy under which inline script cannot run."""

import pytest
from django.urls import reverse

from tests.workshops import files
from tests.workshops.factories import PlanFactory
from workshops import services

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/password/reset/", "/certificates/verify/", "/no-such-page/"],
)
def test_a_public_page_allows_scripts_from_the_site_only(client, url):
    response = client.get(url, follow=True)

    script_src = _directives(response)["script-src"]
    assert script_src == ["'self'"]
    assert _directives(response)["object-src"] == ["'none'"]
    assert _directives(response)["base-uri"] == ["'self'"]


def test_a_signed_in_participants_plan_editor_allows_no_inline_script(client):
    plan = PlanFactory()
    client.force_login(plan.enrolment.user)

    response = client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id]))

    directives = _directives(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["style-src-elem"] == ["'self'"]


def test_no_other_site_may_frame_a_page(client):
    response = client.get("/accounts/login/")

    assert _directives(response)["frame-ancestors"] == ["'self'"]


def test_the_wagtail_admin_gets_the_admins_policy(client, programme_administrator):
    client.force_login(programme_administrator)

    response = client.get(reverse("wagtailadmin_home"))

    directives = _directives(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]


def test_a_participants_attachment_keeps_its_own_sandboxing_policy(client):
    plan = PlanFactory()
    attachment = services.attachment_add(plan=plan, upload=files.upload("a.pdf", files.pdf()))
    client.force_login(plan.enrolment.user)

    response = client.get(
        reverse("workshops:attachment_download", args=[plan.enrolment_id, attachment.pk])
    )

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.django_db(transaction=True)
def test_a_page_from_the_public_page_cache_keeps_the_policy(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get("/accounts/password/reset/done/")
    cached = client.get("/accounts/password/reset/done/")

    assert "script-src 'self'" in cached["Content-Security-Policy"]

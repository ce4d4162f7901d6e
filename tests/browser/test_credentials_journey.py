"""An employer checks a participant's digital credential in a real browser: the certificate's
verification page, the credential file downloaded from it, and the public page that verifies
that file, then a changed copy of it."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, screenshot
from tests.certificates.factories import issued_certificates
from tests.cohorts.factories import CohortFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_employer_downloads_a_credential_from_the_verification_page_and_verifies_it(
    page, tmp_path
):
    (certificate,) = issued_certificates(CohortFactory())

    page.goto(reverse("certificates:verify", args=[certificate.verification_code]))
    expect(page.locator(".credential-outcome")).to_contain_text(_("Signature valid"))
    linkedin = page.get_by_role("link", name=_("Add to LinkedIn profile"))
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")
    assert_no_serious_axe_violations(page)
    screenshot(page, "credential-verification-page")
    with page.expect_download() as download:
        page.get_by_role("link", name=_("Download the credential (JSON)")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{certificate.serial}.json"

    page.get_by_role("link", name=_("Verify a credential file")).click()
    page.set_input_files("input[type='file']", str(saved))
    page.get_by_role("button", name=pgettext("credential", "Verify")).click()
    expect(page.locator(".credential-result")).to_have_attribute("data-outcome", "valid")
    assert_no_serious_axe_violations(page)
    screenshot(page, "credential-verified")

    changed = json.loads(saved.read_text(encoding="utf-8"))
    changed["credentialSubject"]["name"][0]["@value"] = "偽 太郎"
    page.fill("textarea[name='text']", json.dumps(changed, ensure_ascii=False))
    page.get_by_role("button", name=pgettext("credential", "Verify")).click()
    expect(page.locator(".credential-result")).to_have_attribute("data-outcome", "invalid")
    expect(page.locator(".credential-checks")).to_contain_text(
        _(
            "The signature does not match the contents: the credential was changed after it "
            "was issued."
        )
    )
    assert_no_serious_axe_violations(page)
    screenshot(page, "credential-tampered")

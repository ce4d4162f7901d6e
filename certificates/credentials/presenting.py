"""What the certificate's pages show about its credential: the download, the outcome of
verifying it, and LinkedIn's "Add to profile" address."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from certificates.credentials import selectors
from certificates.credentials.verification import verify_credential

# LinkedIn's "Add to Profile" for certifications: the parameters it documents for a
# certification (name, organisation, issue month and year, URL, ID).
LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_url(certificate) -> str:
    english = translation.get_language() == "en"
    organisation = (
        settings.CREDENTIALS_ISSUER_NAME_EN if english else settings.CREDENTIALS_ISSUER_NAME_JA
    )
    return (
        LINKEDIN_ADD_TO_PROFILE
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": certificate.programme_name,
                "organizationName": organisation,
                "issueYear": certificate.completed_on.year,
                "issueMonth": certificate.completed_on.month,
                "certUrl": certificate.verification_url(),
                "certId": certificate.serial,
            }
        )
    )


def download_url(certificate) -> str:
    return reverse("credentials:download", args=[certificate.verification_code])


def verification_page_context(certificate) -> dict:
    credential = selectors.current_credential(certificate=certificate)
    return {
        "credential": credential,
        "credential_check": verify_credential(credential.signed) if credential else None,
        "credential_download_url": download_url(certificate) if credential else "",
        "linkedin_url": linkedin_url(certificate),
        "did_url": settings.SITE_URL + reverse("did_document"),
    }

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from tests.cms.factories import DocumentFactory, png_bytes

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_an_svg_image_upload_is_refused(client, programme_administrator):
    client.force_login(programme_administrator)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "ロゴ", "file": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")},
    )

    assert response.status_code == 200  # the form again, with the error
    assert not get_image_model().objects.filter(title="ロゴ").exists()


def test_a_png_image_upload_is_accepted(client, programme_administrator):
    client.force_login(programme_administrator)

    client.post(
        reverse("wagtailimages:add"),
        {"title": "ロゴ", "file": SimpleUploadedFile("logo.png", png_bytes(), "image/png")},
    )

    assert get_image_model().objects.filter(title="ロゴ").exists()


def test_a_document_is_downloaded_as_an_attachment_never_shown_inline(client, instructor):
    document = DocumentFactory(title="講義スライド")
    client.force_login(instructor)

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")

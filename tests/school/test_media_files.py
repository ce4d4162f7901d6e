"""Files under MEDIA_ROOT (course documents) are reached only through views that check access."""

import importlib

import pytest
from django.conf import settings
from django.urls import Resolver404, clear_url_caches, resolve

from tests.cms.factories import DocumentFactory


@pytest.fixture
def urls_as_in_development(settings):
    """The URLconf as `make run` builds it, with DEBUG on."""
    import school.urls

    settings.DEBUG = True
    importlib.reload(school.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(school.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_even_in_development_no_url_hands_out_a_document_s_file_directly(urls_as_in_development):
    document = DocumentFactory(title="DX計画テンプレート")

    try:
        match = resolve(f"{settings.MEDIA_URL}{document.file.name}")
    except Resolver404:
        return
    assert match.func.__module__ != "django.views.static", match

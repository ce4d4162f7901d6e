from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates.credentials import views as credential_views
from cms import views as cms_views
from school import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("school.app_urls")),
    path("cohorts/", include("cohorts.urls")),
    path("workshops/", include("workshops.urls")),
    path("certificates/", include("certificates.urls")),
    path("credentials/", include("certificates.credentials.urls")),
    path(".well-known/did.json", credential_views.did_document, name="did_document"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", include("cms.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("images/", include("cms.image_urls")),
]

# MEDIA_ROOT is never served as plain files, not even with DEBUG: what it holds (documents) is
# served by views that check who may read it.
# Wagtail's page tree takes every path not matched above, so it comes last. Pages live under a
# language prefix (/ja/..., /en/...); everything above stays unprefixed, and `/` itself serves
# the home page of the visitor's language (school.views.home).
# The search form of each language's pages searches that language's pages (/en/search/); the
# unprefixed /search/ above searches the visitor's language.
urlpatterns += i18n_patterns(
    path("search/", cms_views.search, name="search_in_language"),
    path("", include("cms.routing")),
    prefix_default_language=True,
)

"""The company page is assembled from panels, like the dashboard.

cohorts knows the company and its enrolments; what its people wrote (plans, check-ins) belongs
to higher apps, which register a function under "company_page_panels" taking the request and the
company and returning panels (wagtail Components). The page shows them in `order`, under the
table of enrolments. Each panel decides itself what the viewer may open.
"""

from wagtail import hooks

COMPANY_PANELS_HOOK = "company_page_panels"


def company_panels(request, company) -> list:
    panels = []
    for build_panels in hooks.get_hooks(COMPANY_PANELS_HOOK):
        panels.extend(build_panels(request, company) or ())
    return sorted(panels, key=lambda panel: getattr(panel, "order", 100))

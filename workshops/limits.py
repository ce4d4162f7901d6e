"""How much a person may write, and how many rows a plan may have: every limit in one place.

The limits keep one participant from tying up a worker (a plan of a million characters took a PDF
worker 139 s) while leaving an executive's 3–5 year plan plenty of room: 8,000 characters is
about four pages of Japanese. The forms show them (a `maxlength` and a counter), the services
refuse what goes over them with a message naming the field, and docs/plans-and-grading.md lists
them. Lengths count characters (code points) with line ends as one, as the editor's counter does.
"""

from django.utils.translation import gettext_lazy as _

# The plan's five sections.
PLAN_SECTION_MAX_CHARS = 8000
# KPI rows.
KPI_NAME_MAX_CHARS = 200
KPI_UNIT_MAX_CHARS = 40
# Roadmap rows.
INITIATIVE_TITLE_MAX_CHARS = 200
INITIATIVE_OWNER_MAX_CHARS = 100
INITIATIVE_OUTCOME_MAX_CHARS = 1000
# Rows per plan.
MAX_KPIS = 20
MAX_INITIATIVES = 30
# Peers and instructors.
PEER_COMMENT_MAX_CHARS = 4000
FEEDBACK_MAX_CHARS = 8000
SECTION_COMMENT_MAX_CHARS = 2000

TOO_LONG_MESSAGE = _(
    "%(field)s is too long: %(count)s characters, at most %(limit)s. Shorten it to save; "
    "nothing you typed is lost."
)
# The same, for a form field, whose label is shown beside it already.
TOO_LONG_FIELD_MESSAGE = _(
    "At most %(limit_value)s characters; this has %(show_value)s. Shorten it to save; nothing "
    "you typed is lost."
)
TOO_MANY_KPIS_MESSAGE = _("A plan can have at most %(limit)s KPIs; this one has %(count)s.")
TOO_MANY_INITIATIVES_MESSAGE = _(
    "A plan can have at most %(limit)s roadmap initiatives; this one has %(count)s."
)


def text_length(text: str | None) -> int:
    """Characters as the editor counts them: a line end (sent by browsers as CR LF) is one."""
    return len((text or "").replace("\r\n", "\n"))


def too_long_message(*, label, text: str | None, limit: int) -> str | None:
    """The message for `text` over `limit`, naming the field; None when it fits."""
    count = text_length(text)
    if count <= limit:
        return None
    return TOO_LONG_MESSAGE % {"field": label, "count": f"{count:,}", "limit": f"{limit:,}"}


# The DX推進指標 self-assessment: the evidence for one item's rating.
SELF_ASSESSMENT_EVIDENCE_MAX_CHARS = 1000

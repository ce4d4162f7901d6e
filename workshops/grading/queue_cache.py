"""The grading queue's HTML, kept in the cache per instructor, language, address and minute.

The queue is the instructors' most visited page: they come back to it after every plan they
grade, and it reads fifty rows of submissions with their participants, companies, workshops and
assessments each time. Its HTML is kept (school/kept_html.py) under a key made of:

- **the instructor**: each sees only the cohorts they teach (or, an administrator, every one);
- **the address** with its query string: the filters, the sort and the page;
- **the language and the current minute**;
- **the generation** of the people, the cohorts and teaching teams, and the workshops with their
  submissions and assessments (`GRADING_QUEUE_APPS`): a plan handed in, a grade saved, feedback
  released or a teaching assignment given shows on the very next visit.

The bulk-release form's CSRF token belongs to the request: the HTML is kept in the pieces around
it and each response gets its own. The messages above the queue (after a bulk release) are drawn
by the page around it, never kept. With Redis down the queue is rendered on each visit.
"""

import hashlib
from collections.abc import Callable

from school.content_generation import GRADING_QUEUE_APPS, current_generation
from school.kept_html import kept_around_form_tokens


def queue_html(request, render: Callable[[dict], str]) -> str:
    """The queue's HTML for this request: from the cache, or `render(extra_context)`."""
    # Hashed: a query string is any length and may hold characters a cache key must not.
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return kept_around_form_tokens(
        f"grading:queue:{request.user.pk}:{address}",
        current_generation(GRADING_QUEUE_APPS),
        request,
        render,
    )

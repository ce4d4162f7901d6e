"""Results as documents: a CSV of every score for the teaching team, and a one-page PDF per
presenter (WeasyPrint through school.pdf_rendering, with the school's Japanese fonts)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from school.pdf_rendering import render_pdf
from school.spreadsheets import csv_writer
from workshops.models import PresentationEvent, Presenter
from workshops.presentations import selectors
from workshops.presentations.views import _event_run_by, presenter_for_reader

STYLESHEET = "pdf/presentation.css"


def results_pdf(*, presenter: Presenter, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "workshops/presentations/pdf/feedback.html",
            {
                "presenter": presenter,
                "event": presenter.event,
                "feedback": selectors.presenter_feedback(presenter=presenter),
                "printed_at": timezone.localtime(),
            },
        )
    return render_pdf(html=html, stylesheet_path=STYLESHEET)


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


@login_required
def presenter_pdf(request, presenter_id):
    presenter = presenter_for_reader(request, presenter_id)
    language = translation.get_language() or "ja"
    response = HttpResponse(
        results_pdf(presenter=presenter, language=language), content_type="application/pdf"
    )
    name = _ascii(presenter.enrolment.user.full_name_roman) or f"presenter-{presenter.pk}"
    response["Content-Disposition"] = (
        f'attachment; filename="presentation-feedback_{name}_{presenter.event_id}.pdf"'
    )
    return response


def csv_rows(*, event: PresentationEvent):
    """A header and one row per score, in the reader's language; peers named (this export is
    for the teaching team only)."""
    criteria = selectors.criterion_labels(event=event)
    presenters = {p.pk: p for p in selectors.presenters_of(event=event)}
    yield [
        _("Position"),
        _("Presenter"),
        _("Company"),
        _("Judge"),
        _("Judge type"),
        *[criterion["title"] for criterion in criteria],
        _("Comment"),
        _("Saved at"),
    ]
    for score in selectors.event_scores(event=event):
        presenter = presenters[score.presenter_id]
        yield [
            presenter.position,
            presenter.enrolment.user.full_name,
            presenter.enrolment.company.name,
            selectors.judge_label(score, reveal_peers=True),
            _("guest") if score.is_guest else _("peer"),
            *[score.scores.get(criterion["key"], "") for criterion in criteria],
            score.comment,
            f"{timezone.localtime(score.updated_at):%Y-%m-%d %H:%M}",
        ]


@login_required
def results_csv(request, event_id):
    event = _event_run_by(request, event_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="presentation-scores-{event.pk}.csv"'
    # A byte-order mark makes Excel in a Japanese office open UTF-8 as UTF-8, not Shift_JIS.
    response.write("\ufeff")
    writer = csv_writer(response)
    for row in csv_rows(event=event):
        writer.writerow(row)
    return response

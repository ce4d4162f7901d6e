"""Documents for DX認定, from the latest submitted version of the plan:

- the publishable "DX strategy" (HTML page and PDF, Japanese or English), in the order of the
  Digital Governance Code 3.0's pillars, with the board's decision when recorded;
- a draft of the application's content (Word, python-docx), one part per criterion in IPA's
  order (設問(1)–(6), workshops/certification/criteria.py), each answer taken from the plan with
  the medium, address and date of its publication; what is not there yet reads 「未記入」/"missing".

Both read the version's frozen content and the company's records only: what was handed in, not
the draft being edited.
"""

import io
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from school.pdf_rendering import render_pdf
from workshops.certification import selectors
from workshops.models import CertificationRecord, PlanVersion
from workshops.plans.display import version_view
from workshops.plans.documents import STYLESHEET, document_context
from workshops.plans.sections import schema_of
from workshops.self_assessment import selectors as self_assessment_selectors

MISSING = {"ja": "【未記入】", "en": "[missing]"}
# The school's Japanese font, as the PDFs use it (static/fonts/); Word falls back if absent.
DOCX_FONT = "Noto Sans JP"


def _decision_text(record: CertificationRecord | None) -> str:
    if record is None or not record.has_decision:
        return ""
    return _("Decided by the %(body)s on %(date)s.") % {
        "body": record.get_strategy_decided_by_display(),
        "date": date_format(record.strategy_decided_on),
    }


def strategy_context(*, version: PlanVersion) -> dict[str, Any]:
    """What the DX strategy shows, in the active language."""
    record = selectors.record_for(company_id=version.enrolment.company_id)
    return {
        **document_context(version),
        "record": record,
        "decision": _decision_text(record),
        "publications": selectors.publications_of(record),
    }


def strategy_html(*, version: PlanVersion, language: str) -> str:
    """The whole document as one HTML page, for the PDF."""
    with translation.override(language):
        return render_to_string("workshops/pdf/dx_strategy.html", strategy_context(version=version))


def strategy_pdf(*, version: PlanVersion, language: str) -> bytes:
    return render_pdf(
        html=strategy_html(version=version, language=language), stylesheet_path=STYLESHEET
    )


def filename(version: PlanVersion, stem: str, language: str, extension: str) -> str:
    """An ASCII name: dx-strategy_YAMADA-Taro_v2_ja.pdf."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", version.enrolment.user.full_name_roman).strip("-")
    name = name or f"participant-{version.enrolment_id}"
    return f"{stem}_{name}_v{version.number}_{language}.{extension}"


# --- The application's draft (Word) ------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def _answer(
    code: str,
    view: dict,
    content: dict,
    record: CertificationRecord | None,
    self_assessment: list[str],
) -> list[str]:
    """The plan's answer to one criterion, as paragraphs (empty when the plan has none); (5) is
    the enrolment's newest DX推進指標 self-assessment, one line per rated item."""
    texts = _texts_by_criterion(content)
    if code == "2":
        return texts.get("2", []) + [
            f"{row['title']}（{row['years_label']}"
            + (f"、{row['owner']}" if row.get("owner") else "")
            + "）"
            + (f": {row['expected_outcome']}" if row.get("expected_outcome") else "")
            for row in view["roadmap"]
        ]
    if code == "3":
        start = view["start_fiscal_year"]
        kpis = [
            f"{row['name']}: {row.get('baseline', '')}{row.get('unit', '')} → "
            + ", ".join(
                f"FY{start + index}: {target}"
                for index, target in enumerate(row["target_list"])
                if target != ""
            )
            for row in view["kpis"]
        ]
        return texts.get("3", []) + kpis
    if code == "5":
        return self_assessment
    if code == "6":
        lines = []
        if record is not None and record.has_security_declaration:
            lines.append(str(record.get_security_measure_display()))
            lines += _lines(record.security_description)
        return lines + texts.get("6", [])
    return texts.get(code, [])


# Which sections of the plan answer which criterion, by the schema the version was written in
# (plans/sections.py): DGC 3.0's pillars each have their section; a DGC 2.0 version answers as
# it did, the management's message (4) from the vision and security (6) from the governance
# section.
ANSWERS = {
    "dgc2": {
        "1": ("vision_and_business_model",),
        "2-1": ("strategy_organisation_talent_culture",),
        "2-2": ("strategy_it_systems_data",),
        "3": ("outcomes_and_kpis_narrative",),
        "4": ("vision_and_business_model",),
        "6": ("governance_security_risks",),
    },
    "dgc3": {
        "1": ("vision_and_business_model",),
        "2": ("dx_strategy",),
        "2-1": ("organisation", "digital_talent"),
        "2-2": ("it_systems_and_cybersecurity",),
        "3": ("outcomes_and_review",),
        "4": ("stakeholder_dialogue",),
        "6": ("it_systems_and_cybersecurity",),
    },
}


def _texts_by_criterion(content: dict) -> dict[str, list[str]]:
    sections = content.get("sections") or {}
    return {
        code: [line for name in names for line in _lines(sections.get(name, ""))]
        for code, names in ANSWERS[schema_of(content).key].items()
    }


def _font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)


def application_docx(*, version: PlanVersion, language: str) -> bytes:
    """The application's content in the criteria's order, as a Word document."""
    missing = MISSING[language]
    with translation.override(language):
        view = version_view(version)
        result = selectors.version_readiness(version=version)
        record = result.record
        self_assessment = self_assessment_selectors.latest_lines(enrolment_id=version.enrolment_id)
        document = Document()
        _font(document)
        company = version.enrolment.company.name
        document.add_heading(_("DX certification: draft of the application"), level=0)
        document.add_paragraph(
            _("%(company)s · from version %(number)s of the DX plan (FY%(first)s–FY%(last)s)")
            % {
                "company": company,
                "number": version.number,
                "first": view["start_fiscal_year"],
                "last": view["last_fiscal_year"],
            }
        )
        document.add_paragraph(
            _("%(ready)s of %(total)s criteria ready.")
            % {"ready": result.ready_count, "total": result.total}
        )
        for row in result.criteria:
            criterion = row.criterion
            document.add_heading(f"{criterion.number} {criterion.title}", level=1)
            document.add_paragraph(f"{_('Certification standard')}: {criterion.standard}")
            document.add_paragraph(f"{_('Digital Governance Code 3.0')}: {criterion.pillar}")
            document.add_heading(_("Answer"), level=2)
            answer = _answer(criterion.code, view, version.content, record, self_assessment)
            for line in answer or [missing]:
                document.add_paragraph(line)
            if criterion.needs_decision:
                decision = _decision_text(record) or missing
                document.add_paragraph(f"{_('Decision of the board')}: {decision}")
            if criterion.needs_publication:
                publication = row.publication
                document.add_paragraph(
                    f"{_('Publication medium')}: {publication.medium if publication else missing}"
                )
                document.add_paragraph(f"URL: {publication.url if publication else missing}")
                published = date_format(publication.published_on) if publication else missing
                document.add_paragraph(f"{_('Publication date')}: {published}")
            if not row.is_met:
                document.add_paragraph(f"{_('Still to do')}: {row.next_step}")
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()

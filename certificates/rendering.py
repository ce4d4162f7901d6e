"""Certificate PDFs, a batch at a time, in two layers.

The page is laid out in bands of fixed height (templates/certificates/pdf/certificates.html): the
static layer (frame, logos, titles, statement, signatories) is the same on every certificate of a
template, so it is laid out and written once per process as a one-page PDF; the variable layer
(name, programme and dates, serial, code, QR) of the whole batch is laid out and written as one
WeasyPrint document (one painting pass, one font subset). qpdf (pikepdf) then draws the static
page under every page and splits the document into one PDF per certificate, each with the
objects it uses: its own text and QR code, the shared images and both embedded font subsets.

The stylesheet and font configuration are parsed once per process (school.pdf_rendering);
logos and signatures are shrunk to small PNGs once per process and embedded as `data:` URIs;
the QR code is a small PNG too. Names and template text go through Django's escaping, and the
fetcher reads nothing but the project's static files and `data:` images.
"""

import base64
import datetime
import io
import json
from functools import lru_cache
from pathlib import Path

import pikepdf
import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from certificates.certificate_text import certificate_texts
from certificates.models import Certificate, CertificateTemplate
from school import pdf_rendering

STYLESHEET = "pdf/certificate.css"
# Enough pixels for print: a logo 14 mm high and a seal 16 mm square at 300 dpi.
LOGO_MAX_PX = (720, 180)
SIGNATURE_MAX_PX = (480, 200)

DEFAULT_TEXT = {
    "title_ja": "修了証書",
    "title_en": "Certificate of Completion",
    "body_ja": "あなたは本プログラムの所定の課程を修了したことをここに証します。",
    "body_en": "has completed the prescribed course of the programme.",
}


@lru_cache(maxsize=64)
def _small_png_data_uri(file_name: str, max_px: tuple[int, int]) -> str:
    """A Wagtail image shrunk to a small PNG, cached per process by its file name (a changed
    image gets a new file name)."""
    image = get_image_model().objects.filter(file=file_name).first()
    if image is None:
        return ""
    with image.open_file() as handle, PILImage.open(handle) as picture:
        picture = picture.convert("RGBA")
        picture.thumbnail(max_px)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _qr_data_uri(url: str) -> str:
    # One pixel per module, drawn with Pillow (segno's own PNG writer is pure Python and takes
    # tens of milliseconds); the stylesheet scales it up without smoothing. A fixed mask: segno
    # otherwise scores all eight masks in pure Python (about 10 ms a code), and any mask scans.
    matrix = segno.make(url, error="m", mask=0).matrix
    size = len(matrix)
    picture = PILImage.new("L", (size, size))
    picture.putdata([0 if dark else 255 for row in matrix for dark in row])
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# The frame's height (mm) for each paper and orientation: the page less its margins, the
# frame's padding and border (see static/pdf/certificate.css).
FRAME_HEIGHT_MM = {
    ("A4", "landscape"): 172,
    ("A4", "portrait"): 259,
    ("letter", "landscape"): 178,
    ("letter", "portrait"): 241,
}


def template_context(template: CertificateTemplate | None) -> dict:
    """Everything the PDF needs from a template, read once for a whole batch."""
    if template is None:
        return {
            "text": DEFAULT_TEXT,
            "logos": [],
            "signatories": [],
            "page": "A4 landscape",
            "frame_height": FRAME_HEIGHT_MM["A4", "landscape"],
            "era_dates": False,
        }
    return {
        "text": {key: getattr(template, key) for key in DEFAULT_TEXT},
        "logos": [
            {
                "institution": logo.institution,
                "src": _small_png_data_uri(logo.image.file.name, LOGO_MAX_PX),
            }
            for logo in template.logos.select_related("image")
        ],
        "signatories": [
            {
                "name": s.name,
                "title": s.title,
                "institution": s.institution,
                "signature": _small_png_data_uri(s.signature.file.name, SIGNATURE_MAX_PX)
                if s.signature_id
                else "",
            }
            for s in template.signatories.select_related("signature")
        ],
        "page": f"{template.paper_size} {template.orientation}",
        "frame_height": FRAME_HEIGHT_MM.get((template.paper_size, template.orientation), 172),
        "era_dates": template.era_dates,
    }


def certificates_html(certificates: list[Certificate], context: dict, *, layer: str) -> str:
    """One HTML document, one page per certificate (both languages on the page): the `variable`
    layer (what differs between certificates), the `static` one (the rest; one page, no
    certificate needed) or `both`."""
    entries = []
    for certificate in certificates:
        url = certificate.verification_url()
        entries.append(
            {
                "certificate": certificate,
                "url": url,
                "qr": _qr_data_uri(url),
                "texts": certificate_texts(certificate, era=context.get("era_dates", False)),
            }
        )
    # Dates and labels in the PDF are fixed per language, whatever the worker's locale.
    with translation.override("ja"):
        return render_to_string(
            "certificates/pdf/certificates.html",
            {"entries": entries or [{}], "layer": layer, **context},
        )


def _write_pdf(html: str) -> bytes:
    return pdf_rendering.html_document(html).write_pdf(
        stylesheets=[pdf_rendering.stylesheet(STYLESHEET)],
        font_config=pdf_rendering.font_configuration(),
    )


@lru_cache(maxsize=16)
def _static_layer_pdf(context_key: str) -> bytes:
    """The static layer of a template's certificates as a one-page PDF, cached per process by
    everything the template puts on the page."""
    return _write_pdf(certificates_html([], json.loads(context_key), layer="static"))


def render_batch(certificates: list[Certificate], context: dict) -> list[bytes]:
    """Lay out and write the batch's variable layer as one document, draw the static layer
    under every page, and split the document into one PDF per certificate."""
    if not certificates:
        return []
    static = _static_layer_pdf(json.dumps(context, sort_keys=True, default=str))
    variable = _write_pdf(certificates_html(certificates, context, layer="variable"))
    return split_pages(variable, underlay=static)


def split_pages(pdf: bytes, *, underlay: bytes) -> list[bytes]:
    """One PDF per page of `pdf`, the first page of `underlay` drawn under each, with the
    document's language and information (title, producer)."""
    with pikepdf.open(io.BytesIO(pdf)) as whole, pikepdf.open(io.BytesIO(underlay)) as under:
        # One form object for the whole document: each page's PDF gets a copy of it and of the
        # font subset and images it uses.
        form = whole.copy_foreign(under.pages[0].as_form_xobject())
        for page in whole.pages:
            page.add_underlay(form, pikepdf.Rectangle(page.mediabox))
        language = whole.Root.get("/Lang")
        pdfs = []
        for page in whole.pages:
            with pikepdf.new() as single:
                single.pages.append(page)
                if language is not None:
                    single.Root.Lang = language
                single.docinfo = single.copy_foreign(whole.docinfo)
                buffer = io.BytesIO()
                single.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
                pdfs.append(buffer.getvalue())
        return pdfs


def warm_up() -> None:
    """What a worker process does once before its first task: parse the stylesheet, load the
    fonts and lay out and write one sample certificate (the first document of a process pays
    for loading the fonts and WeasyPrint's C bindings, about a second)."""
    sample = Certificate(
        serial="DXS-0000-0000",
        last_name="見本",
        first_name="太郎",
        last_name_roman="Mihon",
        first_name_roman="Taro",
        programme_name_ja="見本",
        cohort_name_ja="見本",
        cohort_starts_on=datetime.date(2026, 4, 1),
        cohort_ends_on=datetime.date(2026, 7, 8),
        completed_on=datetime.date(2026, 7, 8),
    )
    render_batch([sample], template_context(None))


def render_naive(certificates: list[Certificate], context: dict) -> list[bytes]:
    """The straightforward way, for the benchmark: one document per certificate, its stylesheet
    parsed and its fonts configured each time."""
    css_file = Path(settings.BASE_DIR) / "static" / STYLESHEET
    css = pdf_rendering.font_face_css() + "\n" + css_file.read_text(encoding="utf-8")
    pdfs = []
    for certificate in certificates:
        html = certificates_html([certificate], context, layer="both").replace(
            "</head>", f"<style>{css}</style></head>", 1
        )
        pdfs.append(
            HTML(
                string=html,
                base_url=pdf_rendering.static_url(""),
                url_fetcher=pdf_rendering.fetcher(),
            ).write_pdf(font_config=FontConfiguration())
        )
    return pdfs

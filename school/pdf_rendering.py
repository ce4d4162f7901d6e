"""Rendering HTML to PDF with WeasyPrint, safely and with the school's own fonts.

Safety: the documents contain text that users typed (plans, names). Django's templates escape
it, and on top of that the renderer is given a fetcher that reads only the project's own static
files and `data:` images, so no markup or `url()` in user text can make it read a local file
(`file:///etc/passwd`) or reach the network (`http://127.0.0.1:9/`). Refused URLs are logged.

Time: render_pdf_within renders in a child process with a deadline, so a huge document costs
at most PDF_RENDER_TIME_LIMIT_SECONDS of one worker.

Speed: parsing the stylesheets and building the font configuration is the costly part of a
small document, so both are done once per process and reused.
"""

import logging
import mimetypes
import os
import select
import signal
import time
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


class RefusedURL(ValueError):
    """A document asked for a resource outside the project's static files."""


def _allowed_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.STATICFILES_DIRS]


class ProjectAssetsFetcher(URLFetcher):
    """Fetches `file://` URLs inside the project's static folders and `data:` images; refuses
    everything else (other files, http, https, ftp...)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:image/"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in _allowed_roots()) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise RefusedURL(f"Refused to fetch {url[:200]}")


def static_url(relative_path: str) -> str:
    """The `file://` URL of a file in the project's static folder, for use in a PDF."""
    return (Path(settings.BASE_DIR) / "static" / relative_path).resolve().as_uri()


FONT_FACES = {
    # family: (regular, bold)
    "School Sans JP": ("NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf"),
    "School Serif JP": ("NotoSerifJP-Regular.ttf", "NotoSerifJP-Bold.ttf"),
}


def font_face_css() -> str:
    """@font-face rules for the shipped Japanese fonts (see static/fonts/README.md)."""
    rules = []
    for family, (regular, bold) in FONT_FACES.items():
        for weight, file_name in (("normal", regular), ("bold", bold)):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{(FONTS_DIR / file_name).as_uri()}"); }}'
            )
    return "\n".join(rules)


@cache
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@cache
def fetcher() -> ProjectAssetsFetcher:
    return ProjectAssetsFetcher(allowed_protocols=("file", "data"), timeout=2)


@cache
def stylesheet(relative_path: str) -> CSS:
    """A stylesheet from the static folder, with the font faces, parsed once per process."""
    css_text = (
        font_face_css()
        + "\n"
        + (Path(settings.BASE_DIR) / "static" / relative_path).read_text(encoding="utf-8")
    )
    return CSS(
        string=css_text,
        base_url=static_url(relative_path),
        url_fetcher=fetcher(),
        font_config=font_configuration(),
    )


def html_document(html: str):
    """Lay out an HTML string (already escaped by the template) without rendering it."""
    return HTML(string=html, base_url=static_url(""), url_fetcher=fetcher())


def render_pdf(*, html: str, stylesheet_path: str) -> bytes:
    """One HTML string to one PDF, with one of the project's stylesheets."""
    return html_document(html).write_pdf(
        stylesheets=[stylesheet(stylesheet_path)], font_config=font_configuration()
    )


class RenderTimeout(Exception):
    """The document took longer than its time limit to render; the rendering was stopped."""


class RenderFailed(Exception):
    """The rendering process ended without a PDF."""


def render_pdf_within(*, html: str, stylesheet_path: str, seconds: float) -> bytes:
    """render_pdf, in a child process stopped after `seconds`: however large the document, no
    worker is held longer. The child is a fork of this process (the parsed stylesheets and
    fonts come with it), touches no database and returns the PDF through a pipe; past the
    deadline it is killed, and RenderTimeout raised. (Forking a process with threads copies only
    the calling thread: should another thread have held a lock the child then needs, the child
    waits, and the deadline ends it like any slow rendering.)"""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, write, and leave without running the parent's clean-up
        code = 1
        try:
            os.close(read_end)
            pdf = render_pdf(html=html, stylesheet_path=stylesheet_path)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pdf)
            code = 0
        except Exception:
            logger.exception("PDF rendering failed")
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks = []
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            ready = remaining > 0 and select.select([pipe], [], [], remaining)[0]
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                logger.error("PDF rendering stopped after its time limit of %s s", seconds)
                raise RenderTimeout(f"The PDF took longer than {seconds} s to render.")
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        logger.error("PDF rendering failed (exit status %s)", status)
        raise RenderFailed("The PDF could not be rendered.")
    return b"".join(chunks)

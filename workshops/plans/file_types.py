"""What an uploaded attachment really is, judged by its bytes, never by its name.

Only a few kinds are accepted: PDF, the three Office Open XML formats and PNG/JPEG images.
Anything that could run (Windows or Linux executables, scripts), anything that also reads as
an HTML page (a "polyglot", e.g. a PNG with a page appended), and anything with content after
the file's end marker is refused.

A PDF is parsed with a real PDF parser (pikepdf, on qpdf), never searched as raw bytes: names
may be written with `#xx` escapes (`/J#61vaScript`) and objects may sit inside compressed object
streams, where no regular expression sees them. Every object is walked and every kind of active
content or embedded payload the PDF standard defines (ISO 32000-2, 12.6 "Actions", 7.11.4
"Embedded file streams", 12.5.6.15 "File attachment annotations", 13 "Multimedia features") is
refused. An Office file is unpacked as it is checked, counting the bytes really produced rather
than the sizes the archive declares, which an attacker writes.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import pikepdf
from django.utils.translation import gettext_lazy as _

from workshops.plans import pdf_inspection

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

EXTENSIONS = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    PPTX: ("pptx",),
}
# The part each Office format must have, besides [Content_Types].xml.
OFFICE_MAIN_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
# An Office file unpacks to at most this much, so a small "zip bomb" cannot fill the disk or
# memory of whoever opens it.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
# Markup a browser would render as a page or run as script, wherever it appears.
HTML_MARKERS = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed|!doctype\s+html)\b|javascript:",
    re.IGNORECASE,
)
# Only line ends (and the NUL padding some writers leave) may follow a PDF's last %%EOF.
PDF_END = re.compile(rb"%%EOF[\r\n\x00\t\x0c ]*\Z")
OFFICE_READ_CHUNK = 1024 * 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"

NOT_ALLOWED_MESSAGE = _(
    "This kind of file is not accepted. Attach a PDF, a PowerPoint, Word or Excel file "
    "(.pptx, .docx, .xlsx), or a PNG or JPEG image."
)
EXECUTABLE_MESSAGE = _("The file is a program, not a document, and cannot be attached.")
POLYGLOT_MESSAGE = _(
    "The file contains web page or script content hidden inside it and cannot be attached."
)
ACTIVE_PDF_MESSAGE = _(
    "The PDF contains scripts, actions that run when it is opened, embedded files or media. "
    "Save it again without them (for example with “Print to PDF”) and attach that."
)
BROKEN_PDF_MESSAGE = _("The PDF is damaged or incomplete and cannot be checked.")
ENCRYPTED_PDF_MESSAGE = _(
    "The PDF is protected by a password, so it cannot be checked. "
    "Save it again without the password and attach that."
)
MACRO_MESSAGE = _("Office files with macros cannot be attached. Save the file without macros.")
BROKEN_OFFICE_MESSAGE = _("The Office file is damaged or incomplete.")
NAME_MISMATCH_MESSAGE = _(
    "The file's name ends in “.%(suffix)s” but its content is a %(kind)s file. "
    "Rename it or attach the right file."
)


@dataclass(frozen=True)
class FileKind:
    content_type: str

    @property
    def label(self) -> str:
        return EXTENSIONS[self.content_type][0].upper()


class UnacceptableFile(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def detect(data: bytes, filename: str) -> FileKind:
    """The kind of an acceptable file; raises UnacceptableFile with a message otherwise."""
    if data.startswith(EXECUTABLE_SIGNATURES):
        raise UnacceptableFile(EXECUTABLE_MESSAGE)
    if data.startswith(b"%PDF-"):
        kind = _check_pdf(data)
    elif data.startswith(PNG_SIGNATURE):
        kind = _check_png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        kind = _check_jpeg(data)
    elif data.startswith(b"PK\x03\x04"):
        kind = _check_office(data)
    else:
        raise UnacceptableFile(NOT_ALLOWED_MESSAGE)
    _check_name(filename, kind)
    return kind


def _check_no_markup(data: bytes) -> None:
    if HTML_MARKERS.search(data):
        raise UnacceptableFile(POLYGLOT_MESSAGE)


def _check_pdf(data: bytes) -> FileKind:
    _check_no_markup(data)
    # Whatever follows the last end marker is no part of the PDF: it is how a PDF is made to
    # read as a web page as well.
    if not PDF_END.search(data):
        raise UnacceptableFile(POLYGLOT_MESSAGE)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            active = pdf_inspection.active_content(pdf)
    except pikepdf.PasswordError as error:
        raise UnacceptableFile(ENCRYPTED_PDF_MESSAGE) from error
    except (pikepdf.PdfError, ValueError, RecursionError) as error:
        raise UnacceptableFile(BROKEN_PDF_MESSAGE) from error
    if active:
        raise UnacceptableFile(ACTIVE_PDF_MESSAGE)
    return FileKind(PDF)


def _check_png(data: bytes) -> FileKind:
    # Nothing may follow the IEND chunk: data appended there is how PNG polyglots are made.
    if not data.endswith(PNG_END):
        raise UnacceptableFile(POLYGLOT_MESSAGE)
    _check_no_markup(data)
    return FileKind(PNG)


def _check_jpeg(data: bytes) -> FileKind:
    # Some cameras pad with zero bytes after the end-of-image marker; anything else is appended.
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise UnacceptableFile(POLYGLOT_MESSAGE)
    _check_no_markup(data)
    return FileKind(JPEG)


def _check_office(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                raise UnacceptableFile(NOT_ALLOWED_MESSAGE)
            if any(_is_macro_or_control(name) for name in names):
                raise UnacceptableFile(MACRO_MESSAGE)
            _check_unpacked_size(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise UnacceptableFile(BROKEN_OFFICE_MESSAGE) from error
    found = [kind for part, kind in OFFICE_MAIN_PARTS.items() if part in names]
    if len(found) != 1:
        raise UnacceptableFile(NOT_ALLOWED_MESSAGE)
    return FileKind(found[0])


def _is_macro_or_control(name: str) -> bool:
    # VBA projects are macros; ActiveX controls are programs embedded in the document.
    lowered = name.lower()
    return lowered.endswith("vbaproject.bin") or "/activex/" in f"/{lowered}"


def _check_unpacked_size(archive: zipfile.ZipFile, infos) -> None:
    """Unpack every member, counting the bytes it really yields: a member's declared size is
    written by whoever made the archive. zipfile also checks each member's CRC at its end, so a
    member that lies about its size is refused as damaged."""
    unpacked = 0
    for info in infos:
        with archive.open(info) as member:
            while chunk := member.read(OFFICE_READ_CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED_BYTES:
                    raise UnacceptableFile(BROKEN_OFFICE_MESSAGE)


def _check_name(filename: str, kind: FileKind) -> None:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in EXTENSIONS[kind.content_type]:
        raise UnacceptableFile(NAME_MISMATCH_MESSAGE % {"suffix": suffix or "", "kind": kind.label})

"""Small real files of each kind, and the hostile ones the attachment checks must refuse."""

import io
import struct
import zipfile
import zlib

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile


def _saved(document: pikepdf.Pdf, **options) -> bytes:
    # The same bytes every time (qpdf would write a random /ID), so tests can compare files.
    if "encryption" not in options:
        options.setdefault("deterministic_id", True)
    buffer = io.BytesIO()
    document.save(buffer, **options)
    return buffer.getvalue()


def new_pdf() -> pikepdf.Pdf:
    """A real one-page PDF with a line of text and a link to a web page (ordinary content)."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    page = document.pages[0]
    page.Contents = document.make_stream(b"BT /F1 12 Tf 72 770 Td (DX plan) Tj ET")
    page.Annots = document.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[72, 760, 200, 780],
                    A=pikepdf.Dictionary(
                        S=pikepdf.Name.URI, URI=pikepdf.String("https://www.meti.go.jp/")
                    ),
                )
            ]
        )
    )
    return document


def pdf(document: pikepdf.Pdf | None = None, **options) -> bytes:
    return _saved(document or new_pdf(), **options)


def pdf_of_size(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes, padded inside an uncompressed stream."""
    padding = size
    for _ in range(5):
        document = new_pdf()
        document.Root.Padding = document.make_stream(b"0" * max(padding, 0))
        data = pdf(document, compress_streams=False)
        if len(data) == size:
            return data
        padding += size - len(data)
    raise AssertionError("could not build a PDF of that size")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def office(main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(main_part, '<?xml version="1.0"?><root/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pptx() -> bytes:
    return office("ppt/presentation.xml")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def office_bomb(unpacked: int, *, declared: int | None = None) -> bytes:
    """A .pptx whose one extra member unpacks to `unpacked` zero bytes; with `declared`, the
    archive's headers claim that size instead (an attacker writes the headers)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("ppt/presentation.xml", '<?xml version="1.0"?><root/>')
        with archive.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if declared is not None:
        _rewrite_declared_size(data, b"ppt/media/zeros.bin", declared)
    return bytes(data)


def _rewrite_declared_size(data: bytearray, name: bytes, size: int) -> None:
    # Local header: sizes at 22, name and extra lengths at 26, name at 30. Central directory:
    # sizes at 24, lengths at 28, name at 46. A ZIP64 member keeps its size in the extra field
    # (id 0x0001) that follows the name.
    for signature, size_at, lengths_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        start = data.find(signature)
        while start != -1:
            name_length, _extra_length = struct.unpack_from("<HH", data, start + lengths_at)
            if data[start + name_at : start + name_at + name_length] == name:
                if struct.unpack_from("<I", data, start + size_at)[0] == 0xFFFFFFFF:
                    extra = start + name_at + name_length
                    assert struct.unpack_from("<H", data, extra)[0] == 1
                    struct.pack_into("<Q", data, extra + 4, size)
                else:
                    struct.pack_into("<I", data, start + size_at, size)
            start = data.find(signature, start + 4)

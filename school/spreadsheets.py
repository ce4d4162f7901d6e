"""Spreadsheet files the site writes: every cell a spreadsheet would run as a formula is made
plain text.

CSV injection (OWASP, https://owasp.org/www-community/attacks/CSV_Injection): a cell beginning
with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and Google
Sheets as a formula, so a participant who calls their company `=HYPERLINK(...)` would run it on
the computer of the administrator who opens the export. OWASP's remedy is to prefix such a cell
with a single quote, which the spreadsheet shows as text and does not display. The full-width
forms (＝＋－＠), which Japanese input produces and Excel also accepts as a formula's start, are
treated the same, and so is a trigger behind leading spaces.

Numbers are numbers: an int, float or Decimal is written as it is, and so is a text cell that is
nothing but a number ("-12", "-3.5"), so negative figures stay negative figures. The stored data
is never changed; only what is written out. Every export builds its writer here, never with
`csv.writer` itself (tests/school/test_spreadsheets.py checks the source for that).
"""

import csv
import re
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\.\d+)([eE][+-]?\d+)?")
# OWASP's prefix: shown by no spreadsheet, and it makes the rest of the cell text.
TEXT_PREFIX = "'"


def neutralise(value):
    """The cell as a spreadsheet must receive it."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if not text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return text
    if PLAIN_NUMBER.fullmatch(text.strip()):
        return text
    return TEXT_PREFIX + text


def restore(text: str) -> str:
    """A cell read back from one of our exports, as it was typed (the importer's inverse)."""
    if text.startswith(TEXT_PREFIX) and text[1:].lstrip(" ").startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class SafeWriter:
    """`csv.writer`, with every cell passed through `neutralise`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> SafeWriter:
    return SafeWriter(stream, **options)

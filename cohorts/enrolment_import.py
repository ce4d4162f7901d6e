"""Import a cohort's enrolments from a CSV file, all or nothing.

Files come from offices: Excel in Japan saves "CSV" as Shift_JIS (cp932), "CSV UTF-8" with a
byte-order mark, and "Unicode text" as UTF-16 with tabs. All of them are read. Headers may be in
Japanese or English. Every row is checked before anything is written; one bad row means nothing
is imported and every bad row is reported with its line number.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import selectors, services
from cohorts.models import Cohort, Company, Enrolment
from school.models import User, kana_validator, romanised_validator
from school.spreadsheets import restore

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

# Column keys, with the header names accepted for each (compared without spaces, lower-cased).
COLUMNS = {
    "last_name": ["last_name", "family_name", "姓", "氏"],
    "first_name": ["first_name", "given_name", "名"],
    "last_name_kana": ["last_name_kana", "family_name_kana", "姓よみ", "姓(よみ)", "せい", "セイ"],
    "first_name_kana": ["first_name_kana", "given_name_kana", "名よみ", "名(よみ)", "めい", "メイ"],
    "last_name_roman": ["last_name_roman", "family_name_roman", "姓ローマ字", "姓(ローマ字)"],
    "first_name_roman": ["first_name_roman", "given_name_roman", "名ローマ字", "名(ローマ字)"],
    "email": ["email", "e-mail", "mail", "メールアドレス", "メール"],
    "company": ["company", "company_name", "会社名", "企業名", "所属"],
    "company_kana": ["company_kana", "company_name_kana", "会社名よみ", "会社名(よみ)"],
    "job_title": ["job_title", "title", "役職"],
    "track": ["track", "コース", "区分"],
}
REQUIRED = ["last_name", "first_name", "email", "company"]
# The header the documentation and the example file use, for columns the file does not have.
HEADERS = {key: next(a for a in aliases if not a.isascii()) for key, aliases in COLUMNS.items()}
# Columns printed on certificates and letters: a "?" there is a character Excel could not save.
NAME_COLUMNS = [
    "last_name",
    "first_name",
    "last_name_kana",
    "first_name_kana",
    "last_name_roman",
    "first_name_roman",
    "company",
    "company_kana",
]
# Excel's "CSV" is Shift_JIS (cp932), which has no 𠮷 (U+20BB7) and, in some fonts' variants,
# no 髙 or 﨑 as typed: it writes "?" in their place without a warning. A decoder that meets a
# byte sequence it cannot read leaves U+FFFD. Either way the name is no longer the person's.
REPLACEMENT_MARKS = ("?", "\ufffd")
TRACKS = {
    "executive": Enrolment.Track.EXECUTIVE,
    "経営者": Enrolment.Track.EXECUTIVE,
    "経営層": Enrolment.Track.EXECUTIVE,
    "manager": Enrolment.Track.MANAGER,
    "管理職": Enrolment.Track.MANAGER,
    "": Enrolment.Track.EXECUTIVE,
}


def _normalise_header(name: str) -> str:
    # Excel users write （よみ） with full-width brackets and spaces; compare without them.
    table = str.maketrans({"（": "(", "）": ")", "\u3000": "", " ": ""})
    return name.strip().translate(table).lower()


HEADER_LOOKUP = {
    _normalise_header(alias): key for key, aliases in COLUMNS.items() for alias in aliases
}


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportReport:
    cohort: Cohort
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    existing_people: list[str] = field(default_factory=list)
    already_enrolled: list[str] = field(default_factory=list)
    new_companies: list[str] = field(default_factory=list)
    imported: bool = False

    @property
    def to_enrol(self) -> int:
        return len(self.new_people) + len(self.existing_people)

    def summary(self) -> str:
        if self.errors:
            lines = len({error.line for error in self.errors})
            return ngettext(
                "Nothing was imported: %(count)s row has errors.",
                "Nothing was imported: %(count)s rows have errors.",
                lines,
            ) % {"count": lines}
        counts = {
            "enrol": self.to_enrol,
            "new": len(self.new_people),
            "existing": len(self.existing_people),
            "unchanged": len(self.already_enrolled),
            "companies": len(self.new_companies),
        }
        if self.dry_run:
            return (
                _(
                    "Dry run: %(enrol)s would be enrolled (%(new)s new accounts, %(existing)s "
                    "existing accounts), %(unchanged)s are already enrolled, %(companies)s new "
                    "companies."
                )
                % counts
            )
        return (
            _(
                "Imported: %(enrol)s enrolled (%(new)s new accounts, invited by e-mail; "
                "%(existing)s existing accounts), %(unchanged)s already enrolled, "
                "%(companies)s new companies."
            )
            % counts
        )


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def decode_csv(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("This is not a CSV file."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Shift_JIS text."))


def read_rows(text: str) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """Returns the recognised columns (key: the header as the file writes it) and the rows,
    each with its line number in the file."""
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as error:
        raise ImportFileError(_("The file is empty.")) from error
    columns = {
        index: HEADER_LOOKUP.get(_normalise_header(name)) for index, name in enumerate(header)
    }
    headers = {key: header[index].strip() for index, key in columns.items() if key}
    missing = [HEADERS[key] for key in REQUIRED if key not in headers]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s") % {"columns": ", ".join(missing)}
        )
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue  # Excel leaves blank lines at the end
        row = {key: "" for key in COLUMNS}
        for index, value in enumerate(values):
            key = columns.get(index)
            if key:
                # A cell of our own export comes back as it was typed (school/spreadsheets.py).
                row[key] = restore(" ".join(value.replace("\u3000", " ").split()))
        rows.append((reader.line_num, row))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return {key: headers.get(key, HEADERS[key]) for key in COLUMNS}, rows


def _replaced_characters(row: dict[str, str], headers: dict[str, str]) -> list[str]:
    return [
        _(
            "“%(column)s” contains “?” where Excel could not save a character (such as 𠮷, 髙 "
            "or 﨑) as Shift_JIS. Save the file again as “CSV UTF-8” and import that file."
        )
        % {"column": headers[key]}
        for key in NAME_COLUMNS
        if any(mark in row[key] for mark in REPLACEMENT_MARKS)
    ]


def _row_errors(row: dict[str, str], headers: dict[str, str]) -> list[str]:
    errors = []
    for key in REQUIRED:
        if not row[key]:
            errors.append(_("“%(column)s” is empty.") % {"column": headers[key]})
    errors += _replaced_characters(row, headers)
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address.") % {"value": row["email"]})
    for key, validator in (
        ("last_name_kana", kana_validator),
        ("first_name_kana", kana_validator),
        ("last_name_roman", romanised_validator),
        ("first_name_roman", romanised_validator),
    ):
        if row[key]:
            try:
                validator(row[key])
            except ValidationError as error:
                errors.append(f"{headers[key]}: {' '.join(error.messages)}")
    if row["track"].lower() not in TRACKS:
        errors.append(
            _("Track “%(value)s” is unknown: use executive or manager (経営者 / 管理職).")
            % {"value": row["track"]}
        )
    for key, limit in (("last_name", 60), ("first_name", 60), ("company", 200), ("job_title", 100)):
        if len(row[key]) > limit:
            errors.append(_("“%(column)s” is too long.") % {"column": headers[key]})
    return errors


def import_enrolments(*, cohort: Cohort, data: bytes, dry_run: bool = False) -> ImportReport:
    report = ImportReport(cohort=cohort, dry_run=dry_run)
    try:
        headers, rows = read_rows(decode_csv(data))
    except ImportFileError as error:
        report.errors.append(RowError(line=1, message=str(error)))
        return report

    emails = [User.objects.normalize_email(row["email"]) for _line, row in rows]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    known_companies = set(
        Company.objects.filter(name__in=[row["company"] for _l, row in rows]).values_list(
            "name", flat=True
        )
    )
    seen_emails: dict[str, int] = {}
    for line, row in rows:
        for message in _row_errors(row, headers):
            report.errors.append(RowError(line=line, message=message))
        email = User.objects.normalize_email(row["email"])
        if email in seen_emails:
            report.errors.append(
                RowError(
                    line=line,
                    message=_("%(email)s appears twice (also on line %(other)s).")
                    % {"email": email, "other": seen_emails[email]},
                )
            )
            continue
        seen_emails[email] = line
        if email in enrolled:
            report.already_enrolled.append(email)
        elif email in users:
            report.existing_people.append(email)
        else:
            report.new_people.append(email)
        if row["company"] and row["company"] not in known_companies:
            known_companies.add(row["company"])
            report.new_companies.append(row["company"])

    _capacity_check(report)
    if report.errors or dry_run:
        return report
    _write(report, rows=rows, enrolled=enrolled)
    return report


def _capacity_check(report: ImportReport) -> None:
    cohort = report.cohort
    free = cohort.capacity - selectors.places_taken(cohort=cohort)
    if not report.errors and report.to_enrol > free:
        report.errors.append(
            RowError(
                line=1,
                message=_(
                    "The cohort has %(free)s free places but the file would enrol %(count)s people."
                )
                % {"free": free, "count": report.to_enrol},
            )
        )


@transaction.atomic
def _write(report: ImportReport, *, rows, enrolled: set[str]) -> None:
    """Enrol every row not enrolled yet, all or nothing."""
    cohort = report.cohort
    for line, row in rows:
        email = User.objects.normalize_email(row["email"])
        if email in enrolled:
            continue
        try:
            services.enrolment_create_for_person(
                cohort=cohort,
                email=email,
                last_name=row["last_name"],
                first_name=row["first_name"],
                last_name_kana=row["last_name_kana"],
                first_name_kana=row["first_name_kana"],
                last_name_roman=row["last_name_roman"],
                first_name_roman=row["first_name_roman"],
                company_name=row["company"],
                company_name_kana=row["company_kana"],
                job_title=row["job_title"],
                track=TRACKS[row["track"].lower()],
            )
        except ValidationError as error:
            # Something changed between the check and the write (a concurrent enrolment):
            # undo the whole file and say which row.
            transaction.set_rollback(True)
            report.errors.append(RowError(line=line, message=" ".join(error.messages)))
            return
    report.imported = True

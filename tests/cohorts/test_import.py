from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from cohorts.enrolment_import import import_enrolments
from cohorts.models import Company, Enrolment
from school.models import User
from tests.cohorts.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

HEADER = "姓,名,姓よみ,名よみ,姓ローマ字,名ローマ字,メールアドレス,会社名,会社名よみ,役職,区分"
ROWS = [
    "髙橋,誠,たかはし,まこと,Takahashi,Makoto,m.takahashi@takahashi-kogyo.example,髙橋工業株式会社,たかはしこうぎょう,代表取締役社長,経営者",
    "𠮷田,美穂,よしだ,みほ,Yoshida,Miho,yoshida@yoshida-shoten.example,株式会社𠮷田商店,よしだしょうてん,専務取締役,経営者",
    "山﨑,健太,やまさき,けんた,Yamasaki,Kenta,k.yamasaki@yamasaki-unyu.example,山﨑運輸株式会社,やまさきうんゆ,製造部長,管理職",
]
EXAMPLE = Path(settings.BASE_DIR) / "cohorts/examples/enrolments.csv"


def _csv(rows=ROWS, header=HEADER, newline="\r\n") -> str:
    return newline.join([header, *rows]) + newline


def test_a_good_file_enrols_everyone_and_invites_the_new_people(django_capture_on_commit_callbacks):
    cohort = CohortFactory()

    with django_capture_on_commit_callbacks(execute=True):
        report = import_enrolments(cohort=cohort, data=_csv().encode("utf-8"))

    assert report.imported, report.errors
    assert cohort.enrolments.count() == 3
    manager = Enrolment.objects.get(user__email="k.yamasaki@yamasaki-unyu.example")
    assert manager.track == Enrolment.Track.MANAGER
    assert manager.company.name == "山﨑運輸株式会社"
    assert User.objects.get(email="yoshida@yoshida-shoten.example").last_name == "𠮷田"
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-8"),
        lambda text: text.replace("𠮷", "吉").encode("cp932"),
        lambda text: text.replace(",", "\t").encode("utf-16"),
    ],
    ids=[
        "excel-csv-utf8-with-bom",
        "utf8-without-bom",
        "excel-csv-shift-jis",
        "excel-unicode-text",
    ],
)
def test_files_as_excel_saves_them_import(encode):
    cohort = CohortFactory()

    report = import_enrolments(cohort=cohort, data=encode(_csv()))

    assert report.imported, report.errors
    assert cohort.enrolments.count() == 3


def test_english_headers_and_full_width_spaces_are_understood():
    header = "last_name,first_name,email,company,track"
    rows = ["佐々木,\u3000花子\u3000,hanako@example.jp,佐々木商事,manager"]
    cohort = CohortFactory()

    report = import_enrolments(cohort=cohort, data=_csv(rows, header).encode())

    assert report.imported, report.errors
    assert User.objects.get(email="hanako@example.jp").first_name == "花子"


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line():
    rows = [*ROWS[:2], "山田,太郎,やまだ,たろう,Yamada,Taro,not-an-address,山田製作所,,社長,経営者"]
    cohort = CohortFactory()

    report = import_enrolments(cohort=cohort, data=_csv(rows).encode())

    assert not report.imported
    assert [(error.line, "not-an-address" in error.message) for error in report.errors] == [
        (4, True)
    ]
    assert not Enrolment.objects.exists()
    assert not User.objects.filter(email__contains="example").exists()
    assert not Company.objects.exists()


def test_every_bad_row_is_reported_with_its_reason():
    rows = [
        "髙橋,,たかはし,まこと,,,a@example.jp,A社,,,経営者",
        "𠮷田,美穂,ヨシダ,みほ,吉田,Miho,b@example.jp,B社,,,経営者",
        "山﨑,健太,,,,,a@example.jp,C社,,,社員",
    ]

    report = import_enrolments(cohort=CohortFactory(), data=_csv(rows).encode())

    lines = sorted({error.line for error in report.errors})
    assert lines == [2, 3, 4]
    messages = " ".join(error.message for error in report.errors)
    assert "“名” is empty" in messages or "「名」" in messages
    assert "姓ローマ字" in messages
    assert "a@example.jp" in messages  # the duplicate address, whatever the language
    assert "社員" in messages


def test_importing_the_same_file_again_changes_nothing(django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True):
        import_enrolments(cohort=cohort, data=_csv().encode())
    counts = (User.objects.count(), Enrolment.objects.count(), Company.objects.count())
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        report = import_enrolments(cohort=cohort, data=_csv().encode())

    assert report.imported
    assert report.to_enrol == 0
    assert len(report.already_enrolled) == 3
    assert (User.objects.count(), Enrolment.objects.count(), Company.objects.count()) == counts
    assert len(mail.outbox) == sent


def test_a_dry_run_reports_what_would_happen_and_writes_nothing():
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort, user__email="yoshida@yoshida-shoten.example")

    report = import_enrolments(cohort=cohort, data=_csv().encode(), dry_run=True)

    assert not report.imported
    assert report.new_people == [
        "m.takahashi@takahashi-kogyo.example",
        "k.yamasaki@yamasaki-unyu.example",
    ]
    assert report.already_enrolled == ["yoshida@yoshida-shoten.example"]
    assert cohort.enrolments.count() == 1
    assert "Dry run" in report.summary() or "試行" in report.summary()


def test_a_file_that_would_overfill_the_cohort_imports_nothing():
    cohort = CohortFactory(capacity=2)

    report = import_enrolments(cohort=cohort, data=_csv().encode())

    assert not report.imported
    assert "2" in report.errors[0].message and "3" in report.errors[0].message
    assert not Enrolment.objects.exists()


def test_a_file_without_the_required_columns_is_refused_as_a_whole():
    report = import_enrolments(
        cohort=CohortFactory(), data="名前,会社\n山田太郎,山田製作所\n".encode()
    )

    assert not report.imported
    assert report.errors[0].line == 1
    assert "メールアドレス" in report.errors[0].message


def test_a_binary_file_is_refused():
    report = import_enrolments(cohort=CohortFactory(), data=b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")

    assert not report.imported
    assert report.errors


def test_the_example_file_in_the_repository_imports():
    cohort = CohortFactory()

    report = import_enrolments(cohort=cohort, data=EXAMPLE.read_bytes())

    assert report.imported, report.errors
    assert cohort.enrolments.count() == 3


def test_the_command_dry_run_prints_the_plan_and_imports_nothing(capsys):
    cohort = CohortFactory()

    call_command("import_enrolments", str(cohort.pk), str(EXAMPLE), "--dry-run")

    assert "3" in capsys.readouterr().out
    assert not Enrolment.objects.exists()


def test_the_command_fails_on_a_bad_file_and_lists_the_rows(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(_csv([*ROWS[:1], "山田,太郎,,,,,broken,山田製作所,,,"]), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_enrolments", str(CohortFactory().pk), str(bad))

    assert "line 3" in capsys.readouterr().err
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("name", ["?田", "髙?", "\ufffd﨑"])
def test_a_name_with_a_character_excel_could_not_save_is_refused_with_the_advice(name):
    rows = [f"{name},誠,,,,,m.t@example.jp,髙橋工業株式会社,,,経営者"]

    report = import_enrolments(
        cohort=CohortFactory(), data=_csv(rows).encode("utf-8"), dry_run=True
    )

    assert [error.line for error in report.errors] == [2]
    assert "姓" in report.errors[0].message
    assert "CSV UTF-8" in report.errors[0].message


def test_a_company_excel_saved_as_shift_jis_with_question_marks_is_refused():
    text = _csv([ROWS[1]])
    # What Excel writes for 𠮷, which Shift_JIS cannot hold.
    data = text.encode("cp932", errors="replace")

    report = import_enrolments(cohort=CohortFactory(), data=data, dry_run=True)

    columns = " ".join(error.message for error in report.errors)
    assert not report.imported
    assert "“姓”" in columns or "「姓」" in columns
    assert "会社名" in columns


def test_errors_name_the_column_as_the_file_header_writes_it():
    header = "last_name,first_name,email,company"
    report = import_enrolments(
        cohort=CohortFactory(), data=_csv(["髙橋,,a@example.jp,A社"], header=header).encode()
    )

    assert "first_name" in report.errors[0].message

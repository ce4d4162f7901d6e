"""The self-assessment as an .xlsx workbook in the indicator's order, in Japanese, laid out as a
company carries it into IPA's 自己診断フォーマット: the framework, the number, the item and its
question, the current level, the target level and the evidence. Typed text goes through
school.spreadsheets.neutralise, so nothing a participant wrote runs as a formula."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cohorts.models import Enrolment
from school.spreadsheets import neutralise
from workshops.models import SelfAssessment
from workshops.self_assessment.indicator import active

HEADER = ("枠組み", "番号", "項目", "問い", "現在のレベル", "目標のレベル", "根拠・エビデンス")
# The first row of items: a title, the company and year, a blank line, then the header.
FIRST_ITEM_ROW = 5


def self_assessment_xlsx(
    *, enrolment: Enrolment, fiscal_year: int, assessment: SelfAssessment | None
) -> bytes:
    ratings = {r.item: r for r in assessment.ratings.all()} if assessment else {}
    catalogue = active()
    groups = {group.code: group for group in catalogue.groups}
    book = Workbook()
    sheet = book.active
    sheet.title = "DX推進指標"
    sheet.append(["DX推進指標 自己診断（定性指標）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([neutralise(enrolment.company.name), f"{fiscal_year}年度"])
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[FIRST_ITEM_ROW - 1]:
        cell.font = Font(bold=True)
    for item in catalogue.items:
        rating = ratings.get(item.code)
        sheet.append(
            [
                groups[item.group].title_ja,
                item.number,
                item.title_ja,
                item.question_ja,
                rating.current if rating else None,
                rating.target if rating else None,
                neutralise(rating.evidence) if rating and rating.evidence else None,
            ]
        )
    for column, width in zip("ABCDEFG", (34, 8, 28, 60, 12, 12, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=FIRST_ITEM_ROW):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""How a certificate writes its dates, number and programme, as Japanese certificates do.

- Japanese dates in one style on the whole page: the Western year (2026年1月7日), or, where the
  template asks for it, the Japanese era (令和8年1月7日; the first year of an era is 元年). The
  eras are those of the Cabinet Office's announcements: Heisei from 8 January 1989, Reiwa from
  1 May 2019 (https://www.kantei.go.jp/jp/headline/singi/gengou.html).
- The number as 第…号.
- The programme's name once: a cohort named "2026年度 DX経営者育成プログラム" is printed as
  "DX経営者育成プログラム 2026年度", not with the programme twice.
"""

import datetime

ERAS = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
]


def japanese_date(day: datetime.date, *, era: bool = False) -> str:
    if era:
        for start, name in ERAS:
            if day >= start:
                year = day.year - start.year + 1
                return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def english_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def certificate_number(serial: str) -> str:
    return f"第{serial}号"


def cohort_label(*, programme: str, cohort: str) -> str:
    """The cohort's name without the programme's name in it (blank if nothing else is left)."""
    if programme and programme in cohort:
        cohort = cohort.replace(programme, " ")
    return " ".join(cohort.split()).strip(" ・,，、")


def certificate_texts(certificate, *, era: bool) -> dict:
    """Everything the variable layer writes about one certificate besides the names."""
    programme_ja = certificate.programme_name_ja
    programme_en = certificate.programme_name_en or programme_ja
    return {
        "number": certificate_number(certificate.serial),
        "programme_ja": programme_ja,
        "cohort_ja": cohort_label(programme=programme_ja, cohort=certificate.cohort_name_ja),
        "programme_en": programme_en,
        "cohort_en": cohort_label(
            programme=programme_en, cohort=certificate.cohort_name_en or certificate.cohort_name_ja
        ),
        "starts_ja": japanese_date(certificate.cohort_starts_on, era=era),
        "ends_ja": japanese_date(certificate.cohort_ends_on, era=era),
        "completed_ja": japanese_date(certificate.completed_on, era=era),
        "starts_en": english_date(certificate.cohort_starts_on),
        "ends_en": english_date(certificate.cohort_ends_on),
        "completed_en": english_date(certificate.completed_on),
    }

"""The school's date formats in English: one style everywhere (Wed 18 Nov 2026, 23:59), day
before month as British English writes it, with a 24-hour clock as the Japanese pages use.

See school/formats/ja/formats.py for how the templates use them.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D j M Y, H:i"
SHORT_DATETIME_FORMAT = "D j M, H:i"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"

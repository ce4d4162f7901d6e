"""The school's date formats in Japanese: one style everywhere (2026年11月18日(水) 23:59).

Templates use the named formats (`|date:"DATETIME_FORMAT"`), and Python code
`django.utils.formats.date_format`, so the style is set here only. Formats this module does not
name (the input formats of forms) come from Django's own Japanese module.
Django documents format modules at
https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/#creating-custom-format-files
"""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日(D) H:i"
# A date with its weekday, for the days people come to class.
SHORT_DATETIME_FORMAT = "n月j日(D) H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"

"""The date and time formats of KoSI-Lab, one module per language (``FORMAT_MODULE_PATH``).

Each language has one short and one long date, and a 24-hour time; every other named format
is built from them (with the weekday, without the year, month and year). Templates and code use
only these names (``{{ value|date:"SHORT_DATE_FORMAT" }}``, ``formats.date_format(value,
"WEEKDAY_DATE_FORMAT")``), never a format string of their own: ``core/tests/test_date_formats.py``
fails on any other literal. Machine formats (ISO 8601 in CSV, the API, iCal, form values and
links) are not shown to people and stay as they are. What is not defined here (number formats,
input formats) comes from Django's module of the language. docs/i18n.md lists the formats.
"""

#: The named formats of our own that every language module must define (besides Django's).
CUSTOM_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "SHORT_WEEKDAY_DATETIME_FORMAT",
    "WEEKDAY_DAY_MONTH_FORMAT",
    "SHORT_WEEKDAY_DAY_MONTH_FORMAT",
    "SHORT_YEAR_MONTH_FORMAT",
)

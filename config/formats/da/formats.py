# The project's one date format (docs/architecture.md, "UI conventions"), overriding Django's Danish
# formats where they differ: tables, lists and fact lists use the short form "2. dec. 2026"
# (`|date:"SHORT_DATE_FORMAT"`), headings and sentences the long form "2. december 2026" (`|date`).
# Times are 24-hour. Input formats stay Django's.
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"

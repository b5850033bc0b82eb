# English equivalents of the Danish formats (config/formats/da): "2 Dec 2026" in tables,
# "2 December 2026" in headings and sentences, 24-hour times. Input formats stay Django's.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

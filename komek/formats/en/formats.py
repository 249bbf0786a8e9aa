# Django's English formats mix three forms of a date ("Nov. 30, 2026", "11/30/2026" and,
# in letters, "30.11.2026") and a 12-hour clock. Komek's English pages are read in
# Kazakhstan and abroad: one unambiguous form of the date, day first, with the month's
# name, and the 24-hour clock the other languages use.
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1

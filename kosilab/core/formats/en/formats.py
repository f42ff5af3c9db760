"""English: "8 December 2026" (long), "8 Dec 2026" (short: no 12/08 that reads two ways), "23:59"."""

DATE_FORMAT = "j F Y"  # 8 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 8 Dec 2026
TIME_FORMAT = "H:i"  # 23:59
DATETIME_FORMAT = "j F Y, H:i"  # 8 December 2026, 23:59
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 8 Dec 2026, 23:59
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 8 December

WEEKDAY_DATE_FORMAT = "l, j F Y"  # Tuesday, 8 December 2026
WEEKDAY_DATETIME_FORMAT = "l, j F Y, H:i"  # Tuesday, 8 December 2026, 23:59
SHORT_WEEKDAY_DATETIME_FORMAT = "D j M Y, H:i"  # Tue 8 Dec 2026, 23:59
WEEKDAY_DAY_MONTH_FORMAT = "l, j F"  # Tuesday, 8 December
SHORT_WEEKDAY_DAY_MONTH_FORMAT = "D j M"  # Tue 8 Dec
SHORT_YEAR_MONTH_FORMAT = "M Y"  # Dec 2026 (chart ticks)

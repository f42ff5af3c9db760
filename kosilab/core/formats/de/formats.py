"""German: "8. Dezember 2026" (long), "08.12.2026" (short, DIN 5008), "23:59"."""

DATE_FORMAT = "j. F Y"  # 8. Dezember 2026
SHORT_DATE_FORMAT = "d.m.Y"  # 08.12.2026
TIME_FORMAT = "H:i"  # 23:59
DATETIME_FORMAT = "j. F Y, H:i"  # 8. Dezember 2026, 23:59
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"  # 08.12.2026, 23:59
YEAR_MONTH_FORMAT = "F Y"  # Dezember 2026
MONTH_DAY_FORMAT = "j. F"  # 8. Dezember

WEEKDAY_DATE_FORMAT = "l, j. F Y"  # Dienstag, 8. Dezember 2026
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"  # Dienstag, 8. Dezember 2026, 23:59
SHORT_WEEKDAY_DATETIME_FORMAT = "D, d.m.Y, H:i"  # Di, 08.12.2026, 23:59
WEEKDAY_DAY_MONTH_FORMAT = "l, j. F"  # Dienstag, 8. Dezember
SHORT_WEEKDAY_DAY_MONTH_FORMAT = "D, j.n."  # Di, 8.12.
SHORT_YEAR_MONTH_FORMAT = "N Y"  # Dez. 2026 (chart ticks)

"""Kazakh: the year first, as CLDR's long date ("2024 ж. 1 наурыз"); see the package docstring."""

DATE_FORMAT = r"Y \ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"Y \ж. j E, H:i"
YEAR_MONTH_FORMAT = r"Y \ж. F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

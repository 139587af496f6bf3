"""Kazakh: the year first, as CLDR's long date ("2024 ж. 1 наурыз"); see the package docstring."""

from drugcontrol.formats.common import *  # noqa: F403 - Django reads the formats as names of this module

DATE_FORMAT = r"Y \ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"Y \ж. j E, H:i"
YEAR_MONTH_FORMAT = r"Y \ж. F"
MONTH_DAY_FORMAT = "j E"


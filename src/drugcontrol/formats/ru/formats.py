"""Russian: Django's formats without the trailing "г." (see the package docstring)."""

from drugcontrol.formats.common import *  # noqa: F403 - Django reads the formats as names of this module

DATE_FORMAT = "j E Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j E Y, G:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"


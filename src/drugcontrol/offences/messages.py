"""Messages of the offences shell (access and records); the core's are in `law/messages.py`."""

from __future__ import annotations

from drugcontrol.messages import Message

ROLE_MAY_NOT = Message("offences.role_may_not", "the role %(role)s may not %(capability)s in the offences records")
NO_REGION = Message("offences.no_region", "your profile names no region: ask the administrator to set it")
OUTSIDE_REGION = Message("offences.outside_region", "%(region)s is outside your region")
UNKNOWN_REGION = Message("offences.unknown_region", "%(value)s is not a region code (e.g. KZ-71)")
CASE_NUMBER_TAKEN = Message("offences.case_number_taken", "a case numbered %(number)s already exists")
NOT_A_CONSUMER = Message("offences.not_a_consumer", "only a person caught consuming can be referred to an examination")
BAD_IMPORT_MODE = Message("offences.bad_import_mode", "%(value)s; use all-or-nothing or skip-invalid")
BAD_CHOICE = Message("offences.bad_choice", "%(value)s is not one of %(known)s")

"""Every message of the offences core: a code and its English text (the msgid of its translations)."""

from __future__ import annotations

from drugcontrol.messages import Message

MASS_REQUIRED = Message("offences.mass_required", "give the net mass in grams (or a plant count)")
MASS_NOT_NUMBER = Message("offences.mass_not_number", "%(value)s is not a number of grams")
MASS_NOT_POSITIVE = Message("offences.mass_not_positive", "%(value)s g; a seized mass must be more than zero")
MASS_ABSURD = Message(
    "offences.mass_absurd", "%(value)s g is more than %(limit)s g; check the unit (grams, not milligrams)"
)
PLANTS_NOT_COUNT = Message("offences.plants_not_count", "%(value)s is not a whole number of plants above zero")
PURITY_RANGE = Message("offences.purity_range", "%(value)s is not a percentage from 0 to 100")
NET_ABOVE_GROSS = Message("offences.net_above_gross", "%(net)s g is more than the gross mass %(gross)s g")
UNKNOWN_ACTION = Message("offences.unknown_action", "%(value)s is not an action of the articles; known: %(known)s")
UNKNOWN_CIRCUMSTANCE = Message(
    "offences.unknown_circumstance", "%(value)s is not a circumstance of the articles; known: %(known)s"
)
UNKNOWN_FORM = Message("offences.unknown_form", "%(value)s is not a form; known: %(known)s")
FORM_REQUIRED = Message("offences.form_required", "the table gives %(entry)s quantities by form; give one of %(known)s")
FORM_NOT_IN_TABLE = Message(
    "offences.form_not_in_table", "the table gives no %(form)s quantities for %(entry)s; it has %(known)s"
)
NO_THRESHOLDS = Message("offences.no_thresholds", "%(entry)s has no quantities in the table in force on %(date)s")
NO_CODE_IN_FORCE = Message(
    "offences.no_code_in_force", "no version of the Criminal Code in the data is in force on %(date)s"
)
NO_ARTICLE = Message("offences.no_article", "no article of the code in force on %(date)s covers %(action)s")
DATE_BEFORE_LIST = Message(
    "offences.date_before_list", "%(date)s is before the list existed (first in force on %(first)s)"
)
BAD_DATE = Message("offences.bad_date", "%(value)s is not a date (YYYY-MM-DD)")
UNKNOWN_SUBSTANCE = Message(
    "offences.unknown_substance",
    "%(value)s is not on the list in force on %(date)s and is not a structure that can be assessed",
)
NOT_CONTROLLED = Message(
    "offences.not_controlled", "the structure is %(verdict)s on %(date)s: no quantity table applies"
)
SUBSTANCE_REQUIRED = Message("offences.substance_required", "give a substance name or a structure (SMILES)")

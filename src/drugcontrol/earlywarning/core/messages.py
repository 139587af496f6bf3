"""Every problem the early-warning core reports, as a code and English text (the msgid of its translations)."""

from __future__ import annotations

from drugcontrol.messages import Message

UNKNOWN_COUNTRY = Message("warning.unknown_country", "unknown country; give an ISO 3166 code such as KZ or RU")
BAD_STRUCTURE = Message("warning.bad_structure", "the structure cannot be read: %(detail)s")
NO_STRUCTURE = Message("warning.no_structure", "no structure (smiles, inchi or molblock)")
NO_NAME = Message("warning.no_name", "the row has no name")
DUPLICATE = Message("warning.duplicate", "the same structure, country and date as notification %(reference)s")
DUPLICATE_IN_FILE = Message("warning.duplicate_in_file", "the same structure, country and date as row %(first)s")
BAD_CHOICE = Message("warning.bad_choice", "unknown value; one of %(choices)s")
BAD_CAS = Message("warning.bad_cas", "not a valid CAS number (check digit)")
SCHEMA = Message("warning.schema", "does not follow the notification schema: %(detail)s")
BAD_JSON = Message("warning.bad_json", "not a JSON document: %(detail)s")

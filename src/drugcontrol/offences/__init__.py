"""Offences, seizures and drug laboratories (Django app), qualified by the law in force on the date."""

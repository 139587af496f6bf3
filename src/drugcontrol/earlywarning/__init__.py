"""Early warning and exchange: notifications of new substances, their screening against Kazakhstan's list in force,
the coverage of what is not controlled yet, draft amendments, the Decree 366 procedure and the time it takes.

The package is named ``earlywarning`` (not ``warning``) so that it never reads like Python's ``warnings``.
Pure rules live in ``earlywarning.core`` and import no Django; the rest is the Django shell of the domain.
"""

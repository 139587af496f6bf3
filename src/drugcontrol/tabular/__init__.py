"""Tabular import, once for every domain: streaming rows, the `--map field=column` mapping, row errors.

Pure Python (no Django): lists, the registry and the domains to come (offences, seizures, notifications) read
their files with `reading`, map columns with `mapping` and report problems with `errors`; each shell renders
the errors in the user's language.
"""

"""Statistics of the register, one module per step.

`scope` says who may read which regions; `periods` is the calendar (period ends, the period index the database
computes); `query` counts; `suppression` hides small counts and whatever would reveal them (pure, no Django);
`actions` reads the figures for a user and writes the audit row; `export` writes CSV, XLSX and SVG; `views` and
`urls` are the web shell.
"""

"""The lists domain: control lists kept act by act, queried as of any date."""

"""Online drug-market monitoring (Django app): crawls, scores, cases from detection to the blocking decision,
evidence packages, mirrors and the block list. The pure cores are ``crawl/``, ``evidence/``, ``scoring/`` and
``mirrors/``; this package is their thin Django shell (models/, actions/, access.py, api.py, views/, tasks.py)."""

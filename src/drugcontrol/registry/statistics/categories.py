"""The age groups of the statistics (pure: the query, the aggregates and the tests share them)."""

# (key, lower age inclusive, upper age exclusive or None)
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 18),
    ("18-24", 18, 25),
    ("25-34", 25, 35),
    ("35-44", 35, 45),
    ("45-54", 45, 55),
    ("55+", 55, None),
)
MINOR_AGE = 18

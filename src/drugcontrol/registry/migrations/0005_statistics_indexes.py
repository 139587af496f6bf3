"""Narrow covering indexes for the statistics page (PostgreSQL only).

The statistics join every open registration to its person; these two indexes hold exactly the columns that join
reads, in person order, so PostgreSQL answers it by merging two index-only scans instead of hashing both whole
tables (the person table is wide: names, address, contacts). SQLite has no INCLUDE and needs no such tuning.
"""

from __future__ import annotations

from django.db import migrations

from drugcontrol.postgresql_migrations import postgresql_only

INDEXES = (
    (
        "registry_registration_person_open",
        "registry_registration (person_id) INCLUDE (registered_on, deregistered_on)",
    ),
    (
        "registry_person_statistics",
        "registry_person (id) INCLUDE (region_id, sex, birth_date, birth_year, facility_id) "
        "WHERE merged_into_id IS NULL",
    ),
)


CREATE = [f"CREATE INDEX IF NOT EXISTS {name} ON {definition}" for name, definition in INDEXES]
DROP = [f"DROP INDEX IF EXISTS {name}" for name, _definition in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_person_name_gist")]

    operations = [postgresql_only(CREATE, DROP)]

"""Trigram (pg_trgm) index on the folded name key, for fuzzy name search; PostgreSQL only (SQLite has none)."""

from django.db import migrations

from drugcontrol.postgresql_migrations import postgresql_only

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_person_name_key_trgm ON registry_person USING gin (name_key gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS registry_person_name_key_trgm",)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data")]
    operations = [postgresql_only(CREATE, DROP)]

"""Trigram (pg_trgm) index on the folded name key, for fuzzy name search; PostgreSQL only (SQLite has none)."""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_person_name_key_trgm ON registry_person USING gin (name_key gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS registry_person_name_key_trgm",)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]

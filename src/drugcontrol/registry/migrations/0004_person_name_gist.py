"""GiST trigram index on the folded name key, for nearest-first fuzzy name search; PostgreSQL only.

A GiST index returns rows in order of trigram distance (`name_key <-> key`), so a search reads about `limit`
rows even when a common surname matches tens of thousands; the GIN index of 0003 could only filter, which
forced a sort of every match, and nothing else uses it, so it goes. The 256-byte signature (default 12) keeps
the inner pages selective for names of some thirty trigrams: with the default the scan read nearly the whole
index.
"""

from django.db import migrations

from drugcontrol.postgresql_migrations import postgresql_only

GIST = (
    "CREATE INDEX IF NOT EXISTS registry_person_name_key_gist ON registry_person "
    "USING gist (name_key gist_trgm_ops(siglen=256))"
)
GIN = "CREATE INDEX IF NOT EXISTS registry_person_name_key_trgm ON registry_person USING gin (name_key gin_trgm_ops)"
FORWARD = (GIST, "DROP INDEX IF EXISTS registry_person_name_key_trgm")
BACKWARD = (GIN, "DROP INDEX IF EXISTS registry_person_name_key_gist")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_person_name_trigram")]
    operations = [postgresql_only(FORWARD, BACKWARD)]

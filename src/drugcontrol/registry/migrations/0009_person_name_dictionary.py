"""The distinct folded names of the register with their number of people, for fuzzy name search; PostgreSQL only.

A GiST trigram index over every person read nearly all of itself for each search (its page signatures of common
name trigrams overlap), about 15,000 pages at a million people. Names repeat, so the nearest names are found in a
table of distinct names (18,572 at a million synthetic people) and their people by the btree on `name_key`.

The table is kept by statement-level triggers on `registry_person` in the transaction of every change, bulk loads
and `QuerySet.update` included: a count per name, so that the last person leaving a name removes it without a race
(concurrent changes of one name serialise on its row). A name whose people all left is deleted, so an anonymised
person's name does not stay behind. TRUNCATE empties it too. The GiST index on the people goes: nothing else uses it.
"""

from django.db import migrations

from drugcontrol.postgresql_migrations import postgresql_only

TABLE = """
CREATE TABLE IF NOT EXISTS registry_person_name (
    name_key varchar(200) PRIMARY KEY,
    people integer NOT NULL CHECK (people > 0)
)
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS registry_person_name_trgm ON registry_person_name "
    "USING gist (name_key gist_trgm_ops)"
)
FILL = """
INSERT INTO registry_person_name (name_key, people)
SELECT name_key, COUNT(*) FROM registry_person GROUP BY name_key ORDER BY name_key
"""

# Counts are added in name order, so two transactions touching the same names lock them in the same order.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION registry_person_name_add(changes jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO registry_person_name AS n (name_key, people)
    SELECT key, SUM(value::int) FROM jsonb_each_text(changes) GROUP BY key HAVING SUM(value::int) > 0 ORDER BY key
    ON CONFLICT (name_key) DO UPDATE SET people = n.people + EXCLUDED.people;
$$;

CREATE OR REPLACE FUNCTION registry_person_name_remove(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM registry_person_name WHERE name_key IN (SELECT key FROM jsonb_each_text(changes))
        ORDER BY name_key FOR UPDATE;
    UPDATE registry_person_name n SET people = n.people - c.value::int
        FROM jsonb_each_text(changes) AS c WHERE n.name_key = c.key AND n.people > c.value::int;
    DELETE FROM registry_person_name n USING jsonb_each_text(changes) AS c
        WHERE n.name_key = c.key AND n.people <= c.value::int;
END $$;

-- One function for the three triggers: each branch reads only the transition tables its operation has.
CREATE OR REPLACE FUNCTION registry_person_name_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added jsonb;
    removed jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_object_agg(name_key, k) INTO added FROM (SELECT name_key, COUNT(*) k FROM new_rows GROUP BY 1) g;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT jsonb_object_agg(name_key, k) INTO removed FROM (SELECT name_key, COUNT(*) k FROM old_rows GROUP BY 1) g;
    ELSE
        -- only the rows whose name changed: most updates (status, last visit) touch no name
        WITH moves AS (
            SELECT o.name_key AS before, n.name_key AS after FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE o.name_key IS DISTINCT FROM n.name_key
        )
        SELECT (SELECT jsonb_object_agg(after, k) FROM (SELECT after, COUNT(*) k FROM moves GROUP BY 1) a),
               (SELECT jsonb_object_agg(before, k) FROM (SELECT before, COUNT(*) k FROM moves GROUP BY 1) b)
        INTO added, removed;
    END IF;
    IF added IS NOT NULL THEN
        PERFORM registry_person_name_add(added);
    END IF;
    IF removed IS NOT NULL THEN
        PERFORM registry_person_name_remove(removed);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION registry_person_name_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE registry_person_name;
    RETURN NULL;
END $$;
"""
TRIGGERS = """
CREATE TRIGGER registry_person_name_insert AFTER INSERT ON registry_person
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_person_name_on_change();
CREATE TRIGGER registry_person_name_delete AFTER DELETE ON registry_person
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_person_name_on_change();
CREATE TRIGGER registry_person_name_update AFTER UPDATE ON registry_person
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION registry_person_name_on_change();
CREATE TRIGGER registry_person_name_truncate AFTER TRUNCATE ON registry_person
    FOR EACH STATEMENT EXECUTE FUNCTION registry_person_name_on_truncate();
"""
FORWARD = (
    TABLE,
    INDEX,
    FILL,
    FUNCTIONS,
    TRIGGERS,
    "DROP INDEX IF EXISTS registry_person_name_key_gist",
)
BACKWARD = (
    "CREATE INDEX IF NOT EXISTS registry_person_name_key_gist ON registry_person "
    "USING gist (name_key gist_trgm_ops(siglen=256))",
    "DROP TRIGGER IF EXISTS registry_person_name_insert ON registry_person",
    "DROP TRIGGER IF EXISTS registry_person_name_delete ON registry_person",
    "DROP TRIGGER IF EXISTS registry_person_name_update ON registry_person",
    "DROP TRIGGER IF EXISTS registry_person_name_truncate ON registry_person",
    "DROP FUNCTION IF EXISTS registry_person_name_on_change(), registry_person_name_on_truncate(), "
    "registry_person_name_add(jsonb), registry_person_name_remove(jsonb)",
    "DROP TABLE IF EXISTS registry_person_name",
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_investigator_role_and_examination_referrals")]
    operations = [postgresql_only(FORWARD, BACKWARD)]

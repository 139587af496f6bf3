"""The ledger keeps each subject's facts instead of its flows. Flows kept in the old form cannot be turned into
facts here (that needs the records and the topics' rules), so the counts are emptied with the ledger: run
``drugcontrol aggregates rebuild --topic <name>`` for each topic after this migration (`check` lists the counts
that are missing until then)."""

from django.db import migrations


def forget_counts(apps, schema_editor):
    for name in ("Flow", "Stock", "Contribution", "Horizon"):
        apps.get_model("aggregates", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("aggregates", "0001_flows_and_stocks")]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.RenameField(model_name="contribution", old_name="flows", new_name="facts"),
    ]

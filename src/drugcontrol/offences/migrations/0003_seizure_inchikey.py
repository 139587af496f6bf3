"""The standardised InChIKey of each seizure, filled for the seizures already recorded."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_keys(apps, schema_editor):
    from drugcontrol.offences.structure_keys import seizure_inchikey

    Seizure = apps.get_model("offences", "Seizure")
    Substance = apps.get_model("lists", "Substance")
    listed = Substance.objects.filter(pk=OuterRef("substance_id")).values("inchikey")[:1]
    Seizure.objects.filter(smiles="", substance__isnull=False).exclude(basis_relation="analogue").update(
        inchikey=Subquery(listed)
    )
    structured = Seizure.objects.filter(models.Q(smiles__gt="") | models.Q(basis_relation="analogue"))
    for seizure in structured.only("id", "smiles", "substance_label", "basis_relation").iterator():
        key = seizure_inchikey(
            smiles=seizure.smiles, substance_text=seizure.substance_label, relation="analogue", listed_inchikey=""
        )
        Seizure.objects.filter(pk=seizure.pk).update(inchikey=key)


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0005_screening_job_task"),
        ("offences", "0002_dashboard_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="seizure",
            name="inchikey",
            field=models.CharField(blank=True, db_index=True, max_length=27, verbose_name="InChIKey"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]

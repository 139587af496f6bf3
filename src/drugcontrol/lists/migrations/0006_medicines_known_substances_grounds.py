from django.db import migrations, models


def set_grounds(apps, schema_editor):
    """The UN schedules are grounds under Law No. 279 art. 2 p. 1-1; EAEU member states, once imported, too."""
    jurisdiction = apps.get_model("lists", "Jurisdiction")
    jurisdiction.objects.filter(code="UN").update(amendment_grounds="un")
    jurisdiction.objects.filter(code__in=["RU", "BY", "AM", "KG"]).update(amendment_grounds="eaeu")


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0005_screening_job_task"),
    ]

    operations = [
        migrations.CreateModel(
            name="KnownSubstance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("library", models.CharField(db_index=True, max_length=64, verbose_name="library")),
                ("entry", models.CharField(max_length=300, verbose_name="entry")),
                ("name", models.CharField(blank=True, max_length=300, verbose_name="name")),
                ("smiles", models.TextField(verbose_name="structure (SMILES)")),
                (
                    "structure_key",
                    models.TextField(
                        help_text="Canonical SMILES of the standardized structure without stereo.",
                        verbose_name="structure key",
                    ),
                ),
                ("first_seen", models.DateField(blank=True, null=True, verbose_name="first seen")),
            ],
            options={
                "verbose_name": "known new psychoactive substance",
                "verbose_name_plural": "known new psychoactive substances",
                "ordering": ["library", "entry"],
            },
        ),
        migrations.CreateModel(
            name="ReferenceRevision",
            fields=[
                (
                    "name",
                    models.CharField(max_length=80, primary_key=True, serialize=False, verbose_name="reference set"),
                ),
                ("token", models.CharField(max_length=32, verbose_name="revision")),
            ],
            options={
                "verbose_name": "reference revision",
                "verbose_name_plural": "reference revisions",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="jurisdiction",
            name="amendment_grounds",
            field=models.CharField(
                choices=[("none", "none"), ("eaeu", "EAEU member state"), ("un", "UN schedules")],
                default="none",
                help_text="Whether control here is grounds to add a substance to Kazakhstan's list (Law 279 art. 2 p. 1-1).",
                max_length=8,
                verbose_name="grounds to add to Kazakhstan's list",
            ),
        ),
        migrations.CreateModel(
            name="RegisteredMedicine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("inn", models.CharField(max_length=200, verbose_name="INN")),
                ("trade_name", models.CharField(blank=True, max_length=200, verbose_name="trade name")),
                ("names", models.JSONField(blank=True, default=list, verbose_name="other names")),
                ("smiles", models.TextField(verbose_name="structure (SMILES)")),
                (
                    "structure_key",
                    models.CharField(
                        db_index=True,
                        help_text="First block of the InChIKey of the standardized active substance.",
                        max_length=14,
                        verbose_name="structure key",
                    ),
                ),
                ("registration_number", models.CharField(max_length=64, verbose_name="registration number")),
                ("registered_from", models.DateField(verbose_name="registered from")),
                ("registered_to", models.DateField(blank=True, null=True, verbose_name="registered to")),
            ],
            options={
                "verbose_name": "registered medicine",
                "verbose_name_plural": "registered medicines",
                "ordering": ["inn", "registration_number"],
                "constraints": [
                    models.UniqueConstraint(fields=("registration_number",), name="medicine_registration_number_unique")
                ],
            },
        ),
        migrations.RunPython(set_grounds, migrations.RunPython.noop),
    ]

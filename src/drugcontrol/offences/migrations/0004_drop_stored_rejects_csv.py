"""Import problems are kept as code + parameters (`RowError.stored()`) and rendered in the reader's language, so the
rejects CSV written once in the worker's language goes. Problems kept before, as [row, field, text, value], become
the stored form with their text as written (`tabular.as_written`), so earlier jobs still show and download them.
"""

from django.db import migrations

AS_WRITTEN = "tabular.as_written"


def _stored(problem: list) -> list:
    if len(problem) != 4:
        return problem
    row, field, text, value = problem
    return [row, field, AS_WRITTEN, {"text": text}, value]


def keep_earlier_problems(apps, schema_editor):
    OffenceImport = apps.get_model("offences", "OffenceImport")
    for job in OffenceImport.objects.only("pk", "problems").iterator():
        problems = [_stored(list(problem)) for problem in job.problems]
        if problems != job.problems:
            job.problems = problems
            job.save(update_fields=["problems"])


class Migration(migrations.Migration):
    dependencies = [
        ("offences", "0003_seizure_inchikey"),
    ]

    operations = [
        migrations.RunPython(keep_earlier_problems, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="offenceimport",
            name="rejects_csv",
        ),
    ]

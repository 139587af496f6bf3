"""Reference data: the jurisdictions whose lists the system keeps, with their table labels."""

from django.db import migrations

JURISDICTIONS = [
    ("KZ", "Kazakhstan", "Казахстан", "Қазақстан", ["I", "II", "III", "IV", "VET"]),
    (
        "CN",
        "China",
        "Китай",
        "Қытай",
        ["CN_narcotic_drugs_2013", "CN_psychotropic_2013", "CN_nonmedical_NPS_supplement"],
    ),
    (
        "US",
        "United States",
        "США",
        "АҚШ",
        ["I", "II", "III", "IV", "V", "List I", "List II", "SPEC", "II->0"],
    ),
    ("DE", "Germany", "Германия", "Германия", ["BtMG I", "BtMG II", "BtMG III", "NpSG"]),
    (
        "UN",
        "UN conventions",
        "Конвенции ООН",
        "БҰҰ конвенциялары",
        [
            "1961 I",
            "1961 II",
            "1961 III",
            "1961 IV",
            "1971 I",
            "1971 II",
            "1971 III",
            "1971 IV",
            "1988 I",
            "1988 II",
        ],
    ),
]


def add_jurisdictions(apps, schema_editor):
    jurisdiction = apps.get_model("lists", "Jurisdiction")
    for code, en, ru, kk, tables in JURISDICTIONS:
        jurisdiction.objects.update_or_create(
            code=code, defaults={"name_en": en, "name_ru": ru, "name_kk": kk, "tables": tables}
        )


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_initial")]
    operations = [migrations.RunPython(add_jurisdictions, migrations.RunPython.noop)]

"""Kazakh names of the ICD-10 codes F11–F16, F18, F19 with their fourth characters.

Built like the English and Russian names of 0002: the category ("... қолданудан туындаған психикалық және
мінез-құлықтық бұзылыстар") and the fourth character after a colon. Only empty Kazakh names are filled, so a
name corrected by the administrator is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Three-character categories: code, then what is used (accusative, before "қолданудан").
SUBSTANCES_KK = {
    "F11": "Опиоидтерді",
    "F12": "Каннабиноидтарды",
    "F13": "Седативтік немесе ұйықтататын заттарды",
    "F14": "Кокаинді",
    "F15": "Басқа стимуляторларды, оның ішінде кофеинді,",
    "F16": "Галлюциногендерді",
    "F18": "Ұшпа еріткіштерді",
    "F19": "Бірнеше есірткі құралдарын бір мезгілде және басқа психобелсенді заттарды",
}

# Fourth characters shared by F10–F19.
FOURTH_KK = {
    "0": "жедел интоксикация",
    "1": "зиянды қолдану",
    "2": "тәуелділік синдромы",
    "3": "абстиненттік жағдай",
    "4": "делирийі бар абстиненттік жағдай",
    "5": "психотикалық бұзылыс",
    "6": "амнезиялық синдром",
    "7": "резидуалды жағдайлар және кеш басталған психотикалық бұзылыс",
    "8": "басқа психикалық және мінез-құлықтық бұзылыстар",
    "9": "анықталмаған психикалық және мінез-құлықтық бұзылыс",
}


def kazakh_name(code: str) -> str:
    category, digit = code.split(".")
    return (
        f"{SUBSTANCES_KK[category]} қолданудан туындаған психикалық және мінез-құлықтық бұзылыстар: {FOURTH_KK[digit]}"
    )


def fill(apps: Any, schema_editor: Any) -> None:
    diagnosis_model = apps.get_model("registry", "Diagnosis")
    for diagnosis in diagnosis_model.objects.filter(name_kk=""):
        category, _dot, digit = diagnosis.code.partition(".")
        if category in SUBSTANCES_KK and digit in FOURTH_KK:
            diagnosis.name_kk = kazakh_name(diagnosis.code)
            diagnosis.save(update_fields=["name_kk"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_statistics_indexes")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

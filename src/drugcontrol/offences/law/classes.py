"""The class of a seized substance for statistics (cannabis, opioids, synthetic stimulants ...).

The list has tables, not pharmacological classes; officials count seizures by class ("synthetic drugs up
45 %"). The class is read from the entry's Russian name by keywords (the decree's names), an analogue is
counted as synthetic, and anything else by its table.
"""

from __future__ import annotations

SUBSTANCE_CLASSES = (
    "cannabis",
    "opioids",
    "cocaine",
    "synthetic_stimulants",
    "synthetic_cannabinoids",
    "hallucinogens",
    "sedatives",
    "precursors",
    "other",
)

_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("synthetic_cannabinoids", ("JWH", "AB-", "ADB", "MDMB", "КАННАБИМИМЕТИК", "PB-22", "AM-")),
    ("cannabis", ("КАННАБИС", "МАРИХУАН", "ГАШИШ", "КОНОПЛ", "ТЕТРАГИДРОКАННАБИНОЛ")),
    (
        "opioids",
        (
            "ГЕРОИН",
            "ОПИ",
            "МОРФИН",
            "МЕТАДОН",
            "ФЕНТАНИЛ",
            "КОДЕИН",
            "ТРАМАДОЛ",
            "БУПРЕНОРФИН",
            "МАК",
            "ДЕЗОМОРФИН",
            "ТРИМЕПЕРИДИН",
            "ПРОМЕДОЛ",
        ),
    ),
    ("cocaine", ("КОКАИН", "ЭКГОНИН", "КОКА")),
    (
        "synthetic_stimulants",
        ("АМФЕТАМИН", "МЕФЕДРОН", "ПИРРОЛИДИНО", "PVP", "КАТИНОН", "МДМА", "МЕТИЛЕНДИОКСИ", "ЭФЕДРОН", "МЕТКАТИНОН"),
    ),
    ("hallucinogens", ("ЛИЗЕРГ", "ПСИЛОЦИ", "МЕСКАЛИН", "ТРИПТАМИН", "DOB", "NBOME")),
    ("sedatives", ("БАРБИТАЛ", "ДИАЗЕПАМ", "ЗЕПАМ", "ЗОЛАМ", "ГАММА-ОКСИМАСЛЯН")),
)


def substance_class(name_ru: str, table: str, relation: str = "listed") -> str:
    if relation == "analogue":
        return "synthetic_stimulants" if "КАТИНОН" in name_ru.upper() else "other"
    upper = name_ru.upper()
    for code, words in _KEYWORDS:
        if any(word.upper() in upper for word in words):
            return code
    return "precursors" if table == "IV" else "other"

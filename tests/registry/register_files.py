"""A regional register file as a dispensary exports it (Russian headers), shared by the CLI and page import tests."""

from __future__ import annotations

from datetime import date

from drugcontrol.registry.iin import make_iin

# field of the import -> column of the file
COLUMNS = {
    "iin": "ИИН", "last_name": "Фамилия", "first_name": "Имя", "patronymic": "Отчество",
    "birth_date": "Дата рождения", "sex": "Пол", "region": "Область", "facility": "Учреждение",
    "diagnosis": "МКБ", "registered_on": "Дата учета",
}  # fmt: skip
HEADER = list(COLUMNS.values())
MAPPING_LINES = [f"{field}={column}" for field, column in COLUMNS.items()]
GOOD_IIN = make_iin(date(1990, 3, 15), "M", 42)  # 900315 3 0042 + check digit
WOMAN_IIN = make_iin(date(1985, 7, 1), "F", 17)


def good_rows() -> list[list[str]]:
    """Two valid rows in Almaty's facilities, with the date and code spellings regional files use."""
    return [
        [GOOD_IIN, "Сериков", "Асхат", "Маратович", "15.03.1990", "М", "KZ-75", "T-ALA-1", "F11.2", "2023-05-10"],
        [WOMAN_IIN, "Ким", "Елена", "", "1985-07-01", "Ж", "KZ-75", "T-ALA-2", "f12.1", "01.02.2024"],
    ]

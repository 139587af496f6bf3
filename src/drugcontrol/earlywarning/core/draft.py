"""A draft amendment as plain data (no Django): what the DOCX and PDF writers lay out in the decree's style."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

BASE_DECREE = "от 3 июля 2019 года № 470"


@dataclass(frozen=True)
class DraftRow:
    number: int
    name_ru: str
    name_kk: str
    name_en: str
    iupac_name: str
    smiles: str
    cas: str
    small: str
    large: str
    especially_large: str
    quantity_basis: str
    grounds: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Draft:
    prepared_on: date
    table: str
    section: str
    rows: tuple[DraftRow, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return (
            "О внесении дополнений в постановление Правительства Республики Казахстан "
            f"{BASE_DECREE} «Об утверждении Списка наркотических средств, психотропных веществ и прекурсоров, "
            "подлежащих контролю в Республике Казахстан, Сводной таблицы об отнесении наркотических средств, "
            "психотропных веществ, их аналогов и прекурсоров, обнаруженных в незаконном обороте, к небольшим, "
            "крупным и особо крупным размерам, Списка заместителей атомов водорода, галогенов и (или) гидроксильных "
            "групп в структурных формулах наркотических средств, психотропных веществ»"
        )

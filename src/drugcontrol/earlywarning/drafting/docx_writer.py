"""Write a draft amendment as DOCX in the decree's own layout (python-docx; no Django).

The draft is a legal text in Russian, the language of the decree, with each substance's Kazakh name beside its
Russian one, as the decree's tables carry them.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from drugcontrol.earlywarning.core.draft import Draft

LIST_HEADER = ("№ п/п", "Наименование", "Атауы (на казахском языке)", "Химическое наименование (IUPAC)")
QUANTITY_HEADER = ("Наименование", "Небольшой размер (грамм)", "Крупный размер (грамм)", "Особо крупный размер (грамм)")


def _centered(document: Document, text: str, *, bold: bool = False, size: int = 14) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _table(document: Document, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write_docx(draft: Draft, target: str | Path | IO[bytes]) -> None:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    right = document.add_paragraph("Проект")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _centered(document, "ПОСТАНОВЛЕНИЕ ПРАВИТЕЛЬСТВА РЕСПУБЛИКИ КАЗАХСТАН", bold=True)
    _centered(document, "от «___» __________ 20__ года № ____")
    _centered(document, draft.title, bold=True, size=12)
    document.add_paragraph("Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:")
    document.add_paragraph(
        "1. Внести в постановление Правительства Республики Казахстан от 3 июля 2019 года № 470 следующие дополнения:"
    )
    document.add_paragraph(
        "в Списке наркотических средств, психотропных веществ и прекурсоров, подлежащих контролю в Республике "
        f"Казахстан, утвержденном указанным постановлением, в Таблице {draft.table} «Наркотические средства и "
        "психотропные вещества, использование которых в медицинских целях запрещено», в разделе "
        f"{draft.section} дополнить строками следующего содержания:"
    )
    _table(document, LIST_HEADER, [(f"{r.number}.", r.name_ru, r.name_kk, r.iupac_name or "—") for r in draft.rows])
    document.add_paragraph(
        "в Сводной таблице об отнесении наркотических средств, психотропных веществ, их аналогов и прекурсоров, "
        "обнаруженных в незаконном обороте, к небольшим, крупным и особо крупным размерам, утвержденной указанным "
        "постановлением, в Таблице I дополнить строками следующего содержания:"
    )
    _table(
        document,
        QUANTITY_HEADER,
        [(r.name_ru, r.small or "—", r.large or "—", r.especially_large or "—") for r in draft.rows],
    )
    document.add_paragraph(
        "2. Настоящее постановление вводится в действие по истечении десяти календарных дней после дня его первого "
        "официального опубликования."
    )
    signature = document.add_paragraph("Премьер-Министр\nРеспублики Казахстан")
    signature.runs[0].bold = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _centered(document, "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА", bold=True)
    _centered(document, f"к проекту постановления (подготовлено {draft.prepared_on:%d.%m.%Y})", size=12)
    document.add_paragraph(
        "Проект подготовлен в соответствии с пунктом 1-1 статьи 2 Закона Республики Казахстан «О наркотических "
        "средствах, психотропных веществах, их аналогах и прекурсорах и мерах противодействия их незаконному обороту "
        "и злоупотреблению ими» и пунктами 14–20 Правил, утвержденных постановлением Правительства Республики "
        "Казахстан от 5 июня 2019 года № 366."
    )
    for row in draft.rows:
        heading = document.add_paragraph()
        heading.add_run(f"{row.number}. {row.name_ru}").bold = True
        document.add_paragraph(f"Наименование на казахском языке: {row.name_kk}")
        document.add_paragraph(f"Наименование на английском языке: {row.name_en}")
        if row.iupac_name:
            document.add_paragraph(f"Химическое наименование (IUPAC): {row.iupac_name}")
        document.add_paragraph(f"Структура (SMILES): {row.smiles}" + (f"; CAS {row.cas}" if row.cas else ""))
        document.add_paragraph("Основания для включения:")
        for line in row.grounds:
            document.add_paragraph(line, style="List Bullet")
        document.add_paragraph(f"Размеры: {row.quantity_basis}.")
        document.add_paragraph("Сведения о выявлении и аналитические данные:")
        for line in row.evidence:
            document.add_paragraph(line, style="List Bullet")
    document.save(target)

"""The content of an expert report: everything printed, as plain JSON-ready data, plus its depiction.

A report is rendered from this content, never recomputed: what was signed stays what it was, even after
the list or the software changes. The web shell stores the content with the report number; the CLI
renders it straight away.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from drugcontrol.chem.analogues import depict_analogue
from drugcontrol.chem.depict import depict_svg
from drugcontrol.chem.groups import prepare_parent
from drugcontrol.chem.similarity import depict_comparison
from drugcontrol.expertise.verdicts import Assessment
from drugcontrol.listcore.snapshot import ActRef, ListedEntry
from drugcontrol.listcore.thresholds import Thresholds

__all__ = ["MAX_INPUT_SHOWN", "depict_assessment", "report_content"]

MAX_INPUT_SHOWN = 4000
"""Characters of the input printed in a report (the hash always covers the whole input)."""
_GROUP_COLOUR = (0.56, 0.77, 0.96)
_ANALOGUE_CAPTION = {"en": "analogue of {}", "ru": "аналог: {}", "kk": "{} аналогы"}
"""The caption under an analogue's drawing names its parent (drawn into the SVG, so worded here per language)."""


def depict_assessment(assessment: Assessment, *, lang: str = "en", width: int = 500, height: int = 360) -> str:
    """SVG for the verdict: parent skeleton and substituents for an analogue, the common substructure for
    a similar compound, the group's core for a group member, the structure itself otherwise ("" if none)."""
    mol = assessment.query_mol
    if mol is None:
        return ""
    if assessment.verdict == "analogue" and assessment.parents:
        parent = assessment.parents[0]
        legend = _ANALOGUE_CAPTION.get(lang, _ANALOGUE_CAPTION["en"]).format(parent.entry.name(lang))
        return depict_analogue(mol, parent.match, lang=lang, width=width, height=height, legend=legend)
    shows_nearest = assessment.verdict in ("similar", "suspected") and assessment.similar
    if shows_nearest and assessment.similar[0].comparison is not None:
        nearest = assessment.similar[0]
        legend = f"{nearest.entry.name(lang)}: {nearest.score:.2f}"
        return depict_comparison(mol, nearest.comparison, legend=legend, width=width, height=height)
    if assessment.verdict == "group" and assessment.groups:
        parent = prepare_parent(mol)
        atoms = assessment.groups[0].matched_atoms
        return depict_svg(
            parent,
            width=width,
            height=height,
            atom_colors=dict.fromkeys(atoms, _GROUP_COLOUR),
            legend=assessment.groups[0].definition.group_id,
        )
    legend = assessment.entry.name(lang) if assessment.verdict == "listed" and assessment.entry else ""
    return depict_svg(mol, width=width, height=height, legend=legend)


def report_content(
    assessment: Assessment,
    *,
    structure: str,
    number: str,
    generated_at: datetime,
    software_version: str,
    acts: Sequence[ActRef] = (),
    groups_in_force: Sequence[str] = (),
    substituents_as_of: str = "",
    list_revision: str = "",
    lang: str = "en",
) -> dict[str, Any]:
    """Everything a report prints, JSON-ready; ``structure`` is the input text the hash was taken of."""
    return {
        "number": number,
        "generated_at": generated_at.isoformat(),
        "software_version": software_version,
        "verdict": assessment.verdict,
        "controlled": assessment.controlled,
        "form": assessment.form or "",
        "rule": assessment.rule,
        "rule_steps": [step.to_dict() for step in assessment.rule_steps],
        "similarity": None if assessment.similarity is None else round(assessment.similarity, 4),
        "input": {
            "text": structure[:MAX_INPUT_SHOWN],
            "truncated": len(structure) > MAX_INPUT_SHOWN,
            "sha256": assessment.input_sha256,
        },
        "query": {
            "smiles": assessment.query.smiles if assessment.query else "",
            "inchikey": assessment.query.inchikey if assessment.query else "",
        },
        "basis": _basis(assessment),
        "parents": [
            {
                **_entry(p.entry),
                "replacements": list(p.replacements()),
                "replacement_steps": [r.to_dict() for r in p.replacement_steps()],
            }
            for p in assessment.parents
        ],
        "groups": [
            {"group_id": m.definition.group_id, "name": m.definition.name_en, "act": m.definition.act}
            for m in assessment.groups
        ],
        "similar": [
            {
                **_entry(s.entry),
                "score": round(s.score, 4),
                "differences": list(s.differences),
                "difference_steps": [d.to_dict() for d in s.difference_steps()],
            }
            for s in assessment.similar
        ],
        "thresholds": [_threshold(t) for t in assessment.thresholds],
        "steps": [step.to_dict() for step in assessment.steps],
        "error_code": assessment.error_code,
        **assessment.grounds_dict(),
        "list_version": {
            "jurisdiction": assessment.jurisdiction,
            "as_of": assessment.as_of.isoformat(),
            "revision": list_revision,
            "acts": [_act(a) for a in acts],
            "groups_in_force": list(groups_in_force),
            "substituents_as_of": substituents_as_of,
        },
        "svg": depict_assessment(assessment, lang=lang),
    }


def _act(act: ActRef | None) -> dict[str, Any] | None:
    if act is None:
        return None
    return {
        "number": act.number,
        "label": act.label,
        "title": act.title,
        "issuer": act.issuer,
        "signed_on": act.signed_on.isoformat() if act.signed_on else "",
        "in_force_from": act.in_force_from.isoformat() if act.in_force_from else "",
        "url": act.url,
    }


def _entry(entry: ListedEntry) -> dict[str, Any]:
    return {
        "kind": "entry",
        "substance_id": entry.substance_id,
        "name_ru": entry.names.get("ru", ""),
        "name_en": entry.names.get("en", ""),
        "name_kk": entry.names.get("kk", ""),
        "table": entry.table,
        "section": entry.section,
        "number": entry.number,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else "",
        "act": _act(entry.added_by),
    }


def _basis(assessment: Assessment) -> dict[str, Any] | None:
    if assessment.entry is not None:
        return _entry(assessment.entry)
    group = assessment.group
    if group is not None:
        return {
            "kind": "group",
            "group_id": group.group_id,
            "name_en": group.name_en,
            "name_local": group.name_local,
            "act": group.act,
            "effective_from": group.effective_from.isoformat(),
            "rule_text": group.rule_text,
        }
    return None


def _threshold(t: Thresholds) -> dict[str, str]:
    return {"form": t.form, "unit": t.unit, "small": t.raw[0], "large": t.raw[1], "especially_large": t.raw[2]}

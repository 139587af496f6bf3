"""Draw a structure as SVG for web pages and printed expert reports.

RDKit draws the molecule; the legend is added as a real SVG ``<text>`` (and ``<title>``) because
RDKit's own text renderer handles only Latin letters, while legends here are often Russian or
Kazakh names. Atom notes in plain ASCII are left to RDKit, which places them clear of bonds; other
notes are written next to their atom the same way as the legend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D

from drugcontrol.chem._rdlog import quiet_rdkit

__all__ = ["Color", "depict_svg"]

Color = tuple[float, float, float] | tuple[float, float, float, float]
"""RGB(A) with components from 0 to 1, as RDKit expects."""

_MAX_SIDE = 4000
_LEGEND_BAND = 28
_LEGEND_FONT_SIZE = 14
_NOTE_FONT_SIZE = 11


def depict_svg(
    mol: Chem.Mol,
    *,
    width: int = 420,
    height: int = 320,
    highlight_atoms: Sequence[int] = (),
    highlight_bonds: Sequence[int] = (),
    atom_colors: Mapping[int, Color] | None = None,
    bond_colors: Mapping[int, Color] | None = None,
    atom_notes: Mapping[int, str] | None = None,
    legend: str = "",
) -> str:
    """SVG markup of ``mol`` (no XML declaration, so it can be inlined in HTML).

    Atoms and bonds listed in ``atom_colors``/``bond_colors`` are highlighted in those colours
    even when absent from ``highlight_atoms``/``highlight_bonds``; the others use RDKit's default
    highlight colour. Indices are those of ``mol``, which is not modified. Raises ``ValueError``
    for an index that is not in the molecule, a bad colour or a bad size.
    """
    _check_size(width, height)
    atom_colors = dict(atom_colors or {})
    bond_colors = dict(bond_colors or {})
    atom_notes = dict(atom_notes or {})
    atoms = sorted({*highlight_atoms, *atom_colors})
    bonds = sorted({*highlight_bonds, *bond_colors})
    _check_indices("atom", [*atoms, *atom_notes], mol.GetNumAtoms())
    _check_indices("bond", bonds, mol.GetNumBonds())
    for colour in [*atom_colors.values(), *bond_colors.values()]:
        _check_colour(colour)

    prepared = _prepare(mol)
    overlay_notes: dict[int, str] = {}
    for index, note in atom_notes.items():
        if note.isascii():
            prepared.GetAtomWithIdx(index).SetProp("atomNote", note)
        else:
            overlay_notes[index] = note

    drawing_height = height - _LEGEND_BAND if legend else height
    drawer = rdMolDraw2D.MolDraw2DSVG(width, drawing_height)
    with quiet_rdkit():
        drawer.DrawMolecule(
            prepared,
            highlightAtoms=atoms,
            highlightBonds=bonds,
            highlightAtomColors=atom_colors or None,
            highlightBondColors=bond_colors or None,
        )
        drawer.FinishDrawing()
    molecule_svg = _without_xml_declaration(drawer.GetDrawingText())

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(legend or "chemical structure")}">'
    ]
    if legend:
        parts.append(f"<title>{escape(legend)}</title>")
    parts.append('<rect width="100%" height="100%" fill="#FFFFFF"/>')
    parts.append(molecule_svg)
    for index, note in overlay_notes.items():
        point = drawer.GetDrawCoords(index)
        parts.append(
            f'<text class="note" x="{point.x + 7:.1f}" y="{point.y - 7:.1f}" font-family="sans-serif" '
            f'font-size="{_NOTE_FONT_SIZE}" fill="#333333">{escape(note)}</text>'
        )
    if legend:
        font_size = max(8, min(_LEGEND_FONT_SIZE, int(width / (0.6 * len(legend)))))
        parts.append(
            f'<text class="legend" x="{width / 2:.1f}" y="{height - _LEGEND_BAND / 2:.1f}" '
            f'text-anchor="middle" dominant-baseline="middle" font-family="sans-serif" '
            f'font-size="{font_size}" fill="#000000">{escape(legend)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _prepare(mol: Chem.Mol) -> Chem.Mol:
    """A drawable copy: 2D coordinates, wedges, Kekulé form (falls back to aromatic bonds)."""
    with quiet_rdkit():
        try:
            return rdMolDraw2D.PrepareMolForDrawing(Chem.Mol(mol))
        except (RuntimeError, ValueError):
            return rdMolDraw2D.PrepareMolForDrawing(Chem.Mol(mol), kekulize=False)


def _without_xml_declaration(svg: str) -> str:
    if svg.startswith("<?xml"):
        return svg.split("?>", 1)[1].lstrip()
    return svg


def _check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or isinstance(value, bool) or not 50 <= value <= _MAX_SIDE:
            raise ValueError(f"The {name!r} of a depiction must be an integer from 50 to {_MAX_SIDE}. Got {value!r}.")


def _check_indices(kind: str, indices: Sequence[int], count: int) -> None:
    for index in indices:
        if not isinstance(index, int) or not 0 <= index < count:
            raise ValueError(f"There is no {kind} {index!r} to mark: the molecule has {count} {kind}s.")


def _check_colour(colour: object) -> None:
    valid = (
        isinstance(colour, tuple)
        and len(colour) in (3, 4)
        and all(isinstance(part, int | float) and 0 <= part <= 1 for part in colour)
    )
    if not valid:
        raise ValueError(f"A highlight colour must be an (r, g, b) tuple of numbers from 0 to 1. Got {colour!r}.")

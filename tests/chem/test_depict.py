"""SVG depictions: valid, embeddable markup with the legend, highlights and notes asked for."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rdkit import Chem

from drugcontrol.chem import depict_svg

SVG = "{http://www.w3.org/2000/svg}"
AMPHETAMINE = "CC(N)Cc1ccccc1"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - markup produced by the code under test


def test_svg_is_valid_and_embeddable() -> None:
    svg = depict_svg(Chem.MolFromSmiles(AMPHETAMINE), width=300, height=200)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("300", "200")


@pytest.mark.parametrize("legend", ["Amphetamine", "Амфетамин (Список I)", "Қазақстан", "a < b & c"])
def test_legend_appears_as_text_and_title(legend: str) -> None:
    root = parse(depict_svg(Chem.MolFromSmiles(AMPHETAMINE), legend=legend))
    assert root.find(f"{SVG}title").text == legend
    texts = [element.text for element in root.iter(f"{SVG}text") if element.get("class") == "legend"]
    assert texts == [legend]


def test_no_legend_means_no_legend_text() -> None:
    root = parse(depict_svg(Chem.MolFromSmiles(AMPHETAMINE)))
    assert root.find(f"{SVG}title") is None
    assert not [element for element in root.iter(f"{SVG}text") if element.get("class") == "legend"]


def test_highlight_colours_are_drawn() -> None:
    mol = Chem.MolFromSmiles(AMPHETAMINE)
    plain = depict_svg(mol)
    marked = depict_svg(mol, atom_colors={2: (1.0, 0.0, 0.0)}, bond_colors={0: (0.0, 0.0, 1.0)})
    assert "#FF0000" not in plain
    assert "#FF0000" in marked and "#0000FF" in marked
    assert depict_svg(mol, highlight_atoms=[0, 1], highlight_bonds=[0]) != plain


def test_atom_notes_ascii_by_rdkit_other_scripts_as_text() -> None:
    mol = Chem.MolFromSmiles(AMPHETAMINE)
    svg = depict_svg(mol, atom_notes={1: "R1", 2: "α"})
    assert "class='note'" in svg  # drawn by RDKit as glyph paths
    notes = [element.text for element in parse(svg).iter(f"{SVG}text") if element.get("class") == "note"]
    assert notes == ["α"]


def test_input_is_not_mutated() -> None:
    mol = Chem.MolFromSmiles("C[C@H](N)Cc1ccccc1")
    before = Chem.MolToSmiles(mol)
    depict_svg(mol, atom_notes={0: "x"}, legend="x")
    assert Chem.MolToSmiles(mol) == before
    assert mol.GetNumConformers() == 0
    assert not mol.GetAtomWithIdx(0).HasProp("atomNote")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"highlight_atoms": [10]}, "no atom 10"),
        ({"highlight_bonds": [-1]}, "no bond -1"),
        ({"atom_notes": {99: "x"}}, "no atom 99"),
        ({"atom_colors": {0: (255, 0, 0)}}, "colour"),
        ({"width": 0}, "'width'"),
        ({"height": 10_000}, "'height'"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        depict_svg(Chem.MolFromSmiles(AMPHETAMINE), **kwargs)  # type: ignore[arg-type]

"""The README's layout section names the tree exactly: every path it names exists, every package is named."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "drugcontrol"
SKIPPED = {"migrations", "__pycache__"}
ENTRY = re.compile(r"^  (\S+)(.*)$")
DIRECTORY = re.compile(r"(?<![\w/.])([a-z_]+)/(?![\w])")
MODULE = re.compile(r"(?<![\w/.])([a-z_]+\.py)\b")


def layout() -> dict[str, str]:
    """Each entry of the layout block (`chem/`, `expertise/risk/`, `http.py`) with its description."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout\n", 1)[1].split("```", 2)[1]
    entries: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        match = ENTRY.match(line)
        if match and not line.startswith("   "):
            current = match.group(1)
            entries[current] = match.group(2)
        elif current is not None and line.startswith("   "):
            entries[current] += " " + line.strip()
        else:
            current = None
    return entries


def named_inside(entry: str, description: str) -> tuple[set[str], set[str]]:
    """The folders and modules the description of `entry` names, as paths below src/drugcontrol."""
    base = entry if entry.endswith("/") else ""
    return (
        {f"{base}{name}/" for name in DIRECTORY.findall(description)},
        {f"{base}{name}" for name in MODULE.findall(description)},
    )


def folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and p.name not in SKIPPED)


def test_every_path_the_layout_names_exists() -> None:
    entries = layout()
    assert "chem/" in entries and "registry/" in entries  # the block was found and read
    missing = []
    for entry, description in entries.items():
        folders_named, modules_named = named_inside(entry, description)
        if not (SRC / entry).exists():
            missing.append(entry)
        missing += [path for path in sorted(folders_named) if not (SRC / path).is_dir()]
        missing += [path for path in sorted(modules_named) if not (SRC / path).is_file()]
    assert missing == []


def test_every_package_module_and_folder_of_the_tree_is_named() -> None:
    entries = layout()
    named = set(entries)
    for entry, description in entries.items():
        folders_named, _modules = named_inside(entry, description)
        named |= folders_named
    top = {f"{p.name}/" for p in folders(SRC)} | {p.name for p in SRC.glob("*.py") if p.name != "__init__.py"}
    inner = {f"{p.name}/{q.name}/" for p in folders(SRC) for q in folders(p)}
    assert sorted((top | inner) - named) == []

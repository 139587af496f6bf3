"""The published JSON Schema in docs/ is the one the software checks documents against."""

from __future__ import annotations

import json
from pathlib import Path

from drugcontrol.earlywarning.core.json_format import schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "notification.schema.json"


def test_the_schema_in_docs_is_the_one_in_force() -> None:
    assert json.loads(DOC.read_text(encoding="utf-8")) == schema()

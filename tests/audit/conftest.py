"""Each audit test signs with a key and writes checkpoints to a file of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from drugcontrol.audit.checkpoints import new_key


@pytest.fixture
def audit_key(tmp_path: Path, settings) -> Path:
    """A signing key and a checkpoint file of this test's own, configured as an operator would."""
    key = tmp_path / "audit.key"
    key.write_text(new_key())
    settings.AUDIT_KEY_FILE = str(key)
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return key


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """The audit commands switch to the reader's language; give the next test the default back."""
    yield
    translation.deactivate()

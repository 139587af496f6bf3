"""How much of a text a reader can see: a reason made of zero-width spaces or control characters is no reason.

Pure (no Django): letters, digits, punctuation and symbols count (Unicode categories L*, N*, P*, S*); spaces,
format characters (zero-width space, joiners, direction marks), controls and lone combining marks do not.
"""

from __future__ import annotations

import unicodedata

_VISIBLE = frozenset("LNPS")


def visible_length(text: str) -> int:
    """The number of visible characters in `text`."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in _VISIBLE)

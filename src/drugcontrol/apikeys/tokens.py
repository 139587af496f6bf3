"""The key itself: ``dck_<prefix>_<secret>``; only a keyed hash of it is stored (pure, no Django).

The prefix is public (it finds the row and names the key in logs); the secret has 256 bits of entropy, so a
keyed HMAC-SHA-256 is enough (no slow password hash is needed), and the HMAC key kept outside the database
means a copy of the table alone cannot be used to test guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_SCHEME = "dck"
_TOKEN = re.compile(rf"^{KEY_SCHEME}_([0-9a-f]{{12}})_([A-Za-z0-9_-]{{43}})$")


@dataclass(frozen=True)
class ParsedKey:
    prefix: str
    token: str


def new_key() -> ParsedKey:
    """A fresh key: 48 random bits of public prefix, 256 random bits of secret."""
    prefix = secrets.token_hex(6)
    return ParsedKey(prefix=prefix, token=f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}")


def parse_key(token: str) -> ParsedKey | None:
    """The prefix of a well-formed key, or None (anything else is refused without a database query)."""
    match = _TOKEN.match(token.strip())
    return ParsedKey(prefix=match.group(1), token=token.strip()) if match else None


def digest(token: str, secret: bytes) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def matches(token: str, stored_digest: str, secret: bytes) -> bool:
    """Constant-time comparison of the presented key with the stored digest."""
    return hmac.compare_digest(digest(token, secret), stored_digest)

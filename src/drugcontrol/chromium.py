"""Debian's headless Chromium as the system starts it: for evidence screenshots on the worker, and the browser tests."""

from __future__ import annotations

import shutil

CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""No sandbox (containers without user namespaces), no GPU, and nothing fetched in the background."""


def chromium_path() -> str:
    """The `chromium` on the PATH (Debian's package), or '' when there is none."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or ""

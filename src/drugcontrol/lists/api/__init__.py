"""Typed API of the lists domain, one router per file; ``router`` is what ``drugcontrol/api.py`` mounts."""

from drugcontrol.lists.api.lists import router

__all__ = ["router"]

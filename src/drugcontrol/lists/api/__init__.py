"""Typed API of the lists domain, one router per file; ``router`` is what ``drugcontrol/api.py`` mounts.

The routers of ``/assess`` and ``/screen`` come before the lists router, whose ``/{code}`` routes would
otherwise take those paths for a jurisdiction code.
"""

from ninja import Router

from drugcontrol.lists.api.assess import router as assess_router
from drugcontrol.lists.api.lists import router as lists_router
from drugcontrol.lists.api.screen import router as screen_router

router = Router()
router.add_router("", assess_router)
router.add_router("", screen_router)
router.add_router("", lists_router)

__all__ = ["router"]

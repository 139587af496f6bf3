"""The typed HTTP API under /api/: one NinjaAPI, one router per domain."""

from ninja import NinjaAPI

from drugcontrol import __version__
from drugcontrol.lists.api import router as lists_router
from drugcontrol.registry.api import router as registry_router
from drugcontrol.registry.fhir_api import router as registry_fhir_router

api = NinjaAPI(
    title="drugcontrol API",
    version=__version__,
    description="Control lists, identification and the registries of the national drug-control authority.",
    urls_namespace="api",
)
api.add_router("/lists/", lists_router)
api.add_router("/registry/", registry_router)
api.add_router("/registry/", registry_fhir_router)

"""Models of early warning, one module per topic."""

from drugcontrol.earlywarning.models.alerts import CoverageAlert
from drugcontrol.earlywarning.models.imports import NotificationImport
from drugcontrol.earlywarning.models.notifications import EvidenceFile, Notification
from drugcontrol.earlywarning.models.procedure import ProcedureCase, ProcedureStep
from drugcontrol.earlywarning.models.samples import CustodyEvent, SampleTransfer

__all__ = [
    "CoverageAlert",
    "CustodyEvent",
    "EvidenceFile",
    "Notification",
    "NotificationImport",
    "ProcedureCase",
    "ProcedureStep",
    "SampleTransfer",
]

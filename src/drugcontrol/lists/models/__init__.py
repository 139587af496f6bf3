"""Models of the lists domain, one module per topic."""

from drugcontrol.lists.models.acts import LegalAct
from drugcontrol.lists.models.entries import EntryThreshold, ListEntry
from drugcontrol.lists.models.jurisdictions import Jurisdiction
from drugcontrol.lists.models.known_substances import KnownSubstance
from drugcontrol.lists.models.medicines import RegisteredMedicine
from drugcontrol.lists.models.references import ReferenceRevision
from drugcontrol.lists.models.reports import ExpertReport, ReportSequence
from drugcontrol.lists.models.screening import ScreeningJob
from drugcontrol.lists.models.substances import Substance

__all__ = [
    "EntryThreshold",
    "ExpertReport",
    "Jurisdiction",
    "KnownSubstance",
    "LegalAct",
    "ListEntry",
    "ReferenceRevision",
    "RegisteredMedicine",
    "ReportSequence",
    "ScreeningJob",
    "Substance",
]

from drugcontrol.offences.models.cases import Case, CaseAction, CaseCircumstance, Participant
from drugcontrol.offences.models.imports import OffenceImport
from drugcontrol.offences.models.labs import Laboratory, PrecursorFound
from drugcontrol.offences.models.seizures import LabResult, Seizure

__all__ = [
    "Case",
    "CaseAction",
    "CaseCircumstance",
    "LabResult",
    "Laboratory",
    "OffenceImport",
    "Participant",
    "PrecursorFound",
    "Seizure",
]

"""Models of the registry domain, one module per topic."""

from drugcontrol.registry.models.access_grants import BreakGlassGrant
from drugcontrol.registry.models.config import RegistryConfig
from drugcontrol.registry.models.duplicates import DuplicateCandidate, Merge
from drugcontrol.registry.models.facilities import Facility
from drugcontrol.registry.models.imports import ImportStatus, RegisterImport, RegisterImportProblem, StagedRegisterRow
from drugcontrol.registry.models.observations import DrugTest, OstDose, TreatmentEpisode, Visit
from drugcontrol.registry.models.people import DocumentType, Person, Sex
from drugcontrol.registry.models.police_checks import BASES_WITH_SINCE, Disclosure, LegalBasis, PoliceCheckRequest
from drugcontrol.registry.models.reference import Diagnosis, District, Region
from drugcontrol.registry.models.referrals import ExaminationReferral
from drugcontrol.registry.models.registrations import (
    Deregistration,
    DeregistrationReason,
    Grounds,
    Registration,
    Status,
    StatusChange,
    Transfer,
)
from drugcontrol.registry.models.staff import Role, StaffProfile

__all__ = [
    "BASES_WITH_SINCE",
    "BreakGlassGrant",
    "Deregistration",
    "DeregistrationReason",
    "Diagnosis",
    "Disclosure",
    "District",
    "DocumentType",
    "DrugTest",
    "DuplicateCandidate",
    "ExaminationReferral",
    "Facility",
    "Grounds",
    "ImportStatus",
    "LegalBasis",
    "Merge",
    "OstDose",
    "Person",
    "PoliceCheckRequest",
    "Region",
    "RegisterImport",
    "RegisterImportProblem",
    "Registration",
    "RegistryConfig",
    "Role",
    "Sex",
    "StaffProfile",
    "StagedRegisterRow",
    "Status",
    "StatusChange",
    "Transfer",
    "TreatmentEpisode",
    "Visit",
]

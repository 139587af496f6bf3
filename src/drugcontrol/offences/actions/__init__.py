from drugcontrol.offences.actions.cases import (
    CaseData,
    LaboratoryData,
    ParticipantData,
    PrecursorData,
    SeizureData,
    do_create_case,
)
from drugcontrol.offences.actions.referrals import do_refer_participant

__all__ = [
    "CaseData",
    "LaboratoryData",
    "ParticipantData",
    "PrecursorData",
    "SeizureData",
    "do_create_case",
    "do_refer_participant",
]

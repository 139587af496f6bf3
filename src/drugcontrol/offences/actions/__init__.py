from drugcontrol.offences.actions.cases import CaseData, ParticipantData, SeizureData, do_create_case
from drugcontrol.offences.actions.referrals import do_refer_participant

__all__ = ["CaseData", "ParticipantData", "SeizureData", "do_create_case", "do_refer_participant"]

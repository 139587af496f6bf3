"""Referring a participant caught consuming to a narcologist's examination, through the registry's action."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from drugcontrol.errors import InputRefused, NotFoundForUser
from drugcontrol.offences import messages as M
from drugcontrol.offences.access import Capability, access_case, require
from drugcontrol.offences.models import Participant
from drugcontrol.registry.actions.referrals import ReferralData, do_refer_for_examination
from drugcontrol.registry.models import ExaminationReferral


def do_refer_participant(participant_id: int, *, actor: Any, remote_addr: str = "") -> ExaminationReferral:
    """The referral goes to the facility of the person's region of residence (the case's region otherwise)."""
    require(actor, Capability.REFER)
    case_id = Participant.objects.filter(pk=participant_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundForUser("participant")
    case = access_case(actor, case_id, purpose="referral", remote_addr=remote_addr)
    participant = Participant.objects.get(pk=participant_id, case=case)
    if participant.role != Participant.Role.CONSUMER and case.action != "consumption":
        raise InputRefused(M.NOT_A_CONSUMER, field="participant")
    return do_refer_for_examination(
        ReferralData(
            region_code=participant.region_id or case.region_id,
            full_name=participant.full_name,
            referred_on=timezone.localdate(),
            source=f"offences case {case.number}",
            source_ref=str(participant.pk),
            iin=participant.iin,
            age=participant.age,
            sex=participant.sex,
        ),
        actor=actor,
        remote_addr=remote_addr,
    )

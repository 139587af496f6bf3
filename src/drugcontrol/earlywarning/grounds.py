"""The grounds for listing a substance Kazakhstan does not control yet (Law 279 art. 2 p. 1-1; Decree 366 p. 14).

A substance is added when the INCB recommends it (it is on the UN schedules) or when any EAEU member state controls
it. Foreign lists are list versions like Kazakhstan's, so "controlled in an EAEU state, by which act, since when"
is a query over the entries in force, never a flag typed by hand. To that come how many countries reported it and
how often it was seized here.

Which jurisdictions give grounds is an attribute of each jurisdiction (`Jurisdiction.amendment_grounds`, which the
expertise's "controlled elsewhere" reason reads too); `grounds_kinds` reads it from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from drugcontrol.lists.models import Jurisdiction, ListEntry

UN = "un"
EAEU = "eaeu"


def grounds_kinds() -> dict[str, str]:
    """Jurisdiction code → kind of grounds for listing (``un`` or ``eaeu``), for those that give any."""
    return dict(Jurisdiction.objects.filter(amendment_grounds__in=[UN, EAEU]).values_list("code", "amendment_grounds"))


@dataclass
class Grounds:
    """Why a substance should be listed: foreign entries in force, reporting countries, seizures here."""

    un: list[dict[str, Any]] = field(default_factory=list)
    eaeu: list[dict[str, Any]] = field(default_factory=list)
    elsewhere: list[dict[str, Any]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    reports: int = 0
    seized_here: int = 0

    @property
    def score(self) -> int:
        """Ranks uncovered substances: legal grounds first (UN, then EAEU), then how often reported and seized."""
        return (
            (1_000_000 if self.un else 0)
            + (100_000 if self.eaeu else 0)
            + 1_000 * min(len(self.countries), 99)
            + 10 * min(self.seized_here, 99)
            + min(self.reports, 9)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "un": self.un,
            "eaeu": self.eaeu,
            "elsewhere": self.elsewhere,
            "countries": self.countries,
            "reports": self.reports,
            "seized_here": self.seized_here,
            "score": self.score,
        }


def foreign_entries(inchikey: str, day: date) -> list[dict[str, Any]]:
    """The entries of every list but Kazakhstan's in force on ``day`` with the same structure (any stereo form)."""
    entries = (
        ListEntry.objects.in_force_on(day)
        .exclude(jurisdiction_id="KZ")
        .filter(Q(substance__inchikey=inchikey) | Q(substance__connectivity=inchikey[:14]))
        .select_related("added_by", "substance")
        .order_by("jurisdiction_id", "valid_from")
    )
    return [
        {
            "jurisdiction": e.jurisdiction_id,
            "table": e.table,
            "act": e.added_by.number,
            "act_title": e.added_by.title_en or e.added_by.title,
            "since": e.valid_from.isoformat(),
            "name": e.substance.name_en or e.substance.name_ru,
        }
        for e in entries
    ]


def seizures_here(inchikey: str) -> int:
    """Seizures of the substance in Kazakhstan: our own notifications with the context "seizure".

    When the offences domain records laboratory results of seizures, their count is added here.
    """
    from drugcontrol.earlywarning.models import Notification

    return (
        Notification.objects.filter(inchikey=inchikey, country="KZ", context=Notification.Context.SEIZURE)
        .exclude(status=Notification.Status.RETRACTED)
        .count()
    )


def grounds_for(inchikey: str, day: date) -> Grounds:
    """All grounds for listing the substance with this InChIKey, as of ``day``."""
    from drugcontrol.earlywarning.models import Notification

    kinds = grounds_kinds()
    grounds = Grounds()
    for entry in foreign_entries(inchikey, day):
        kind = kinds.get(entry["jurisdiction"])
        (grounds.un if kind == UN else grounds.eaeu if kind == EAEU else grounds.elsewhere).append(entry)
    reports = Notification.objects.filter(inchikey=inchikey).exclude(status=Notification.Status.RETRACTED)
    grounds.countries = sorted(set(reports.values_list("country", flat=True)))
    grounds.reports = reports.count()
    grounds.seized_here = seizures_here(inchikey)
    return grounds

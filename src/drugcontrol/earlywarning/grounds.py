"""The grounds for listing a substance Kazakhstan does not control yet (Law 279 art. 2 p. 1-1; Decree 366 p. 14).

A substance is added when the INCB recommends it (it is on the UN schedules) or when any EAEU member state controls
it. Foreign lists are list versions like Kazakhstan's, so "controlled in an EAEU state, by which act, since when"
is a query over the entries in force, never a flag typed by hand. To that come how many countries reported it and
how often it was seized here (the offences domain's seizures, found by their standardised InChIKey).

Which jurisdictions give grounds is an attribute of each jurisdiction (`Jurisdiction.amendment_grounds`, which the
expertise's "controlled elsewhere" reason reads too); `grounds_kinds` reads it from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grounds:
        """Grounds stored with `to_dict` (the score is computed again, never read)."""
        return cls(
            un=list(data.get("un", [])),
            eaeu=list(data.get("eaeu", [])),
            elsewhere=list(data.get("elsewhere", [])),
            countries=list(data.get("countries", [])),
            reports=int(data.get("reports", 0)),
            seized_here=int(data.get("seized_here", 0)),
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


def seizure_counts(inchikeys: Iterable[str]) -> dict[str, int]:
    """Seizures in Kazakhstan per substance: the offences domain's seizures of that standardised structure
    (`Seizure.inchikey`), and our own notifications with the context "seizure" (detections recorded here by hand)."""
    from drugcontrol.earlywarning.models import Notification
    from drugcontrol.offences.models import Seizure

    keys = sorted({k for k in inchikeys if k})
    counts: dict[str, int] = dict.fromkeys(keys, 0)
    for chunk in (keys[i : i + 500] for i in range(0, len(keys), 500)):
        seized = Seizure.objects.filter(inchikey__in=chunk).values("inchikey").annotate(n=Count("id"))
        own = (
            Notification.objects.filter(inchikey__in=chunk, country="KZ", context=Notification.Context.SEIZURE)
            .exclude(status=Notification.Status.RETRACTED)
            .values("inchikey")
            .annotate(n=Count("id"))
        )
        for row in [*seized, *own]:
            counts[row["inchikey"]] += row["n"]
    return counts


def seizures_here(inchikey: str) -> int:
    """How often the substance with this InChIKey was seized in Kazakhstan (see `seizure_counts`)."""
    return seizure_counts([inchikey]).get(inchikey, 0)


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

"""Synthetic demo cases (never real people): a few hundred cases over three years in every region.

The distributions are plausible, not real: more possession than sale, cannabis most seized, synthetic
stimulants rising year on year, a few laboratories and grows. Each case is qualified by the law in force on
its date through the same core as the CLI, and the load writes one audit row.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import InputRefused
from drugcontrol.offences.counts import rebuild_offence_counts
from drugcontrol.offences.law.classes import substance_class
from drugcontrol.offences.models import Case, Laboratory, Participant, Seizure
from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
from drugcontrol.registry.models import Region

REGION_WEIGHTS = {
    "KZ-75": 14, "KZ-71": 10, "KZ-79": 8, "KZ-35": 8, "KZ-19": 7, "KZ-61": 6, "KZ-63": 5, "KZ-55": 5,
    "KZ-31": 6, "KZ-15": 4, "KZ-23": 3, "KZ-27": 3, "KZ-39": 3, "KZ-43": 3, "KZ-47": 3, "KZ-59": 2,
    "KZ-11": 3, "KZ-10": 2, "KZ-33": 3, "KZ-62": 1,
}  # fmt: skip
ACTION_WEIGHTS = {
    "possession": 42, "sale": 16, "transport_for_sale": 10, "consumption": 12, "cultivation": 6,
    "manufacture": 3, "theft": 1, "inducement": 1, "advertising": 3, "den": 2, "precursors": 1,
}  # fmt: skip
# substance name (as the list writes it), form, typical net mass (log-uniform range, g), weight per year offset
SUBSTANCES = (
    ("МАРИХУАНА", "dried", (0.5, 3000.0), (30, 28, 26)),
    ("ГАШИШ", "", (0.5, 400.0), (12, 11, 10)),
    ("ГЕРОИН", "", (0.005, 5.0), (10, 8, 7)),
    ("ПИРРОЛИДИНОВАЛЕРОФЕНОН", "", (0.005, 5.0), (8, 12, 17)),
    ("МЕТАМФЕТАМИН (ПЕРВИТИН)", "", (0.01, 10.0), (5, 7, 10)),
    ("АМФЕТАМИН", "", (0.1, 20.0), (4, 4, 5)),
    ("КОКАИН", "", (0.005, 5.0), (2, 2, 3)),
    ("ОПИЙ", "", (0.1, 200.0), (3, 2, 2)),
    ("Трамадол", "", (0.05, 30.0), (6, 5, 4)),
)
ROLES_BY_ACTION = {
    "possession": ("buyer",),
    "consumption": ("consumer",),
    "sale": ("seller", "stash_layer", "courier"),
    "transport_for_sale": ("courier", "stash_layer"),
    "manufacture": ("manufacturer", "organiser"),
    "cultivation": ("manufacturer",),
    "advertising": ("advertiser",),
    "inducement": ("recruiter",),
    "den": ("organiser",),
    "theft": ("seller",),
    "precursors": ("organiser",),
}
CIRCUMSTANCES_BY_ACTION = {
    "sale": ("electronic_networks", "group", "repeated", "public_place", "criminal_group"),
    "transport_for_sale": ("electronic_networks", "group"),
    "manufacture": ("group", "criminal_group"),
    "cultivation": ("group", "repeated"),
    "advertising": ("electronic_networks",),
}
NAMES = ("Демо Асан", "Демо Айгерим", "Демо Ерлан", "Демо Дана", "Демо Нурлан", "Демо Мадина", "Демо Тимур")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _mass(rng: random.Random, low: float, high: float) -> Decimal:
    import math

    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return Decimal(f"{value:.3f}") if value >= 0.01 else Decimal(f"{value:.5f}")


def _age(rng: random.Random, role: str) -> int:
    if role in ("courier", "stash_layer"):
        return rng.randint(16, 26)
    return max(15, min(75, int(rng.gauss(31, 9))))


DEMO_INVESTIGATOR = "investigator"
"""The demo investigator (Almaty), created with the other demo accounts; password: the registry demo's."""


def _demo_investigator() -> None:
    from django.contrib.auth import get_user_model

    from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD
    from drugcontrol.registry.models import Role, StaffProfile

    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_INVESTIGATOR).exists():
        return
    user = user_model.objects.create_user(username=DEMO_INVESTIGATOR, password=DEMO_PASSWORD)
    StaffProfile.objects.create(user=user, role=Role.INVESTIGATOR, region_id="KZ-75")


def do_load_offences_demo(*, actor: Any, cases: int = 300, seed: int = 12, today: date | None = None) -> str:
    """Write `cases` synthetic cases with their participants, seizures, laboratories and grows (once)."""
    _demo_investigator()
    if Case.objects.filter(number__startswith="DEMO-").exists():
        return "offences demo: already loaded"
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not a secret
    today = today or timezone.localdate()
    first_year = today.year - 2
    regions = {r.pk for r in Region.objects.all()}
    weights = {code: w for code, w in REGION_WEIGHTS.items() if code in regions}
    written = labs = 0
    with transaction.atomic():
        for index in range(cases):
            offset = rng.choices((0, 1, 2), weights=(30, 33, 37))[0]
            start = date(first_year + offset, 1, 1)
            act_date = min(today, start + timedelta(days=rng.randrange(365)))
            region = _pick(rng, weights)
            action = _pick(rng, ACTION_WEIGHTS)
            circumstances = sorted({c for c in CIRCUMSTANCES_BY_ACTION.get(action, ()) if rng.random() < 0.25})
            name, form, span, _by_year = rng.choices(SUBSTANCES, weights=[s[3][offset] for s in SUBSTANCES])[0]
            amount = _mass(rng, *span)
            plants = rng.randint(3, 400) if action == "cultivation" else None
            if action == "cultivation":
                name, form = "ОПИЙНЫЙ (СНОТВОРНЫЙ) МAK", "plants"
            sized = action not in ("inducement", "advertising", "den")
            try:
                qualification = qualify_seizures(
                    [SeizureInput(name, "", amount, plants, form)] if sized else [],
                    action=action,
                    act_date=act_date,
                    circumstances=circumstances,
                )
            except InputRefused:
                continue
            case = Case.objects.create(
                number=f"DEMO-{act_date.year}-{index + 1:05d}",
                opened_on=act_date,
                act_date=act_date,
                region_id=region,
                action=action,
                circumstances=circumstances,
                summary="synthetic demo case",
                size=qualification.size.value if qualification.size else "",
                article=qualification.suggestion.part.article,
                part=qualification.suggestion.part.part,
                code_version=qualification.suggestion.version.version,
            )
            roles = ROLES_BY_ACTION.get(action, ("buyer",))
            Participant.objects.bulk_create(
                Participant(
                    case=case,
                    role=rng.choice(roles),
                    age=_age(rng, roles[0]),
                    sex=rng.choices("MF", weights=(85, 15))[0],
                    full_name=rng.choice(NAMES),
                    region_id=region,
                )
                for _ in range(rng.choice((1, 1, 1, 2, 3)))
            )
            for basis, result in zip(qualification.bases, qualification.sizes, strict=True):
                Seizure.objects.create(
                    case=case,
                    exhibit=f"{case.number}-1",
                    substance_id=int(basis.entry.substance_id),
                    substance_label=basis.entry.name("ru")[:300],
                    substance_class=substance_class(basis.entry.name("ru"), basis.entry.table, basis.relation),
                    basis_relation=basis.relation,
                    inchikey=basis.entry.keys.inchikey if basis.entry.keys else "",
                    form=form,
                    net_g=None if plants else amount,
                    gross_g=None if plants else amount * Decimal("1.08"),
                    plants=plants,
                    seized_on=act_date,
                    region_id=region,
                    place="synthetic",
                    size=result.size.value,
                )
            if action in ("manufacture", "cultivation"):
                Laboratory.objects.create(
                    case=case,
                    kind="laboratory" if action == "manufacture" else "grow",
                    region_id=region,
                    location="synthetic",
                    products=name,
                    plant_count=plants,
                    shut_down_on=act_date,
                )
                labs += 1
            written += 1
        rebuild_offence_counts()  # the rows above bypass `do_create_case`, which keeps the counts itself
        do_record_event(
            actor=actor, action="offences.demo.load", object_type="offences.case", details={"cases": written}
        )
    return f"offences demo: {written} synthetic cases, {labs} laboratories and grows"

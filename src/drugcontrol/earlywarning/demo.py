"""Demo history of early warning, loaded only with the demo data (`drugcontrol setup --demo`).

- First detections **anywhere** of substances Kazakhstan added by its amendments (acts 240/2023 and 22/2024): the
  country and the year of first notification published by the EU Early Warning System (EMCDDA) or, for
  isotonitazene, by the CFSRE's NPS Discovery (a Canadian toxicology case of March 2019). The day is not on record:
  the 1st of the month (1 July when only the year is known) is used, and each notification's source says so.
- First detections **here** are synthetic (never real records): a few own notifications, and seizures of new
  substances recorded through the offences domain's action (analogues at the time, so their standardised InChIKey
  makes them Kazakhstan's own first detections), some with a laboratory result.
- Uncovered substances reported by partners (synthetic) for the coverage page and its alerts, one Decree 366
  procedure under way, and a reference standard received with its chain of custody.
- The demo account `warning_officer` (the registry demo's password) reads and manages early warning and receives
  the alerts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from drugcontrol.earlywarning.actions.procedure import do_complete_step, do_open_procedures
from drugcontrol.earlywarning.actions.recording import check_document, do_record_notifications
from drugcontrol.earlywarning.actions.samples import do_record_custody, do_record_transfer
from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.models import Notification, SampleTransfer
from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD

DEMO_ACCOUNT = "warning_officer"
PERMISSIONS = ("read_warning", "manage_warning", "receive_coverage_alerts")
REFERENCE_PREFIX = "DEMO-"
YEAR_ONLY = "Year of first notification to the EU Early Warning System (EMCDDA); the day is not on record: 1 July"
SYNTHETIC = "Synthetic demo record, not a real detection"

# name_en, name_ru, SMILES, country, date, matrix, context, source
ANYWHERE = (
    ("AH-7921", "AH-7921", "CN(C)C1(CNC(=O)c2ccc(Cl)c(Cl)c2)CCCCC1", "GB", "2012-07-01", "powder", "seizure",
     YEAR_ONLY),
    ("MT-45", "МТ-45", "c1ccc(CC(c2ccccc2)N2CCN(C3CCCCC3)CC2)cc1", "SE", "2013-07-01", "powder", "seizure", YEAR_ONLY),
    ("U-47700", "U-47700", "CN(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1", "SE", "2014-07-01", "powder", "seizure",
     YEAR_ONLY),
    ("Furanylfentanyl", "Фуранилфентанил", "O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "SE", "2015-07-01",
     "powder", "seizure", YEAR_ONLY),
    ("Acryloylfentanyl", "Акрилоилфентанил", "C=CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "SE", "2016-07-01",
     "powder", "seizure", YEAR_ONLY),
    ("CUMYL-PEGACLONE", "CUMYL-PEGACLONE", "CCCCCn1c2ccccc2c2c(=O)n(C(C)(C)c3ccccc3)ccc21", "DE", "2016-07-01",
     "herbal", "seizure", YEAR_ONLY),
    ("Isotonitazene", "Изотонитазен", "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21", "CA", "2019-03-01",
     "biological", "death", "CFSRE NPS Discovery, 20 November 2019: a toxicology case collected in Alberta in "
     "March 2019; the day is not on record, the 1st is used"),
)  # fmt: skip
HERE = (
    ("Furanylfentanyl", "Фуранилфентанил", "O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2018-05-14", "powder",
     "poisoning"),
    ("Acryloylfentanyl", "Акрилоилфентанил", "C=CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2019-02-20", "powder",
     "poisoning"),
    ("U-47700", "U-47700", "CN(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1", "2020-06-10", "powder", "test_purchase"),
    ("CUMYL-PEGACLONE", "CUMYL-PEGACLONE", "CCCCCn1c2ccccc2c2c(=O)n(C(C)(C)c3ccccc3)ccc21", "2020-09-15", "herbal",
     "online_offer"),
    ("Isotonitazene", "Изотонитазен", "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21", "2021-04-22",
     "biological", "death"),
    ("MT-45", "МТ-45", "c1ccc(CC(c2ccccc2)N2CCN(C3CCCCC3)CC2)cc1", "2021-11-03", "tablet", "poisoning"),
)  # fmt: skip
# Seized here as analogues (the list did not name them then): name, SMILES, date, net g, lab result or None
SEIZED = (
    ("Метонитазен", "CCN(CC)CCn1c(Cc2ccc(OC)cc2)nc2cc([N+](=O)[O-])ccc21", "2022-10-12", "0.8", "2022-10-28"),
    ("N-этилпентилон", "CCCC(NCC)C(=O)c1ccc2c(c1)OCO2", "2024-08-19", "3.2", "2024-09-02"),
    ("Бромазолам", "Cc1nnc2n1-c1ccc(Br)cc1C(c1ccccc1)=NC2", "2025-01-15", "0.4", None),
    ("альфа-PiHP", "CC(C)CC(N1CCCC1)C(=O)c1ccccc1", "2025-03-04", "1.5", "2025-03-20"),
)
# Not covered by the list in force: reported by partners (synthetic)
UNCOVERED = (
    ("Protonitazene", "Протонитазен", "CCCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1", "KG", "2025-02-11",
     "powder", "death"),
    ("Protonitazene", "Протонитазен", "CCCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1", "RU", "2025-04-03",
     "powder", "seizure"),
    ("Etonitazepyne", "Этонитазепин", "CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN2CCCC2)cc1", "UZ", "2025-06-18",
     "tablet", "poisoning"),
    ("Hexahydrocannabinol (HHC)", "Гексагидроканнабинол (HHC)", "CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)CC21", "KG",
     "2025-05-07", "e-liquid", "test_purchase"),
    ("2-Methyl-AP-237", "2-метил-AP-237", "CCCC(=O)N1CCN(C(=O)C=Cc2ccccc2)CC1C", "RU", "2025-08-26", "powder",
     "seizure"),
)  # fmt: skip


def _account() -> Any:
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_ACCOUNT).first()
    if user is None:
        user = user_model.objects.create_user(username=DEMO_ACCOUNT, password=DEMO_PASSWORD)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="earlywarning", codename__in=PERMISSIONS)
    )
    return user


def _item(index: int, name_en: str, name_ru: str, smiles: str, country: str, day: str, matrix: str, context: str,
          source: str, sender: str) -> dict[str, Any]:  # fmt: skip
    return {
        "reference": f"{REFERENCE_PREFIX}{country}-{index:03d}",
        "substance": {"name": name_en, "names": {"en": name_en, "ru": name_ru}, "smiles": smiles},
        "first_detection": {"country": country, "date": day, "matrix": matrix, "context": context},
        "reported_on": day,
        "status": "confirmed",
        "sender": sender,
        "sources": [{"title": source}],
    }


def _record(items: list[dict[str, Any]], *, direction: str, actor: Any) -> list[Notification]:
    document = json_format.document(items, sender="demo", generated_at=datetime.now(tz=UTC))
    checked, files = check_document(document, today=timezone.localdate())
    return do_record_notifications(checked, actor=actor, source="demo", direction=direction, described_files=files)


def _seizures() -> int:
    """Seizures of new substances through the offences action, as the demo investigator (when there is one)."""
    from drugcontrol.errors import InputRefused
    from drugcontrol.offences.actions import CaseData, ParticipantData, SeizureData, do_create_case
    from drugcontrol.offences.models import LabResult

    investigator = get_user_model().objects.filter(username="investigator").first()
    if investigator is None or not hasattr(investigator, "registry_profile"):
        return 0
    written = 0
    for index, (label, smiles, day, net, reported) in enumerate(SEIZED, start=1):
        try:
            case = do_create_case(
                CaseData(
                    number=f"DEMO-EW-{index:03d}",
                    act_date=day,
                    region=investigator.registry_profile.region_id,
                    action="possession",
                    summary="synthetic demo case: a new substance seized",
                    participants=(ParticipantData(role="buyer", age=24, sex="M"),),
                    seizures=(SeizureData(smiles=smiles, net_g=net, form="powder", exhibit=f"DEMO-EW-{index:03d}-1"),),
                ),
                actor=investigator,
            )
        except InputRefused:
            continue
        if reported:
            LabResult.objects.create(
                seizure=case.seizures.get(),
                laboratory="Институт судебных экспертиз (демо)",
                report_number=f"DEMO-{index:03d}",
                reported_on=reported,
                identified=label,
                net_g=Decimal(net),
            )
        written += 1
    return written


def do_load_warning_demo(*, actor: Any) -> str:
    """Load the demo history once; returns a one-line report with the demo login."""
    user = _account()
    if Notification.objects.filter(reference__startswith=REFERENCE_PREFIX).exists():
        return f"early-warning demo: already loaded; login {DEMO_ACCOUNT}"
    anywhere = _record(
        [_item(i, *row, sender="EU Early Warning System (demo history)") for i, row in enumerate(ANYWHERE, 1)],
        direction=Notification.Direction.INCOMING,
        actor=actor,
    )
    here = _record(
        [_item(i, *row[:3], "KZ", *row[3:], SYNTHETIC, "Republic of Kazakhstan") for i, row in enumerate(HERE, 1)],
        direction=Notification.Direction.OWN,
        actor=actor,
    )
    uncovered = _record(
        [_item(i, *row, SYNTHETIC, f"{row[3]} partner (demo)") for i, row in enumerate(UNCOVERED, 100)],
        direction=Notification.Direction.INCOMING,
        actor=actor,
    )
    seized = _seizures()
    protonitazene = [n.pk for n in uncovered if n.name == "Protonitazene"]
    cases = do_open_procedures(protonitazene[:1], conclusion_on=date(2025, 9, 1), actor=actor)
    for case in cases:
        do_complete_step(case, "proposal", done_on=date(2025, 9, 9), actor=actor)
    isotonitazene = next((n for n in here if n.name == "Isotonitazene"), None)
    transfer = do_record_transfer(
        substance="Isotonitazene",
        kind=SampleTransfer.Kind.REFERENCE,
        direction=SampleTransfer.Direction.RECEIVED,
        sender="Forensic laboratory of a partner state (demo)",
        recipient="Институт судебных экспертиз, Алматы (демо)",
        quantity=Decimal("1"),
        notification=isotonitazene,
        actor=actor,
    )
    for event, at, place in (
        ("packed", datetime(2021, 5, 10, 9, 0, tzinfo=UTC), "partner laboratory"),
        ("dispatched", datetime(2021, 5, 10, 15, 0, tzinfo=UTC), "partner laboratory"),
        ("received", datetime(2021, 5, 14, 11, 30, tzinfo=UTC), "Алматы"),
        ("analysed", datetime(2021, 5, 18, 10, 0, tzinfo=UTC), "Алматы"),
    ):
        do_record_custody(
            transfer,
            event=event,
            at=at,
            place=place,
            person="demo",
            confirmed_by="Институт судебных экспертиз (демо)" if event == "analysed" else "",
            actor=actor,
        )
    count = len(anywhere) + len(here) + len(uncovered)
    return (
        f"early-warning demo: {count} notifications, {seized} seizures of new substances, {len(cases)} procedure, "
        f"1 sample; login {user.username} (password {DEMO_PASSWORD})"
    )


__all__ = ["DEMO_ACCOUNT", "do_load_warning_demo"]

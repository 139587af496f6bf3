"""Germany: the substance groups of NpSG Anlage 1 (wording of BGBl. 2025 I Nr. 292), as data.

Each numbered group of the annex (sub-groups 2.1-2.3, 3.1-3.2 and 5.1-5.2 separately, since each has
its own core and mass limit) is one ``GroupDefinition``. The annex's drawings are not part of the
reference text, so cores are rebuilt from the wording and from the compounds the groups were written
for; every place where that needed an interpretation says so in ``encoding_notes``.

§ 1 (2) NpSG keeps narcotics (BtMG) and medicinal products out of the law's scope whatever their
structure. That is a list question, not a structural one, so these definitions do not encode it:
methadone is inside group 8's definition although the NpSG never applies to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rdkit import Chem

from drugcontrol.chem.group_definitions.vocabulary import (
    ACETOXY,
    AMINO,
    CARBAMOYL,
    CARBOXY,
    CYANO,
    ETHYL,
    HALOGEN,
    HYDROXY,
    METHOXY,
    METHYL,
    METHYLTHIO,
    NITRO,
    OXO,
    PHENYL,
    TRIFLUOROMETHOXY,
    TRIFLUOROMETHYL,
    Kind,
    alkenyl,
    alkyl,
    alkynyl,
    carbon_chain,
    cycloalkyl,
    element_set,
    elements_within,
    exact,
    halo_substituted,
    headed,
    heavy_mass,
    longest_chain,
    pieces_on,
    reach,
    ring_systems,
    split_pieces,
    substituent_check,
    trialkylsilyl,
)
from drugcontrol.chem.groups import (
    Check,
    ExcludedSubstance,
    GroupDefinition,
    MatchContext,
    Substituent,
    core,
)

__all__ = ["DEFINITIONS", "JURISDICTION"]

JURISDICTION = "DE"
_TEXT = "NpSG Anlage 1 in der Fassung BGBl. 2025 I Nr. 292"
_IN_FORCE_2016 = date(2016, 11, 26)  # NpSG in force (BGBl. I 2016 S. 2615): groups 1 and 2
_FIRST_AMENDMENT = date(2019, 7, 18)  # VO of 12.07.2019, BGBl. I S. 1083 (published 17.07.2019)
_SECOND_AMENDMENT = date(2021, 7, 3)  # 2nd VO of 28.06.2021, BGBl. I S. 2231: groups 6 and 7
_THIRD_AMENDMENT = date(2022, 9, 28)  # 3rd VO, published 27.09.2022: LSD-type ergolenes
_FIFTH_AMENDMENT = date(2024, 6, 27)  # 5th VO of 21.06.2024, BGBl. 2024 I Nr. 210 (published 26.06.2024)
_SIXTH_AMENDMENT = date(2025, 11, 22)  # 6th VO, BGBl. 2025 I Nr. 292; Bundesrat consent 21.11.2025
_SIXTH_NOTE = (
    "The exact promulgation day of BGBl. 2025 I Nr. 292 is not in the reference data; the earliest "
    "possible day (after the Bundesrat's consent of 21.11.2025) is used and must be confirmed."
)

_CHNOS_HAL = element_set("C N O S F Cl Br I")
_CONS = element_set("C O N S")
_HAL = element_set("F Cl Br I")


# --- small shared pieces ---------------------------------------------------------------------------


def _atom(ctx: MatchContext, idx: int) -> Chem.Atom:
    return ctx.mol.GetAtomWithIdx(idx)


def _rings_with(ctx: MatchContext, atoms: frozenset[int]) -> list[frozenset[int]]:
    return [frozenset(ring) for ring in ctx.mol.GetRingInfo().AtomRings() if set(ring) & atoms]


def _bonded_to(ctx: MatchContext, idx: int, atoms: frozenset[int]) -> bool:
    return any(neighbor.GetIdx() in atoms for neighbor in _atom(ctx, idx).GetNeighbors())


def _first_failure(results: list[tuple[bool, str]]) -> tuple[bool, str]:
    for ok, why in results:
        if not ok:
            return False, why
    return True, "; ".join(why for _, why in results if why) or "hydrogen only"


def _ring_kind(label: str, allowed_rings: tuple[str, ...], ring_subs: tuple[Kind, ...]) -> Kind:
    """A monocyclic ring of one of ``allowed_rings`` bonded by a ring atom, carrying only ``ring_subs``."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        rings = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if root in r and set(r) <= atoms]
        if len(rings) != 1:
            return False
        ring = rings[0]
        if _ring_name(mol, ring) not in allowed_rings:
            return False
        for piece in pieces_on(mol, atoms - ring, ring):
            piece_atoms, (carrier, first) = piece
            if not any(kind.test(mol, piece_atoms, first, carrier) for kind in ring_subs):
                return False
        return True

    return Kind(label, test)


def _ring_name(mol: Chem.Mol, ring: frozenset[int]) -> str:
    atoms = [mol.GetAtomWithIdx(i) for i in ring]
    hetero = tuple(sorted(a.GetSymbol() for a in atoms if a.GetAtomicNum() != 6))
    if all(a.GetIsAromatic() for a in atoms):
        return {
            (6, ()): "phenyl",
            (6, ("N",)): "pyridyl",
            (5, ("S",)): "thienyl",
            (5, ("O",)): "furanyl",
            (5, ("N",)): "pyrrolyl",
        }.get((len(ring), hetero), "")
    if not hetero:
        doubles = sum(
            1
            for i in ring
            for j in ring
            if i < j and (b := mol.GetBondBetweenAtoms(i, j)) is not None and b.GetBondType() == Chem.BondType.DOUBLE
        )
        if doubles == 0:
            return f"cycloalkyl{len(ring)}"
        if doubles == 1 and len(ring) == 6:
            return "cyclohexenyl"
    return ""


_RING_SUBS_BZD = (HALOGEN, METHYL, ETHYL, NITRO, AMINO)


# --- 1. 2-phenethylamines ----------------------------------------------------------------------------

_G1_CORE = core(
    "2-phenylethan-1-amine (element A - C2 - C1 - N)",
    "[#6;R:1]-[#6;!a:2]-[#6;!a:3]-[#7;!a;!$([#7](=O)~[#8]);!$([#7]~[#8-]):4]",
    A=1,
    C2=2,
    C1=3,
    N=4,
)
_MONOCYCLES_A = ("phenyl", "pyridyl", "thienyl", "furanyl", "pyrrolyl", "cycloalkyl5", "cycloalkyl6")


def _g1_parts(ctx: MatchContext) -> dict:
    """Ring system of element A (rings holding B atoms excluded) and the frame of A plus B."""
    cached = ctx.memo.get("g1")
    if cached is not None:
        return cached  # type: ignore[return-value]
    a, c2, c1, n = ctx.site("A"), ctx.site("C2"), ctx.site("C1"), ctx.site("N")
    b_atoms = frozenset({c2, c1, n})
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if not set(r) & b_atoms]
    system: set[int] = set()
    frontier = [r for r in rings if a in r]
    used: list[frozenset[int]] = []
    while frontier:
        ring = frontier.pop()
        if ring in used:
            continue
        used.append(ring)
        system |= ring
        frontier.extend(r for r in rings if r not in used and len(r & ring) >= 2)
    parts = {"ring_a": frozenset(system), "rings": used, "b": b_atoms, "frame": frozenset(system) | b_atoms}
    ctx.memo["g1"] = parts
    return parts


def _g1_ring_system(ctx: MatchContext) -> tuple[bool, str]:
    parts = _g1_parts(ctx)
    rings: list[frozenset[int]] = parts["rings"]
    if not rings:
        return False, "the atom bearing the side chain is not in a ring of its own"
    if len(rings) == 1:
        name = _ring_name(ctx.mol, rings[0])
        if name in _MONOCYCLES_A:
            return True, f"element A is {name}"
        return False, f"a {len(rings[0])}-membered ring of this kind is not one of the rings of 1.1"
    for z in rings:
        if _ring_name(ctx.mol, z) != "phenyl":
            continue
        others = [r for r in rings if r != z]
        if len(others) > 2:
            continue
        problems = [why for r in others if (why := _g1_annelated_problem(ctx, z, r))]
        if not problems:
            return True, f"element A is a {len(rings)}-ring system on a benzene ring Z"
        return False, problems[0]
    return False, "a fused ring system without a benzene ring Z carrying the other rings"


def _g1_annelated_problem(ctx: MatchContext, z: frozenset[int], ring: frozenset[int]) -> str:
    if len(ring & z) != 2:
        return "a ring is fused to another annelated ring rather than to ring Z"
    if not 4 <= len(ring) <= 8:
        return f"an annelated ring has {len(ring)} atoms (4 to 8 allowed)"
    hetero = [i for i in ring - z if _atom(ctx, i).GetAtomicNum() != 6]
    if len(hetero) > 2 or any(_atom(ctx, i).GetSymbol() not in {"O", "N", "S"} for i in hetero):
        return "an annelated ring holds more than two heteroatoms or an element other than O, N, S"
    if any(not _bonded_to(ctx, i, z) for i in hetero):
        return "a heteroatom of an annelated ring is not bonded directly to ring Z"
    return ""


def _g1_ring_substituents(ctx: MatchContext) -> tuple[bool, str]:
    parts = _g1_parts(ctx)
    ring_a, frame, b = parts["ring_a"], parts["frame"], parts["b"]
    notes = []
    for sub in ctx.substituents(frame):
        if not sub.anchors & ring_a or sub.anchors & b:
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            return False, f"{text} closes a further ring onto element A (excluded by 1.1)"
        anchor = _atom(ctx, sub.anchor)
        if anchor.GetAtomicNum() == 7:
            if not (METHYL.matches(ctx.mol, sub) or ETHYL.matches(ctx.mol, sub)):
                return False, f"{text} on a ring nitrogen of element A (only H, methyl, ethyl allowed)"
            notes.append(f"{text} on ring N")
            continue
        ok, why = _g1_rn_ok(ctx, sub)
        if not ok:
            return False, f"{text}: {why}"
        notes.append(text)
    return True, ", ".join(notes) if notes else "hydrogen only"


def _carbonyl_partner(mol: Chem.Mol, sub: Substituent) -> str:
    """For a root carbon with a C=O (or C=S, C=N): the symbol of its other neighbour in ``sub``, else ""."""
    root = mol.GetAtomWithIdx(sub.root)
    if root.GetSymbol() != "C":
        return ""
    double = [
        b.GetOtherAtom(root)
        for b in root.GetBonds()
        if b.GetBondType() == Chem.BondType.DOUBLE and b.GetOtherAtom(root).GetSymbol() in {"O", "S", "N"}
    ]
    if not double:
        return ""
    others = [n for n in root.GetNeighbors() if n.GetIdx() in sub.atoms and n.GetIdx() != double[0].GetIdx()]
    return others[0].GetSymbol() if others else "H"


def _g1_rn_ok(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    mol, root = ctx.mol, _atom(ctx, sub.root)
    if not elements_within(mol, sub.atoms, _CHNOS_HAL):
        return False, "holds an element other than C, H, N, O, S, F, Cl, Br, I"
    symbol = root.GetSymbol()
    if symbol in {"F", "Cl", "Br", "I"}:
        return len(sub.atoms) == 1, "halogen"
    if root.IsInRing():
        return False, "a ring bonded directly to element A is not among the groups of 1.1"
    if symbol == "N":
        return NITRO.matches(mol, sub), "only nitro may be bonded through nitrogen"
    if symbol in {"O", "S"}:
        carbons = [n for n in root.GetNeighbors() if n.GetIdx() in sub.atoms]
        if len(carbons) != 1 or carbons[0].GetAtomicNum() != 6 or carbons[0].IsInRing():
            return False, (
                "hydroxy/thiol or aryl ether: only alkoxy and alkylsulfanyl groups may be bonded through O or S"
            )
    elif symbol != "C":
        return False, f"bonded through {symbol}"
    elif _carbonyl_partner(mol, sub) not in {"", "O"}:
        return False, "an acyl group bonded through its carbonyl carbon (of those only carboxy is listed)"
    chain = longest_chain(mol, sub.atoms)
    return chain <= 8, f"chain of {chain} atoms (at most 8)"


def _g1_n_substituents(ctx: MatchContext) -> tuple[bool, str]:
    parts = _g1_parts(ctx)
    ring_a, frame = parts["ring_a"], parts["frame"]
    n = ctx.site("N")
    if any(n in ring and len(ring & ring_a) >= 2 for ring in _rings_with(ctx, frozenset({n}))):
        # the ring closes through a bond of the frame itself (indoline: N bonded to ring A), so no
        # substituent below carries it; 1.2 a excludes it all the same
        return False, "the nitrogen is in a ring fused to element A (excluded by 1.2 a)"
    notes = []
    for sub in ctx.substituents_at(n, frame):
        text = ctx.fragment_smiles(sub)
        if not elements_within(ctx.mol, sub.atoms, _CHNOS_HAL):
            return False, f"{text} holds an element other than C, H, N, O, S, F, Cl, Br, I"
        if sub.closes_ring:
            n_system = next((system for system in ring_systems(ctx.mol) if n in system), frozenset())
            if n_system & ring_a:
                return False, f"{text}: the nitrogen is in a ring system fused to element A (excluded by 1.2 a)"
            if not 5 <= len(n_system) <= 7:
                # 1.2 a: "Diese Ringsysteme dürfen fünf bis sieben Atome umfassen" - the whole (fused or
                # bridged) ring system, not each ring: quinuclidine (8 atoms: quinine) and imidazothiazole
                # (8: levamisole) are outside, pyrrolidine, piperidine, morpholine and azepane inside.
                return False, f"{text}: the ring system through the nitrogen has {len(n_system)} atoms (5 to 7)"
            for ring in _rings_with(ctx, sub.atoms):
                if n not in ring:
                    continue
                if any(_atom(ctx, i).GetIsAromatic() for i in ring):
                    return False, f"{text}: the nitrogen is in an aromatic ring"
                if not 5 <= len(ring) <= 7 or not elements_within(ctx.mol, ring, _CONS):
                    return False, f"{text}: a ring through the nitrogen has {len(ring)} atoms (5 to 7 allowed)"
            chain = longest_chain(ctx.mol, sub.atoms)
            if chain > 10:
                return False, f"{text}: chain of {chain} atoms (at most 10)"
            notes.append(f"{text} (nitrogen in a ring)")
            continue
        root = _atom(ctx, sub.root)
        if root.GetAtomicNum() == 6 and root.GetIsAromatic():
            return False, f"{text}: an aryl group on the nitrogen is not among the groups of 1.2 a"
        if root.GetAtomicNum() == 6 and root.IsInRing() and not cycloalkyl(6).matches(ctx.mol, sub):
            ring_sizes = [len(r) for r in ctx.mol.GetRingInfo().AtomRings() if sub.root in r]
            if any(size > 6 for size in ring_sizes) or not _all_carbocyclic(ctx, sub.root):
                return False, f"{text}: only cycloalkyl rings up to C6 may be bonded directly to the nitrogen"
        if root.GetSymbol() not in {"C", "O", "N"}:
            return False, f"{text}: bonded through {root.GetSymbol()}"
        if _carbonyl_partner(ctx.mol, sub) == "H":
            return False, f"{text}: a formyl group is not among the acyl groups of 1.2 a"
        chain = longest_chain(ctx.mol, sub.atoms)
        if chain > 10:
            return False, f"{text}: chain of {chain} atoms (at most 10)"
        notes.append(text)
    return True, ", ".join(notes) if notes else "primary amine"


def _all_carbocyclic(ctx: MatchContext, idx: int) -> bool:
    return all(
        all(_atom(ctx, i).GetAtomicNum() == 6 for i in ring)
        for ring in ctx.mol.GetRingInfo().AtomRings()
        if idx in ring
    )


def _g1_c_substituents(ctx: MatchContext) -> tuple[bool, str]:
    parts = _g1_parts(ctx)
    frame, ring_a = parts["frame"], parts["ring_a"]
    c2, c1, n = ctx.site("C2"), ctx.site("C1"), ctx.site("N")
    notes = []
    seen: set[frozenset[int]] = set()
    for anchor in (c2, c1):
        for sub in ctx.substituents_at(anchor, frame):
            if sub.atoms in seen or n in sub.anchors:
                continue  # rings through the nitrogen are judged under 1.2 a
            seen.add(sub.atoms)
            text = ctx.fragment_smiles(sub)
            if not elements_within(ctx.mol, sub.atoms, _CHNOS_HAL):
                return False, f"{text} holds an element other than C, H, N, O, S, F, Cl, Br, I"
            if sub.closes_ring:
                rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
                if any(not 4 <= len(r) <= 6 for r in rings):
                    size = max(len(r) for r in rings)
                    return False, f"{text}: a ring closed with C1/C2 has {size} atoms (4 to 6 allowed)"
                if any(len(r & ring_a) > 2 for r in rings):
                    return False, f"{text}: a bridged (cage) ring with element A, not a ring fused to it"
                notes.append(f"{text} (ring closure)")
                continue
            ok, why = _g1_r3_r6_ok(ctx, sub, is_c2=anchor == c2)
            if not ok:
                return False, f"{text}: {why}"
            notes.append(text)
    return True, ", ".join(notes) if notes else "hydrogen only"


def _g1_r3_r6_ok(ctx: MatchContext, sub: Substituent, *, is_c2: bool) -> tuple[bool, str]:
    mol, root = ctx.mol, _atom(ctx, sub.root)
    bond = mol.GetBondBetweenAtoms(sub.root, sub.anchor)
    if OXO.matches(mol, sub):
        return is_c2, "oxo only at C2 (beta-keto)" if is_c2 else "an oxo group at C1 is not allowed"
    if bond.GetBondType() != Chem.BondType.SINGLE:
        return False, "double-bonded group other than the beta-keto oxygen"
    symbol = root.GetSymbol()
    if symbol in {"F", "Cl", "Br", "I"}:
        return len(sub.atoms) == 1, "halogen"
    if symbol == "C" and root.GetIsAromatic() and _ring_name(mol, _ring_of(mol, sub.root)) != "phenyl":
        return False, "an aromatic ring other than phenyl bonded directly to C1/C2"
    ring_too_big = any(len(r) > 10 for r in mol.GetRingInfo().AtomRings() if sub.root in r)
    if (
        symbol == "C"
        and root.IsInRing()
        and not root.GetIsAromatic()
        and (not _all_carbocyclic(ctx, sub.root) or ring_too_big)
    ):
        return False, "only cycloalkyl rings up to C10 may be bonded directly to C1/C2"
    if symbol in {"O", "S"}:
        others = [n for n in root.GetNeighbors() if n.GetIdx() in sub.atoms]
        if symbol == "S" and (len(others) != 1 or others[0].GetAtomicNum() != 6):
            return False, "only alkylsulfanyl groups may be bonded through sulfur"
    elif symbol != "C":
        return False, f"bonded through {symbol}"
    elif _carbonyl_partner(mol, sub) and not headed("", "*-C(=O)-[OX2:1]", _ANY_CARBON_GROUP).matches(mol, sub):
        return False, "an acyl/carboxyl group bonded through its carbonyl carbon (only alkyloxycarbonyl is listed)"
    chain = longest_chain(mol, sub.atoms)
    return chain <= 12, f"chain of {chain} atoms (at most 12)"


_ANY_CARBON_GROUP = Kind(
    "a group bonded through carbon (listed group, further substituted)",
    lambda mol, atoms, root, anchor: mol.GetAtomWithIdx(root).GetAtomicNum() == 6,
)


def _ring_of(mol: Chem.Mol, idx: int) -> frozenset[int]:
    rings = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if idx in r]
    return min(rings, key=len) if rings else frozenset()


def _defers_to_other_groups(group_ids: tuple[str, ...]) -> Check:
    def test(ctx: MatchContext) -> tuple[bool, str]:
        for group_id in group_ids:
            verdict = ctx.group_verdict(group_id)
            if verdict is not None and verdict.core_found and not verdict.member:
                return False, (
                    f"has the core structure of {group_id} but is not covered by that group, "
                    f"so group 1 does not apply either"
                )
        return True, "no core structure of groups 2 to 9 that its own group rejects"

    return Check(
        "not_excluded_by_other_group_core",
        "not a substance with the core of groups 2-9 that the respective group does not cover",
        test,
        requires=group_ids,
    )


_OTHER_GROUPS = (
    "DE-NpSG-2.1",
    "DE-NpSG-2.2",
    "DE-NpSG-2.3",
    "DE-NpSG-3.1",
    "DE-NpSG-3.2",
    "DE-NpSG-4",
    "DE-NpSG-5.1",
    "DE-NpSG-5.2",
    "DE-NpSG-6",
    "DE-NpSG-7",
    "DE-NpSG-8",
    "DE-NpSG-9",
)

GROUP_1 = GroupDefinition(
    group_id="DE-NpSG-1",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from 2-phenethylamine",
    name_local="Von 2-Phenethylamin abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 1",
    effective_from=_IN_FORCE_2016,
    effective_to=None,
    rule_text=(
        "Jede chemische Verbindung, die von einer 2-Phenylethan-1-amin-Grundstruktur abgeleitet werden "
        "kann (ausgenommen 2-Phenethylamin selbst), eine maximale Molekülmasse von 500 u hat und dem "
        "modularen Aufbau aus Strukturelement A (Ringsystem) und B (2-Aminoethyl-Seitenkette) "
        "entspricht; schließt Cathinone ein."
    ),
    cores=(_G1_CORE,),
    max_mass_without_counterion=500.0,
    excluded_substances=(ExcludedSubstance("2-phenethylamine", "NCCc1ccccc1"),),
    checks=(
        Check(
            "element_a_ring_system",
            "element A is phenyl, furanyl, pyrrolyl, thienyl, pyridyl, cyclopentyl, cyclohexyl, or a "
            "benzene ring Z with one or two annelated 4-8-membered rings (<=2 O/N/S bonded to Z)",
            _g1_ring_system,
        ),
        Check(
            "element_a_substituents",
            "ring A carries only H, halogen, alkyl/alkenyl/alkynyl (<=C8), alkoxy/alkylsulfanyl (<=C7), "
            "carboxy, nitro, further substituted by C,H,N,O,S,halogens, chain <= 8 atoms; no ring "
            "annelated by these substituents; ring N only H/methyl/ethyl",
            _g1_ring_substituents,
        ),
        Check(
            "nitrogen_substituents_r1_r2",
            "R1/R2 on N from the list of 1.2 a (chain <= 10 atoms), or N in a non-aromatic ring system of "
            "5-7 atoms in all; N must not be in a ring fused to element A",
            _g1_n_substituents,
        ),
        Check(
            "carbon_substituents_r3_r6",
            "R3-R6 on C1/C2 from the list of 1.2 b (chain <= 12 atoms), rings closed with A or "
            "within R3-R6 of 4-6 atoms; oxo only at C2",
            _g1_c_substituents,
        ),
        _defers_to_other_groups(_OTHER_GROUPS),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "Element B is taken to hang on a ring carbon. Chain lengths count the longest run of non-ring "
        "atoms. The detailed lists of 1.2 a/b are encoded by their bonding atom (C, O, N for R1/R2; "
        "halogen, C, O, S or beta-oxo for R3-R6) plus the element and chain limits, since the text lets "
        "every listed group carry further C/H/N/O/S/halogen substituents."
    ),
)


# --- 2.1 cannabimimetics: indole, indazole, indolizine, pyrrole, pyrazole, quinolone cores -------------

_CORE_RING_SUBS = (HALOGEN, PHENYL, METHYL, TRIFLUOROMETHYL, trialkylsilyl(3), METHOXY, TRIFLUOROMETHOXY, NITRO)
_X_SUBS = (METHYL, HALOGEN)
_AZA = "[c,n;!$([n]~[!#1;!#6])]"

_G21_CORES = (
    core(
        "indol-1,3-diyl / indazol-1,3-diyl and 4-7-aza analogues (a, b)",
        f"{_AZA}1:{_AZA}:{_AZA}:{_AZA}:[c:8]2:[c:8]:1:[c:1]:[c,n:3]:[n:2]:2".replace(_AZA, "[c,n:7]"),
        ring=7,
        fusion=8,
        bridge_at=1,
        X=3,
        side_at=2,
    ),
    core(
        "1H-indol-2-one-1,3-diyl (c)",
        "[#6:7]1~[#6:7]~[#6:7]~[#6:7]~[#6:8]2~[#6:8]~1~[#6;!a:1]~[#6](=O)~[#7:2]~2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "carbazol-1,4-diyl (d; side chain on N9, bridge para to C9a)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[c:8]1[c:7][c:1][c:7][c:7][c:8]1[n:2]2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "benzimidazol-1,2-diyl isomer I (e)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:1][n:2]2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "benzimidazol-1,2-diyl isomer II (e)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:2][n:1]2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "indolizin-1,3-diyl and 6-, 7-, 8-aza analogues (f, g)",
        "[n:8]12[c:2][c:7][c:1][c:8]1[c,n:7][c,n:7][c,n:7][c:7]2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "2-quinolone-1,3-diyl and 5-8-aza analogues (h, i)",
        "[#6,#7:7]1~[#6,#7:7]~[#6,#7:7]~[#6,#7:7]~[#6:8]2~[#6:8]~1~[#6:7]~[#6:1]~[#6](=O)~[#7:2]~2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "3-phenylpyrazol-1,5-diyl (j)",
        "[c:7]1[c:7][c:7][c:7][c:7][c:8]1-[c:8]1[n][n:2][c:1][c:7]1",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "5-phenylpyrazol-1,3-diyl (j)",
        "[c:7]1[c:7][c:7][c:7][c:7][c:8]1-[c:8]1[c:7][c:1][n][n:2]1",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
    ),
    core(
        "pyrrol-1,3-diyl / pyrazol-1,3-diyl with non-aromatic annelation at C4-C5 (k)",
        "[n:2]1[c,n:3][c:1][c:4][c:4]1",
        bridge_at=1,
        X=3,
        side_at=2,
        annelation=4,
    ),
    core(
        "4-quinolone-1,3-diyl (l)",
        "[#6:7]1~[#6:7]~[#6:7]~[#6:7]~[#6:8]2~[#6:8]~1~[#6](=O)~[#6:1]~[#6:9]~[#7:2]~2",
        ring=7,
        fusion=8,
        bridge_at=1,
        side_at=2,
        C2=9,
    ),
)
_G21_ELEMENTS_RESIDUE = element_set("C N O Si S F Cl Br I")
_G21_ELEMENTS_SIDE = element_set("C N O S Si F Cl Br I")
_CHAIN_SIDE = element_set("C O S Si")
_QUINOLONE4 = "4-quinolone-1,3-diyl (l)"
_OXINDOLE = "1H-indol-2-one-1,3-diyl (c)"
_PHENYLTHIO = exact("phenylthio", "*-[SX2]-c1ccccc1")


def _g21_core_ring(ctx: MatchContext) -> tuple[bool, str]:
    """At most one ring nitrogen in the aza positions; X and ring positions from the allowed lists."""
    name = ctx.core.name
    if "ring" in ctx.core.site_labels:
        aza = sum(1 for i in ctx.site_atoms("ring") if _atom(ctx, i).GetAtomicNum() == 7)
        if aza > 1:
            return False, f"{aza} ring nitrogens in the six-membered ring (one aza position at most)"
    results = []
    if "X" in ctx.core.site_labels:
        x = ctx.site("X")
        for sub in ctx.substituents_at(x):
            if sub.closes_ring and "bridge_at" in ctx.core.site_labels and ctx.site("bridge_at") in sub.anchors:
                continue  # carboxamide ring closed onto position 2 (2.1.2 b), judged with the bridge
            ok = not sub.closes_ring and any(k.matches(ctx.mol, sub) for k in _X_SUBS)
            results.append(
                (
                    ok,
                    f"X = C-{ctx.fragment_smiles(sub)}"
                    if ok
                    else f"X carries {ctx.fragment_smiles(sub)} (only CH, C-CH3, C-halogen or N)",
                )
            )
    if "ring" in ctx.core.site_labels:
        allowed = (HALOGEN, _PHENYLTHIO) if name == _QUINOLONE4 else _CORE_RING_SUBS
        ring_atoms = set(ctx.site_atoms("ring"))
        for sub in ctx.substituents():
            touching = sub.anchors & ring_atoms
            if not touching:
                continue
            text = ctx.fragment_smiles(sub)
            if sub.closes_ring:
                return False, f"{text} closes a ring onto the core ring system"
            if not any(k.matches(ctx.mol, sub) for k in allowed):
                return False, f"{text} on the core ring is not allowed (allowed: {', '.join(k.label for k in allowed)})"
            results.append((True, text))
    if "C2" in ctx.core.site_labels and ctx.substituents_at(ctx.site("C2")):
        return False, "position 2 of the 4-quinolone carries a substituent"
    return _first_failure(results)


def _g21_annelation(ctx: MatchContext) -> tuple[bool, str]:
    if "annelation" not in ctx.core.site_labels:
        return True, "no annelation needed for this core"
    c4, c5 = ctx.site_atoms("annelation")
    closing = [s for s in ctx.substituents() if s.anchors == frozenset({c4, c5})]
    if len(closing) != 1:
        return False, "C4 and C5 are not joined by one annelated ring system"
    sub = closing[0]
    text = ctx.fragment_smiles(sub)
    rings = [r for r in _rings_with(ctx, sub.atoms | {c4, c5}) if r & sub.atoms]
    for ring in rings:
        if any(_atom(ctx, i).GetIsAromatic() for i in ring):
            return False, f"{text}: aromatic annelation (those are the indole/indazole cores a and b)"
        if not elements_within(ctx.mol, ring, element_set("C O S")):
            return False, f"{text}: annelated ring atoms must be C, O or S"
        limit = 8 if len(rings) == 1 else 7
        if not 3 <= len(ring) <= limit:
            return False, f"{text}: annelated ring of {len(ring)} atoms (3 to {limit} allowed)"
    ring_atoms = frozenset().union(*rings) if rings else frozenset()
    frame = ctx.core_atoms | ring_atoms
    for piece in ctx.substituents(frame):
        on_ring = piece.anchors & ring_atoms and not piece.anchors & ctx.core_atoms
        if on_ring and (piece.closes_ring or not any(k.matches(ctx.mol, piece) for k in _CORE_RING_SUBS)):
            return False, f"{ctx.fragment_smiles(piece)} on the annelated ring is not allowed"
    return True, f"non-aromatic annelation {text}"


class _Bridge:
    """Result of reading the bridge at the core: its kind and the residues hanging on it."""

    def __init__(self, kind: str, residues: list[frozenset[int]], problem: str = "") -> None:
        self.kind = kind
        self.residues = residues
        self.problem = problem


_BRIDGE_HEADS = (
    ("carboxamido", "*-[CX3](=O)-[NX3:1]", (0, 2)),
    ("methylenecarboxamido", "*-[CH2]-[CX3](=O)-[NX3:1]", (0, 2)),
    ("carboxyl (ester)", "*-[CX3](=O)-[OX2:1]", (1, 1)),
    ("methylenecarboxyl (ester)", "*-[CH2]-[CX3](=O)-[OX2:1]", (1, 1)),
    ("azacarbonyl", "*-[NX3H1]-[CX3:1]=O", (1, 1)),
    ("carbonyl", "*-[CX3:1]=O", (1, 1)),
    ("methylenecarbonyl", "*-[CH2]-[CX3:1]=O", (1, 1)),
)


def _g21_read_bridge(ctx: MatchContext) -> _Bridge:
    cached = ctx.memo.get("bridge")
    if cached is not None:
        return cached  # type: ignore[return-value]
    bridge = _g21_read_bridge_uncached(ctx)
    ctx.memo["bridge"] = bridge
    return bridge


def _g21_read_bridge_uncached(ctx: MatchContext) -> _Bridge:
    b = ctx.site("bridge_at")
    subs = ctx.substituents_at(b)
    if not subs:
        return _Bridge("", [], "no bridge at the bridge position")
    if ctx.core.name == _OXINDOLE:
        special = _g21_oxindole_bridge(ctx, b, subs)
        if special is not None:
            return special
    if len(subs) != 1:
        return _Bridge("", [], "more than one group at the bridge position")
    sub = subs[0]
    if sub.closes_ring:
        return _g21_ring_closed_amide(ctx, sub)
    mol = ctx.mol
    for kind, smarts, (low, high) in _BRIDGE_HEADS:
        head = _head_match(mol, smarts, sub)
        if head is None:
            continue
        head_atoms, carrier = head
        residues = split_pieces(mol, sub.atoms - head_atoms)
        if kind == "carbonyl" and any(
            _atom(ctx, r).GetSymbol() in {"N", "O"}
            for piece in residues
            for r in piece
            if _bonded_to(ctx, r, frozenset({carrier}))
        ):
            continue
        if not low <= len(residues) <= high:
            continue
        return _Bridge(kind, residues)
    heterocycle = _g21_heterocycle_bridge(ctx, sub)
    if heterocycle is not None:
        return heterocycle
    return _Bridge("", [], f"{ctx.fragment_smiles(sub)} is not one of the bridges of 2.1.2")


def _head_match(mol: Chem.Mol, smarts: str, sub: Substituent) -> tuple[frozenset[int], int] | None:
    query = Chem.MolFromSmarts(smarts)
    carrier_pos = next(a.GetIdx() for a in query.GetAtoms() if a.GetAtomMapNum() == 1)
    for match in mol.GetSubstructMatches(query, uniquify=False, maxMatches=64):
        if match[0] == sub.anchor and match[1] == sub.root and set(match[1:]) <= sub.atoms:
            head = frozenset(match[1:])
            rest = sub.atoms - head
            if all(
                n.GetIdx() not in head or n.GetIdx() == match[carrier_pos]
                for i in rest
                for n in mol.GetAtomWithIdx(i).GetNeighbors()
            ):
                return head, match[carrier_pos]
    return None


def _g21_ring_closed_amide(ctx: MatchContext, sub: Substituent) -> _Bridge:
    """2.1.2 b: carboxamide whose N-substituent closes a six-membered ring with indole position 2."""
    if (
        "X" not in ctx.core.site_labels
        or ctx.site("X") not in sub.anchors
        or _atom(ctx, ctx.site("X")).GetAtomicNum() != 6
    ):
        return _Bridge("", [], "the bridge closes a ring with the core, which only an indole carboxamide may do")
    b = ctx.site("bridge_at")
    ring = [r for r in _rings_with(ctx, sub.atoms) if b in r and ctx.site("X") in r]
    if not ring or len(ring[0]) != 6:
        return _Bridge("", [], "the carboxamide ring closed onto indole position 2 is not six-membered")
    head = _head_match(
        ctx.mol,
        "*~[#6X3](=O)~[#7X3:1]",
        Substituent(sub.atoms, ((b, sub.links[0][1]),))
        if sub.links[0][0] == b
        else Substituent(sub.atoms, ((b, sub.links[1][1]),)),
    )
    in_ring = ring[0] & sub.atoms
    if head is None or not head[0] - {a for a in head[0] if _atom(ctx, a).GetSymbol() == "O"} <= in_ring:
        return _Bridge("", [], "a ring closed onto indole positions 2 and 3 that is not a carboxamide")
    if not elements_within(ctx.mol, in_ring - head[0], element_set("C")):
        return _Bridge("", [], "the ring closed onto indole position 2 has other atoms than carbon")
    residues = split_pieces(ctx.mol, sub.atoms - ring[0] - head[0])
    return _Bridge("carboxamido closed onto indole position 2", residues)


def _g21_heterocycle_bridge(ctx: MatchContext, sub: Substituent) -> _Bridge | None:
    """2.1.2 d: N-heterocycle (<= 5 ring atoms) bonded by a carbon that is double-bonded to ring N."""
    root = _atom(ctx, sub.root)
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if sub.root in r and set(r) <= sub.atoms]
    if len(rings) != 1 or len(rings[0]) > 5 or root.GetAtomicNum() != 6:
        return None
    ring = rings[0]
    has_cn_double = any(
        n.GetIdx() in ring
        and n.GetAtomicNum() == 7
        and ctx.mol.GetBondBetweenAtoms(sub.root, n.GetIdx()).GetBondType()
        in (Chem.BondType.DOUBLE, Chem.BondType.AROMATIC)
        for n in root.GetNeighbors()
    )
    if not has_cn_double or not elements_within(ctx.mol, ring, element_set("C N O S")):
        return None
    return _Bridge("N-heterocycle", split_pieces(ctx.mol, sub.atoms - ring))


def _g21_oxindole_bridge(ctx: MatchContext, b: int, subs: tuple[Substituent, ...]) -> _Bridge | None:
    mol = ctx.mol
    for sub in subs:
        bond = mol.GetBondBetweenAtoms(b, sub.root) if not sub.closes_ring else None
        if bond is not None and bond.GetBondType() == Chem.BondType.DOUBLE and _atom(ctx, sub.root).GetSymbol() == "N":
            head = _head_match(mol, "*=[NX2]-[NX3:1]", sub)
            if head is None:
                return _Bridge("", [], "a C=N group at position 3 that is not a hydrazone")
            return _Bridge("hydrazone", split_pieces(mol, sub.atoms - head[0]))
        if sub.closes_ring and sub.anchors == frozenset({b}):
            rings = [r for r in _rings_with(ctx, sub.atoms) if b in r]
            spiro = [r for r in rings if r <= sub.atoms | {b}]
            if (
                len(spiro) == 1
                and 3 <= len(spiro[0]) <= 6
                and any(
                    _atom(ctx, n.GetIdx()).GetSymbol() == "O" and n.GetIdx() in spiro[0]
                    for n in _atom(ctx, b).GetNeighbors()
                )
            ):
                return _Bridge("oxaspirocycloalkyl", split_pieces(mol, sub.atoms - spiro[0]))
            return _Bridge(
                "",
                [],
                "a spiro ring at position 3 that is not an oxaspirocycloalkyl (O next to the spiro atom, <= 6 atoms)",
            )
    return None


def _g21_bridge(ctx: MatchContext) -> tuple[bool, str]:
    bridge = _g21_read_bridge(ctx)
    if bridge.problem:
        return False, bridge.problem
    return True, f"{bridge.kind} bridge"


def _g21_residue(ctx: MatchContext) -> tuple[bool, str]:
    bridge = _g21_read_bridge(ctx)
    if bridge.problem:
        return False, "no valid bridge, so no bridge residue"
    if not bridge.residues:
        return False, "the bridge carries no residue"
    atoms = frozenset().union(*bridge.residues)
    if not elements_within(ctx.mol, atoms, _G21_ELEMENTS_RESIDUE):
        return False, "a bridge residue holds an element other than C, H, N, O, Si, S, F, Cl, Br, I"
    if not any(_atom(ctx, i).GetAtomicNum() == 6 for i in atoms):
        return False, "the bridge residue has no carbon atom"
    mass = heavy_mass(ctx.mol, atoms)
    if mass > 400.0:
        return False, f"bridge residues weigh {mass:.1f} u together (at most 400 u)"
    for piece in bridge.residues:
        chain = longest_chain(ctx.mol, piece)
        if chain > 12:
            return False, f"a bridge residue has a chain of {chain} atoms (at most 12)"
    return True, f"{len(bridge.residues)} residue(s), {mass:.1f} u"


def _g21_side_chain(ctx: MatchContext) -> tuple[bool, str]:
    subs = ctx.substituents_at(ctx.site("side_at"))
    if len(subs) != 1 or subs[0].closes_ring:
        return False, "no single side chain at the side-chain position"
    sub = subs[0]
    text = ctx.fragment_smiles(sub)
    if not elements_within(ctx.mol, sub.atoms, _G21_ELEMENTS_SIDE):
        return False, f"{text} holds an element other than C, H, N, O, S, Si, F, Cl, Br, I"
    mass = heavy_mass(ctx.mol, sub.atoms)
    if mass > 300.0:
        return False, f"{text} weighs {mass:.1f} u (at most 300 u)"
    chain_ok, chain_why = _side_chain_is_chain(ctx, sub)
    if chain_ok:
        return True, f"{text}: {chain_why}"
    ring_ok, ring_why = _side_chain_is_ring(ctx, sub)
    if ring_ok:
        return True, f"{text}: {ring_why}"
    return False, f"{text}: {chain_why}; {ring_why}"


def _side_chain_is_chain(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    mol = ctx.mol
    root = _atom(ctx, sub.root)
    if root.IsInRing() or root.GetAtomicNum() not in _CHAIN_SIDE:
        return False, "not a chain (a)"
    chain_atoms = frozenset(
        i for i in sub.atoms if not _atom(ctx, i).IsInRing() and _atom(ctx, i).GetAtomicNum() in _CHAIN_SIDE
    )
    depth = {sub.root: 1}
    queue = [sub.root]
    for idx in queue:
        for n in _atom(ctx, idx).GetNeighbors():
            if n.GetIdx() in chain_atoms and n.GetIdx() not in depth:
                depth[n.GetIdx()] = depth[idx] + 1
                queue.append(n.GetIdx())
    from_root = max(depth.values())
    overall = longest_chain(mol, frozenset(depth), elements=_CHAIN_SIDE)
    if from_root < 3 or overall > 10:
        return False, f"chain (a) of {max(from_root, overall)} C/O/S/Si atoms (3 to 10 allowed)"
    return True, f"chain of {overall} atoms (a)"


def _side_chain_is_ring(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    mol = ctx.mol
    ring_atoms = frozenset(i for i in sub.atoms if _atom(ctx, i).IsInRing())
    if not ring_atoms:
        return False, "no ring (b)"
    rings = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if set(r) <= sub.atoms]
    for ring in rings:
        if not 3 <= len(ring) <= 7:
            return False, f"ring of {len(ring)} atoms (b: 3 to 7)"
        if not elements_within(mol, ring, element_set("C N O S")):
            return False, "ring atom other than C, N, O, S (b)"
    if _atom(ctx, sub.root).IsInRing():
        bridge: frozenset[int] = frozenset()
    else:
        bridge = reach(mol, sub.root, sub.atoms - ring_atoms)
        carbons = [i for i in bridge if _atom(ctx, i).GetAtomicNum() == 6]
        oxo = [i for i in bridge if _atom(ctx, i).GetAtomicNum() == 8]
        if len(carbons) + len(oxo) != len(bridge) or not 1 <= len(carbons) <= 4:
            return False, "the link to the ring is not a C1-C4 hydrocarbon bridge (b)"
        second = {n.GetIdx() for n in _atom(ctx, sub.root).GetNeighbors() if n.GetIdx() in bridge}
        if any(not ({n.GetIdx() for n in _atom(ctx, o).GetNeighbors()} & second) for o in oxo) or len(oxo) > 1:
            return False, "oxo on the bridge only at position 2 (b)"
        doubles = sum(
            1
            for bond in mol.GetBonds()
            if bond.GetBeginAtomIdx() in bridge
            and bond.GetEndAtomIdx() in bridge
            and bond.GetBondType() == Chem.BondType.DOUBLE
            and not {bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()} & set(oxo)
        )
        triples = sum(
            1
            for bond in mol.GetBonds()
            if bond.GetBeginAtomIdx() in bridge
            and bond.GetEndAtomIdx() in bridge
            and bond.GetBondType() == Chem.BondType.TRIPLE
        )
        if doubles > 1 or triples:
            return False, "the hydrocarbon bridge is more than singly unsaturated (b)"
        links = {n.GetIdx() for i in bridge for n in _atom(ctx, i).GetNeighbors() if n.GetIdx() in ring_atoms}
        if len(links) != 1:
            return False, "the bridge must lead to one ring atom (b)"
    for i in ring_atoms:
        atom = _atom(ctx, i)
        if atom.GetAtomicNum() != 7:
            continue
        for n in atom.GetNeighbors():
            j = n.GetIdx()
            if j in sub.atoms and j not in ring_atoms and j not in bridge:
                group = reach(mol, j, sub.atoms - ring_atoms)
                piece = Substituent(group, ((i, j),))
                if not (METHYL.matches(mol, piece) or ETHYL.matches(mol, piece)):
                    return False, "a ring nitrogen carries a group other than H, methyl, ethyl (b)"
    return True, ("ring bonded directly (b)" if not bridge else f"ring on a C{len(bridge)} bridge (b)")


GROUP_2_1 = GroupDefinition(
    group_id="DE-NpSG-2.1",
    jurisdiction=JURISDICTION,
    name_en="Synthetic cannabinoids derived from indole, indolizine, pyrrole, pyrazole and quinolone",
    name_local="Cannabimimetika: von Indol, Indolizin, Pyrrol, Pyrazol und Chinolon abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 2.1",
    effective_from=_IN_FORCE_2016,
    effective_to=None,
    rule_text=(
        "Modularer Aufbau: Kernstruktur (2.1.1 a-l) mit einer Brücke (2.1.2) an definierter Position, die "
        "einen Brückenrest (2.1.3, <= 400 u) trägt, und einer Seitenkette (2.1.4, <= 300 u) an definierter "
        "Position."
    ),
    cores=_G21_CORES,
    checks=(
        Check(
            "core_ring_substituents",
            "core positions carry only H, F, Cl, Br, I, phenyl, methyl, CF3, trimethylsilyl, methoxy, OCF3, "
            "nitro; X is CH, C-CH3, C-halogen or N; at most one aza position",
            _g21_core_ring,
        ),
        Check("annelation_k", "for core k: non-aromatic C/O/S ring(s) annelated at C4-C5", _g21_annelation),
        Check("bridge", "a bridge of 2.1.2 a-f at the bridge position", _g21_bridge),
        Check(
            "bridge_residue",
            "bridge residue(s) of C,H,N,O,Si,S,halogens, together <= 400 u, chains <= 12 atoms",
            _g21_residue,
        ),
        Check(
            "side_chain",
            "side chain <= 300 u: a C/O/S/Si chain of 3-10 atoms (a) or a 3-7-membered ring bonded directly "
            "or through a C1-C4 hydrocarbon bridge (b)",
            _g21_side_chain,
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "Core drawings are not in the reference text: carbazole 'Position 4/1' is read as the carbon para to "
        "C9a / N9 (EG-018 type); 'Azacarbonyl' is read as -NH-C(=O)- bonded through N; the R position of "
        "the 4-quinolone is read as any benzo position. Trimethylsilyl stands for the trimethylsilyl group "
        "named in 2.1.1."
    ),
)


# --- 2.2 cannabimimetics derived from 3-sulfonylamidobenzoic acid -------------------------------------

_G22_CORES = (
    core(
        "3-sulfonylamidobenzoate (a)",
        "[OX2:2]-C(=O)-c1[cH1][c:5](-[SX4](=O)(=O)-[NX3:3])[c:1][cH1][cH1]1",
        R2=2,
        R1=1,
        N=3,
        ring=5,
    ),
    core(
        "3-sulfonylamidobenzamide (b)",
        "[NX3:2]-C(=O)-c1[cH1][c:5](-[SX4](=O)(=O)-[NX3:3])[c:1][cH1][cH1]1",
        R2=2,
        R1=1,
        N=3,
        ring=5,
    ),
)
_R2_RING_SUBS = (HALOGEN, METHOXY, AMINO, HYDROXY, CYANO, METHYL, exact("phenoxy", "*-[OX2]c1ccccc1"))


def _g22_r2_kind() -> Kind:
    names = ("phenyl", "pyridyl")

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        systems = [s for s in ring_systems(mol, atoms) if root in s or _cumyl_ring(mol, atoms, root, s)]
        if len(systems) != 1:
            return False
        system = systems[0]
        rings = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if set(r) <= system]
        extra = atoms - system
        carrier = system
        if root not in system:  # cumyl: C(CH3)2 between the heteroatom and the phenyl ring
            cumyl = {root} | {
                n.GetIdx()
                for n in mol.GetAtomWithIdx(root).GetNeighbors()
                if n.GetIdx() in atoms and n.GetIdx() not in system
            }
            if len(cumyl) != 3 or len(rings) != 1 or _ring_name(mol, rings[0]) != "phenyl":
                return False
            extra = atoms - system - cumyl
            carrier = system
        elif len(rings) == 1:
            if _ring_name(mol, rings[0]) not in names:
                return False
        elif not _g22_named_polycycle(mol, system, root):
            return False
        for piece, (frame_atom, first) in pieces_on(mol, extra, carrier):
            if frame_atom < 0 or not any(k.test(mol, piece, first, frame_atom) for k in _R2_RING_SUBS):
                return False
        return True

    return Kind("phenyl, pyridyl, cumyl, 8-quinolinyl, 3-isoquinolinyl, 1-naphthyl or adamantyl", test)


def _cumyl_ring(mol: Chem.Mol, atoms: frozenset[int], root: int, system: frozenset[int]) -> bool:
    atom = mol.GetAtomWithIdx(root)
    if atom.IsInRing() or atom.GetAtomicNum() != 6:
        return False
    neighbors = [n for n in atom.GetNeighbors() if n.GetIdx() in atoms]
    methyls = [n for n in neighbors if n.GetAtomicNum() == 6 and n.GetDegree() == 1]
    ring = [n for n in neighbors if n.GetIdx() in system]
    return len(methyls) == 2 and len(ring) == 1


_G22_POLYCYCLES = {
    "8-quinolinyl": "*-c1cccc2cccnc12",
    "3-isoquinolinyl": "*-c1cc2ccccc2cn1",
    "1-naphthyl": "*-c1cccc2ccccc12",
    "adamantyl": "*-C12CC3CC(CC(C3)C1)C2",
    "2-adamantyl": "*-C1C2CC3CC(C2)CC1C3",
}


def _g22_named_polycycle(mol: Chem.Mol, system: frozenset[int], root: int) -> bool:
    for smarts in _G22_POLYCYCLES.values():
        query = Chem.MolFromSmarts(smarts)
        for match in mol.GetSubstructMatches(query, uniquify=False, maxMatches=64):
            if match[1] == root and frozenset(match[1:]) == system:
                return True
    return False


_R3R4 = (alkyl(3),)


def _g22_n_ring(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    rings = [r for r in _rings_with(ctx, sub.atoms) if ctx.site("N") in r]
    if len(rings) != 1 or len(rings[0]) > 7 or any(_atom(ctx, i).GetIsAromatic() for i in rings[0]):
        return False, "the nitrogen ring must be one saturated ring of up to seven atoms"
    if any(
        b.GetBondType() != Chem.BondType.SINGLE
        for b in ctx.mol.GetBonds()
        if b.GetBeginAtomIdx() in rings[0] and b.GetEndAtomIdx() in rings[0]
    ):
        return False, "the nitrogen ring is not saturated"
    if not elements_within(ctx.mol, rings[0], element_set("C N O S")):
        return False, "ring atoms other than C, N, O, S"
    for piece, (carrier, first) in pieces_on(ctx.mol, sub.atoms - rings[0], rings[0]):
        carrier_atom = _atom(ctx, carrier)
        kinds = (alkyl(3),) if carrier_atom.GetAtomicNum() == 7 else (HALOGEN,)
        if carrier < 0 or not any(k.test(ctx.mol, piece, first, carrier) for k in kinds):
            return False, f"ring substituent {Chem.MolFragmentToSmiles(ctx.mol, sorted(piece))} not allowed"
    return True, f"saturated {len(rings[0])}-membered ring through the nitrogen"


GROUP_2_2 = GroupDefinition(
    group_id="DE-NpSG-2.2",
    jurisdiction=JURISDICTION,
    name_en="Synthetic cannabinoids derived from 3-sulfonylamidobenzoic acid",
    name_local="Cannabimimetika: von 3-Sulfonylamidobenzoesäure abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 2.2",
    effective_from=_FIRST_AMENDMENT,
    effective_to=None,
    rule_text=(
        "3-Sulfonylamidobenzoate und -benzamide mit R1 (H, Halogen, Methyl, Ethyl, Methoxy), R2 (Phenyl, "
        "Pyridyl, Cumyl, 8-Chinolinyl, 3-Isochinolinyl, 1-Naphthyl, Adamantyl), R3/R4 (H, C1-C3-Alkyl oder "
        "gesättigter Ring bis 7 Atome), maximale Molekülmasse 500 u."
    ),
    cores=_G22_CORES,
    max_mass_without_counterion=500.0,
    checks=(
        substituent_check(
            "r1",
            "R1 (para to the ester/amide... position 4): H, F, Cl, Br, I, methyl, ethyl, methoxy",
            at="R1",
            allowed=(HALOGEN, METHYL, ETHYL, METHOXY),
        ),
        substituent_check(
            "r2",
            "R2 on the ester O / amide N: one of the ring systems of 2.2.2 b with its substituents",
            at="R2",
            allowed=(_g22_r2_kind(),),
            required=True,
        ),
        substituent_check(
            "r3_r4",
            "R3/R4 on the sulfonamide N: H, C1-C3 alkyl, or a saturated ring of up to 7 atoms",
            at="N",
            allowed=_R3R4,
            ring_closure=_g22_n_ring,
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The drawing is not in the reference text: R1 is read as position 4 (QMPSB type) and the other "
        "benzene positions as unsubstituted; the second amide N substituent is taken to be H only."
    ),
    effective_from_basis="assumed: present since the recast annex of the first amendment (2019)",
)


# --- 2.3 cannabimimetics derived from 6H-benzo[c]chromen-1-ol --------------------------------------

_G23_CORE = core(
    "6H-benzo[c]chromen-1-ol (ring A in any degree of hydrogenation)",
    "[OX2:5]c1[c:4][c:3][c:4]c2O[#6X4:6][#6:7]3~[#6:7]~[#6:7]~[#6:7]~[#6:7]~[#6:7]~3c12",
    R5=5,
    R4=4,
    R3=3,
    R1R2=6,
    ringA=7,
)
_SILYL = trialkylsilyl(12)
_RN_23 = (
    HALOGEN,
    HYDROXY,
    METHYL,
    _SILYL,
    exact("hydroxymethyl", "*-[CH2][OH]"),
    halo_substituted(headed("alkylcarbonyloxy (<=C5)", "*-[OX2]-[CX3:1]=O", alkyl(5)), silyl=True),
    halo_substituted(headed("alkoxycarbonyloxy (<=C5)", "*-[OX2]-C(=O)-[OX2:1]", alkyl(5)), silyl=True),
    halo_substituted(headed("alkoxy (<=C5)", "*-[OX2:1]", alkyl(5)), silyl=True),
    halo_substituted(carbon_chain(10), silyl=True),
)
_R1R2_23 = (_SILYL, halo_substituted(alkyl(5), silyl=True))
_R3_23 = (_SILYL, halo_substituted(carbon_chain(12), silyl=True))
_R4_23 = (alkyl(5), alkenyl(5), CARBOXY, headed("alkyloxycarbonyl (<=C5)", "*-C(=O)-[OX2:1]", alkyl(5)))


def _ring_acyl(label: str, *, methylene: bool, aryl: bool) -> Kind:
    """Cycloalkyl-/aryl-(methyl)carbonyl: rings of 3-7 (cycloalkyl) or 3-6 (aryl) atoms incl. polycycles."""
    head = "*-[CX3](=O)-[CH2:1]" if methylene else "*-[CX3:1]=O"

    def ring_part(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        if not mol.GetAtomWithIdx(root).IsInRing():
            return False
        rings = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if set(r) <= atoms]
        high = 6 if aryl else 7
        if not rings or any(not 3 <= len(r) <= high for r in rings):
            return False
        if aryl != mol.GetAtomWithIdx(root).GetIsAromatic():
            return False
        system = frozenset().union(*rings)
        if not elements_within(mol, system, element_set("C N O S") if aryl else element_set("C")):
            return False
        for piece, (carrier, first) in pieces_on(mol, atoms - system, system):
            if carrier < 0:
                return False
            if mol.GetAtomWithIdx(carrier).GetAtomicNum() == 7:
                if not (METHYL.test(mol, piece, first, carrier) or ETHYL.test(mol, piece, first, carrier)):
                    return False
            elif not (HALOGEN.test(mol, piece, first, carrier) or _SILYL.test(mol, piece, first, carrier)):
                return False
        return True

    if methylene:
        inner = Kind(label, ring_part)
        return headed(label, head, inner)
    return headed(label, head, Kind(label, ring_part))


_R5_23 = (
    _SILYL,
    halo_substituted(alkyl(7), silyl=True),
    halo_substituted(headed("alkyloxycarbonyl (<=C7)", "*-C(=O)-[OX2:1]", alkyl(7)), silyl=True),
    halo_substituted(headed("alkylcarbonyl (<=C7)", "*-[CX3:1]=O", alkyl(7)), silyl=True),
    _ring_acyl("cycloalkylcarbonyl", methylene=False, aryl=False),
    _ring_acyl("cycloalkylmethylcarbonyl", methylene=True, aryl=False),
    _ring_acyl("arylcarbonyl", methylene=False, aryl=True),
    _ring_acyl("arylmethylcarbonyl", methylene=True, aryl=True),
)

GROUP_2_3 = GroupDefinition(
    group_id="DE-NpSG-2.3",
    jurisdiction=JURISDICTION,
    name_en="Synthetic cannabinoids derived from 6H-benzo[c]chromen-1-ol",
    name_local="Cannabimimetika: von 6H-Benzo(c)chromen-1-ol abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 2.3",
    effective_from=_FIFTH_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von 6H-Benzo(c)chromen-1-ol abgeleitete Verbindungen unabhängig vom Hydrierungsgrad des Ringes A, "
        "mit den Resten R1-R5 und Rn nach 2.3.2, maximale Molekülmasse 600 u."
    ),
    cores=(_G23_CORE,),
    max_mass_without_counterion=600.0,
    checks=(
        substituent_check(
            "ring_a_rn",
            "ring A: H, halogen, OH, alkylcarbonyloxy/alkoxycarbonyloxy/alkoxy (<=C5), "
            "hydroxymethyl, methyl, trialkylsilyl, carbon chains <= C10 (halogen/silyl-substituted)",
            at="ringA",
            allowed=_RN_23,
        ),
        substituent_check("r1_r2", "R1/R2 at C6: H, alkyl <= C5, trialkylsilyl", at="R1R2", allowed=_R1R2_23),
        substituent_check("r3", "R3 at C3: H, methyl, carbon chain <= C12, trialkylsilyl", at="R3", allowed=_R3_23),
        substituent_check(
            "r4", "R4 at C2/C4: H, alkyl/alkenyl <= C5, carboxyl, alkyloxycarbonyl", at="R4", allowed=_R4_23
        ),
        substituent_check(
            "r5", "R5 on the 1-oxygen: H, alkyl <= C7, trialkylsilyl, acyl groups of 2.3.2 e", at="R5", allowed=_R5_23
        ),
    ),
    text_version=_TEXT,
    encoding_notes="R4 is read as the free positions C2 and C4 of the phenol ring; ring A carbons only.",
    effective_from_basis="assumed: hexahydrocannabinol-type compounds came under the NpSG with the fifth "
    "amendment (BGBl. 2024 I Nr. 210)",
)


# --- 3. benzodiazepines --------------------------------------------------------------------------------

_BZD_14 = "1,4-benzodiazepine with triazolo/imidazolo, loprazolam and chlordiazepoxide variants (a, c, f)"
_BZD_OXAZ = "1,4-benzodiazepine with an oxazolo/oxazino ring at N4-C5 (ketazolam, oxazolam; d, e)"
_BZD_BRETAZENIL = "imidazo-pyrrolo-1,4-benzodiazepin-5-one (bretazenil; g)"
_BZD_15 = "1,5-benzodiazepine with triazolo/imidazolo variants (b)"
_G31_CORES = (
    core(_BZD_14, "[#7:1]1~[#6:2]~[#6:3]~[#7:4]=[#6:5]~[#6;R2:6]~[#6;R2:6]~1", N1=1, C2=2, C3=3, N4=4, C5=5, fusion=6),
    core(
        _BZD_OXAZ,
        "[#7:1]1~[#6:2]~[#6:3]~[#7X3:4]-[#6X4:5]~[#6;R2:6]~[#6;R2:6]~1",
        N1=1,
        C2=2,
        C3=3,
        N4=4,
        C5=5,
        fusion=6,
    ),
    core(
        _BZD_BRETAZENIL,
        "[#7:1]1~[#6:2]~[#6X4:3]~[#7X3:4]-[#6:5](=O)~[#6;R2:6]~[#6;R2:6]~1",
        N1=1,
        C2=2,
        C3=3,
        N4=4,
        C5=5,
        fusion=6,
    ),
    core(_BZD_15, "[#7:1]1~[#6:2]~[#6:3]~[#6:7]~[#7:5]~[#6;R2:6]~[#6;R2:6]~1", N1=1, C2=2, C3=3, C4=7, N5=5, fusion=6),
)
_R2_BZD = _ring_kind("phenyl, pyridyl or cyclohexenyl", ("phenyl", "pyridyl", "cyclohexenyl"), _RING_SUBS_BZD)
_ALKOXYCARBONYLALKYL = Kind(
    "alkoxycarbonylalkyl (alkyl <=C4, alkoxy <=C4)",
    lambda mol, atoms, root, anchor: _alkoxycarbonylalkyl(mol, atoms, root, anchor),
)
_R3_BZD = (
    HYDROXY,
    CARBOXY,
    METHYL,
    exact("ethoxycarbonyl", "*-C(=O)O[CH2][CH3]"),
    exact("N,N-dimethylcarbamoyl", "*-C(=O)N([CH3])[CH3]"),
    exact("succinyloxy", "*-OC(=O)[CH2][CH2]C(=O)[OH]"),
    _ALKOXYCARBONYLALKYL,
)
_R5_BZD = (
    METHYL,
    ETHYL,
    exact("(N,N-dimethylamino)methyl", "*-[CH2]N([CH3])[CH3]"),
    exact("(N,N-diethylamino)methyl", "*-[CH2]N([CH2][CH3])[CH2][CH3]"),
    exact("(N,N-dimethylamino)ethyl", "*-[CH2][CH2]N([CH3])[CH3]"),
    exact("(N,N-diethylamino)ethyl", "*-[CH2][CH2]N([CH2][CH3])[CH2][CH3]"),
    exact("(cyclopropyl)methyl", "*-[CH2]C1CC1"),
    exact("(trifluoromethyl)methyl", "*-[CH2]C(F)(F)F"),
    exact("hydrazidomethyl", "*-[CH2]C(=O)N[NH2]"),
    exact("prop-2-yn-1-yl", "*-[CH2]C#[CH]"),
)
_X_BZD = (OXO, exact("thioxo", "*=S"), exact("imino", "*=[NH]"), exact("N-methylimino", "*=N[CH3]"))
_AZOLE_SUBS = (
    METHYL,
    HYDROXY,
    ETHYL,
    headed("alkyloxycarbonyl (<=C6)", "*-C(=O)-[OX2:1]", alkyl(6)),
    exact("N,N-dimethylcarbamoyl", "*-C(=O)N([CH3])[CH3]"),
)
_LOPRAZOLAM_SUBS = (
    OXO,
    exact("(4-methylpiperazin-1-yl)methylidene", "*=[CH]N1CCN([CH3])CC1"),
    exact("(dialkylamino)methylidene", "*=[CH]N([CH3])[CH3]"),
)


def _alkoxycarbonylalkyl(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
    query = Chem.MolFromSmarts("[CX3](=O)[OX2][CX4]")
    for match in mol.GetSubstructMatches(query):
        carbonyl, oxo, ether, _ = match
        if not {carbonyl, oxo, ether} <= atoms:
            continue
        alkyl_part = reach(mol, root, atoms - {carbonyl, oxo, ether})
        alkoxy_part = atoms - alkyl_part - {carbonyl, oxo, ether}
        if not alkyl_part or not alkoxy_part or (alkyl_part | alkoxy_part | {carbonyl, oxo, ether}) != atoms:
            continue
        if (
            alkyl(4).test(mol, alkyl_part, root, anchor)
            and len(alkoxy_part) <= 4
            and all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 for i in alkoxy_part)
        ):
            return True
    return False


def _bzd_fused_ring(ctx: MatchContext, pair: tuple[int, ...]) -> frozenset[int]:
    seven = _seven_ring(ctx)
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if set(pair) <= set(r) and frozenset(r) != seven]
    return rings[0] if rings else frozenset()


def _seven_ring(ctx: MatchContext) -> frozenset[int]:
    core_ring = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if len(r) == 7 and set(r) <= ctx.core_atoms]
    return core_ring[0] if core_ring else frozenset(ctx.core_atoms)


def _bzd_r1(ctx: MatchContext) -> tuple[bool, str]:
    """R1: benzene, thiophene, 4,5,6,7-tetrahydrobenzothiophene, furan or pyridine fused to the 7-ring."""
    pair = ctx.site_atoms("fusion")
    ring = _bzd_fused_ring(ctx, pair)
    name = _ring_name(ctx.mol, ring) if ring else ""
    system = set(ring)
    if name == "thienyl":  # a saturated carbocycle on the thiophene makes 4,5,6,7-tetrahydrobenzo[b]thienyl
        extra = [
            frozenset(r)
            for r in ctx.mol.GetRingInfo().AtomRings()
            if len(set(r) & ring) == 2 and not set(r) & _seven_ring(ctx)
        ]
        if extra:
            if len(extra) != 1 or len(extra[0]) != 6 or _ring_name(ctx.mol, extra[0]) != "cycloalkyl6":
                return False, "a ring fused to the thiophene other than the tetrahydrobenzo ring"
            system |= extra[0]
            name = "4,5,6,7-tetrahydrobenzo[b]thienyl"
    if name not in {"phenyl", "thienyl", "furanyl", "pyridyl", "4,5,6,7-tetrahydrobenzo[b]thienyl"}:
        return (
            False,
            "the ring fused to the seven-membered ring is not benzene, thiophene, furan, pyridine "
            "or tetrahydrobenzothiophene",
        )
    frame = frozenset(system) | _seven_ring(ctx)
    for sub in ctx.substituents(frame):
        if not sub.anchors & frozenset(system - set(pair)) or sub.anchors & (_seven_ring(ctx) - set(pair)):
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _RING_SUBS_BZD):
            return False, f"{text} on the fused ring R1 is not allowed (H, halogen, methyl, ethyl, nitro, amino)"
    return True, f"R1 is {name}"


def _bzd_r3_r4(ctx: MatchContext) -> tuple[bool, str]:
    subs = [s for s in ctx.substituents_at(ctx.site("C3")) if not s.closes_ring]
    if any(OXO.matches(ctx.mol, s) for s in subs):
        return len(subs) == 1, "R3/R4 together form a carbonyl group"
    if len(subs) > 2:
        return False, "more than two groups at C3"
    non_r4 = [s for s in subs if not (METHYL.matches(ctx.mol, s) or ETHYL.matches(ctx.mol, s))]
    if len(non_r4) > 1:
        return False, "two groups at C3 that are not methyl/ethyl"
    for sub in non_r4:
        if not any(k.matches(ctx.mol, sub) for k in _R3_BZD):
            return False, f"{ctx.fragment_smiles(sub)} at C3 is not an allowed R3"
    return True, ", ".join(ctx.fragment_smiles(s) for s in subs) or "hydrogen only"


def _bzd_n1_c2(ctx: MatchContext) -> tuple[bool, str]:
    """N1-R5 and X at C2, or a triazolo/imidazolo (or loprazolam-type imidazolone) ring fused at N1-C2."""
    n1, c2 = ctx.site("N1"), ctx.site("C2")
    fused = [s for s in ctx.substituents() if s.anchors == frozenset({n1, c2})]
    if fused:
        return _bzd_fused_azole(ctx, fused[0])
    results = []
    for sub in ctx.substituents_at(n1):
        if sub.closes_ring:
            return False, f"{ctx.fragment_smiles(sub)} closes a ring at N1"
        ok = any(k.matches(ctx.mol, sub) for k in _R5_BZD)
        results.append(
            (ok, f"R5 = {ctx.fragment_smiles(sub)}" if ok else f"{ctx.fragment_smiles(sub)} on N1 is not an allowed R5")
        )
    x_subs = [s for s in ctx.substituents_at(c2) if not s.closes_ring]
    n_oxide = _bzd_n_oxide(ctx)
    for sub in x_subs:
        ok = any(k.matches(ctx.mol, sub) for k in _X_BZD)
        if not ok and n_oxide and ctx.mol.GetBondBetweenAtoms(n1, c2).GetBondType() == Chem.BondType.DOUBLE:
            ok = headed("alkylamino", "*-[NX3H1:1]", alkyl(2)).matches(ctx.mol, sub)  # chlordiazepoxide type (f)
        results.append(
            (
                ok,
                f"X = {ctx.fragment_smiles(sub)}"
                if ok
                else f"{ctx.fragment_smiles(sub)} at C2 is not an allowed X (=O, =S, =NH, =NCH3)",
            )
        )
    if not x_subs:
        results.append((False, "C2 carries no X group (=O, =S, =NH, =NCH3)"))
    return _first_failure(results)


def _bzd_fused_azole(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
    if len(rings) != 1 or len(rings[0]) != 5 or not elements_within(ctx.mol, rings[0], element_set("C N O")):
        return False, "the ring fused at N1-C2 is not a five-membered azole"
    ring = rings[0]
    aromatic = all(_atom(ctx, i).GetIsAromatic() for i in ring)
    allowed = _AZOLE_SUBS if aromatic else _LOPRAZOLAM_SUBS
    for piece, (carrier, first) in pieces_on(ctx.mol, sub.atoms - ring, ring):
        if carrier < 0 or not any(k.test(ctx.mol, piece, first, carrier) for k in allowed):
            return (
                False,
                f"{Chem.MolFragmentToSmiles(ctx.mol, sorted(piece))} on the ring fused at N1-C2 is not allowed",
            )
    if not aromatic and not any(OXO.test(ctx.mol, p, f, c) for p, (c, f) in pieces_on(ctx.mol, sub.atoms - ring, ring)):
        return False, "a non-aromatic ring at N1-C2 that is not the loprazolam imidazolone"
    return True, "triazolo/imidazolo ring at N1-C2" if aromatic else "loprazolam-type imidazolone at N1-C2"


def _bzd_n_oxide(ctx: MatchContext) -> bool:
    if "N4" not in ctx.core.site_labels:
        return False
    return any(
        OXO.matches(ctx.mol, s) or exact("oxide", "*-[O-]").matches(ctx.mol, s)
        for s in ctx.substituents_at(ctx.site("N4"))
    )


def _bzd_14_ring(ctx: MatchContext) -> tuple[bool, str]:
    """C5-R2 (and, per core, N4 oxide, N4-C5 oxazolo/oxazino ring, C3-N4 pyrrolidine)."""
    name = ctx.core.name
    c3, n4, c5 = ctx.site("C3"), ctx.site("N4"), ctx.site("C5")
    results = []
    if name == _BZD_BRETAZENIL:
        rings = [s for s in ctx.substituents() if s.anchors == frozenset({c3, n4})]
        if len(rings) != 1 or not _plain_ring(ctx, rings[0], 5, element_set("C")):
            return False, "bretazenil type needs a pyrrolidine ring fused at C3-N4"
        results.append((True, "pyrrolidine at C3-N4"))
    else:
        r2 = [s for s in ctx.substituents_at(c5) if not s.closes_ring]
        if len(r2) != 1 or not _R2_BZD.matches(ctx.mol, r2[0]):
            text = ctx.fragment_smiles(r2[0]) if r2 else "nothing"
            return False, f"R2 at C5 is {text}; it must be phenyl, pyridyl or cyclohexenyl"
        results.append((True, f"R2 = {ctx.fragment_smiles(r2[0])}"))
    if name == _BZD_OXAZ:
        ring = [s for s in ctx.substituents() if s.anchors == frozenset({n4, c5})]
        if len(ring) != 1 or not _oxazine_ring(ctx, ring[0], c5):
            return False, "ketazolam/oxazolam type needs an oxazolidine or oxazine ring fused at N4-C5 with O at C5"
        results.append((True, "oxazolo/oxazino ring at N4-C5"))
    elif name == _BZD_14:
        for sub in ctx.substituents_at(n4):
            if not sub.closes_ring and not (
                OXO.matches(ctx.mol, sub) or exact("oxide", "*-[O-]").matches(ctx.mol, sub)
            ):
                return False, f"{ctx.fragment_smiles(sub)} on N4 (only the chlordiazepoxide N-oxide is allowed)"
    return _first_failure(results)


def _plain_ring(ctx: MatchContext, sub: Substituent, size: int, ring_elements: frozenset[int]) -> bool:
    rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
    return (
        len(rings) == 1
        and len(rings[0]) == size
        and rings[0] - sub.anchors == sub.atoms
        and elements_within(ctx.mol, sub.atoms, ring_elements)
    )


def _oxazine_ring(ctx: MatchContext, sub: Substituent, c5: int) -> bool:
    rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
    if len(rings) != 1 or len(rings[0]) not in (5, 6):
        return False
    ring = rings[0]
    if not any(_atom(ctx, n.GetIdx()).GetSymbol() == "O" and n.GetIdx() in ring for n in _atom(ctx, c5).GetNeighbors()):
        return False
    for piece, (carrier, first) in pieces_on(ctx.mol, sub.atoms - ring, ring):
        if carrier < 0 or not any(k.test(ctx.mol, piece, first, carrier) for k in (METHYL, ETHYL, OXO)):
            return False
    return True


def _bzd_15_ring(ctx: MatchContext) -> tuple[bool, str]:
    """1,5-benzodiazepines: R6/R7 at C4 (or C4=O), R2 at N5, or a C4=N5 double bond bearing R6."""
    c4, n5 = ctx.site("C4"), ctx.site("N5")
    c4_subs = [s for s in ctx.substituents_at(c4) if not s.closes_ring]
    r2 = [s for s in ctx.substituents_at(n5) if not s.closes_ring]
    double = ctx.mol.GetBondBetweenAtoms(c4, n5).GetBondType() == Chem.BondType.DOUBLE
    if double:
        if r2:
            return False, "N5 carries a group although C4=N5 is a double bond"
        ok = all(any(k.matches(ctx.mol, s) for k in (HYDROXY, METHYL)) for s in c4_subs) and len(c4_subs) <= 1
        return ok, "C4=N5 double bond with R6 at C4" if ok else "R6 at C4 must be H, OH or methyl"
    if len(r2) != 1 or not _R2_BZD.matches(ctx.mol, r2[0]):
        return False, "R2 at N5 must be phenyl, pyridyl or cyclohexenyl"
    if any(OXO.matches(ctx.mol, s) for s in c4_subs):
        return len(c4_subs) == 1, "R6/R7 form a carbonyl group at C4"
    r6 = (HYDROXY, METHYL)
    r7 = (METHYL, ETHYL)
    if len(c4_subs) > 2:
        return False, "more than two groups at C4"
    if len(c4_subs) == 2:
        a, b = c4_subs
        ok = (any(k.matches(ctx.mol, a) for k in r6) and any(k.matches(ctx.mol, b) for k in r7)) or (
            any(k.matches(ctx.mol, b) for k in r6) and any(k.matches(ctx.mol, a) for k in r7)
        )
    else:
        ok = all(any(k.matches(ctx.mol, s) for k in (*r6, *r7)) for s in c4_subs)
    return ok, f"R2 = {ctx.fragment_smiles(r2[0])}" if ok else "R6/R7 at C4 not allowed"


def _bzd_core_specific(ctx: MatchContext) -> tuple[bool, str]:
    if ctx.core.name == _BZD_15:
        return _bzd_15_ring(ctx)
    return _bzd_14_ring(ctx)


GROUP_3_1 = GroupDefinition(
    group_id="DE-NpSG-3.1",
    jurisdiction=JURISDICTION,
    name_en="Benzodiazepines (cyclic representatives)",
    name_local="Benzodiazepine: zyklische Vertreter",
    act="NpSG Anlage 1 Nr. 3.1",
    effective_from=_FIRST_AMENDMENT,
    effective_to=None,
    rule_text=(
        "1,4- und 1,5-Benzodiazepine und ihre Triazolo- und Imidazolo-Derivate sowie Loprazolam-, "
        "Ketazolam-, Oxazolam-, Chlordiazepoxid- und Bretazenil-Abkömmlinge mit den Resten R1-R8 und X "
        "nach 3.1.2; maximale Molekülmasse 600 u."
    ),
    cores=_G31_CORES,
    max_mass_without_counterion=600.0,
    checks=(
        Check(
            "r1_fused_ring",
            "R1: benzene, thiophene, tetrahydrobenzothiophene, furan or pyridine with H, "
            "halogen, methyl, ethyl, nitro, amino",
            _bzd_r1,
        ),
        Check(
            "r5_and_x",
            "R5 on N1 from 3.1.2 f and X (=O, =S, =NH, =NCH3) at C2, or a triazolo/imidazolo ring at N1-C2",
            _bzd_n1_c2,
        ),
        Check("r3_r4", "R3/R4 at C3 from 3.1.2 c-e", _bzd_r3_r4),
        Check(
            "r2_and_subgroup_rings",
            "R2 (phenyl, pyridyl, cyclohexenyl) and the ring of the sub-group "
            "(c-g); for 1,5-benzodiazepines R6/R7 at C4",
            _bzd_core_specific,
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The drawings of 3.1.1 are not in the reference text. The sub-groups c-g are encoded from the parent "
        "drugs (loprazolam: imidazolone at N1-C2; ketazolam/oxazolam: oxazine/oxazolidine at N4-C5; "
        "chlordiazepoxide: N4-oxide with 2-alkylamino; bretazenil: pyrrolidine at C3-N4 and C5=O) and their "
        "extra rings may carry only methyl, ethyl or oxo. R6/R8 on a triazolo/imidazolo ring are read as "
        "H, OH, methyl, ethyl, alkyloxycarbonyl (<=C6) or N,N-dimethylcarbamoyl. Enol/thioenol tautomers "
        "are not recognised as such."
    ),
    effective_from_basis="first amendment of the annex (VO of 12.07.2019, BGBl. I S. 1083), in force the day "
    "after promulgation",
)


_G32_CORES = (
    core(
        "open-chain 2-(aminoacetamido)benzophenone prodrug",
        "[#6;R:6](-[CX3:7]=O)~[#6;R:6]-[#7X3:5]-[#6X3:8](=[O,S,N])-[#6X4:3]-[#7X3:4]",
        fusion=6,
        keto=7,
        N5=5,
        C3=3,
        N4=4,
    ),
    core(
        "open-chain triazolyl benzophenone prodrug (rilmazafone type)",
        "[#6;R:6](-[CX3:7]=O)~[#6;R:6]-[n]1[n][c:10][n][c]1-[CX4:3]-[#7X3:4]",
        fusion=6,
        keto=7,
        R7=10,
        C3=3,
        N4=4,
    ),
)
_R6_BZD = (
    headed("alkylcarbamoyl (<=C6)", "*-C(=O)-[NX3H1:1]", alkyl(6)),
    exact("glycyl", "*-C(=O)[CH2][NH2]"),
    exact("alanyl", "*-C(=O)[CH]([CH3])[NH2]"),
    exact("lysyl", "*-C(=O)[CH]([NH2])[CH2][CH2][CH2][CH2][NH2]"),
)
_R7_BZD = (
    headed("alkyloxycarbonyl (<=C6)", "*-C(=O)-[OX2:1]", alkyl(6)),
    exact("N,N-dimethylcarbamoyl", "*-C(=O)N([CH3])[CH3]"),
)


def _g32_r1(ctx: MatchContext) -> tuple[bool, str]:
    pair = ctx.site_atoms("fusion")
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if set(pair) <= set(r)]
    names = [_ring_name(ctx.mol, r) for r in rings]
    if not rings or names[0] not in {"phenyl", "thienyl", "furanyl", "pyridyl"}:
        return False, "R1 is not benzene, thiophene, furan or pyridine"
    ring = rings[0]
    frame = ring | ctx.core_atoms
    for sub in ctx.substituents(frame):
        on_r1 = sub.anchors & (ring - set(pair)) and not sub.anchors & (ctx.core_atoms - ring)
        if on_r1 and (sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _RING_SUBS_BZD)):
            return False, f"{ctx.fragment_smiles(sub)} on R1 is not allowed"
    return True, f"R1 is {names[0]}"


def _g32_keto(ctx: MatchContext) -> tuple[bool, str]:
    subs = [s for s in ctx.substituents_at(ctx.site("keto")) if not s.closes_ring]
    ok = len(subs) == 1 and _R2_BZD.matches(ctx.mol, subs[0])
    return ok, "R2 is phenyl, pyridyl or cyclohexenyl" if ok else "R2 on the ketone is not phenyl/pyridyl/cyclohexenyl"


def _g32_r5(ctx: MatchContext) -> tuple[bool, str]:
    if "N5" not in ctx.core.site_labels:
        return True, "triazole form: the anilide nitrogen is part of the triazole"
    subs = ctx.substituents_at(ctx.site("N5"))
    for sub in subs:
        if sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _R5_BZD):
            return False, f"{ctx.fragment_smiles(sub)} on the anilide N is not an allowed R5"
    return True, ", ".join(ctx.fragment_smiles(s) for s in subs) or "hydrogen only"


def _g32_r7(ctx: MatchContext) -> tuple[bool, str]:
    if "R7" not in ctx.core.site_labels:
        return True, "amide form: R7 is judged with R6 on the terminal nitrogen"
    for sub in ctx.substituents_at(ctx.site("R7")):
        if sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _R7_BZD):
            return False, f"{ctx.fragment_smiles(sub)} on the triazole is not an allowed R7"
    return True, "R7 allowed"


GROUP_3_2 = GroupDefinition(
    group_id="DE-NpSG-3.2",
    jurisdiction=JURISDICTION,
    name_en="Open-chain benzodiazepine prodrugs",
    name_local="Benzodiazepine: offenkettige Benzodiazepin-Prodrugs",
    act="NpSG Anlage 1 Nr. 3.2",
    effective_from=_SIXTH_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Offenkettige Benzodiazepin-Prodrugs mit der Kernstruktur nach 3.2.1 und den Resten R1-R7 und X "
        "nach 3.2.2 (R6 u. a. Glycin-, Alanin-, Lysin-Rest); maximale Molekülmasse 600 u."
    ),
    cores=_G32_CORES,
    max_mass_without_counterion=600.0,
    checks=(
        Check(
            "r1_ring", "R1: benzene, thiophene, furan or pyridine with H, halogen, methyl, ethyl, nitro, amino", _g32_r1
        ),
        Check("r2", "R2 on the ketone: phenyl, pyridyl or cyclohexenyl", _g32_keto),
        Check("r5", "R5 on the anilide N from 3.2.2 f (triazole form: none)", _g32_r5),
        Check("r3_r4", "R3/R4 on the methylene from 3.2.2 c-e", _bzd_r3_r4),
        substituent_check(
            "r6",
            "R6 (and R7) on the terminal N: H, alkylcarbamoyl, glycyl, alanyl, lysyl",
            at="N4",
            allowed=(*_R6_BZD, *_R7_BZD),
        ),
        Check("r7", "R7 on the triazole: H, alkyloxycarbonyl (<=C6), N,N-dimethylcarbamoyl", _g32_r7),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The drawing of 3.2.1 is not in the reference text; the core is rebuilt from avizafone (amide form) "
        "and rilmazafone (triazole form). R7 is placed on the triazole carbon."
    ),
    effective_from_basis="not verified: the sub-group is first seen in the wording of the sixth amendment; "
    + _SIXTH_NOTE,
)


# --- 4. N-(2-aminocyclohexyl)amides --------------------------------------------------------------------

_G4_CORES = (
    core(
        "N-(2-aminocyclohexyl)benzamide (x = 0)",
        "[CX4;R1:1]1(-[#7X3:2]-[CX3](=O)-[c:8]2[c:5][c:5][c:5][c:5][c:5]2)-[CX4;R1:3](-[#7X3:4])-[CX4:6]-[CX4:6]-[CX4:6]-[CX4:6]1",
        C1=1,
        N_amide=2,
        C2=3,
        N_amine=4,
        phenyl=5,
        ring=6,
        ipso=8,
    ),
    core(
        "N-(2-aminocyclohexyl)phenylacetamide (x = 1)",
        "[CX4;R1:1]1(-[#7X3:2]-[CX3](=O)-[CH2]-[c:8]2[c:5][c:5][c:5][c:5][c:5]2)-[CX4;R1:3](-[#7X3:4])-[CX4:6]-[CX4:6]-[CX4:6]-[CX4:6]1",
        C1=1,
        N_amide=2,
        C2=3,
        N_amine=4,
        phenyl=5,
        ring=6,
        ipso=8,
    ),
)


def _g4_amine(ctx: MatchContext) -> tuple[bool, str]:
    n, c2 = ctx.site("N_amine"), ctx.site("C2")
    notes = []
    for sub in ctx.substituents_at(n):
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            if not sub.anchors <= {n, c2}:
                return False, f"{text} closes a ring with other core atoms"
            rings = [r for r in _rings_with(ctx, sub.atoms) if n in r]
            if (
                len(rings) != 1
                or not 3 <= len(rings[0]) <= 7
                or not elements_within(ctx.mol, rings[0] - {n}, element_set("C"))
                or rings[0] - {n, c2} != sub.atoms
            ):
                return False, f"{text}: the nitrogen ring must have 3-7 atoms (one N, carbons only)"
            notes.append(f"{text} ({'spiro' if c2 in sub.anchors else 'ring'})")
            continue
        if not alkyl(7).matches(ctx.mol, sub):
            return False, f"{text} on the amine N is not H or alkyl (<=C7)"
        notes.append(text)
    return True, ", ".join(notes) or "primary amine"


def _g4_ring(ctx: MatchContext) -> tuple[bool, str]:
    """R3: positions 3-6 of the cyclohexane carry only an oxaspiro ring (3-8 atoms incl. O)."""
    ring_atoms = set(ctx.site_atoms("ring"))
    for sub in ctx.substituents():
        if not sub.anchors & ring_atoms:
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring and len(sub.anchors) == 1:
            rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
            if (
                len(rings) == 1
                and 3 <= len(rings[0]) <= 8
                and rings[0] - sub.anchors == sub.atoms
                and sum(1 for i in sub.atoms if _atom(ctx, i).GetSymbol() == "O") == 1
                and elements_within(ctx.mol, sub.atoms, element_set("C O"))
            ):
                return True, f"oxaspiro ring {text}"
        return False, f"{text} on the cyclohexane (only an oxaspiro ring is allowed as R3)"
    return True, "hydrogen only"


def _g4_phenyl(ctx: MatchContext) -> tuple[bool, str]:
    phenyl = frozenset(ctx.site_atoms("phenyl"))
    notes = []
    for sub in ctx.substituents():
        if not sub.anchors & phenyl:
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            rings = [r for r in _rings_with(ctx, sub.atoms) if r & sub.anchors]
            if (
                len(sub.anchors) == 2
                and sub.anchors <= phenyl
                and len(rings) == 1
                and len(sub.atoms) <= 4
                and elements_within(ctx.mol, sub.atoms, element_set("C O S N"))
            ):
                notes.append(f"{text} (ring R5/R6)")
                continue
            return False, f"{text}: ring on the phenyl not allowed"
        if not any(k.matches(ctx.mol, sub) for k in (HALOGEN, TRIFLUOROMETHYL)):
            return False, f"{text} on the phenyl ring (only H, halogen, CF3)"
        notes.append(text)
    return True, ", ".join(notes) or "unsubstituted phenyl"


GROUP_4 = GroupDefinition(
    group_id="DE-NpSG-4",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from N-(2-aminocyclohexyl)amide",
    name_local="Von N-(2-Aminocyclohexyl)amid abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 4",
    effective_from=_FIRST_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von N-(2-Aminocyclohexyl)amid abgeleitete Verbindungen (x = 0 oder 1 Methylengruppen zwischen Phenyl "
        "und Carbonyl) mit R1-R6 nach Nr. 4, maximale Molekülmasse 500 u."
    ),
    cores=_G4_CORES,
    max_mass_without_counterion=500.0,
    checks=(
        Check(
            "r1_r2_amine",
            "R1/R2: H or alkyl (<=C7), or N in a 3-7-membered ring (also spiro at the ring carbon)",
            _g4_amine,
        ),
        substituent_check("r4_amide_n", "R4 on the amide N: H or alkyl (<=C5)", at="N_amide", allowed=(alkyl(5),)),
        Check("r3_cyclohexane", "R3: cyclohexane positions carry only an oxaspiro ring (3-8 atoms)", _g4_ring),
        Check(
            "r5_r6_phenyl",
            "R5/R6: H, Br, Cl, F, I, CF3, or a ring (<= C6, O/S/N) fused at adjacent carbons",
            _g4_phenyl,
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "R3 (oxaspiro) is read as any of cyclohexane positions 3-6; the drawing is not in the reference text."
    ),
    effective_from_basis="first amendment of the annex (VO of 12.07.2019, BGBl. I S. 1083)",
)


# --- 5.1 indol-3-alkylamines (tryptamines) -------------------------------------------------------------

_G51_CORE = core(
    "indol-3-ylethan-1-amine",
    "[c:7]1[c:7][c:7][c:11]2[c:9]([c:7]1)[c:8](-[CX4:3]-[CX4:4]-[#7X3;!$([#7]~[#8]):5])[c:10][n:6]2",
    Rn=7,
    C3=8,
    Cbeta=3,
    Calpha=4,
    N=5,
    N1=6,
    C2=10,
    fusion=9,
    fusion_n=11,
)
_R1R2_51 = (
    alkyl(6),
    cycloalkyl(6),
    headed("cycloalkylmethyl (ring <=C6)", "*-[CH2:1]", cycloalkyl(6)),
    exact("allyl", "*-[CH2][CH]=[CH2]"),
    headed("alkyloxycarbonyl (<=C6)", "*-C(=O)-[OX2:1]", alkyl(6)),
    headed("alkylthiocarbonyl (<=C6)", "*-C(=O)-[SX2:1]", alkyl(6)),
    headed("alkylcarbamoyl (<=C6)", "*-C(=O)-[NX3H1:1]", alkyl(6)),
)
_NAMED_N_RINGS = {
    "pyrrolidinyl": "[NX3;R1]1CCCC1",
    "piperidinyl": "[NX3;R1]1CCCCC1",
    "morpholinyl": "[NX3;R1]1CCOCC1",
}


def _n_ring_named(names: tuple[str, ...]) -> Callable[[MatchContext, Substituent], tuple[bool, str]]:
    """Ring-closure rule: the nitrogen is part of an unsubstituted pyrrolidine/piperidine/morpholine ring."""

    def rule(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
        if len(sub.anchors) != 1:
            return False, "ring closed with another core atom"
        n = next(iter(sub.anchors))
        for name in names:
            query = Chem.MolFromSmarts(_NAMED_N_RINGS[name])
            for match in ctx.mol.GetSubstructMatches(query):
                if match[0] == n and frozenset(match[1:]) == sub.atoms:
                    return True, f"nitrogen in a {name} ring"
        return False, f"the nitrogen ring is not {', '.join(names)}"

    return rule


_R5_51 = (
    alkyl(3),
    headed("alkylcarbonyl (<=C10)", "*-[CX3:1]=O", alkyl(10)),
    headed("cycloalkylcarbonyl (C3-C6)", "*-[CX3:1]=O", cycloalkyl(6)),
    headed("cycloalkylmethylcarbonyl (C3-C6)", "*-C(=O)-[CH2:1]", cycloalkyl(6)),
    headed("cycloalkylethylcarbonyl (C3-C6)", "*-C(=O)-[CH2]-[CH2:1]", cycloalkyl(6)),
    headed("cycloalkylpropylcarbonyl (C3-C6)", "*-C(=O)-[CH2]-[CH2]-[CH2:1]", cycloalkyl(6)),
    headed("alkyloxycarbonyl (<=C6)", "*-C(=O)-[OX2:1]", alkyl(6)),
    headed("alkylthiocarbonyl (<=C6)", "*-C(=O)-[SX2:1]", alkyl(6)),
    headed("alkylcarbamoyl (<=C6)", "*-C(=O)-[NX3H1:1]", alkyl(6)),
    exact("benzylcarbonyl", "*-C(=O)[CH2]c1ccccc1"),
)
_RN_51 = (
    HALOGEN,
    alkyl(4),
    headed("alkyloxy (<=C10)", "*-[OX2:1]", alkyl(10)),
    exact("benzyloxy", "*-O[CH2]c1ccccc1"),
    exact("carboxamido", "*-C(=O)[NH2]"),
    METHOXY,
    trialkylsilyl(12),
    TRIFLUOROMETHYL,
    TRIFLUOROMETHOXY,
    ACETOXY,
    HYDROXY,
    METHYLTHIO,
)
_PHOSPHATE = exact("dihydrogen phosphate", "*-OP(=O)([OH])[OH]")


def _g51_r5_silyl() -> Kind:
    """(Trialkylsilyl)alkylcarbonyl: C(=O)-alkyl(<=C6)-Si(alkyl)3."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        silicon = [i for i in atoms if mol.GetAtomWithIdx(i).GetAtomicNum() == 14]
        if len(silicon) != 1:
            return False
        return halo_substituted(headed("", "*-[CX3:1]=O", alkyl(6)), silyl=True).test(mol, atoms, root, anchor)

    return Kind("(trialkylsilyl)alkylcarbonyl", test)


def _g51_rn(ctx: MatchContext) -> tuple[bool, str]:
    positions = list(ctx.site_atoms("Rn"))
    c4 = next(i for i in positions if _bonded_to(ctx, i, frozenset({ctx.site("fusion")})))
    notes = []
    for sub in ctx.substituents():
        if not sub.anchors & set(positions):
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            if sub.anchors <= set(positions) and len(sub.anchors) == 2 and _is_methylenedioxy(ctx, sub):
                notes.append(f"{text} (methylenedioxy)")
                continue
            return False, f"{text} closes a ring on the benzene ring (only methylenedioxy)"
        allowed = (*_RN_51, _PHOSPHATE) if sub.anchor == c4 else _RN_51
        if not any(k.matches(ctx.mol, sub) for k in allowed):
            return False, f"{text} on the indole benzene ring is not allowed"
        notes.append(text)
    return True, ", ".join(notes) or "hydrogen only"


def _is_methylenedioxy(ctx: MatchContext, sub: Substituent) -> bool:
    symbols = sorted(_atom(ctx, i).GetSymbol() for i in sub.atoms)
    return symbols == ["C", "O", "O"] and all(_atom(ctx, i).GetSymbol() == "O" for i in (atom for _, atom in sub.links))


def _g51_chain(ctx: MatchContext) -> tuple[bool, str]:
    results = []
    for label, kinds, text in (("Calpha", (alkyl(3),), "R3 (<=C3)"), ("Cbeta", (alkyl(2),), "R4 (<=C2)")):
        for sub in ctx.substituents_at(ctx.site(label)):
            ok = not sub.closes_ring and any(k.matches(ctx.mol, sub) for k in kinds)
            results.append(
                (
                    ok,
                    f"{ctx.fragment_smiles(sub)} as {text}"
                    if ok
                    else f"{ctx.fragment_smiles(sub)} on the ethyl chain is not alkyl {text}",
                )
            )
    if ctx.substituents_at(ctx.site("C2")):
        results.append((False, "indole position 2 carries a substituent"))
    return _first_failure(results)


GROUP_5_1 = GroupDefinition(
    group_id="DE-NpSG-5.1",
    jurisdiction=JURISDICTION,
    name_en="Tryptamines (indol-3-alkylamines)",
    name_local="Von Tryptamin abgeleitete Verbindungen: Indol-3-alkylamine",
    act="NpSG Anlage 1 Nr. 5.1",
    effective_from=_FIRST_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von Indol-3-alkylamin abgeleitete Verbindungen mit R1-R5 und Rn nach 5.1, maximale Molekülmasse 500 u; "
        "ausgenommen Tryptamin, Serotonin, Melatonin und deren aktive Metaboliten (z. B. 6-Hydroxymelatonin)."
    ),
    cores=(_G51_CORE,),
    max_mass_without_counterion=500.0,
    excluded_substances=(
        ExcludedSubstance("tryptamine", "NCCc1c[nH]c2ccccc12"),
        ExcludedSubstance("serotonin", "NCCc1c[nH]c2ccc(O)cc12"),
        ExcludedSubstance("melatonin", "COc1ccc2[nH]cc(CCNC(C)=O)c2c1"),
        ExcludedSubstance("6-hydroxymelatonin", "COc1cc2c(CCNC(C)=O)c[nH]c2cc1O"),
    ),
    checks=(
        substituent_check(
            "r1_r2_amine",
            "R1/R2 from 5.1 a, or N in a pyrrolidine, piperidine or morpholine ring",
            at="N",
            allowed=_R1R2_51,
            ring_closure=_n_ring_named(("pyrrolidinyl", "piperidinyl", "morpholinyl")),
        ),
        Check("r3_r4_chain", "R3 (alpha, <=C3 alkyl) and R4 (beta, <=C2 alkyl); indole C2 unsubstituted", _g51_chain),
        substituent_check("r5_indole_n", "R5 on the indole N from 5.1 d", at="N1", allowed=(*_R5_51, _g51_r5_silyl())),
        Check(
            "rn_benzene_ring", "Rn at positions 4-7 from 5.1 e (phosphate only at 4; methylenedioxy bridge)", _g51_rn
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "R3 is read as the carbon next to the amine (alpha, as in alpha-methyltryptamine) and R4 as the carbon "
        "next to the indole; only the ethylamine chain is encoded. Other 'active metabolites' of serotonin "
        "and melatonin than 6-hydroxymelatonin are not named in the text and not excluded."
    ),
    effective_from_basis="first amendment of the annex (VO of 12.07.2019, BGBl. I S. 1083)",
)


# --- 5.2 Δ9,10-ergolenes (lysergamides) ----------------------------------------------------------------

_G52_CORE = core(
    "Δ9,10-ergolene-8-carboxamide",
    "O=C(-[#7X3:3])-[CX4:9]1-[CX3:9]=[CX3]2-c3[c:9][c:9][c:9]c4[n:1][c:9]c(c34)-[CX4:9]-[CX4:9]2-[#7X3:2]-[CX4:9]1",
    R1=1,
    R2=2,
    amide_N=3,
    ring=9,
)
_G52_ELEMENTS_R1 = element_set("C N Si O S F Cl Br I")
_R2_52 = (alkyl(4), exact("allyl", "*-[CH2][CH]=[CH2]"), exact("prop-2-yn-1-yl", "*-[CH2]C#[CH]"))
_R3R4_52 = (
    alkyl(5),
    exact("cyclopropyl", "*-C1CC1"),
    exact("allyl", "*-[CH2][CH]=[CH2]"),
    exact("hydroxymethyl", "*-[CH2][OH]"),
    exact("1-hydroxyethyl", "*-[CH]([OH])[CH3]"),
)
_ERGOLENE_AMIDE_RINGS = {
    "morpholino": "[NX3;R1]1CCOCC1",
    "pyrrolidino": "[NX3;R1]1CCCC1",
    "2,4-dimethylazetidino": "[NX3;R1]1C(C)CC1C",
}


def _g52_amide_ring(ctx: MatchContext, sub: Substituent) -> tuple[bool, str]:
    n = ctx.site("amide_N")
    for name, smarts in _ERGOLENE_AMIDE_RINGS.items():
        for match in ctx.mol.GetSubstructMatches(Chem.MolFromSmarts(smarts)):
            if match[0] == n and frozenset(match[1:]) == sub.atoms:
                return True, f"amide nitrogen in a {name} ring"
    return False, "the amide nitrogen ring is not morpholino, pyrrolidino or dimethylazetidino"


def _g52_r1(ctx: MatchContext) -> tuple[bool, str]:
    subs = ctx.substituents_at(ctx.site("R1"))
    if not subs:
        return True, "hydrogen"
    sub = subs[0]
    text = ctx.fragment_smiles(sub)
    if len(subs) != 1 or sub.closes_ring:
        return False, f"{text}: R1 must be one group on the indole nitrogen"
    if not elements_within(ctx.mol, sub.atoms, _G52_ELEMENTS_R1):
        return False, f"{text} holds an element other than C, H, N, Si, O, S, F, Cl, Br, I"
    mass = heavy_mass(ctx.mol, sub.atoms)
    if mass > 300.0:
        return False, f"{text} weighs {mass:.1f} u (at most 300 u)"
    ring_atoms = frozenset(i for i in sub.atoms if _atom(ctx, i).IsInRing())
    root = _atom(ctx, sub.root)
    if not ring_atoms:
        ok = root.GetSymbol() in {"C", "Si", "O", "S"}
        return ok, f"{text}: chain structure (aa)" if ok else f"{text}: a chain must start with C, Si, O or S"
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if set(r) <= sub.atoms]
    if any(not 3 <= len(r) <= 7 for r in rings) or not elements_within(ctx.mol, ring_atoms, element_set("C N O S")):
        return False, f"{text}: rings must have 3-7 atoms of C, N, O, S (bb)"
    linker = reach(ctx.mol, sub.root, sub.atoms - ring_atoms) if not root.IsInRing() else frozenset()
    if linker and not _g52_linker_ok(ctx, linker):
        return (
            False,
            f"{text}: the ring is not linked by a C1-C5 hydrocarbon, carbonyl, alkylcarbonyl, "
            f"alkyloxycarbonyl or sulfonyl group (bb)",
        )
    return True, f"{text}: ring structure (bb)"


def _g52_linker_ok(ctx: MatchContext, linker: frozenset[int]) -> bool:
    symbols = sorted(_atom(ctx, i).GetSymbol() for i in linker)
    carbons = symbols.count("C")
    if symbols == ["O", "O", "S"]:
        return True  # sulfonyl
    if set(symbols) == {"C"}:
        return 1 <= carbons <= 5
    if symbols.count("O") == 1 and set(symbols) <= {"C", "O"}:
        return 1 <= carbons <= 5  # carbonyl or alkylcarbonyl (C=O plus <= C4)
    if symbols.count("O") == 2 and set(symbols) <= {"C", "O"}:
        return 1 <= carbons <= 5  # alkyloxycarbonyl
    return False


def _only_hydrogen(label: str, what: str) -> Check:
    def test(ctx: MatchContext) -> tuple[bool, str]:
        atoms = set(ctx.site_atoms(label))
        for sub in ctx.substituents():
            if sub.anchors & atoms:
                return False, f"{ctx.fragment_smiles(sub)} on {what} (the text allows no substituent there)"
        return True, "hydrogen only"

    return Check(f"unsubstituted_{label.lower()}", f"no substituents on {what}", test)


GROUP_5_2 = GroupDefinition(
    group_id="DE-NpSG-5.2",
    jurisdiction=JURISDICTION,
    name_en="Lysergamides (Δ9,10-ergolenes)",
    name_local="Von Tryptamin abgeleitete Verbindungen: Δ9,10-Ergolene",
    act="NpSG Anlage 1 Nr. 5.2",
    effective_from=_THIRD_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von Δ9,10-Ergolen abgeleitete Verbindungen mit R1 (<= 300 u, Ketten- oder Ringstrukturen), R2 "
        "(H, Alkyl <= C4, Allyl, Propargyl), R3/R4 (H, Alkyl <= C5, Cyclopropyl, 1-Hydroxyalkyl <= C2, Allyl, "
        "Morpholino-, Pyrrolidino-, Dimethylazetidid-Ring); maximale Molekülmasse 600 u."
    ),
    cores=(_G52_CORE,),
    max_mass_without_counterion=600.0,
    checks=(
        Check(
            "r1_indole_n",
            "R1 on N1: <= 300 u of C,H,N,Si,O,S,halogens; chain, or ring (3-7) on an allowed link",
            _g52_r1,
        ),
        substituent_check("r2_n6", "R2 on N6: H, alkyl (<=C4), allyl, prop-2-yn-1-yl", at="R2", allowed=_R2_52),
        substituent_check(
            "r3_r4_amide",
            "R3/R4 on the amide N from 5.2 c, or a morpholino/pyrrolidino/dimethylazetidino ring",
            at="amide_N",
            allowed=_R3R4_52,
            ring_closure=_g52_amide_ring,
        ),
        _only_hydrogen("ring", "the ergolene ring carbons"),
    ),
    text_version=_TEXT,
    encoding_notes="The ergolene carbons other than the 8-carboxamide are taken to be unsubstituted (the text names "
    "no substituent for them).",
    effective_from_basis="third amendment (published 27.09.2022, in force the next day), which brought LSD "
    "derivatives such as 1V-LSD under the NpSG",
)


# --- 6. arylcyclohexylamines --------------------------------------------------------------------------

_G6_CORES = (
    core(
        "1-arylcyclohexan-1-amine",
        "[CX4;R1:1]1(-[#7X3;!$([#7]-[#6]=[#8]):2])(-[#6:3])-[#6;!a:4]-[#6;!a:4]-[#6;!a:4]-[#6;!a:4]-[#6;!a:4]-1",
        C1=1,
        N=2,
        R3=3,
        ring=4,
    ),
    core(
        "2-(aminomethyl)-1-arylcyclohexan-1-ol (tramadol type)",
        "[CX4;R1:1]1(-[OX2:5])(-[#6:3])-[CX4;R1:6](-[CH2]-[#7X3;!$([#7]-[#6]=[#8]):2])-[#6;!a:4]-[#6;!a:4]-[#6;!a:4]-[#6;!a:4]-1",
        C1=1,
        N=2,
        R3=3,
        O=5,
        C2=6,
        ring=4,
    ),
)
_R3_RINGS_6 = ("phenyl", "pyrrolyl", "pyridyl", "thienyl", "furanyl")
_R3_RING_SUBS_6 = (
    HALOGEN,
    HYDROXY,
    exact("thiol", "*-[SH]"),
    alkyl(6),
    headed("alkoxy (<=C6)", "*-[OX2:1]", alkyl(6)),
    headed("alkylsulfanyl (<=C6)", "*-[SX2:1]", alkyl(6)),
    AMINO,
)
_RN_6 = (
    alkyl(6),
    headed("alkoxy (<=C6)", "*-[OX2:1]", alkyl(6)),
    HYDROXY,
    OXO,
    Kind("phenylalkyl (C1-C4)", lambda mol, atoms, root, anchor: _phenylalkyl(mol, atoms, root, anchor)),
)
_R4_6 = (
    METHYL,
    ETHYL,
    headed("alkylcarbonyl (<=C4)", "*-[CX3:1]=O", alkyl(4)),
    headed("alkoxycarbonyl (<=C4)", "*-C(=O)-[OX2:1]", alkyl(4)),
    trialkylsilyl(12),
)
_BICYCLES_6 = {
    "methylenedioxyphenyl": "c1ccc2OCOc2c1",
    "ethylenedioxyphenyl": "c1ccc2OCCOc2c1",
    "dihydrobenzofuranyl": "c1ccc2OCCc2c1",
    "benzothiophenyl": "c1ccc2sccc2c1",
}


def _phenylalkyl(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
    ring = [frozenset(r) for r in mol.GetRingInfo().AtomRings() if set(r) <= atoms]
    if len(ring) != 1 or _ring_name(mol, ring[0]) != "phenyl":
        return False
    chain = atoms - ring[0]
    return root in chain and 1 <= len(chain) <= 4 and _all_chain_carbons(mol, chain) and len(atoms) == len(chain) + 6


def _all_chain_carbons(mol: Chem.Mol, atoms: frozenset[int]) -> bool:
    return all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and not mol.GetAtomWithIdx(i).IsInRing() for i in atoms)


def _g6_r3(ctx: MatchContext) -> tuple[bool, str]:
    c1 = ctx.site("C1")
    root = ctx.site("R3")
    ring_core = frozenset(ctx.site_atoms("ring")) | {c1}
    if "C2" in ctx.core.site_labels:
        ring_core |= {ctx.site("C2")}
    frame = ctx.core_atoms - {root}
    pieces = [s for s in ctx.substituents(frame) if root in s.atoms]
    sub = pieces[0]
    text = ctx.fragment_smiles(sub)
    if sub.closes_ring:
        closing = [r for r in _rings_with(ctx, sub.atoms) if r & ring_core and r & sub.atoms]
        if any(not 4 <= len(r) <= 6 for r in closing if not r <= sub.atoms | {c1}):
            return False, f"{text}: ring closed with the cyclohexane must have 4-6 atoms"
    atom = _atom(ctx, root)
    if not atom.IsInRing():
        if alkyl(6).test(ctx.mol, sub.atoms, root, c1) or alkynyl(6).test(ctx.mol, sub.atoms, root, c1):
            return True, f"R3 = {text} (alkyl/alkynyl)"
        return False, f"{text}: R3 must be alkyl/alkynyl (<=C6) or one of the ring systems of 6 b"
    system = next((s for s in ring_systems(ctx.mol, sub.atoms) if root in s), frozenset())
    rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if set(r) <= system]
    name = _ring_name(ctx.mol, rings[0]) if len(rings) == 1 else _bicycle_name(ctx, system)
    if name not in (*_R3_RINGS_6, *_BICYCLES_6):
        return (
            False,
            f"{text}: R3 ring system is not phenyl, pyrrolyl, pyridyl, thienyl, furanyl, "
            f"methylenedioxyphenyl, ethylenedioxyphenyl, dihydrobenzofuranyl or benzothiophenyl",
        )
    for piece, (carrier, first) in pieces_on(ctx.mol, sub.atoms - system, system):
        if carrier < 0:
            continue  # a ring closed with the cyclohexane, judged above
        if not any(k.test(ctx.mol, piece, first, carrier) for k in _R3_RING_SUBS_6):
            return False, f"{Chem.MolFragmentToSmiles(ctx.mol, sorted(piece))} on the R3 ring is not allowed"
    return True, f"R3 = {name}"


def _bicycle_name(ctx: MatchContext, system: frozenset[int]) -> str:
    for name, smarts in _BICYCLES_6.items():
        for match in ctx.mol.GetSubstructMatches(Chem.MolFromSmarts(smarts)):
            if frozenset(match) == system:
                return name
    return ""


_G6_N_ELEMENTS = element_set("C N O")
_N_RING_SUBS_6 = (HALOGEN, HYDROXY, alkyl(6), PHENYL)


def _g6_amine(ctx: MatchContext) -> tuple[bool, str]:
    n = ctx.site("N")
    notes = []
    for sub in ctx.substituents_at(n):
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            if sub.anchors != {n}:
                return False, f"{text}: the amine ring is closed with another core atom"
            rings = [r for r in _rings_with(ctx, sub.atoms) if n in r]
            if len(rings) != 1 or len(rings[0]) > 7 or not elements_within(ctx.mol, rings[0], element_set("C O S N")):
                return False, f"{text}: the nitrogen ring must be one ring of up to 7 C/O/S/N atoms"
            for piece, (carrier, first) in pieces_on(ctx.mol, sub.atoms - rings[0], rings[0]):
                if carrier < 0 or not any(k.test(ctx.mol, piece, first, carrier) for k in _N_RING_SUBS_6):
                    return False, f"{text}: ring substituent not allowed (H, halogen, OH, alkyl <=C6, phenyl)"
            notes.append(f"{text} (nitrogen in a ring)")
            continue
        root = _atom(ctx, sub.root)
        if root.GetAtomicNum() != 6 or root.GetIsAromatic():
            return False, f"{text}: R1/R2 must be alkyl, cycloalkyl, alkenyl or alkynyl groups"
        if root.IsInRing() and (
            not _all_carbocyclic(ctx, sub.root)
            or any(len(r) > 6 for r in ctx.mol.GetRingInfo().AtomRings() if sub.root in r)
        ):
            return False, f"{text}: only cycloalkyl rings up to C6 may be bonded to the nitrogen"
        if not elements_within(ctx.mol, sub.atoms, _G6_N_ELEMENTS):
            return False, f"{text} holds an element other than C, H, N, O"
        chain = longest_chain(ctx.mol, sub.atoms)
        if chain > 9:
            return False, f"{text}: chain of {chain} atoms (at most 9)"
        notes.append(text)
    return True, ", ".join(notes) or "primary amine"


def _g6_cyclohexane(ctx: MatchContext) -> tuple[bool, str]:
    ring = frozenset(ctx.site_atoms("ring"))
    r3_root = ctx.site("R3")
    notes = []
    for sub in ctx.substituents():
        if not sub.anchors & ring or r3_root in sub.atoms:
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _RN_6):
            return False, f"{text} on the cyclohexane is not allowed (alkyl/alkoxy <=C6, OH, phenylalkyl C1-C4, oxo)"
        notes.append(text)
    return True, ", ".join(notes) or "hydrogen only"


GROUP_6 = GroupDefinition(
    group_id="DE-NpSG-6",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from arylcyclohexyl(methyl)amine",
    name_local="Von Arylcyclohexyl(methyl)amin abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 6",
    effective_from=_SECOND_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von Arylcyclohexyl(methyl)amin abgeleitete Verbindungen mit R1-R4 und Rn nach Nr. 6, maximale "
        "Molekülmasse 500 u."
    ),
    cores=_G6_CORES,
    max_mass_without_counterion=500.0,
    checks=(
        Check(
            "r1_r2_amine",
            "R1/R2: alkyl/cycloalkyl/alkenyl/alkynyl (<=C6, further C/H/N/O, chain <= 9) or N "
            "in a ring of <= 7 atoms with H, halogen, OH, alkyl, phenyl",
            _g6_amine,
        ),
        Check(
            "r3_aryl",
            "R3: alkyl/alkynyl (<=C6) or phenyl, pyrrolyl, pyridyl, thienyl, furanyl, "
            "methylenedioxy-/ethylenedioxyphenyl, dihydrobenzofuranyl, benzothiophenyl with the substituents of 6 b",
            _g6_r3,
        ),
        substituent_check(
            "r4_oxygen",
            "R4 on the 1-oxygen (tramadol type): H, methyl, ethyl, alkylcarbonyl/alkoxycarbonyl (<=C4), trialkylsilyl",
            at=lambda ctx: ctx.site_atoms("O") if "O" in ctx.core.site_labels else (),
            allowed=_R4_6,
        ),
        Check(
            "rn_cyclohexane",
            "Rn at positions 2-6: H, alkyl/alkoxy (<=C6), OH, phenylalkyl (C1-C4), oxo",
            _g6_cyclohexane,
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The two drawings are not in the reference text. They are read as 1-arylcyclohexylamine (PCP, "
        "ketamine) and 2-(aminomethyl)-1-arylcyclohexan-1-ol (tramadol type), because R4 lists groups that "
        "only fit an oxygen at C1."
    ),
    effective_from_basis="second amendment (VO of 28.06.2021, BGBl. I S. 2231, in force 03.07.2021)",
)


# --- 7. benzimidazoles (nitazenes) --------------------------------------------------------------------

_G7_CORES = (
    core(
        "2-benzylbenzimidazole with 1-(2-aminoethyl) (x = 1)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:9](-[CX4:4]-[c:10]3[c:5][c:5][c:5][c:5][c:5]3)[n:8]2-[CH2]-[CH2]-[#7X3;!$([#7]-[#6]=[#8]):3]",
        Rm=7,
        fusion=8,
        C2=9,
        bridge_C=4,
        Rn=5,
        ipso=10,
        N=3,
    ),
    core(
        "2-phenylbenzimidazole with 1-(2-aminoethyl) (x = 0)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:9](-[c:10]3[c:5][c:5][c:5][c:5][c:5]3)[n:8]2-[CH2]-[CH2]-[#7X3;!$([#7]-[#6]=[#8]):3]",
        Rm=7,
        fusion=8,
        C2=9,
        Rn=5,
        ipso=10,
        N=3,
    ),
)
_R1R2_7 = (
    alkyl(6),
    trialkylsilyl(12),
    headed("alkyloxycarbonyl (<=C6)", "*-C(=O)-[OX2:1]", alkyl(6)),
    headed("alkylthiocarbonyl (<=C6)", "*-C(=O)-[SX2:1]", alkyl(6)),
    headed("alkylcarbamoyl (<=C6)", "*-C(=O)-[NX3H1:1]", alkyl(6)),
    exact("benzyl", "*-[CH2]c1ccccc1"),
)
_R3_7 = (alkyl(4), HYDROXY, METHOXY, headed("alkylcarbamoyl (<=C6)", "*-C(=O)-[NX3H1:1]", alkyl(6)), CARBAMOYL)
_RM_7 = (
    HALOGEN,
    alkyl(6),
    trialkylsilyl(12),
    NITRO,
    TRIFLUOROMETHYL,
    METHOXY,
    TRIFLUOROMETHOXY,
    CYANO,
    exact("acetyl", "*-C(=O)[CH3]"),
)
_ALKYLOXY4_SUBSTITUTED = (HALOGEN, headed("alkyloxy (<=C4)", "*-[OX2:1]", alkyl(4)), trialkylsilyl(12))


def _with_extra(kind: Kind, label: str) -> Kind:
    """``kind`` whose atoms may carry halogens, alkyloxy (<=C4) or trialkylsilyl groups (Nr. 7 d / 9 c)."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        if kind.test(mol, atoms, root, anchor):
            return True
        for cut in _candidate_cuts(mol, atoms, root):
            rest = atoms - cut
            if root in rest and kind.test(mol, rest, root, anchor):
                pieces_ok = all(
                    any(extra.test(mol, piece, first, carrier) for extra in _ALKYLOXY4_SUBSTITUTED)
                    for piece, (carrier, first) in pieces_on(mol, cut, rest)
                )
                if pieces_ok:
                    return True
        return False

    return Kind(label, test)


def _candidate_cuts(mol: Chem.Mol, atoms: frozenset[int], root: int) -> list[frozenset[int]]:
    """Sets of atoms hanging off the main group (halogens, O-alkyl, Si groups), tried as removable extras."""
    cuts: list[frozenset[int]] = []
    halogens = frozenset(i for i in atoms if mol.GetAtomWithIdx(i).GetAtomicNum() in _HAL and i != root)
    if halogens:
        cuts.append(halogens)
    for i in atoms:
        atom = mol.GetAtomWithIdx(i)
        if i != root and atom.GetSymbol() in {"O", "Si"} and not atom.IsInRing():
            for neighbor in atom.GetNeighbors():
                j = neighbor.GetIdx()
                if j in atoms:
                    branch = reach(mol, i, atoms - {j})
                    if root not in branch:
                        cuts.append(branch)
                        cuts.append(branch | halogens)
    return cuts


_RN_7 = (
    HALOGEN,
    CYANO,
    HYDROXY,
    ACETOXY,
    _with_extra(alkyl(6), "alkyl (<=C6)"),
    _with_extra(headed("alkoxy (<=C5)", "*-[OX2:1]", alkyl(5)), "alkoxy (<=C5)"),
    _with_extra(headed("alkylsulfanyl (<=C5)", "*-[SX2:1]", alkyl(5)), "alkylsulfanyl (<=C5)"),
)
_BRIDGES = {
    "vinylenoxy": "[c]-[OX2]-[CH]=[CH]-[c]",
    "methylenedioxy": "[c]-[OX2]-[CH2]-[OX2]-[c]",
    "ethylenoxy": "[c]-[OX2]-[CH2]-[CH2]-[c]",
    "ethylenedioxy": "[c]-[OX2]-[CH2]-[CH2]-[OX2]-[c]",
}


def _bridge_name(ctx: MatchContext, sub: Substituent) -> str:
    for name, smarts in _BRIDGES.items():
        for match in ctx.mol.GetSubstructMatches(Chem.MolFromSmarts(smarts)):
            if frozenset(match[1:-1]) == sub.atoms and {match[0], match[-1]} == sub.anchors:
                return name
    return ""


def _aryl_positions_check(name: str, summary: str, label: str, kinds: tuple[Kind, ...]) -> Check:
    def test(ctx: MatchContext) -> tuple[bool, str]:
        atoms = frozenset(ctx.site_atoms(label))
        notes = []
        for sub in ctx.substituents():
            if not sub.anchors & atoms:
                continue
            text = ctx.fragment_smiles(sub)
            if sub.closes_ring:
                bridge = _bridge_name(ctx, sub) if sub.anchors <= atoms else ""
                if not bridge:
                    return (
                        False,
                        f"{text} closes a ring that is not a vinylenoxy, methylenedioxy, ethylenoxy "
                        f"or ethylenedioxy bridge",
                    )
                notes.append(f"{text} ({bridge})")
                continue
            if not any(k.matches(ctx.mol, sub) for k in kinds):
                return False, f"{text} is not allowed here (allowed: {', '.join(k.label for k in kinds)})"
            notes.append(text)
        return True, ", ".join(notes) or "hydrogen only"

    return Check(name, summary, test)


def _g7_r3(ctx: MatchContext) -> tuple[bool, str]:
    if "bridge_C" not in ctx.core.site_labels:
        return True, "no methylene bridge (x = 0)"
    subs = ctx.substituents_at(ctx.site("bridge_C"))
    if len(subs) > 1:
        return False, "more than one group on the methylene bridge"
    for sub in subs:
        if sub.closes_ring or not any(k.matches(ctx.mol, sub) for k in _R3_7):
            return False, f"{ctx.fragment_smiles(sub)} on the methylene bridge is not an allowed R3"
    return True, ", ".join(ctx.fragment_smiles(s) for s in subs) or "hydrogen"


GROUP_7 = GroupDefinition(
    group_id="DE-NpSG-7",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from benzimidazole (nitazenes)",
    name_local="Von Benzimidazol abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 7",
    effective_from=_SECOND_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von Benzimidazol abgeleitete Verbindungen (2-Aryl(methyl)-1-(2-aminoethyl)benzimidazole, x = 0 oder 1) "
        "mit R1-R3, Rm und Rn nach Nr. 7, maximale Molekülmasse 600 u."
    ),
    cores=_G7_CORES,
    max_mass_without_counterion=600.0,
    checks=(
        substituent_check(
            "r1_r2_amine",
            "R1/R2 from 7 a, or N in a morpholino, pyrrolidino or piperidinyl ring",
            at="N",
            allowed=_R1R2_7,
            ring_closure=_n_ring_named(("pyrrolidinyl", "piperidinyl", "morpholinyl")),
        ),
        Check("r3_bridge", "R3 on the methylene bridge: H, alkyl (<=C4), OH, OCH3, (alkyl)carbamoyl", _g7_r3),
        _aryl_positions_check(
            "rm_benzimidazole", "Rm at positions 4-7 from 7 c, or an O-containing bridge", "Rm", _RM_7
        ),
        _aryl_positions_check(
            "rn_phenyl", "Rn at phenyl positions 2-6 from 7 d, or an O-containing bridge", "Rn", _RN_7
        ),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The drawing is not in the reference text: the aminoethyl chain is taken as an unsubstituted CH2CH2 "
        "on N1 and R3 as a substituent of the methylene bridge (x = 1)."
    ),
    effective_from_basis="second amendment (VO of 28.06.2021, BGBl. I S. 2231, in force 03.07.2021)",
)


# --- 8. 3,3-diphenylpropan-1-amines (methadone type) ---------------------------------------------------

_G8_CORE = core(
    "3,3-di(hetero)arylpropan-1-amine",
    "[a;r5,r6:5]-[CX4:3](-[a;r5,r6:6])-[CX4:2]-[CX4:4]-[#7X3;!$([#7]-[#6]=[#8]);!$([#7]-[#16](=O)=O):7]",
    Ar1=5,
    Ar2=6,
    C3=3,
    C2=2,
    C1=4,
    N=7,
)
_R1_8 = (
    headed("alkylcarbonyl (<=C6)", "*-[CX3:1]=O", alkyl(6)),
    headed("alkylsulfonyl (<=C6)", "*-[SX4:1](=O)=O", alkyl(6)),
    exact("piperidin-1-ylcarbonyl", "*-C(=O)N1CCCCC1"),
    exact("pyrrolidin-1-ylcarbonyl", "*-C(=O)N1CCCC1"),
    exact("morpholin-4-ylcarbonyl", "*-C(=O)N1CCOCC1"),
)


def _g8_aryls(ctx: MatchContext) -> tuple[bool, str]:
    names = []
    for label in ("Ar1", "Ar2"):
        ipso = ctx.site(label)
        rings = [frozenset(r) for r in ctx.mol.GetRingInfo().AtomRings() if ipso in r]
        if len(rings) != 1:
            return False, f"{label} is part of a fused ring system"
        name = _ring_name(ctx.mol, rings[0])
        if name not in {"phenyl", "pyrrolyl", "pyridyl", "thienyl", "furanyl"}:
            return False, f"{label} is not phenyl, pyrrolyl, pyridyl, thienyl or furanyl"
        for sub in ctx.substituents(ctx.core_atoms | rings[0]):
            if sub.anchors & (rings[0] - {ipso}):
                return False, f"{ctx.fragment_smiles(sub)} on {label} (the text names no ring substituents)"
        names.append(name)
    return True, " and ".join(names)


def _g8_chain(ctx: MatchContext) -> tuple[bool, str]:
    notes = []
    for label in ("C2", "C1"):
        subs = ctx.substituents_at(ctx.site(label))
        if len(subs) > 1:
            return False, f"more than one group on {label}"
        for sub in subs:
            if sub.closes_ring or not (METHYL.matches(ctx.mol, sub) or ETHYL.matches(ctx.mol, sub)):
                return False, f"{ctx.fragment_smiles(sub)} on {label} (only methyl or ethyl, R2/R3)"
            notes.append(f"{ctx.fragment_smiles(sub)} on {label}")
    return True, ", ".join(notes) or "unbranched chain"


GROUP_8 = GroupDefinition(
    group_id="DE-NpSG-8",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from 3,3-diphenylpropan-1-amine",
    name_local="Von 3,3-Diphenylpropan-1-amin abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 8",
    effective_from=_SIXTH_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von 3,3-Diphenylpropan-1-amin abgeleitete Verbindungen mit R1 (Alkylcarbonyl, Alkylsulfonyl, "
        "Piperidinyl-/Pyrrolidinyl-1-carbonyl, Morpholinyl-4-carbonyl), R2/R3 (H, Methyl, Ethyl), R4/R5 (H, "
        "Alkyl <= C4 oder Morpholino-/Pyrrolidino-/Piperidinylring), Ar1/Ar2 (Phenyl, Pyrrolyl, Pyridyl, "
        "Thienyl, Furanyl); maximale Molekülmasse 500 u."
    ),
    cores=(_G8_CORE,),
    max_mass_without_counterion=500.0,
    checks=(
        substituent_check(
            "r1",
            "R1 at C3 (required): alkylcarbonyl/alkylsulfonyl (<=C6) or piperidinyl-, "
            "pyrrolidinyl-, morpholinyl-carbonyl",
            at="C3",
            allowed=_R1_8,
            required=True,
        ),
        Check("r2_r3_chain", "R2/R3: H, methyl or ethyl on C2 and C1", _g8_chain),
        substituent_check(
            "r4_r5_amine",
            "R4/R5: H or alkyl (<=C4), or N in a morpholino, pyrrolidino or piperidinyl ring",
            at="N",
            allowed=(alkyl(4),),
            ring_closure=_n_ring_named(("pyrrolidinyl", "piperidinyl", "morpholinyl")),
        ),
        Check("ar1_ar2", "Ar1/Ar2: unsubstituted phenyl, pyrrolyl, pyridyl, thienyl or furanyl", _g8_aryls),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "The drawing is not in the reference text: R2 and R3 are read as one methyl/ethyl at most on each of "
        "C2 and C1 (methadone, isomethadone); the aromatic rings are taken as unsubstituted."
    ),
    effective_from_basis="not verified: " + _SIXTH_NOTE,
)


# --- 9. 4-amino-1-benzylpiperidines (brorphine type) -------------------------------------------------

_G9_CORE = core(
    "1-[1-(1-arylmethyl)piperidin-4-yl]-1,3-dihydro-2H-benzimidazol-2-one",
    "[c:5]1[c:11][c:11][c:11][c:11][c:11]1-[CX4:2]-[NX3;R1]1[CX4:9][CX4:9][CX4:9]([CX4:9][CX4:9]1)-[n]1[c](=O)[n:7][c:10]2[c:12][c:12][c:12][c:12][c:10]12",
    ipso=5,
    Rm=11,
    C_alpha=2,
    ring=9,
    N3=7,
    Rn=12,
)


def _cyanoalkyl(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
    nitrile = Chem.MolFromSmarts("[CX2]#[NX1]")
    for c, n in mol.GetSubstructMatches(nitrile):
        if {c, n} <= atoms:
            rest = atoms - {c, n}
            return root in rest and alkyl(4).test(mol, rest, root, anchor)
    return False


_R2_9 = (METHYL, ETHYL, PHENYL, Kind("cyanoalkyl (<=C4)", _cyanoalkyl))

GROUP_9 = GroupDefinition(
    group_id="DE-NpSG-9",
    jurisdiction=JURISDICTION,
    name_en="Compounds derived from 4-amino-1-benzylpiperidine",
    name_local="Von 4-Amino-1-benzylpiperidin abgeleitete Verbindungen",
    act="NpSG Anlage 1 Nr. 9",
    effective_from=_SIXTH_AMENDMENT,
    effective_to=None,
    rule_text=(
        "Von 4-Amino-1-benzylpiperidin abgeleitete Verbindungen mit R1 (H, Methyl, Ethyl), R2 (H, Methyl, "
        "Ethyl, Cyanoalkyl <= C4, Phenyl), Rm/Rn an den Phenylringen nach 9 c; maximale Molekülmasse 500 u."
    ),
    cores=(_G9_CORE,),
    max_mass_without_counterion=500.0,
    checks=(
        substituent_check(
            "r1_alpha", "R1 on the benzylic carbon: H, methyl or ethyl", at="C_alpha", allowed=(METHYL, ETHYL)
        ),
        substituent_check(
            "r2_benzimidazolone_n",
            "R2 on the benzimidazolone N3: H, methyl, ethyl, cyanoalkyl (<=C4), phenyl",
            at="N3",
            allowed=_R2_9,
        ),
        _aryl_positions_check("rm_benzyl_ring", "Rm on the benzyl phenyl from 9 c", "Rm", _RN_7),
        _aryl_positions_check(
            "rn_benzimidazolone_ring", "Rn on the benzimidazolone benzene ring from 9 c", "Rn", _RN_7
        ),
        _only_hydrogen("ring", "the piperidine ring carbons"),
    ),
    text_version=_TEXT,
    encoding_notes=(
        "Only the benzimidazolone core (brorphine type) is encoded. The annex refers to more than one drawing "
        "('einer der ... Grundstrukturen'); without the drawings any further core (for example an open "
        "4-anilino form) could not be reconstructed, so such compounds are not recognised by this definition."
    ),
    effective_from_basis="not verified: " + _SIXTH_NOTE,
)


DEFINITIONS: tuple[GroupDefinition, ...] = (
    GROUP_1,
    GROUP_2_1,
    GROUP_2_2,
    GROUP_2_3,
    GROUP_3_1,
    GROUP_3_2,
    GROUP_4,
    GROUP_5_1,
    GROUP_5_2,
    GROUP_6,
    GROUP_7,
    GROUP_8,
    GROUP_9,
)
"""All NpSG groups in annex order."""

"""China: class-wide control in the non-medical narcotic/psychotropic supplement list, as data.

Three classes are defined by structure rather than by name: fentanyl-type substances (in force
2019-05-01, four conditions compared with fentanyl), synthetic cannabinoids (2021-07-01, a general
formula drawn as seven scaffolds) and nitazene-type substances (2025-07-01, four conditions compared
with etonitazene). The wording encoded is quoted in ``rule_text``; the reference compound itself is
listed individually, so it is not a member of its own class.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from drugcontrol.chem.group_definitions.vocabulary import (
    HALOGEN,
    METHYL,
    Kind,
    alkenyl,
    alkyl,
    any_of,
    exact,
    headed,
    ring_systems,
    substituent_check,
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

JURISDICTION = "CN"
_ACT = "《非药用类麻醉药品和精神药品管制品种增补目录》"
_REFERENCE = "the reference compound of the class; it is listed individually, not through the class"


def _ring_atoms(mol: Chem.Mol, idx: int) -> list[frozenset[int]]:
    return [frozenset(r) for r in mol.GetRingInfo().AtomRings() if idx in r]


def _fused_system(mol: Chem.Mol, ring: frozenset[int]) -> frozenset[int]:
    return next(system for system in ring_systems(mol) if ring <= system)


# --- fentanyl class (2019-05-01) ---------------------------------------------------------------------

_FENTANYL_CORE = core(
    "N-aryl-N-(piperidin-4-yl)amide",
    "[#6X3:1](=O)-[#7X3:2](-[a:3])-[CX4;R1:4]1-[CX4;R1:5]-[CX4;R1:5]-[#7X3;R1;!$([#7]-[#6]=[#8]):6]-[CX4;R1:5]-[CX4;R1:5]-1",
    acyl_C=1,
    amide_N=2,
    aryl=3,
    C4=4,
    ring=5,
    N1=6,
)


def _is_ether(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
    """An alkyl chain with an ether oxygen inside (e.g. methoxymethyl of sufentanil)."""
    oxygens = [i for i in atoms if mol.GetAtomWithIdx(i).GetAtomicNum() == 8]
    carbons = [i for i in atoms if mol.GetAtomWithIdx(i).GetAtomicNum() == 6]
    if not oxygens or len(oxygens) + len(carbons) != len(atoms) or mol.GetAtomWithIdx(root).GetAtomicNum() != 6:
        return False
    return all(mol.GetAtomWithIdx(o).GetDegree() == 2 and not mol.GetAtomWithIdx(o).IsInRing() for o in oxygens)


def _is_haloalkyl(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
    halogens = {i for i in atoms if mol.GetAtomWithIdx(i).GetSymbol() in {"F", "Cl", "Br", "I"}}
    rest = atoms - halogens
    return bool(halogens) and bool(rest) and alkyl(20).test(mol, frozenset(rest), root, anchor)


_LISTED_PIPERIDINE_SUBSTITUENTS = (
    alkyl(20),
    alkenyl(20),
    HALOGEN,
    exact("hydroxy", "*-[OX2H1]"),
    exact("amino", "*-[NX3H2]"),
    any_of("nitro", exact("nitro", "*-[N+](=O)[O-]"), exact("nitro", "*-N(=O)=O")),
    headed("alkoxy", "*-[OX2:1]", alkyl(20)),
    headed("ester (alkoxycarbonyl)", "*-C(=O)-[OX2:1]", alkyl(20)),
    headed("ester (acyloxy)", "*-[OX2]-[CX3:1]=O", alkyl(20)),
    Kind("ether", _is_ether),
    Kind("haloalkyl", _is_haloalkyl),
)


def _fentanyl_acyl(ctx: MatchContext) -> tuple[bool, str]:
    subs = ctx.substituents_at(ctx.site("acyl_C"))
    if len(subs) != 1 or subs[0].closes_ring:
        return False, "the amide carbonyl carries no single acyl residue (formamide or ring-closed amide)"
    return True, f"acyl group {ctx.fragment_smiles(subs[0]).replace('*', 'C(=O)', 1)} (condition 1 allows any acyl)"


def _fentanyl_aryl(ctx: MatchContext) -> tuple[bool, str]:
    ipso = ctx.site("aryl")
    rings = _ring_atoms(ctx.mol, ipso)
    if len(rings) != 1 or _fused_system(ctx.mol, rings[0]) != rings[0]:
        return False, "the group on the amide nitrogen is a fused (polycyclic) aromatic system, not a monocyclic one"
    if not all(ctx.mol.GetAtomWithIdx(i).GetIsAromatic() for i in rings[0]):
        return False, "the group on the amide nitrogen is not aromatic"
    frame = ctx.core_atoms | rings[0]
    for sub in ctx.substituents(frame):
        if sub.anchors & (rings[0] - {ipso}) and sub.closes_ring:
            return False, f"{ctx.fragment_smiles(sub)} fuses a ring onto the aromatic ring"
    return True, f"monocyclic aromatic ring of {len(rings[0])} atoms (condition 2)"


def _fentanyl_piperidine(ctx: MatchContext) -> tuple[bool, str]:
    ring = frozenset(ctx.site_atoms("ring")) | {ctx.site("C4")}
    listed, other = [], []
    for sub in ctx.substituents():
        if not sub.anchors & ring:
            continue
        text = ctx.fragment_smiles(sub)
        if sub.closes_ring:
            return False, f"{text} closes a ring onto the piperidine, which then is no longer a substituted piperidine"
        kind = next((k for k in _LISTED_PIPERIDINE_SUBSTITUENTS if k.matches(ctx.mol, sub)), None)
        (listed if kind else other).append(f"{text} ({kind.label})" if kind else text)
    detail = "; ".join(listed) or "unsubstituted piperidine"
    if other:
        detail += "; not among the enumerated examples but allowed by '等' (review): " + ", ".join(other)
    return True, detail


def _fentanyl_n1(ctx: MatchContext) -> tuple[bool, str]:
    subs = ctx.substituents_at(ctx.site("N1"))
    if not subs:
        return False, "the piperidine nitrogen carries hydrogen; condition 4 requires a group other than H"
    return True, f"{ctx.fragment_smiles(subs[0])} on the piperidine nitrogen (condition 4)"


FENTANYL_CLASS = GroupDefinition(
    group_id="CN-FENTANYL-CLASS",
    jurisdiction=JURISDICTION,
    name_en="Fentanyl-related substances (class-wide)",
    name_local="芬太尼类物质",
    act=f"公安部、国家卫生健康委、国家药监局公告：芬太尼类物质列入{_ACT}",
    effective_from=date(2019, 5, 1),
    effective_to=None,
    rule_text=(
        "“芬太尼类物质”是指化学结构与芬太尼（N-[1-（2-苯乙基）-4-哌啶基]-N-苯基丙酰胺）相比，符合以下一个或多个"
        "条件的物质：一、使用其他酰基替代丙酰基；二、使用任何取代或未取代的单环芳香基团替代与氮原子直接相连的苯基；"
        "三、哌啶环上存在烷基、烯基、烷氧基、酯基、醚基、羟基、卤素、卤代烷基、氨基及硝基等取代基；"
        "四、使用其他任意基团（氢原子除外）替代苯乙基。"
    ),
    cores=(_FENTANYL_CORE,),
    excluded_substances=(ExcludedSubstance("fentanyl", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", _REFERENCE),),
    checks=(
        Check("acyl_group", "condition 1: an acyl group on the amide nitrogen (any acyl)", _fentanyl_acyl),
        Check(
            "monocyclic_aryl",
            "condition 2: a substituted or unsubstituted monocyclic aromatic ring on the amide nitrogen",
            _fentanyl_aryl,
        ),
        Check(
            "piperidine_substituents",
            "condition 3: substituents on the piperidine ring (alkyl, alkenyl, "
            "alkoxy, ester, ether, hydroxy, halogen, haloalkyl, amino, nitro 等); the ring itself unchanged",
            _fentanyl_piperidine,
        ),
        Check("piperidine_n_group", "condition 4: any group other than H in place of phenethyl", _fentanyl_n1),
    ),
    encoding_notes=(
        "Anything not named in the four conditions must stay as in fentanyl: the N-aryl-N-(piperidin-4-yl)amide "
        "skeleton. '其他酰基' is read as any C(=O) residue, including alkoxycarbonyl (carbamates). The "
        "substituent list of condition 3 ends with '等' (and others), so unlisted substituents pass with a "
        "review note instead of failing; rings fused or bridged onto the piperidine fail."
    ),
    effective_from_basis="announcement effective 2019-05-01 (china_class_definitions_zh.md)",
)


# --- synthetic cannabinoid class (2021-07-01) -------------------------------------------------------

_SC_INDOLE = "indole/7-azaindole/indazole-3-carbonyl (scaffold 1)"
_SC_CORES = (
    core(
        _SC_INDOLE,
        "[c:7]1[c:7][c:7][c,n:11][c:8]2[c:8]1[c:1](-[CX3:5]=O)[c,n:3][n:2]2",
        ring=7,
        Y=11,
        fusion=8,
        C3=1,
        carbonyl=5,
        X=3,
        N_R1=2,
    ),
    core(
        "2H-indazole-3-carbonyl (scaffold 2)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[c:1](-[CX3:5]=O)[n:2][n:9]2",
        ring=7,
        fusion=8,
        C3=1,
        carbonyl=5,
        N_R1=2,
        N1=9,
    ),
    core(
        "2,5-dihydro-1H-pyrido[4,3-b]indol-1-one (scaffold 3)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[c:8]1[c:10](=O)[n:6][c:9][c:9][c:8]1[n:2]2",
        ring=7,
        fusion=8,
        carbonyl_ring=10,
        N_R3=6,
        pyridone=9,
        N_R1=2,
    ),
    core(
        "pyrrole/pyrazole-3-carbonyl (scaffold 4)",
        "[n:2]1[c:12][c:13][c:1](-[CX3:5]=O)[c,n:11]1",
        N_R1=2,
        C5_R4=12,
        C4_R2=13,
        C3=1,
        carbonyl=5,
        Y=11,
    ),
    core(
        "carbazole-3-carbonyl (scaffold 5)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[c:8]1[c:7][c:1](-[CX3:5]=O)[c:7][c:7][c:8]1[n:2]2",
        ring=7,
        fusion=8,
        C3=1,
        carbonyl=5,
        N_R1=2,
    ),
    core(
        "benzimidazole-2-carbonyl (scaffold 6)",
        "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:1](-[CX3:5]=O)[n:2]2",
        ring=7,
        fusion=8,
        C2=1,
        carbonyl=5,
        N_R1=2,
    ),
    core(
        "3-(2-hydroxyphenyl)cyclohexan-1-ol (scaffold 7)",
        "[OX2H1]-[CX4;R1:9]1-[CX4;R1:9]-[CX4;R1:9](-[c:8]2[c:8](-[OX2H1])[c:7][c:4][c:7][c:7]2)-[CX4;R1:9]-[CX4;R1:9]-[CX4;R1:9]-1",
        cyclohexane=9,
        ring=7,
        aryl_core=8,
        C_R5=4,
    ),
)


def _carbon_skeleton(mol: Chem.Mol, atoms: frozenset[int], root: int) -> int:
    """Carbons joined to the root through C-C bonds only: the size of a (substituted) hydrocarbyl group."""
    if mol.GetAtomWithIdx(root).GetAtomicNum() != 6:
        return 0
    seen = {root}
    stack = [root]
    while stack:
        idx = stack.pop()
        for neighbor in mol.GetAtomWithIdx(idx).GetNeighbors():
            j = neighbor.GetIdx()
            if j in atoms and j not in seen and neighbor.GetAtomicNum() == 6:
                seen.add(j)
                stack.append(j)
    return len(seen)


def _heterocycle_at(mol: Chem.Mol, atoms: frozenset[int], idx: int) -> bool:
    """``idx`` lies in a ring (or fused ring system) of ``atoms`` holding 1-3 heteroatoms."""
    for ring in _ring_atoms(mol, idx):
        if not ring <= atoms:
            continue
        system = _fused_system(mol, ring)
        hetero = sum(1 for i in system if mol.GetAtomWithIdx(i).GetAtomicNum() != 6)
        if 1 <= hetero <= 3:
            return True
    return False


def _heterocyclyl_alkyl(mol: Chem.Mol, atoms: frozenset[int], root: int, *, max_link: int) -> bool:
    """Heterocyclyl bonded directly, or through a methyl/ethyl link (``max_link`` carbons)."""
    if _heterocycle_at(mol, atoms, root):
        return True
    path = [root]
    for _ in range(max_link):
        atom = mol.GetAtomWithIdx(path[-1])
        if atom.GetAtomicNum() != 6 or atom.IsInRing():
            return False
        for neighbor in atom.GetNeighbors():
            j = neighbor.GetIdx()
            if j in atoms and j not in path and _heterocycle_at(mol, atoms, j):
                return True
        nxt = [
            n.GetIdx()
            for n in atom.GetNeighbors()
            if n.GetIdx() in atoms and n.GetIdx() not in path and n.GetAtomicNum() == 6 and not n.IsInRing()
        ]
        if len(nxt) != 1:
            return False
        path.append(nxt[0])
    return False


def _hydrocarbyl(low: int, high: int) -> Kind:
    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        return low <= _carbon_skeleton(mol, atoms, root) <= high

    return Kind(f"(substituted) C{low}-C{high} hydrocarbyl", test)


def _aryl(low: int, high: int) -> Kind:
    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        atom = mol.GetAtomWithIdx(root)
        if not atom.GetIsAromatic() or atom.GetAtomicNum() != 6:
            return False
        system = _fused_system(mol, min(_ring_atoms(mol, root), key=len))
        carbocyclic = all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 for i in system)
        return carbocyclic and low <= len(system) <= high

    return Kind(f"(substituted) C{low}-C{high} aryl", test)


_HETEROCYCLYL = Kind(
    "(substituted) heterocyclyl with 1-3 heteroatoms",
    lambda mol, atoms, root, anchor: _heterocycle_at(mol, atoms, root),
)
_HETEROCYCLYL_ALKYL = Kind(
    "methyl or ethyl carrying a heterocyclyl",
    lambda mol, atoms, root, anchor: _heterocyclyl_alkyl(mol, atoms, root, max_link=2),
)
_R1_SC = (_hydrocarbyl(3, 8), _HETEROCYCLYL, _HETEROCYCLYL_ALKYL)
_R3_SC = (_aryl(6, 10), _hydrocarbyl(3, 10), _HETEROCYCLYL, _HETEROCYCLYL_ALKYL)
_R4_SC = (
    Kind("(substituted) phenyl", lambda mol, atoms, root, anchor: _is_phenyl_root(mol, atoms, root)),
    Kind("(substituted) benzyl", lambda mol, atoms, root, anchor: _is_benzyl_root(mol, atoms, root)),
)


def _is_phenyl_root(mol: Chem.Mol, atoms: frozenset[int], root: int) -> bool:
    rings = [r for r in _ring_atoms(mol, root) if len(r) == 6 and r <= atoms]
    return any(
        all(mol.GetAtomWithIdx(i).GetIsAromatic() and mol.GetAtomWithIdx(i).GetAtomicNum() == 6 for i in r)
        and _fused_system(mol, r) == r
        for r in rings
    )


def _is_benzyl_root(mol: Chem.Mol, atoms: frozenset[int], root: int) -> bool:
    atom = mol.GetAtomWithIdx(root)
    if atom.GetAtomicNum() != 6 or atom.IsInRing() or atom.GetTotalNumHs() != 2:
        return False
    return any(j.GetIdx() in atoms and _is_phenyl_root(mol, atoms, j.GetIdx()) for j in atom.GetNeighbors())


def _sc_r1(ctx: MatchContext) -> tuple[bool, str]:
    if "N_R1" not in ctx.core.site_labels:
        return True, "scaffold without R1"
    subs = ctx.substituents_at(ctx.site("N_R1"))
    if len(subs) != 1 or subs[0].closes_ring:
        return False, "no single R1 group on the ring nitrogen"
    sub = subs[0]
    kind = next((k for k in _R1_SC if k.matches(ctx.mol, sub)), None)
    text = ctx.fragment_smiles(sub)
    if kind is None:
        size = _carbon_skeleton(ctx.mol, sub.atoms, sub.root)
        return False, f"R1 = {text} is not a C3-C8 hydrocarbyl ({size} C) nor a heterocyclyl(-methyl/ethyl)"
    return True, f"R1 = {text}: {kind.label}"


def _sc_z_r3(ctx: MatchContext) -> tuple[bool, str]:
    if "carbonyl" in ctx.core.site_labels:
        subs = ctx.substituents_at(ctx.site("carbonyl"))
    elif "N_R3" in ctx.core.site_labels:
        subs = ctx.substituents_at(ctx.site("N_R3"))
    else:
        return True, "scaffold without Z-R3"
    if len(subs) != 1 or subs[0].closes_ring:
        return False, "no single Z-R3 group on the carbonyl"
    sub = subs[0]
    mol = ctx.mol
    root = mol.GetAtomWithIdx(sub.root)
    z = "none"
    r3_atoms, r3_root, r3_anchor = sub.atoms, sub.root, sub.anchor
    if "carbonyl" in ctx.core.site_labels and root.GetSymbol() in {"O", "N"} and not root.IsInRing():
        is_nh = root.GetSymbol() == "N" and root.GetTotalNumHs() == 1
        if root.GetSymbol() == "N" and not is_nh:
            return False, f"Z is a substituted nitrogen in {ctx.fragment_smiles(sub)} (only O, NH or none)"
        z = "O" if root.GetSymbol() == "O" else "NH"
        nxt = [n.GetIdx() for n in root.GetNeighbors() if n.GetIdx() in sub.atoms]
        if len(nxt) != 1:
            return False, f"Z = {z} carries no R3"
        r3_atoms, r3_root, r3_anchor = sub.atoms - {sub.root}, nxt[0], sub.root
    r3 = Substituent(frozenset(r3_atoms), ((r3_anchor, r3_root),))
    kind = next((k for k in _R3_SC if k.matches(mol, r3)), None)
    text = ctx.fragment_smiles(r3)
    if kind is None:
        return False, f"R3 = {text} (Z = {z}) is not a C6-C10 aryl, C3-C10 hydrocarbyl or heterocyclyl(-methyl/ethyl)"
    return True, f"Z = {z}, R3 = {text}: {kind.label}"


def _sc_fixed_positions(ctx: MatchContext) -> tuple[bool, str]:
    """Positions the formula draws without a substituent must carry none; X/R2, R4 and R5 as defined."""
    mol = ctx.mol
    labels = set(ctx.core.site_labels)
    plain = [label for label in ("ring", "Y", "pyridone", "N1", "cyclohexane", "aryl_core") if label in labels]
    atoms = {i for label in plain for i in ctx.site_atoms(label)}
    for sub in ctx.substituents():
        if sub.anchors & atoms:
            return False, f"{ctx.fragment_smiles(sub)} on a position the general formula leaves unsubstituted"
    notes = []
    if "X" in labels:
        for sub in ctx.substituents_at(ctx.site("X")):
            if sub.closes_ring or not METHYL.matches(mol, sub):
                return False, f"R2 = {ctx.fragment_smiles(sub)} (only H, methyl or nothing)"
            notes.append("R2 = methyl")
    if "C4_R2" in labels:
        for sub in ctx.substituents_at(ctx.site("C4_R2")):
            if sub.closes_ring or not METHYL.matches(mol, sub):
                return False, f"R2 = {ctx.fragment_smiles(sub)} (only H or methyl)"
    if "C5_R4" in labels:
        for sub in ctx.substituents_at(ctx.site("C5_R4")):
            if sub.closes_ring or not any(k.matches(mol, sub) for k in _R4_SC):
                return False, f"R4 = {ctx.fragment_smiles(sub)} (only H, phenyl or benzyl)"
            notes.append(f"R4 = {ctx.fragment_smiles(sub)}")
    if "C_R5" in labels:
        subs = ctx.substituents_at(ctx.site("C_R5"))
        if len(subs) != 1 or not _hydrocarbyl(3, 10).matches(mol, subs[0]):
            return False, "R5 must be a (substituted) C3-C10 hydrocarbyl group"
        notes.append(f"R5 = {ctx.fragment_smiles(subs[0])}")
    return True, ", ".join(notes) or "no extra substituents"


SYNTHETIC_CANNABINOID_CLASS = GroupDefinition(
    group_id="CN-SYNTHETIC-CANNABINOID-CLASS",
    jurisdiction=JURISDICTION,
    name_en="Synthetic cannabinoids (class-wide, general formula)",
    name_local="合成大麻素类物质",
    act=f"公安部、国家卫生健康委、国家药监局公告：合成大麻素类物质列入{_ACT}",
    effective_from=date(2021, 7, 1),
    effective_to=None,
    rule_text=(
        "“合成大麻素类物质”是指具有下列化学结构通式的物质：R1 代表取代或未取代的C3-C8烃基；取代或未取代的含有1-3个"
        "杂原子的杂环基；取代或未取代的含有1-3个杂原子的杂环基取代的甲基或乙基。R2 代表氢或甲基或无任何原子。"
        "R3 代表取代或未取代的C6-C10的芳基；取代或未取代的C3-C10的烃基；取代或未取代的含有1-3个杂原子的杂环基；"
        "取代或未取代的含有1-3个杂原子的杂环基取代的甲基或乙基。R4 代表氢；取代或未取代的苯基；取代或未取代的苯甲基。"
        "R5 代表取代或未取代的C3-C10的烃基。X代表 N或C。Y代表 N或CH。Z代表O或NH或无任何原子。"
    ),
    cores=_SC_CORES,
    checks=(
        Check(
            "r1",
            "R1: (substituted) C3-C8 hydrocarbyl, heterocyclyl (1-3 heteroatoms) or heterocyclyl-methyl/ethyl",
            _sc_r1,
        ),
        Check(
            "z_r3",
            "Z = O, NH or none; R3: (substituted) C6-C10 aryl, C3-C10 hydrocarbyl, heterocyclyl or "
            "heterocyclyl-methyl/ethyl",
            _sc_z_r3,
        ),
        Check(
            "formula_positions",
            "X/R2 (H, methyl, none), R4 (H, phenyl, benzyl), R5 (C3-C10 hydrocarbyl); other positions as drawn",
            _sc_fixed_positions,
        ),
    ),
    encoding_notes=(
        "The general formula is encoded as its seven drawn scaffolds. Ring positions drawn without a group "
        "are taken as unsubstituted (a 5-bromo-indazole is therefore not caught by the formula). "
        "'C3-C8 烃基' counts the carbons joined to the attachment carbon by C-C bonds; substituents such as "
        "F, CN, OCH3 or C(=O)OCH3 attached through other atoms do not count."
    ),
    effective_from_basis="announcement effective 2021-07-01 (china_class_definitions_zh.md)",
)


# --- nitazene class (2025-07-01) ---------------------------------------------------------------------

_NITAZENE_CORE = core(
    "2-(arylalkyl)-1-(2-aminoethyl)-1H-benzimidazole",
    "[c:7]1[c:7][c:7][c:7][c:8]2[c:8]1[n][c:9](-[#6;!a;!R:4])[n:8]2-[CH2]-[CH2]-[#7X3;!a;!$([#7]~[#8]):3]",
    ring=7,
    fusion=8,
    C2=9,
    linker=4,
    amino=3,
)


def _nitazene_linker(ctx: MatchContext) -> tuple[bool, str]:
    """Condition 2: a C1-C2 (substituted) hydrocarbon link from C2 to an aromatic group (condition 3)."""
    mol = ctx.mol
    first = ctx.site("linker")
    sub = next(s for s in ctx.substituents(ctx.core_atoms - {first}) if first in s.atoms)
    chain = [first]
    for _ in range(2):
        atom = mol.GetAtomWithIdx(chain[-1])
        aromatic = [n.GetIdx() for n in atom.GetNeighbors() if n.GetIsAromatic() and n.GetIdx() in sub.atoms]
        if aromatic:
            return True, f"C{len(chain)} link to an aromatic group ({ctx.fragment_smiles(sub)})"
        nxt = [
            n.GetIdx()
            for n in atom.GetNeighbors()
            if n.GetIdx() in sub.atoms and n.GetIdx() not in chain and n.GetAtomicNum() == 6 and not n.IsInRing()
        ]
        if len(nxt) != 1:
            break
        chain.append(nxt[0])
    return False, f"{ctx.fragment_smiles(sub)}: no aromatic group within a C1-C2 hydrocarbon link from C2"


NITAZENE_CLASS = GroupDefinition(
    group_id="CN-NITAZENE-CLASS",
    jurisdiction=JURISDICTION,
    name_en="Nitazene-type substances (class-wide)",
    name_local="尼秦类物质",
    act=f"公安部、国家卫生健康委、国家药监局公告：尼秦类物质列入{_ACT}",
    effective_from=date(2025, 7, 1),
    effective_to=None,
    rule_text=(
        "“尼秦类物质”是指化学结构与依托尼秦（2-[2-(4-乙氧基苄基)-5-硝基-1H-苯并咪唑-1-基]-N,N-二乙基-1-乙胺）相比,"
        "符合以下一个或多个条件的物质：（一）使用取代或未取代的1H-苯并咪唑基替代5-硝基-1H-苯并咪唑基;（二）使用取代或"
        "未取代的C1-C2烃基替代1H-苯并咪唑基与苯基之间的亚甲基;（三）使用取代或未取代的芳香基团替代4-乙氧基苯基;"
        "（四）使用取代或未取代的氨基替代N,N-二乙基氨基。"
    ),
    cores=(_NITAZENE_CORE,),
    excluded_substances=(
        ExcludedSubstance("etonitazene", "CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1", _REFERENCE),
    ),
    checks=(
        Check(
            "linker_and_aryl",
            "conditions 2 and 3: an aromatic group joined to C2 by a (substituted) C1-C2 hydrocarbon link",
            _nitazene_linker,
        ),
        substituent_check(
            "benzimidazole",
            "condition 1: the benzimidazole may carry any substituents",
            at="ring",
            allowed=(Kind("any substituent", lambda mol, atoms, root, anchor: True),),
            ring_closure=lambda ctx, sub: (True, "ring fused onto the benzimidazole benzene ring"),
        ),
    ),
    encoding_notes=(
        "The N1-CH2-CH2-N link is not named in the four conditions and must stay unchanged; the amino group "
        "may carry anything (condition 4). A 2-aryl compound without a carbon link is outside condition 2."
    ),
    effective_from_basis="announcement effective 2025-07-01 (china_class_definitions_zh.md)",
)


DEFINITIONS: tuple[GroupDefinition, ...] = (FENTANYL_CLASS, SYNTHETIC_CANNABINOID_CLASS, NITAZENE_CLASS)
"""China's class-wide definitions in order of their entry into force."""

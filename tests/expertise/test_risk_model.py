"""The NPS-likeness model: reproducible training, scores with their reasons, loading once, no model.

A small model is trained once per session on part of the reference data in ../shared (Kazakhstan's demo
list, the SWGDRUG monographs and PiHKAL/TiHKAL as positives, the approved medicines as negatives; few
rounds): the model file is not in the repository, since several sources state no licence.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from rdkit import Chem
from typer.testing import CliRunner

from drugcontrol.chem.standardize import standardize
from drugcontrol.cli.main import app
from drugcontrol.expertise.risk import RiskModelUnavailable, available_model, load_model
from drugcontrol.expertise.risk.model import RiskModel
from drugcontrol.expertise.risk.train import train_model

SMALL = {"rounds": 40, "folds": 3}


def _mol(smiles: str) -> Chem.Mol:
    return standardize(Chem.MolFromSmiles(smiles)).mol


@pytest.fixture(scope="session")
def training(risk_training):
    return risk_training


@pytest.fixture(scope="session")
def model_file(risk_model_path: Path) -> Path:
    return risk_model_path


def test_negatives_exclude_controlled_medicines_by_structure(training) -> None:
    labels = {e.key: e.label for e in training.examples}
    morphine = Chem.MolToSmiles(_mol("CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5"), isomericSmiles=False)
    assert labels[morphine] is True  # on the KZ list: a positive, not a negative medicine
    paracetamol = Chem.MolToSmiles(_mol("CC(=O)Nc1ccc(O)cc1"), isomericSmiles=False)
    assert labels[paracetamol] is False
    assert training.dropped["negative_is_positive"] > 0
    assert set(training.file_hashes) == {
        "(project) lists/demo/kz_decree_470.csv",
        "reference/swgdrug_monographs.csv",
        "reference/psychoactives_pihkal_tihkal.csv",
        "negatives/approved_medicines.csv",
    }


def test_carbon_free_structures_are_outside_the_model(training, model_file: Path) -> None:
    # list IV reagents (sulfuric acid, permanganate) are controlled by identity, never by likeness
    assert all(any(a.GetAtomicNum() == 6 for a in e.mol.GetAtoms()) for e in training.examples)
    assert training.dropped["outside_domain"] > 0
    iron, sulfuric_acid = load_model(model_file).score([_mol("[Fe]"), _mol("OS(=O)(=O)O")], nearest=0)
    assert (iron.score, iron.flagged, sulfuric_acid.score, sulfuric_acid.flagged) == (0.0, False, 0.0, False)


def test_training_is_reproducible(training, model_file: Path) -> None:
    again, _ = train_model(training, **SMALL)
    assert again.to_bytes() == model_file.read_bytes()
    assert again.version == load_model(model_file).version
    assert again.version.startswith("nps-likeness/")


def test_threshold_is_chosen_by_cross_validation(model_file: Path) -> None:
    model = load_model(model_file)
    points = {p["fpr_target"]: p for p in model.meta["cross_validation"]["points"]}
    assert set(points) == {0.005, 0.01}
    assert points[0.005]["fpr"] <= 0.005 and points[0.01]["fpr"] <= 0.01
    assert points[0.005]["threshold"] >= points[0.01]["threshold"]
    assert model.threshold == points[0.005]["threshold"]
    assert points[0.01]["recall"] > 0.5
    # the approved medicines among the negatives, the harder ones, get their own out-of-fold rate
    assert 0.0 <= points[0.005]["medicines_fpr"] <= points[0.01]["medicines_fpr"] <= 1.0


def test_scores_a_designer_drug_above_a_medicine_and_names_the_nearest_examples(model_file: Path) -> None:
    model = load_model(model_file)
    # 3-MMC (a cathinone) and 4-fluoro-MDMB-BUTINACA-like cannabinoid vs paracetamol and ibuprofen
    cathinone, cannabinoid, paracetamol, ibuprofen = model.score(
        [
            _mol("CNC(C)C(=O)c1cccc(C)c1"),
            _mol("CCCCN1C=C(C(=O)NC(C(=O)OC)C(C)(C)C)c2ccccc21"),
            _mol("CC(=O)Nc1ccc(O)cc1"),
            _mol("CC(C)Cc1ccc(C(C)C(=O)O)cc1"),
        ]
    )
    assert cathinone.flagged and cannabinoid.flagged
    assert not paracetamol.flagged and not ibuprofen.flagged
    assert min(cathinone.score, cannabinoid.score) > max(paracetamol.score, ibuprofen.score)
    assert len(cathinone.nearest) == 3 and cathinone.nearest_positive[0] is True
    assert cathinone.nearest[0][1] >= cathinone.nearest[1][1] >= cathinone.nearest[2][1]
    assert paracetamol.nearest[0] == ("paracetamol", 1.0)  # itself, a training negative
    assert paracetamol.nearest_positive[0] is False


def test_scores_without_reasons_are_the_same_scores(model_file: Path) -> None:
    model = load_model(model_file)
    mols = [_mol("CNC(C)Cc1ccc2OCOc2c1"), _mol("CCO")]
    fast = model.score(mols, nearest=0)
    full = model.score(mols)
    assert [(r.score, r.flagged) for r in fast] == [(r.score, r.flagged) for r in full]
    assert fast[0].nearest == [] and model.score([]) == []


def test_a_batch_gives_each_structure_the_score_it_gets_alone(model_file: Path, training) -> None:
    # bulk screening scores a chunk at once and then assesses its structures one by one
    model = load_model(model_file)
    mols = [e.mol for e in training.examples[::25]] + [_mol("[Fe]")]
    alone = [model.raw_scores([mol])[0] for mol in mols]
    with model.batch(mols):
        inside = [model.raw_scores([mol])[0] for mol in mols]
        other = model.raw_scores([_mol("CC(N)Cc1ccccc1")])  # not in the batch: scored as ever
    assert inside == alone  # to the last bit
    assert other[0] == model.raw_scores([_mol("CC(N)Cc1ccccc1")])[0]


def test_loaded_once_per_process_and_again_when_replaced(model_file: Path, tmp_path: Path) -> None:
    assert load_model(model_file) is load_model(model_file)
    copy = tmp_path / "copy.zip"
    copy.write_bytes(model_file.read_bytes())
    first = load_model(copy)
    os.utime(copy, ns=(1, 1))
    assert load_model(copy) is not first


def test_no_model_is_said_not_raised_where_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none.zip"
    assert available_model(missing) is None
    with pytest.raises(RiskModelUnavailable, match="drugcontrol expertise train-risk"):
        load_model(missing)
    broken = tmp_path / "broken.zip"
    broken.write_text("not a zip")
    with pytest.raises(RiskModelUnavailable, match="cannot be read"):
        load_model(broken)
    monkeypatch.setenv("DRUGCONTROL_RISK_MODEL", str(missing))
    assert available_model() is None


def test_a_model_of_another_feature_recipe_is_refused(model_file: Path) -> None:
    model = load_model(model_file)
    with pytest.raises(RiskModelUnavailable, match="train it again"):
        RiskModel({**model.meta, "feature_set": "other/v0"}, model.booster_text, [], [], [])


def test_train_risk_command(shared: Path, tmp_path: Path) -> None:
    target = tmp_path / "m.zip"
    result = CliRunner().invoke(
        app,
        [
            "expertise",
            "train-risk",
            "--output",
            str(target),
            "--data",
            str(shared),
            "--sources",
            "KZ,PiHKAL,medicines",
            "--rounds",
            "20",
            "--folds",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert "cross-validated recall" in result.output and load_model(target).version in result.output


def test_train_risk_command_names_a_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["expertise", "train-risk", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "reference data folder not found" in result.output


def test_the_array_forest_gives_lightgbm_s_scores(model_file: Path, training) -> None:
    model = load_model(model_file)
    assert model.forest is not None
    sample = training.features[:200]
    expected = model.booster.predict(sample, num_threads=1)
    assert abs(model.forest.predict(sample) - expected).max() < 1e-12
    one_by_one = [model.forest.predict(sample[i : i + 1])[0] for i in range(len(sample))]
    assert abs(one_by_one - expected).max() < 1e-12


def test_a_model_file_scores_without_importing_lightgbm(model_file: Path, training) -> None:
    """The trees are kept as arrays in the file: a worker that only scores never pays LightGBM's import."""
    script = (
        "import sys; from drugcontrol.expertise.risk import load_model; import numpy as np; "
        f"model = load_model({str(model_file)!r}); "
        f"print(model.forest.predict(np.load({str(_features_file(model_file, training))!r})).sum()); "
        "print('lightgbm' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    total, imported = done.stdout.split()
    assert imported == "False"
    expected = load_model(model_file).booster.predict(training.features[:50], num_threads=1)
    assert abs(float(total) - expected.sum()) < 1e-9


def _features_file(model_file: Path, training) -> Path:
    target = model_file.with_name(f"{model_file.stem}-features.npy")
    np.save(target, training.features[:50], allow_pickle=False)
    return target


def test_a_model_file_without_stored_trees_still_loads(model_file: Path, training, tmp_path: Path) -> None:
    """A file written before the trees were stored reads them through LightGBM, with the same scores."""
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(model_file) as source, zipfile.ZipFile(older, "w") as target:
        for name in source.namelist():
            if not name.startswith("forest/"):
                target.writestr(name, source.read(name))
    sample = training.features[:50]
    assert abs(load_model(older).forest.predict(sample) - load_model(model_file).forest.predict(sample)).max() == 0


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda data: None, r"lack threshold\.npy"),  # a member left out
        (lambda data: b"", r"cut short"),  # a member emptied
        (lambda data: data[:20], r"EOF"),  # a member cut in its header
    ],
)
def test_damaged_stored_trees_are_refused_with_the_file_named(
    model_file: Path, tmp_path: Path, damage, said: str
) -> None:
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(model_file) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "forest/threshold.npy":
                data = damage(data)
            if data is not None:
                target.writestr(name, data)
    with pytest.raises(RiskModelUnavailable, match=rf"damaged\.zip cannot be read: .*{said}"):
        load_model(damaged)

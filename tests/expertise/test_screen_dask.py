"""``drugcontrol screen --scheduler``: a Dask cluster of two worker processes on 127.0.0.1 writes, byte for byte,
the file a run on this machine writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

from drugcontrol.cli.main import app

runner = CliRunner()
AS_OF = "2024-03-01"
STRUCTURES = [
    "CNC(C)Cc1ccccc1",  # methamphetamine: listed
    "CC(N)Cc1ccc(F)cc1",  # 4-fluoroamphetamine: analogue
    "CCO",
    "C1CC(",  # not a structure: invalid
    "CC(=O)Nc1ccc(O)cc1",
    "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
    "CN[C@@H](C)C(=O)c1ccccc1",
    "COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C",
    "c1ccccc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
    "CCN(CC)C(=O)[C@H]1CN(C)[C@@H]2Cc3c[nH]c4cccc(c34)C2=C1",
    "OC(=O)CCCO",
    "CC(N)Cc1ccc(Cl)cc1",
    "CC(N)Cc1ccc(Br)cc1",
    "CC(Cc1ccccc1)NC",
    "NCCc1c[nH]c2ccccc12",
]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def seized(tmp_path: Path) -> Path:
    """Every structure twice under different ids, an empty cell, and the rows in an order no sort restores."""
    lines = ["code,structure"]
    for round_ in ("a", "b"):
        lines += [f"{round_}{i:02d},{s}" for i, s in enumerate(reversed(STRUCTURES) if round_ == "b" else STRUCTURES)]
    lines.append("empty,")
    source = tmp_path / "seized.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def _screen(source: Path, out: Path, *options: str, env: dict[str, str] | None = None) -> str:
    args = ["screen", str(source), "-o", str(out), "--as-of", AS_OF, "--id-column", "code"]
    result = runner.invoke(app, [*args, "--smiles-column", "structure", *options], env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.django_db
def test_the_cluster_writes_the_local_output_byte_for_byte(scheduler: str, seized: Path, tmp_path: Path) -> None:
    local, distributed = tmp_path / "local.csv", tmp_path / "dask.csv"
    _screen(seized, local, "--workers", "1")
    summary = _screen(seized, distributed, "--scheduler", scheduler)
    assert distributed.read_bytes() == local.read_bytes()
    assert "33 rows: listed 12, analogue 6, similar 2, not_controlled 10, invalid 3 " in summary
    verdicts = [line.split(",")[1] for line in local.read_text(encoding="utf-8").splitlines()[1:4]]
    assert verdicts == ["listed", "analogue", "not_controlled"]


@pytest.mark.django_db
def test_the_scheduler_address_can_come_from_the_environment(scheduler: str, seized: Path, tmp_path: Path) -> None:
    local, distributed = tmp_path / "local.csv", tmp_path / "dask.csv"
    _screen(seized, local, "--workers", "2")
    _screen(seized, distributed, env={"DASK_SCHEDULER_ADDRESS": scheduler})
    assert distributed.read_bytes() == local.read_bytes()


@pytest.mark.django_db
def test_an_unreachable_scheduler_exits_with_code_2_and_names_the_address(seized: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ["screen", str(seized), "-o", str(out), "--id-column", "code", "--smiles-column", "structure"]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = runner.invoke(app, [*args, "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
    assert not out.exists() and list(tmp_path.glob("*out.csv*")) == []  # nothing half-written


@pytest.mark.django_db
def test_workers_and_scheduler_together_are_refused(seized: Path, tmp_path: Path) -> None:
    args = ["screen", str(seized), "-o", str(tmp_path / "out.csv"), "--workers", "2", "--scheduler", "tcp://x:1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--workers" in result.output

"""The portable wheel (``bash scripts/build_wheel.sh`` -> ``dist/``) installed into a clean virtual
environment with the oldest Optuna that pyproject.toml supports."""

from __future__ import annotations

import json
from pathlib import Path
import re
import subprocess
import sys
import zipfile

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE_STUDY = Path(__file__).with_name("smoke_study.py")


def _optuna_floor() -> str:
    pyproject = (ROOT / "pyproject.toml").read_text()
    match = re.search(r'"optuna>=([0-9][0-9.]*)"', pyproject)
    assert match, "pyproject.toml declares no optuna>= floor"
    return match.group(1)


@pytest.fixture(scope="module")
def wheel() -> Path:
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    wheels = sorted(ROOT.glob(f"dist/optuna_gfo-*-{tag}-{tag}-manylinux_*.whl"))
    if len(wheels) != 1:
        pytest.fail(
            f"expected one {tag} manylinux wheel in dist/ (bash scripts/build_wheel.sh): {wheels}"
        )
    return wheels[0]


@pytest.fixture(scope="module")
def clean_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    environment = tmp_path_factory.mktemp("clean") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
            f"optuna=={_optuna_floor()}",
        ],
        check=True,
    )
    return python


def _members(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_carries_both_cores_and_nlopt(wheel: Path) -> None:
    names = [Path(n).name for n in _members(wheel)]
    assert any(n.startswith("_core_baseline.") for n in names)
    assert any(n.startswith("_core_x86_64_v3.") for n in names)
    assert any(n.startswith("_cpu.") for n in names)
    assert not any(n.startswith("_core_native.") for n in names)
    assert any(n.startswith("libnlopt") for n in names), "auditwheel did not bundle NLopt"


def _vector_register_uses(wheel: Path, module: str, tmp_path: Path) -> int:
    with zipfile.ZipFile(wheel) as archive:
        (member,) = [n for n in archive.namelist() if Path(n).name.startswith(module + ".")]
        library = Path(archive.extract(member, tmp_path))
    disassembly = subprocess.run(
        ["objdump", "-d", "--no-show-raw-insn", str(library)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return len(re.findall(r"%[yz]mm\d", disassembly))


def test_baseline_core_uses_no_avx_registers(wheel: Path, tmp_path: Path) -> None:
    # A CPU without AVX (the x86-64 baseline) faults on any instruction touching ymm/zmm.
    assert _vector_register_uses(wheel, "_core_baseline", tmp_path) == 0
    assert _vector_register_uses(wheel, "_core_x86_64_v3", tmp_path) > 1000


@pytest.mark.parametrize("forced_core", ["", "baseline"])
def test_both_samplers_run_in_a_clean_environment(clean_python: Path, forced_core: str) -> None:
    environment = {"PATH": "/usr/bin:/bin", "OPTUNA_GFO_CORE": forced_core}
    run = subprocess.run(
        [str(clean_python), str(SMOKE_STUDY)],
        capture_output=True,
        text=True,
        env=environment,
        cwd="/",
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["optuna"] == _optuna_floor() or report["optuna"].startswith(_optuna_floor() + ".")
    assert report["core"] == (forced_core or _expected_core(clean_python))
    assert Path(report["nlopt"]).parent.name == "optuna_gfo.libs"
    assert report["gp"]["complete"] == 20 and report["ga"]["complete"] == 20
    # What only these samplers do: GPEISampler stores its proposals, GASampler its generations.
    assert report["gp"]["proposals_stored"] >= 20 - 5
    assert report["ga"]["generations"] == [0, 1, 2, 3]


def _expected_core(python: Path) -> str:
    supports = subprocess.run(
        [str(python), "-c", "from optuna_gfo import _cpu; print(_cpu.supports_x86_64_v3())"],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout.strip()
    return "x86_64_v3" if supports == "True" else "baseline"

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path
import shutil
import socket
import subprocess
import tempfile

import optuna
import pytest

from sampler_cases import SAMPLER_CASES
from sampler_cases import SamplerCase

POSTGRES_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"


@pytest.fixture(params=SAMPLER_CASES, ids=[case.name for case in SAMPLER_CASES])
def sampler_case(request: pytest.FixtureRequest) -> SamplerCase:
    """Each of the plugin's samplers in turn, for the behaviour both share."""
    case: SamplerCase = request.param
    return case


@pytest.fixture(autouse=True)
def _quiet_optuna() -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)


@pytest.fixture
def optuna_caplog(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog for Optuna's logger tree (ours included), which does not propagate to the root
    logger, where caplog listens, unless asked."""
    optuna.logging.enable_propagation()
    try:
        yield caplog
    finally:
        optuna.logging.disable_propagation()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on loopback for the session (scripts/postgres.sh)."""
    # Outside pytest's private temp dirs: the server runs as the postgres user.
    data_dir = tempfile.mkdtemp(prefix="optuna_gfo_pg_")
    os.chmod(data_dir, 0o755)
    port = _free_port()
    started = subprocess.run(
        ["bash", str(POSTGRES_SCRIPT), "start", data_dir, str(port)], capture_output=True, text=True
    )
    if started.returncode != 0:
        logs = "\n".join(
            path.read_text() for path in Path(data_dir).glob("*.log") if path.is_file()
        )
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", data_dir], capture_output=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start:\n{started.stdout}{started.stderr}\n{logs}")
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/optuna_gfo_test"
    finally:
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", data_dir], capture_output=True)
        shutil.rmtree(data_dir, ignore_errors=True)

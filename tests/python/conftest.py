from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
import importlib
import os
from pathlib import Path
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings

import optuna
import pytest

from sampler_cases import SAMPLER_CASES
from sampler_cases import SamplerCase

POSTGRES_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"
GRPC_PROXY_SERVER = Path(__file__).with_name("grpc_proxy_server.py")


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


def grpc_proxy_missing() -> str | None:
    """Why Optuna's gRPC storage proxy cannot run here, or None when it can."""
    if not hasattr(optuna.storages, "GrpcStorageProxy"):
        return f"Optuna {optuna.__version__} has no gRPC storage proxy (added in Optuna 4.2)"
    for module in ("grpc", "google.protobuf"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"{module} is not installed: the gRPC storage proxy needs grpcio and protobuf"
    return None


@pytest.fixture
def grpc_proxy() -> Iterator[Callable[[str], str]]:
    """Starts Optuna's gRPC storage proxy in front of an RDB URL, each in a process of its own
    (grpc_proxy_server.py) on a free loopback port, killed at teardown; returns the
    ``grpc:HOST:PORT`` storage of distributed_worker.py."""
    reason = grpc_proxy_missing()
    if reason is not None:
        pytest.skip(reason)
    servers: list[subprocess.Popen[str]] = []

    def start(url: str) -> str:
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, str(GRPC_PROXY_SERVER), url, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        servers.append(server)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            client = optuna.storages.GrpcStorageProxy(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 60
        while True:
            try:
                client.wait_server_ready(timeout=1.0)
                break
            except ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"the gRPC proxy did not start:\n{server.communicate()[1]}")
        client.close()
        return f"grpc:127.0.0.1:{port}"

    try:
        yield start
    finally:
        for server in servers:
            server.terminate()
            try:
                server.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()

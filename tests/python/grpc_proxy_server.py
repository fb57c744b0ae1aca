"""The gRPC storage proxy of the distributed tests: serves one storage until it is killed.

    python grpc_proxy_server.py STORAGE_URL PORT

Optuna's `run_grpc_proxy_server` in front of ``get_storage(STORAGE_URL)`` (an RDB URL; the proxy
does not serve journal storages), listening on 127.0.0.1:PORT. Workers reach it through
`optuna.storages.GrpcStorageProxy`; distributed_worker.py's ``grpc:HOST:PORT`` storage does.
"""

from __future__ import annotations

import sys
import warnings

import optuna


def main() -> None:
    url, port = sys.argv[1:3]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    optuna.storages.run_grpc_proxy_server(
        optuna.storages.get_storage(url), host="127.0.0.1", port=int(port)
    )


if __name__ == "__main__":
    main()

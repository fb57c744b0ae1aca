"""Storage traffic per trial at 100 and 2,000 trials: calls, SQL statements and rows read.

One worker (one process, one thread) runs ``study.optimize`` on a cheap objective (4 floats and
an integer) in an RDB storage, which Optuna wraps in its ``_CachedStorage`` as it does for a URL.
Three counters run at once:
- storage calls: a ``CountingStorage`` between the study and Optuna's storage counts every call
  of the storage API (the sampler's and Optuna's own: ask, suggest, tell, logging);
- SQL statements: SQLAlchemy's ``before_cursor_execute`` on the engine;
- rows read: ORM objects loaded (SQLAlchemy's ``load`` event on Optuna's models): a trial, each
  of its params, values, attributes and intermediate values count one; scalar lookups (a trial
  id, the best trial's id) return one row each and are not counted.
A trial's traffic is everything between the end of the previous trial and its own end (an
``optimize`` callback), averaged over trials 91-100 and 1,991-2,000.

GPEISampler and TPESampler are not run for the first 1,900 trials of the 2,000-trial study:
``study.add_trials`` adds them (random points, completed with the objective's value), then
the sampler runs the last 100. GASampler runs all 2,000 (added trials would all be members of
its generation 0). Run from the repository root:

    python benchmarks/storage_traffic_benchmark.py                # SQLite and PostgreSQL
    python benchmarks/storage_traffic_benchmark.py --no-postgres  # SQLite only
    python benchmarks/storage_traffic_benchmark.py --quick        # smoke test (30 and 150)

Writes ``storage_traffic_benchmark.{md,json}`` to ``--out``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
import contextlib
import datetime
import json
from pathlib import Path
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
from optuna.storages import BaseStorage
from optuna.storages._rdb import models
import sqlalchemy

import optuna_gfo

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "benchmarks" / "results"

DISTRIBUTIONS = {
    **{f"x{i}": FloatDistribution(-5.0, 5.0) for i in range(4)},
    "n": IntDistribution(1, 10),
}

SAMPLERS: dict[str, Callable[[int], optuna.samplers.BaseSampler]] = {
    "GPEISampler": lambda seed: optuna_gfo.GPEISampler(seed=seed),
    "GASampler": lambda seed: optuna_gfo.GASampler(seed=seed),
    "GASampler (steady state)": lambda seed: optuna_gfo.GASampler(seed=seed, steady_state=True),
    "TPESampler": lambda seed: optuna.samplers.TPESampler(seed=seed),
}
# Samplers whose long study starts from trials added by study.add_trials.
PREFILLED = ("GPEISampler", "TPESampler")


def objective(trial: optuna.Trial) -> float:
    xs = [trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(4)]
    n = trial.suggest_int("n", 1, 10)
    return sum(x * x for x in xs) + (n - 3) ** 2


def _forward(name: str) -> Callable[..., Any]:
    def method(self: CountingStorage, *args: Any, **kwargs: Any) -> Any:
        self.calls[name] += 1
        return getattr(self.inner, name)(*args, **kwargs)

    method.__name__ = name
    return method


class CountingStorage(BaseStorage):
    """Forwards every method of the storage API to ``inner``, counting the calls by name."""

    def __init__(self, inner: BaseStorage) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()


# Every public method, not only the abstract ones: BaseStorage's defaults would call back into
# this class (get_trial_params through get_trial) and count calls the inner storage never gets.
for _name, _ in sorted(vars(BaseStorage).items()):
    if not _name.startswith("_") and callable(_):
        setattr(CountingStorage, _name, _forward(_name))
# Every abstract method is defined now (abc.update_abstractmethods says so from Python 3.10 on).
CountingStorage.__abstractmethods__ = frozenset()


class SqlCounter:
    """SQL statements sent on an engine and ORM rows loaded from Optuna's tables, while open."""

    def __init__(self, engine: sqlalchemy.engine.Engine) -> None:
        self.engine = engine
        self.statements = 0
        self.rows: Counter[str] = Counter()

    def _on_statement(self, *args: Any) -> None:
        self.statements += 1

    def _on_load(self, target: Any, context: Any) -> None:
        self.rows[type(target).__tablename__] += 1

    def __enter__(self) -> SqlCounter:
        sqlalchemy.event.listen(self.engine, "before_cursor_execute", self._on_statement)
        sqlalchemy.event.listen(models.BaseModel, "load", self._on_load, propagate=True)
        return self

    def __exit__(self, *exc: object) -> None:
        sqlalchemy.event.remove(self.engine, "before_cursor_execute", self._on_statement)
        sqlalchemy.event.remove(models.BaseModel, "load", self._on_load)


def counted_storage(url: str) -> tuple[CountingStorage, sqlalchemy.engine.Engine]:
    """The storage Optuna makes of an RDB URL, behind a CountingStorage; and its engine."""
    rdb = optuna.storages.RDBStorage(url)
    return CountingStorage(optuna.storages.get_storage(rdb)), rdb.engine


class TrafficLog:
    """Cumulative counts at the end of each trial (an ``optimize`` callback)."""

    def __init__(self, storage: CountingStorage, sql: SqlCounter) -> None:
        self.storage, self.sql = storage, sql
        self.marks: dict[int, dict[str, Any]] = {}
        self.start = self._now()

    def _now(self) -> dict[str, Any]:
        return {
            "calls": Counter(self.storage.calls),
            "statements": self.sql.statements,
            "rows": Counter(self.sql.rows),
            "time": time.perf_counter(),
        }

    def __call__(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        self.marks[trial.number] = self._now()

    def per_trial(self, first: int, last: int) -> dict[str, Any]:
        """Mean traffic of trials first..last (numbers, inclusive): all of them ran here."""
        before = self.marks.get(first - 1, self.start)
        after, n = self.marks[last], last - first + 1
        calls = after["calls"] - before["calls"]
        rows = after["rows"] - before["rows"]
        return {
            "trials": [first + 1, last + 1],
            "calls": sum(calls.values()) / n,
            "statements": (after["statements"] - before["statements"]) / n,
            "rows": sum(rows.values()) / n,
            "ms": 1000 * (after["time"] - before["time"]) / n,
            "calls_by_method": {k: v / n for k, v in sorted(calls.items())},
            "rows_by_table": {k: v / n for k, v in sorted(rows.items())},
        }


def add_random_trials(study: optuna.Study, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    trials = []
    for _ in range(n):
        params: dict[str, Any] = {f"x{i}": float(rng.uniform(-5.0, 5.0)) for i in range(4)}
        params["n"] = int(rng.integers(1, 11))
        value = sum(params[f"x{i}"] ** 2 for i in range(4)) + (params["n"] - 3) ** 2
        trials.append(
            optuna.trial.create_trial(params=params, distributions=DISTRIBUTIONS, value=value)
        )
    study.add_trials(trials)


def measure(
    url: str, sampler_name: str, n_trials: int, n_added: int, window: int, seed: int
) -> dict[str, Any]:
    """Traffic per trial of the last ``window`` trials of an ``n_trials`` study, of which the
    first ``n_added`` were added by study.add_trials."""
    storage, engine = counted_storage(url)
    with SqlCounter(engine) as sql:
        study = optuna.create_study(storage=storage, sampler=SAMPLERS[sampler_name](seed))
        add_random_trials(study, n_added, seed)
        log = TrafficLog(storage, sql)
        study.optimize(objective, n_trials=n_trials - n_added, callbacks=[log])
    engine.dispose()
    return {"sampler": sampler_name, "n_trials": n_trials, "n_added": n_added} | log.per_trial(
        n_trials - window, n_trials - 1
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server (scripts/postgres.sh) on a free port, for the run."""
    script, port = str(REPO / "scripts" / "postgres.sh"), str(_free_port())
    with tempfile.TemporaryDirectory(prefix="gfo-pg-traffic-") as directory:
        Path(directory).chmod(0o777)
        subprocess.run(["bash", script, "start", directory, port], check=True)
        try:
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/optuna_gfo_test"
        finally:
            subprocess.run(["bash", script, "stop", directory], check=False)


def table(results: list[dict[str, Any]]) -> str:
    sizes = sorted({r["n_trials"] for r in results})
    head = ["storage", "sampler"]
    for what in ("calls", "statements", "rows"):
        head += [f"{what} @{n}" for n in sizes]
    head += [f"ms/trial @{n}" for n in sizes]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = list(dict.fromkeys((r["storage"], r["sampler"]) for r in results))
    for key in keys:
        by_size = {r["n_trials"]: r for r in results if (r["storage"], r["sampler"]) == key}
        cells = list(key)
        for what in ("calls", "statements", "rows", "ms"):
            cells += [f"{by_size[n][what]:.1f}" if n in by_size else "-" for n in sizes]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--sampled", type=int, default=100, help="trials the sampler runs")
    parser.add_argument("--samplers", nargs="+", default=list(SAMPLERS), choices=list(SAMPLERS))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.quick:
        args.sizes, args.sampled, args.no_postgres = [30, 150], 20, True

    results: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="gfo-traffic-"))
        storages = {"SQLite": f"sqlite:///{directory}/study.db"}
        if not args.no_postgres:
            storages["PostgreSQL"] = stack.enter_context(throwaway_postgres())
        for storage_name, url in storages.items():
            for sampler in args.samplers:
                for n in args.sizes:
                    added = max(0, n - args.sampled) if sampler in PREFILLED else 0
                    result = measure(url, sampler, n, added, args.window, args.seed)
                    results.append({"storage": storage_name} | result)
                    print(json.dumps(results[-1]), flush=True)

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    report = (
        f"# Storage traffic per trial\n\n{datetime.date.today()}, commit {commit} (with local "
        f"changes), Optuna {optuna.__version__}, SQLAlchemy {sqlalchemy.__version__}; "
        f"`python benchmarks/storage_traffic_benchmark.py {' '.join(sys.argv[1:])}`.\n"
        f"Means over the last {args.window} trials of each study; GPEISampler and TPESampler "
        f"ran the last {args.sampled} trials of each (the earlier ones added by "
        "study.add_trials), GASampler all of them.\n\n" + table(results)
    )
    print(report)
    if not args.quick:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "storage_traffic_benchmark.md").write_text(report + "\n")
        (args.out / "storage_traffic_benchmark.json").write_text(
            json.dumps(results, indent=1) + "\n"
        )


if __name__ == "__main__":
    main()

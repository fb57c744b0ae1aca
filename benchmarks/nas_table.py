"""The tabular architecture benchmark: Optuna samplers searching examples/llm's stage-1 space,
every trial a lookup in ``benchmarks/data/nas_table.csv`` (each cell trained once by
``nas_table_train.py``), so a 200-trial study takes seconds instead of hours.

Two tasks, on the space and the suggest calls of ``examples.llm.objectives.ArchitectureSearch``:

- ``single``: minimize validation perplexity; the parameter count minus the budget (100,000,
  the short preset's) is a constraint set with ``trial.set_constraint`` (feasible when <= 0).
  Regret: log(best feasible perplexity found) - log(the table's best feasible perplexity), in
  nats per character (infinite until a feasible cell is found).
- ``pareto``: minimize perplexity and parameter count. Score: the hypervolume that the table's
  Pareto front dominates minus the found one (lower is better), both objectives mapped to
  [0, 1] over the table (log perplexity, log10 parameters), reference point (1.1, 1.1).

Each run (task, sampler, seed) is one study of ``--trials`` trials (200), appended to ``--runs``
as one JSON line (the trials' cells as row numbers of the table, and the sampler time per trial);
runs already in the file are skipped, so the runner resumes. ``--report`` writes the tables and
plots for the budgets 25, 50, 100 and 200 trials from the same runs. From the repository root:

    python benchmarks/nas_table.py --seeds 0-19                  # every sampler, both tasks
    python benchmarks/nas_table.py --samplers ga --label ga_p20 \\
        --kwargs '{"population_size": 20}' --seeds 0-19       # a GASampler variant
    python benchmarks/nas_table.py --report
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from collections.abc import Sequence
import csv
from dataclasses import dataclass
import json
from pathlib import Path
import sys
import time
from typing import Any

import numpy as np
import optuna
from optuna.samplers import BaseSampler

import compare
from suite import open_text
from suite import parse_seeds
from suite import provenance
from suite import read_runs

TABLE = Path(__file__).resolve().parent / "data" / "nas_table.csv"
DEFAULT_RUNS = compare.DEFAULT_OUT / "nas_table_runs.jsonl.gz"
PARAMETER_BUDGET = 100_000
BUDGETS = (25, 50, 100, 200)
TASKS = ("single", "pareto")
REFERENCE = (1.1, 1.1)
ARCHITECTURE = ("n_layers", "width", "n_heads", "ff_ratio", "activation")
Cell = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class NASTable:
    """The trained cells, one row each: architecture, parameters, validation perplexity."""

    cells: list[Cell]
    n_parameters: np.ndarray
    perplexity: np.ndarray
    train_seconds: np.ndarray

    @staticmethod
    def load(path: Path = TABLE) -> NASTable:
        with path.open() as f:
            rows = list(csv.DictReader(f))
        return NASTable(
            cells=[
                (
                    int(r["n_layers"]),
                    int(r["width"]),
                    int(r["n_heads"]),
                    int(r["ff_ratio"]),
                    r["activation"],
                )
                for r in rows
            ],
            n_parameters=np.array([int(r["n_parameters"]) for r in rows]),
            perplexity=np.array([float(r["perplexity"]) for r in rows]),
            train_seconds=np.array([float(r["train_seconds"]) for r in rows]),
        )

    def row_of(self) -> dict[Cell, int]:
        return {cell: row for row, cell in enumerate(self.cells)}

    def feasible(self) -> np.ndarray:
        return self.n_parameters <= PARAMETER_BUDGET

    def best_feasible_perplexity(self) -> float:
        return float(self.perplexity[self.feasible()].min())

    def normalized(self, rows: Sequence[int]) -> np.ndarray:
        """(log perplexity, log10 parameters) of the rows, each mapped to [0, 1] over the table."""
        points = np.column_stack([np.log(self.perplexity), np.log10(self.n_parameters)])
        low, high = points.min(axis=0), points.max(axis=0)
        return (points[list(rows)] - low) / (high - low)

    def hypervolume(self, rows: Sequence[int]) -> float:
        from optuna_gfo import _core

        if len(rows) == 0:
            return 0.0
        return float(_core.hypervolume(self.normalized(rows), np.array(REFERENCE)))


def suggest_cell(trial: optuna.Trial) -> Cell:
    """The suggest calls of examples.llm's ArchitectureSearch, in its order."""
    return (
        trial.suggest_int("n_layers", 1, 4),
        trial.suggest_int("width", 32, 128, step=16),
        trial.suggest_categorical("n_heads", [1, 2, 4, 8]),
        trial.suggest_int("ff_ratio", 1, 4),
        trial.suggest_categorical("activation", ["relu", "gelu", "silu"]),
    )


def objective(table: NASTable, task: str) -> Callable[[optuna.Trial], Any]:
    rows = table.row_of()

    def single(trial: optuna.Trial) -> float:
        row = rows[suggest_cell(trial)]
        trial.set_user_attr("row", row)
        trial.set_constraint(
            "params_over_budget", float(table.n_parameters[row] - PARAMETER_BUDGET)
        )
        return float(table.perplexity[row])

    def pareto(trial: optuna.Trial) -> tuple[float, float]:
        row = rows[suggest_cell(trial)]
        trial.set_user_attr("row", row)
        return float(table.perplexity[row]), float(table.n_parameters[row])

    return single if task == "single" else pareto


LABELS = {
    "ga": "GASampler",
    "ga_plain": "GASampler, no model (n_candidates=1)",
    "ga_p10": "GASampler, population 10",
    "ga_p50": "GASampler, population 50",
    "tpe": "TPESampler",
    "tpe_mv": "TPESampler (multivariate)",
    "gpei": "GPEISampler",
    "nsga2": "NSGAIISampler",
    "random": "RandomSampler",
}
FACTORIES: dict[str, Callable[[int], BaseSampler]] = {
    "ga": compare.gfo_sampler("GASampler"),
    "ga_plain": compare.gfo_sampler("GASampler", n_candidates=1),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe_mv": lambda seed: optuna.samplers.TPESampler(multivariate=True, seed=seed),
    "gpei": compare.gfo_sampler("GPEISampler"),
    "nsga2": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}


def run_one(
    table: NASTable,
    task: str,
    key: str,
    factory: Callable[[int], BaseSampler],
    seed: int,
    trials: int,
) -> dict[str, Any]:
    sampler = compare.TimedSampler(factory(seed))
    directions = ["minimize"] if task == "single" else ["minimize", "minimize"]
    study = optuna.create_study(sampler=sampler, directions=directions)
    start = time.perf_counter()
    study.optimize(objective(table, task), n_trials=trials)
    wall = time.perf_counter() - start
    return {
        "task": task,
        "sampler": key,
        "seed": seed,
        "trials": trials,
        "rows": [int(t.user_attrs.get("row", -1)) for t in study.trials],
        "sampler_seconds": [
            round(sampler.seconds_by_trial.get(t.number, 0.0), 6) for t in study.trials
        ],
        "wall_seconds": wall,
        **provenance(),
    }


def run(args: argparse.Namespace) -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    table = NASTable.load(args.table)
    factories = dict(FACTORIES)
    keys = list(args.samplers)
    if args.kwargs:
        base = {"ga": "GASampler", "gpei": "GPEISampler"}[keys[0]]
        factories[args.label] = compare.gfo_sampler(base, **json.loads(args.kwargs))
        keys = [args.label]
    done = {(r["task"], r["sampler"], r["seed"], r["trials"]) for r in read_runs([args.runs])}
    args.runs.parent.mkdir(parents=True, exist_ok=True)
    for task in args.tasks:
        for seed in args.seeds:
            for key in keys:
                if (task, key, seed, args.trials) in done:
                    continue
                record = run_one(table, task, key, factories[key], seed, args.trials)
                with open_text(args.runs, "a") as out:
                    out.write(json.dumps(record) + "\n")
                ms = 1000 * float(np.mean(record["sampler_seconds"]))
                print(f"{task} {key} seed {seed}: {ms:.1f} ms/trial", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samplers", default=",".join(FACTORIES), type=lambda s: s.split(","))
    parser.add_argument("--tasks", default=",".join(TASKS), type=lambda s: s.split(","))
    parser.add_argument("--seeds", default="0-19", type=parse_seeds)
    parser.add_argument("--trials", type=int, default=max(BUDGETS))
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--runs", type=Path, default=DEFAULT_RUNS)
    parser.add_argument("--label", default="", help="name of the --kwargs variant")
    parser.add_argument("--kwargs", default="", help="arguments of --samplers' one sampler (JSON)")
    parser.add_argument("--report", nargs="*", type=Path, help="write tables from these runs")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.report is not None:
        import nas_table_report

        nas_table_report.write(
            NASTable.load(args.table),
            read_runs(args.report or [args.runs]),
            args.out,
            " ".join(sys.argv[1:]),
        )
    else:
        run(args)


if __name__ == "__main__":
    main()

"""Studies with a failing or pruned region: GPEISampler beside GPSampler and TPESampler.

Three studies (issue 12), each run with every sampler and seed:

- ``failing_disk``: min (x + 3)^2 + (y + 3)^2 on [-5, 5]^2; a trial raises in the disk of radius
  1 around (4, 4), and the first trial is enqueued there. Wasted: the other trials that failed.
- ``pruned_disk``: the same objective; a trial is pruned at its first report in the disk of
  radius sqrt(2) around (4, 4), and three trials are enqueued there. Wasted: the other trials
  that were pruned.
- ``training``: a training-like run of 12 epochs under ``MedianPruner(n_startup_trials=5,
  n_warmup_steps=2)``: the loss decays towards a floor that depends on the learning rate and
  the width, slowly for a small learning rate, and diverges from the first epoch when the
  learning rate exceeds 0.1. Wasted: the trials of the second half that were pruned; also
  counted, those of the second half with a diverging learning rate.

Run from the repository root:

    python benchmarks/bad_regions_benchmark.py                     # 5 seeds, 40 trials
    python benchmarks/bad_regions_benchmark.py --samplers gpei --label "GPEISampler (before)" \\
        --json /tmp/before.json                                    # another build's rows
    python benchmarks/bad_regions_benchmark.py --from-json benchmarks/results/bad_regions_benchmark.json \\
        --extra-json /tmp/before.json                              # tables only, with those rows

Writes ``bad_regions_benchmark.md`` and ``.json`` to ``--out`` (default benchmarks/results).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
import datetime
import functools
import json
import math
import os
from pathlib import Path
import statistics
from typing import Any

import optuna
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)

N_STARTUP_TRIALS = 10


def _bowl(x: float, y: float) -> float:
    return (x + 3.0) ** 2 + (y + 3.0) ** 2


def failing_disk(trial: optuna.Trial) -> float:
    x, y = trial.suggest_float("x", -5, 5), trial.suggest_float("y", -5, 5)
    if math.hypot(x - 4.0, y - 4.0) <= 1.0:
        raise RuntimeError("crash")
    return _bowl(x, y)


def pruned_disk(trial: optuna.Trial) -> float:
    x, y = trial.suggest_float("x", -5, 5), trial.suggest_float("y", -5, 5)
    trial.report(_bowl(x, y), 0)
    if math.hypot(x - 4.0, y - 4.0) <= math.sqrt(2.0):
        raise optuna.TrialPruned()
    return _bowl(x, y)


def training(trial: optuna.Trial) -> float:
    lr = trial.suggest_float("lr", 1e-4, 1.0, log=True)
    width = trial.suggest_int("width", 8, 256, log=True)
    floor = (
        0.05 + 0.3 * (math.log10(width) - math.log10(96)) ** 2 + 0.2 * (math.log10(lr) + 2.0) ** 2
    )
    loss = 2.0
    for epoch in range(12):
        if lr > 0.1:
            loss *= 1.0 + 5.0 * lr
        else:
            loss = floor + (loss - floor) * (1.0 - min(0.9, 30.0 * lr))
        trial.report(loss, epoch)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return loss


STUDIES: dict[str, dict[str, Any]] = {
    "failing_disk": {"objective": failing_disk, "enqueued": [(4.0, 4.0)], "pruner": None},
    "pruned_disk": {
        "objective": pruned_disk,
        "enqueued": [(4.0, 4.0), (4.5, 3.5), (3.5, 4.5)],
        "pruner": None,
    },
    "training": {"objective": training, "enqueued": [], "pruner": "median"},
}


def _samplers() -> dict[str, tuple[str, Callable[[int], optuna.samplers.BaseSampler]]]:
    from optuna_gfo import GPEISampler

    return {
        "gpei": ("GPEISampler", lambda s: GPEISampler(seed=s, n_startup_trials=N_STARTUP_TRIALS)),
        "gp": (
            "GPSampler",
            lambda s: optuna.samplers.GPSampler(seed=s, n_startup_trials=N_STARTUP_TRIALS),
        ),
        "tpe": (
            "TPESampler",
            lambda s: optuna.samplers.TPESampler(seed=s, n_startup_trials=N_STARTUP_TRIALS),
        ),
    }


def run_study(
    name: str, make_sampler: Callable[[], optuna.samplers.BaseSampler], n_trials: int
) -> dict[str, Any]:
    spec = STUDIES[name]
    pruner = (
        optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=2)
        if spec["pruner"]
        else None
    )
    study = optuna.create_study(sampler=make_sampler(), pruner=pruner)
    for x, y in spec["enqueued"]:
        study.enqueue_trial({"x": x, "y": y})
    study.optimize(spec["objective"], n_trials=n_trials, catch=(RuntimeError,))
    trials = study.trials
    if name == "training":
        considered = trials[n_trials // 2 :]
        diverging = sum(t.params["lr"] > 0.1 for t in considered)
    else:
        considered = trials[len(spec["enqueued"]) :]
        diverging = None
    wasted = sum(t.state in (TrialState.FAIL, TrialState.PRUNED) for t in considered)
    return {
        "wasted": wasted,
        "considered": len(considered),
        "diverging": diverging,
        "best": study.best_value,
    }


def tables(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Studies with failing and pruned regions",
        "",
        f"- Date: {meta['date']}",
        f"- Trials: {meta['trials']}; seeds: {','.join(map(str, meta['seeds']))}; "
        f"`n_startup_trials={N_STARTUP_TRIALS}` for every sampler, otherwise default arguments",
        f"- Versions: optuna {meta['optuna']}",
        f"- Run: `{meta['command']}`",
        "",
        "Wasted: trials after the enqueued ones that failed or were pruned (disk studies), trials of "
        "the second half that were pruned (training study); share of the trials counted, mean "
        "over seeds, with the per-seed counts. Best: median best value over seeds (lower is better).",
        "",
        "| study | sampler | wasted (share) | wasted per seed | diverging per seed | best (median) |",
        "|---|---|---|---|---|---|",
    ]
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in results:
        by_key.setdefault((r["study"], r["sampler"]), []).append(r)
    for study in STUDIES:
        for (s, sampler), rows in by_key.items():
            if s != study:
                continue
            rows.sort(key=lambda r: r["seed"])
            share = statistics.mean(r["wasted"] / r["considered"] for r in rows)
            wasted = "/".join(str(r["wasted"]) for r in rows) + f" of {rows[0]['considered']}"
            diverging = "/".join(str(r["diverging"]) for r in rows) if study == "training" else "-"
            best = statistics.median(r["best"] for r in rows)
            lines.append(
                f"| {study} | {sampler} | {share:.0%} | {wasted} | {diverging} | {best:.4g} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--samplers", nargs="+", default=["gpei", "gp", "tpe"])
    parser.add_argument("--label", help="name of the (single) sampler in the tables")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--json", type=Path, help="write the raw results here instead of --out")
    parser.add_argument("--from-json", type=Path, help="only print tables of these results")
    parser.add_argument("--extra-json", type=Path, nargs="*", default=[], help="more rows")
    args = parser.parse_args()
    if args.from_json:
        data = json.loads(args.from_json.read_text())
    else:
        samplers = _samplers()
        results = []
        for key in args.samplers:
            label, make = samplers[key]
            for study in STUDIES:
                for seed in args.seeds:
                    row = run_study(study, functools.partial(make, seed), args.trials)
                    results.append(
                        {"study": study, "sampler": args.label or label, "seed": seed, **row}
                    )
                    print(study, args.label or label, seed, row, flush=True)
        data = {
            "meta": {
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "trials": args.trials,
                "seeds": args.seeds,
                "optuna": optuna.__version__,
                "command": "python benchmarks/bad_regions_benchmark.py",
                "cpus": os.cpu_count(),
            },
            "results": results,
        }
        target = args.json or args.out / "bad_regions_benchmark.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=1) + "\n")
    for extra in args.extra_json:
        data["results"] += json.loads(extra.read_text())["results"]
    text = tables(data["results"], data["meta"])
    print(text)
    if not args.json:
        (args.out / "bad_regions_benchmark.md").write_text(text)


if __name__ == "__main__":
    main()

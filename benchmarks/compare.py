"""Runs samplers side by side on the shared problems; prints tables, saves JSON and plots.

A benchmark script is a `Benchmark` (which samplers, problems, trials, seeds, table columns)
and a call to `main`. Example:

    .. code-block:: python

        import optuna
        import compare

        BENCHMARK = compare.Benchmark(
            name="tpe_benchmark",
            title="TPE sampler benchmark",
            samplers={
                "tpe": ("TPESampler", lambda seed: optuna.samplers.TPESampler(seed=seed)),
                "random": ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
            },
            full=compare.Settings(trials=200, seeds=(0, 1, 2), problems=("sphere5", "mixed")),
            quick=compare.Settings(trials=20, seeds=(0,), problems=("sphere5",)),
            trial_marks=(50, 100, 200),
            ratios=(("tpe", "random"),),
        )

        if __name__ == "__main__":
            compare.main(BENCHMARK)

Each (problem, seed) runs every sampler in turn, one study at a time. Sampler time is the time
spent inside the sampler's methods for a trial (`TimedSampler`); the objective is not counted.
`main` writes ``<name>.md`` (the printed tables), ``<name>.json`` (raw per-trial results, from
which ``--from-json`` regenerates tables and plots), ``<name>_best.png`` and ``<name>_time.png``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
import datetime
import importlib
import importlib.metadata
import json
import math
import os
from pathlib import Path
import platform
import shlex
import subprocess
import sys
import time
from typing import Any
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.samplers import BaseSampler
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from problems import PROBLEMS

matplotlib.use("Agg")

DEFAULT_OUT = Path(__file__).resolve().parent / "results"


def gfo_sampler(class_name: str, **kwargs: Any) -> Callable[[int], BaseSampler]:
    """A seeded factory of the optuna_gfo sampler of that name (with `kwargs`). optuna_gfo is
    imported at the first call, so that Optuna's samplers still run where it does not import."""

    def make(seed: int) -> BaseSampler:
        import optuna_gfo

        sampler: BaseSampler = getattr(optuna_gfo, class_name)(seed=seed, **kwargs)
        return sampler

    return make


@dataclass(frozen=True)
class Settings:
    """What one invocation runs: every sampler on every problem, once per seed."""

    trials: int
    seeds: tuple[int, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Benchmark:
    """One comparison of samplers, as run and reported by `main`.

    Args:
        name: Stem of the output files (``<name>.md``, ``.json``, ``_best.png``, ``_time.png``).
        title: Heading of the markdown report.
        samplers: Command-line key to (label in tables and plots, factory taking the seed).
            A factory may import its sampler, so that the other samplers run without it.
        full: Default settings.
        quick: Settings under ``--quick``, a smoke test.
        trial_marks: Table columns end at the marks below the number of trials, then at it.
        ratios: (slow key, fast key) pairs; each gets a table of slow time / fast time.
        libraries: Modules whose ``__version__`` the header lists after optuna-gfo's.
        extra_metadata: Further facts to record at the start of a run, for the notes below.
        machine_note: Text for the header's machine line, from the recorded metadata.
        versions_note: Text closing the header's versions line, from the recorded metadata.
        settings_note: Text closing the header's trials line (say, non-default arguments).
    """

    name: str
    title: str
    samplers: dict[str, tuple[str, Callable[[int], BaseSampler]]]
    full: Settings
    quick: Settings
    trial_marks: tuple[int, ...]
    ratios: tuple[tuple[str, str], ...] = ()
    libraries: tuple[str, ...] = ("numpy",)
    extra_metadata: Callable[[], dict[str, Any]] = dict
    machine_note: Callable[[dict[str, Any]], str] | None = None
    versions_note: Callable[[dict[str, Any]], str] | None = None
    settings_note: str = ""

    def label(self, sampler_key: str) -> str:
        return self.samplers[sampler_key][0]


class TimedSampler(BaseSampler):
    """Forwards every call to `sampler` and adds the time spent in it to the trial's total."""

    def __init__(self, sampler: BaseSampler) -> None:
        self._sampler = sampler
        self.seconds_by_trial: dict[int, float] = {}

    def __str__(self) -> str:
        return str(self._sampler)

    def _add(self, trial_number: int, start: float) -> None:
        elapsed = time.perf_counter() - start
        total = self.seconds_by_trial.get(trial_number, 0.0)
        self.seconds_by_trial[trial_number] = total + elapsed

    def infer_relative_search_space(
        self, study: optuna.Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        start = time.perf_counter()
        try:
            return self._sampler.infer_relative_search_space(study, trial)
        finally:
            self._add(trial.number, start)

    def sample_relative(
        self, study: optuna.Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            return self._sampler.sample_relative(study, trial, search_space)
        finally:
            self._add(trial.number, start)

    def sample_independent(
        self,
        study: optuna.Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        start = time.perf_counter()
        try:
            return self._sampler.sample_independent(study, trial, param_name, param_distribution)
        finally:
            self._add(trial.number, start)

    def before_trial(self, study: optuna.Study, trial: FrozenTrial) -> None:
        start = time.perf_counter()
        try:
            self._sampler.before_trial(study, trial)
        finally:
            self._add(trial.number, start)

    def after_trial(
        self,
        study: optuna.Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        start = time.perf_counter()
        try:
            self._sampler.after_trial(study, trial, state, values)
        finally:
            self._add(trial.number, start)

    def reseed_rng(self) -> None:
        self._sampler.reseed_rng()


def run_one(
    benchmark: Benchmark, problem_name: str, sampler_key: str, seed: int, n_trials: int
) -> dict[str, Any]:
    problem = PROBLEMS[problem_name]
    sampler = TimedSampler(benchmark.samplers[sampler_key][1](seed))
    study = optuna.create_study(sampler=sampler)
    start = time.perf_counter()
    study.optimize(problem.objective, n_trials=n_trials)
    wall_seconds = time.perf_counter() - start
    values = [t.value for t in study.trials]
    return {
        "problem": problem_name,
        "sampler": sampler_key,
        "seed": seed,
        "best_so_far": np.minimum.accumulate(values).tolist(),
        "sampler_seconds": [sampler.seconds_by_trial.get(t.number, 0.0) for t in study.trials],
        "wall_seconds": wall_seconds,
    }


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_commit() -> str:
    """The checkout's commit, "-dirty" when it has changes; the installed build may differ."""
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_metadata(benchmark: Benchmark, args: argparse.Namespace) -> dict[str, Any]:
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "load_before": os.getloadavg()[0],
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "optuna": optuna.__version__,
        # From the installed distribution: importing optuna_gfo is left to the sampler factories.
        "optuna_gfo": importlib.metadata.version("optuna-gfo"),
    }
    for library in benchmark.libraries:
        meta[library] = importlib.import_module(library).__version__
    meta.update(benchmark.extra_metadata())
    meta.update(
        {
            "trials": args.trials,
            "seeds": args.seeds,
            "problems": args.problems,
            "samplers": args.samplers,
            "command": shlex.join(["python", *sys.argv]),
        }
    )
    return meta


def trial_ranges(trial_marks: Sequence[int], n_trials: int) -> list[tuple[int, int]]:
    """1-based inclusive trial ranges ending at the trial_marks below n_trials and at n_trials."""
    ends = [mark for mark in trial_marks if mark < n_trials] + [n_trials]
    return list(zip([1] + [end + 1 for end in ends[:-1]], ends))


def _runs_by_key(runs: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in runs:
        grouped.setdefault((run["problem"], run["sampler"]), []).append(run)
    return grouped


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _median_ms_by_range(group: list[dict[str, Any]], ranges: list[tuple[int, int]]) -> list[float]:
    """Per range: each run's mean sampler time per trial (ms), then the median over runs."""
    return [
        1000.0
        * float(np.median([np.mean(run["sampler_seconds"][first - 1 : last]) for run in group]))
        for first, last in ranges
    ]


def _header(benchmark: Benchmark, meta: dict[str, Any]) -> list[str]:
    seeds = ",".join(str(seed) for seed in meta["seeds"])
    # An interrupted run's json has no load_after.
    load_after = f"{meta['load_after']:.2f}" if "load_after" in meta else "n/a"
    machine_note = f"{benchmark.machine_note(meta)}, " if benchmark.machine_note else ""
    libraries = "".join(f", {library} {meta[library]}" for library in benchmark.libraries)
    versions_note = f"; {benchmark.versions_note(meta)}" if benchmark.versions_note else ""
    settings_note = f" {benchmark.settings_note}" if benchmark.settings_note else ""
    return [
        f"# {benchmark.title}",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['nproc']} CPUs ({meta['cpu']}), {machine_note}"
        f"1-min load average {meta['load_before']:.2f} before the run, {load_after} after",
        f"- Versions: python {meta['python']}, optuna {meta['optuna']}, "
        f"optuna-gfo {meta['optuna_gfo']} (checkout {meta['git_commit']})"
        f"{libraries}{versions_note}",
        f"- Trials: {meta['trials']}; seeds: {seeds}; samplers with default arguments and "
        f"`seed=seed`{settings_note}",
        f"- Run: `{meta['command']}`",
        "",
    ]


def report(benchmark: Benchmark, meta: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    grouped = _runs_by_key(runs)
    ranges = trial_ranges(benchmark.trial_marks, meta["trials"])
    range_names = [f"{first}-{last}" for first, last in ranges]
    present = [(p, s) for p in meta["problems"] for s in meta["samplers"] if (p, s) in grouped]

    time_rows = []
    for problem, sampler in present:
        group = grouped[(problem, sampler)]
        total = float(np.median([sum(run["sampler_seconds"]) for run in group]))
        time_rows.append(
            [
                problem,
                benchmark.label(sampler),
                *(f"{ms:.3g}" for ms in _median_ms_by_range(group, ranges)),
                f"{total:.3g}",
            ]
        )

    marks = [end for _, end in ranges]
    best_rows = []
    for problem, sampler in present:
        group = grouped[(problem, sampler)]
        medians = [np.median([run["best_so_far"][mark - 1] for run in group]) for mark in marks]
        label = benchmark.label(sampler)
        best_rows.append([problem, label, *(f"{value:.3g}" for value in medians)])

    parts = _header(benchmark, meta) + [
        "## Sampler time per trial (ms)",
        "",
        "Time inside the sampler's methods for a trial (objective excluded), averaged over the "
        "trials of the range, median over seeds. Last column: total sampler time of a run (s), "
        "median over seeds.",
        "",
        markdown_table(["problem", "sampler", *range_names, "total (s)"], time_rows),
        "",
    ]
    for slow, fast in benchmark.ratios:
        ratio_rows = []
        for problem in meta["problems"]:
            if (problem, slow) in grouped and (problem, fast) in grouped:
                ratios = np.divide(
                    _median_ms_by_range(grouped[(problem, slow)], ranges),
                    _median_ms_by_range(grouped[(problem, fast)], ranges),
                )
                ratio_rows.append([problem, *(f"{ratio:.3g}x" for ratio in ratios)])
        if ratio_rows:
            parts += [
                f"{benchmark.label(slow)} time / {benchmark.label(fast)} time, "
                "by the same trial ranges:",
                "",
                markdown_table(["problem", *range_names], ratio_rows),
                "",
            ]
    optima = ", ".join(f"{p} {PROBLEMS[p].optimum_value:g}" for p in meta["problems"])
    parts += [
        "## Best value",
        "",
        f"Best value after the given number of trials, median over seeds (optimum: {optima}).",
        "",
        markdown_table(["problem", "sampler", *(str(mark) for mark in marks)], best_rows),
        "",
    ]
    return "\n".join(parts)


def _subplots(n_panels: int) -> tuple[plt.Figure, list[plt.Axes]]:
    n_columns = min(n_panels, 3)
    n_rows = math.ceil(n_panels / n_columns)
    figure, axes = plt.subplots(
        n_rows,
        n_columns,
        figsize=(5 * n_columns, 3.8 * n_rows + 0.6),
        squeeze=False,
        layout="constrained",
    )
    for unused in axes.flat[n_panels:]:
        unused.set_visible(False)
    return figure, list(axes.flat)


def plot(
    benchmark: Benchmark, meta: dict[str, Any], runs: list[dict[str, Any]], out: Path
) -> list[Path]:
    grouped = _runs_by_key(runs)
    problems = meta["problems"]
    trials = np.arange(1, meta["trials"] + 1)
    paths = []

    figure, axes = _subplots(len(problems))
    for axis, problem in zip(axes, problems):
        optimum = PROBLEMS[problem].optimum_value
        positive = True
        for sampler in meta["samplers"]:
            if (problem, sampler) not in grouped:
                continue
            gaps = np.array([r["best_so_far"] for r in grouped[(problem, sampler)]]) - optimum
            positive &= bool(np.all(gaps > 0))
            (line,) = axis.plot(trials, np.median(gaps, axis=0), label=benchmark.label(sampler))
            axis.fill_between(
                trials, gaps.min(axis=0), gaps.max(axis=0), color=line.get_color(), alpha=0.15
            )
        if positive:
            axis.set_yscale("log")
        else:  # a run reached the optimum exactly: its gap 0 has no logarithm
            axis.set_yscale("symlog", linthresh=1e-3)
        axis.set_title(problem)
        axis.set_xlabel("trial")
        axis.set_ylabel("best value - optimum")
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
    figure.suptitle(f"Best so far: median over seeds {meta['seeds']}, band min-max")
    paths.append(out / f"{benchmark.name}_best.png")
    figure.savefig(paths[-1], dpi=120)
    plt.close(figure)

    figure, axes = _subplots(len(problems))
    for axis, problem in zip(axes, problems):
        for sampler in meta["samplers"]:
            if (problem, sampler) not in grouped:
                continue
            milliseconds = 1000.0 * np.array(
                [r["sampler_seconds"] for r in grouped[(problem, sampler)]]
            )
            axis.plot(trials, np.median(milliseconds, axis=0), label=benchmark.label(sampler))
        axis.set_yscale("log")
        axis.set_title(problem)
        axis.set_xlabel("trial")
        axis.set_ylabel("sampler time (ms)")
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
    figure.suptitle(f"Sampler time per trial: median over seeds {meta['seeds']}")
    paths.append(out / f"{benchmark.name}_time.png")
    figure.savefig(paths[-1], dpi=120)
    plt.close(figure)
    return paths


def write_outputs(
    benchmark: Benchmark, meta: dict[str, Any], runs: list[dict[str, Any]], out: Path
) -> None:
    markdown = report(benchmark, meta, runs)
    print(markdown)
    (out / f"{benchmark.name}.md").write_text(markdown)
    for path in plot(benchmark, meta, runs, out):
        print(f"wrote {path}", file=sys.stderr)


def _names(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in choices]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"choose from {','.join(choices)}; got {text!r}")
        return names

    return parse


def _seeds(text: str) -> list[int]:
    try:
        return [int(seed) for seed in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"comma-separated integers expected; got {text!r}"
        ) from None


def _joined(values: Sequence[Any]) -> str:
    return ",".join(str(value) for value in values)


def parse_args(benchmark: Benchmark, argv: Sequence[str] | None = None) -> argparse.Namespace:
    full, quick = benchmark.full, benchmark.quick
    parser = argparse.ArgumentParser(description=benchmark.title)
    parser.add_argument(
        "--trials",
        type=int,
        help=f"trials per study (default {full.trials}; --quick {quick.trials})",
    )
    parser.add_argument(
        "--seeds",
        type=_seeds,
        help=f"comma-separated (default {_joined(full.seeds)}; --quick {_joined(quick.seeds)})",
    )
    parser.add_argument(
        "--problems",
        type=_names(list(PROBLEMS)),
        help=f"comma-separated from {_joined(PROBLEMS)} "
        f"(default {_joined(full.problems)}; --quick {_joined(quick.problems)})",
    )
    parser.add_argument(
        "--samplers",
        type=_names(list(benchmark.samplers)),
        help=f"comma-separated from {_joined(benchmark.samplers)} (default all)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test; explicit flags still override"
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help=f"regenerate tables and plots from a {benchmark.name}.json instead of running "
        "(the run's settings come from the file)",
    )
    args = parser.parse_args(argv)
    settings = quick if args.quick else full
    defaults = {
        "trials": settings.trials,
        "seeds": list(settings.seeds),
        "problems": list(settings.problems),
        "samplers": list(benchmark.samplers),
    }
    for name, default in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    if args.trials < 1:
        parser.error("--trials must be at least 1")
    return args


def main(benchmark: Benchmark, argv: Sequence[str] | None = None) -> None:
    args = parse_args(benchmark, argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.from_json is not None:
        saved = json.loads(args.from_json.read_text())
        write_outputs(benchmark, saved["meta"], saved["runs"], args.out)
        return

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    meta = run_metadata(benchmark, args)
    runs = []
    raw_path = args.out / f"{benchmark.name}.json"
    for problem in args.problems:
        for seed in args.seeds:
            for sampler in args.samplers:
                run = run_one(benchmark, problem, sampler, seed, args.trials)
                runs.append(run)
                print(
                    f"{problem} seed {seed} {benchmark.label(sampler)}: "
                    f"best {run['best_so_far'][-1]:.4g}, "
                    f"sampler {sum(run['sampler_seconds']):.1f} s, "
                    f"wall {run['wall_seconds']:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
                # Rewritten after every run: an interrupted benchmark keeps what it measured.
                raw_path.write_text(json.dumps({"meta": meta, "runs": runs}))
    meta["load_after"] = os.getloadavg()[0]
    raw_path.write_text(json.dumps({"meta": meta, "runs": runs}))
    write_outputs(benchmark, meta, runs, args.out)

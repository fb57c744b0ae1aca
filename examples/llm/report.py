"""Reading results out of studies: the best feasible trial, plots as PNG, the summary table."""

from __future__ import annotations

from dataclasses import dataclass
import math
from pathlib import Path
import warnings

import matplotlib

matplotlib.use("Agg")  # files only, no display needed

from matplotlib import pyplot as plt  # noqa: E402
import optuna  # noqa: E402
from optuna.trial import FrozenTrial  # noqa: E402
from optuna.trial import TrialState  # noqa: E402


def is_feasible(trial: FrozenTrial) -> bool:
    """Optuna's convention: feasible when every constraint value is <= 0."""
    return all(value <= 0 for value in trial.constraints.values())


def best_feasible_trial(study: optuna.Study) -> FrozenTrial:
    """The completed feasible trial of lowest value; while no trial is feasible, the least
    infeasible one (smallest total violation, then lowest value). The rule is spelled out here
    rather than left to study.best_trial, so that it is the same whatever the sampler and the
    Optuna version."""
    completed = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not completed:
        raise ValueError(f"study {study.study_name!r} has no completed trial")

    def violation(trial: FrozenTrial) -> float:
        return sum(max(0.0, value) for value in trial.constraints.values())

    return min(completed, key=lambda t: (violation(t), t.value))


@dataclass(frozen=True)
class SamplerRun:
    label: str
    study: optuna.Study
    seconds: float


@dataclass(frozen=True)
class ModelRow:
    name: str
    perplexity: float
    n_parameters: int
    n_bytes: int


def save_plots(
    out_dir: Path,
    architecture_runs: list[SamplerRun],
    tuning: optuna.Study,
    distillation: optuna.Study,
) -> list[Path]:
    """Optimization histories, parameter importances (Optuna's default evaluator, PED-ANOVA,
    which needs no extra package), intermediate values (pruning) and the distillation's Pareto
    front. Returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plots = optuna.visualization.matplotlib
    main = architecture_runs[0].study
    # name: (the plot, its size in inches); the comparison's legend needs a wider figure.
    figures = {
        "architecture_history.png": (
            lambda: plots.plot_optimization_history([run.study for run in architecture_runs]),
            (12, 5),
        ),
        "architecture_importances.png": (lambda: plots.plot_param_importances(main), (8, 5)),
        "architecture_intermediate_values.png": (
            lambda: plots.plot_intermediate_values(main),
            (8, 5),
        ),
        "tuning_history.png": (lambda: plots.plot_optimization_history(tuning), (8, 5)),
        "tuning_importances.png": (lambda: plots.plot_param_importances(tuning), (8, 5)),
        "distillation_pareto_front.png": (
            lambda: plots.plot_pareto_front(
                distillation, target_names=["perplexity", "parameters"]
            ),
            (8, 5),
        ),
    }
    written = []
    for name, (plot, size) in figures.items():
        with warnings.catch_warnings():
            # Optuna marks its matplotlib backend experimental.
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            axes = plot()
        figure = axes.figure
        figure.set_size_inches(*size)
        figure.tight_layout()
        path = out_dir / name
        figure.savefig(path, dpi=100)
        plt.close(figure)
        written.append(path)
    return written


def architecture(trial: FrozenTrial) -> str:
    p = trial.params
    return (
        f"{p['n_layers']} x {p['width']}, {p['n_heads']} heads, ff x{p['ff_ratio']}, "
        f"{p['activation']}"
    )


def excess(perplexity: float, entropy_floor: float) -> str:
    """Cross-entropy above the entropy rate, in nats per character (a KL divergence rate)."""
    return f"{math.log(perplexity) - entropy_floor:+.4f}"


def architecture_table(runs: list[SamplerRun], entropy_floor: float, budget: int) -> str:
    lines = [
        f"| sampler | best feasible perplexity | excess (nats/char) | parameters (budget "
        f"{budget:,}) | architecture | feasible / pruned / trials | wall time (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        trials = run.study.get_trials(deepcopy=False)
        feasible = [t for t in trials if is_feasible(t) and t.state == TrialState.COMPLETE]
        pruned = [t for t in trials if t.state == TrialState.PRUNED]
        counts = f"{len(feasible)} / {len(pruned)} / {len(trials)}"
        if not feasible:
            lines.append(f"| {run.label} | none feasible | | | | {counts} | {run.seconds:.0f} |")
            continue
        best = min(feasible, key=lambda t: t.value)
        lines.append(
            f"| {run.label} | {best.value:.4f} | {excess(best.value, entropy_floor)} | "
            f"{best.user_attrs['n_parameters']:,} | {architecture(best)} | {counts} | "
            f"{run.seconds:.0f} |"
        )
    return "\n".join(lines)


def model_table(rows: list[ModelRow], entropy_floor: float) -> str:
    lines = [
        "| model | perplexity | excess (nats/char) | parameters | bytes (torch.save) |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {row.name} | {row.perplexity:.4f} | {excess(row.perplexity, entropy_floor)} | "
        f"{row.n_parameters:,} | {row.n_bytes:,} |"
        for row in rows
    ]
    return "\n".join(lines)

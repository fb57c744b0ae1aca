"""The whole job: architecture search, hyperparameter tuning, compression, in one storage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
import math
from pathlib import Path
import time
from typing import Any

import optuna
from optuna.trial import TrialState
import torch

from examples.llm.compression import quantize_linear_layers
from examples.llm.compression import serialized_bytes
from examples.llm.corpus import Corpus
from examples.llm.model import count_parameters
from examples.llm.model import ModelConfig
from examples.llm.objectives import ArchitectureSearch
from examples.llm.objectives import DistillationSearch
from examples.llm.objectives import HyperparameterTuning
from examples.llm.report import architecture
from examples.llm.report import architecture_table
from examples.llm.report import best_feasible_trial
from examples.llm.report import is_feasible
from examples.llm.report import model_table
from examples.llm.report import ModelRow
from examples.llm.report import SamplerRun
from examples.llm.report import save_plots
from examples.llm.training import TrainingConfig
from examples.llm.training import validation_loss
from examples.llm.training import validation_windows
from optuna_gfo import GASampler
from optuna_gfo import GPEISampler


@dataclass(frozen=True)
class Preset:
    """Sizes of one run. `train_tokens` is every trial's training budget (in all stages)."""

    train_words: int
    validation_words: int
    context_length: int
    train_tokens: int
    n_evaluations: int
    architecture_trials: int
    population_size: int
    parameter_budget: int
    tuning_trials: int
    tuning_startup_trials: int
    distillation_trials: int
    distillation_startup_trials: int
    pruner_startup_trials: int

    def with_trials(self, n_trials: int) -> Preset:
        """The same run with `n_trials` trials in every study; the GA's population and the GPs'
        initial designs shrink to at most half of that."""
        half = max(2, n_trials // 2)
        return replace(
            self,
            architecture_trials=n_trials,
            population_size=min(self.population_size, half),
            tuning_trials=n_trials,
            tuning_startup_trials=min(self.tuning_startup_trials, half),
            distillation_trials=n_trials,
            distillation_startup_trials=min(self.distillation_startup_trials, half),
        )


PRESETS = {
    # For the smoke test: every code path, a few training steps per trial.
    "tiny": Preset(
        train_words=3_000,
        validation_words=300,
        context_length=24,
        train_tokens=3_072,
        n_evaluations=3,
        architecture_trials=4,
        population_size=2,
        parameter_budget=100_000,
        tuning_trials=4,
        tuning_startup_trials=2,
        distillation_trials=3,
        distillation_startup_trials=2,
        pruner_startup_trials=2,
    ),
    # A few minutes on 2 CPU cores; the table in examples/llm/README.md.
    "short": Preset(
        train_words=40_000,
        validation_words=2_000,
        context_length=24,
        train_tokens=100_000,
        n_evaluations=4,
        architecture_trials=18,
        population_size=6,
        parameter_budget=100_000,
        tuning_trials=14,
        tuning_startup_trials=4,
        distillation_trials=8,
        distillation_startup_trials=4,
        pruner_startup_trials=4,
    ),
}

# Stage 1 trains every architecture with these; stage 2 tunes them (and starts from them).
STAGE_ONE_TRAINING = dict(learning_rate=5e-3, batch_size=16, warmup_steps=10, weight_decay=0.01)


@dataclass(frozen=True)
class PipelineResult:
    preset: Preset
    corpus: Corpus
    architecture_runs: list[SamplerRun]
    winner: ModelConfig
    winner_trial: optuna.trial.FrozenTrial
    tuning: SamplerRun
    distillation: SamplerRun
    models: list[ModelRow]
    plots: list[Path]

    def summary(self) -> str:
        floor = self.corpus.entropy_floor
        source = self.corpus.source
        tuned = self.tuning.study.best_trial
        baseline = self.tuning.study.trials[0]
        lines = [
            f"Corpus: {len(source.words)}-word Markov language, {len(self.corpus.train):,} "
            f"training characters; entropy rate {floor:.4f} nats/char, so the best achievable "
            f"perplexity is {self.corpus.perplexity_floor:.4f}.",
            "",
            f"Stage 1, architecture search: {self.preset.architecture_trials} trials per sampler, "
            f"{self.preset.train_tokens:,} training tokens per trial, MedianPruner.",
            "",
            architecture_table(self.architecture_runs, floor, self.preset.parameter_budget),
            "",
            f"Winner (GASampler, trial {self.winner_trial.number}): "
            f"{architecture(self.winner_trial)}, "
            f"{self.winner_trial.user_attrs['n_parameters']:,} parameters"
            + ("." if is_feasible(self.winner_trial) else " (over budget: none was feasible)."),
            "",
            f"Stage 2, GPEISampler tuning of the winner: {self.preset.tuning_trials} trials "
            f"({self.tuning.seconds:.0f} s); trial 0 is stage 1's settings.",
            "",
            "| training | perplexity | excess (nats/char) | learning rate | batch | dropout | "
            "warm-up | weight decay |",
            "|---|---|---|---|---|---|---|---|",
            _tuning_row("stage 1 settings", baseline, floor),
            _tuning_row(
                f"best (trial {tuned.number})"
                + (": no trial beat stage 1's settings" if tuned.number == baseline.number else ""),
                tuned,
                floor,
            ),
            "",
            f"Stage 3, compression: distillation searched by GPEISampler over "
            f"{self.preset.distillation_trials} trials ({self.distillation.seconds:.0f} s; two "
            "objectives, perplexity and parameters: the Pareto front's students below), and "
            "8-bit dynamic quantization of the linear layers.",
            "",
            model_table(self.models, floor),
        ]
        return "\n".join(lines)


def _tuning_row(name: str, trial: optuna.trial.FrozenTrial, floor: float) -> str:
    p = trial.params
    if trial.state != TrialState.COMPLETE:
        return f"| {name} | {trial.state.name.lower()} | | | | | | |"
    return (
        f"| {name} | {trial.value:.4f} | {math.log(trial.value) - floor:+.4f} | "
        f"{p['learning_rate']:.2e} | {p['batch_size']} | {p['dropout']:.3f} | "
        f"{p['warmup_steps']} | {p['weight_decay']:.2e} |"
    )


def run_pipeline(
    preset: Preset,
    storage: str,
    out_dir: Path,
    seed: int = 0,
) -> PipelineResult:
    """Runs the three stages, each as studies in `storage` (existing studies of the same names
    are replaced), and saves the plots into `out_dir`. Stage 1 runs GASampler, whose winner goes
    on, and TPESampler and RandomSampler on the same budget for comparison."""
    corpus = Corpus.generate(seed, preset.train_words, preset.validation_words)
    # Validation scores characters that have at least half a context before them; with less than
    # the source's context_needed, the floor would be out of reach.
    if preset.context_length // 2 + 1 < corpus.source.context_needed():
        raise ValueError(
            f"context_length {preset.context_length} is too short for this corpus "
            f"(needs {2 * corpus.source.context_needed() - 2})"
        )
    validation = validation_windows(corpus.validation, preset.context_length)
    training = TrainingConfig(
        train_tokens=preset.train_tokens,
        n_evaluations=preset.n_evaluations,
        seed=seed,
        **STAGE_ONE_TRAINING,
    )

    search = ArchitectureSearch(
        corpus, validation, preset.context_length, training, preset.parameter_budget
    )
    architecture_runs = [
        _optimize(
            label,
            f"llm-architecture-{label}",
            sampler,
            storage,
            search,
            preset.architecture_trials,
            pruner=_pruner(preset.pruner_startup_trials),
        )
        for label, sampler in default_samplers(preset, seed).items()
    ]
    winner_trial = best_feasible_trial(architecture_runs[0].study)
    winner = ModelConfig(
        vocabulary_size=corpus.vocabulary_size,
        context_length=preset.context_length,
        **winner_trial.params,
    )

    tuning_objective = HyperparameterTuning(corpus, validation, winner, training)
    tuning = _optimize(
        "GPEISampler",
        "llm-tuning-GPEISampler",
        GPEISampler(n_startup_trials=preset.tuning_startup_trials, seed=seed),
        storage,
        tuning_objective,
        preset.tuning_trials,
        # The same pruner as stage 1: GPEISampler learns from pruned trials (where trials get
        # pruned, and how they ranked at the step they reached).
        pruner=_pruner(preset.pruner_startup_trials),
        enqueue=HyperparameterTuning.baseline_params(winner, training),
    )
    teacher = tuning_objective.best_model
    if teacher is None:
        raise RuntimeError("no tuning trial completed")

    distillation_objective = DistillationSearch(
        corpus, validation, teacher, tuning_objective.best_training
    )
    distillation = _optimize(
        "GPEISampler",
        "llm-distillation-GPEISampler",
        GPEISampler(n_startup_trials=preset.distillation_startup_trials, seed=seed),
        storage,
        distillation_objective,
        preset.distillation_trials,
        directions=["minimize", "minimize"],
    )
    students = [
        (_student_name(t), distillation_objective.students[t.number])
        for t in sorted(distillation.study.best_trials, key=lambda t: t.values[1])
    ]
    models = []
    for name, model in [(f"teacher: {architecture(winner_trial)}", teacher), *students]:
        n_parameters = count_parameters(model)
        models.append(_model_row(f"{name}, float32", model, n_parameters, validation))
        quantized = quantize_linear_layers(model)
        models.append(_model_row(f"{name}, int8", quantized, n_parameters, validation))

    plots = save_plots(out_dir, architecture_runs, tuning.study, distillation.study)
    return PipelineResult(
        preset, corpus, architecture_runs, winner, winner_trial, tuning, distillation, models, plots
    )


def default_samplers(preset: Preset, seed: int) -> dict[str, optuna.samplers.BaseSampler]:
    """GASampler and, on the same budget, TPESampler and RandomSampler. TPE's random startup is
    as long as the GA's first generation."""
    return {
        "GASampler": GASampler(population_size=preset.population_size, seed=seed),
        "TPESampler": optuna.samplers.TPESampler(
            n_startup_trials=preset.population_size, seed=seed
        ),
        "RandomSampler": optuna.samplers.RandomSampler(seed=seed),
    }


def _pruner(n_startup_trials: int) -> optuna.pruners.BasePruner:
    # The first evaluation (a quarter of the budget in the short preset) says little about the
    # end, so pruning starts at the second.
    return optuna.pruners.MedianPruner(n_startup_trials=n_startup_trials, n_warmup_steps=2)


def _optimize(
    label: str,
    name: str,
    sampler: optuna.samplers.BaseSampler,
    storage: str,
    objective: Callable[[optuna.Trial], Any],
    n_trials: int,
    pruner: optuna.pruners.BasePruner | None = None,
    directions: list[str] | None = None,
    enqueue: dict[str, Any] | None = None,
) -> SamplerRun:
    try:
        optuna.delete_study(study_name=name, storage=storage)
    except KeyError:
        pass
    study = optuna.create_study(
        study_name=name,
        storage=storage,
        sampler=sampler,
        pruner=pruner,
        directions=directions or ["minimize"],
    )
    if enqueue is not None:
        study.enqueue_trial(enqueue)
    start = time.perf_counter()
    study.optimize(objective, n_trials=n_trials)
    return SamplerRun(label, study, time.perf_counter() - start)


def _model_row(
    name: str, model: torch.nn.Module, n_parameters: int, validation: torch.Tensor
) -> ModelRow:
    return ModelRow(
        name,
        perplexity=math.exp(validation_loss(model, validation)),
        n_parameters=n_parameters,
        n_bytes=serialized_bytes(model),
    )


def _student_name(trial: optuna.trial.FrozenTrial) -> str:
    p = trial.params
    return (
        f"student (trial {trial.number}): {p['n_layers']} x {p['width']}, {p['n_heads']} heads, "
        f"T = {p['temperature']:.2f}, soft weight {p['distillation_weight']:.2f}"
    )

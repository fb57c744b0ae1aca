"""examples/llm: the synthetic corpus's entropy floor, and the whole pipeline on tiny budgets."""

from __future__ import annotations

import math
from pathlib import Path
import sys

import numpy as np
import optuna
import pytest
import torch

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from examples.llm.compression import DistillationLoss  # noqa: E402
from examples.llm.corpus import Corpus  # noqa: E402
from examples.llm.corpus import decode  # noqa: E402
from examples.llm.corpus import encode  # noqa: E402
from examples.llm.corpus import MarkovWordSource  # noqa: E402
from examples.llm.model import ModelConfig  # noqa: E402
from examples.llm.model import TransformerLM  # noqa: E402
from examples.llm.objectives import PARAMETER_CONSTRAINT  # noqa: E402
from examples.llm.objectives import report_and_prune  # noqa: E402
from examples.llm.pipeline import PRESETS  # noqa: E402
from examples.llm.pipeline import run_pipeline  # noqa: E402
from examples.llm.report import best_feasible_trial  # noqa: E402
from examples.llm.training import validation_loss  # noqa: E402
from examples.llm.training import validation_windows  # noqa: E402
from optuna_gfo._fit_store import FIT_ATTR  # noqa: E402
from optuna_gfo._ga import GENERATION_ATTR  # noqa: E402
from optuna_gfo._ga import PARENTS_ATTR  # noqa: E402
from optuna_gfo._pending import RELATIVE_PARAMS_ATTR  # noqa: E402


def test_entropy_floor_of_a_two_word_language_is_the_closed_form() -> None:
    # pi = (1/3, 2/3) solves pi = pi P; "a " has 2 characters, "bb " has 3.
    source = MarkovWordSource.from_transitions(["a", "bb"], np.array([[0.5, 0.5], [0.25, 0.75]]))
    np.testing.assert_allclose(source.stationary, [1 / 3, 2 / 3])

    def entropy(p: float) -> float:
        return -p * math.log(p) - (1 - p) * math.log(1 - p)

    per_word = entropy(0.5) / 3 + 2 * entropy(0.25) / 3
    assert source.entropy_rate_per_word() == pytest.approx(per_word)
    assert source.mean_characters_per_word() == pytest.approx(8 / 3)
    assert source.entropy_floor() == pytest.approx(per_word / (8 / 3))
    assert source.perplexity_floor() == pytest.approx(math.exp(per_word / (8 / 3)))
    # " bb bb" before the next character: the longest word twice and the two spaces.
    assert source.context_needed() == 6


@pytest.mark.parametrize("seed", [0, 7])
def test_entropy_floor_matches_the_true_models_perplexity_on_sampled_text(seed: int) -> None:
    source = MarkovWordSource.generate(seed)
    words = source.sample_words(100_000, seed=seed + 100)
    text = source.text(words)
    monte_carlo = -source.log_likelihood(words) / len(text)
    # 100,000 words: the standard error of the estimate is well under 1%.
    assert monte_carlo == pytest.approx(source.entropy_floor(), rel=0.01)
    # The sampled word frequencies follow the stationary distribution.
    frequencies = np.bincount(words, minlength=len(source.words)) / len(words)
    np.testing.assert_allclose(frequencies, source.stationary, atol=0.01)


def test_text_round_trips_through_token_ids() -> None:
    source = MarkovWordSource.generate(1)
    text = source.text(source.sample_words(50, seed=2))
    assert decode(encode(text)) == text
    assert text.endswith(" ") and "  " not in text
    with pytest.raises(ValueError):
        encode("xyz")


def test_model_rejects_heads_that_do_not_divide_the_width() -> None:
    with pytest.raises(ValueError, match="divide"):
        ModelConfig(17, 24, n_layers=1, width=48, n_heads=5, ff_ratio=2, activation="relu")


def test_distillation_loss_is_cross_entropy_at_weight_zero_and_zero_against_itself() -> None:
    torch.manual_seed(0)
    config = ModelConfig(17, 8, n_layers=1, width=16, n_heads=2, ff_ratio=2, activation="gelu")
    teacher = TransformerLM(config)
    inputs = torch.randint(17, (4, 8))
    targets = torch.randint(17, (4, 8))
    logits = teacher(inputs)
    hard = torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten())
    assert DistillationLoss(teacher, 2.0, 0.0)(logits, targets, inputs).item() == pytest.approx(
        hard.item()
    )
    assert DistillationLoss(teacher, 2.0, 1.0)(logits, targets, inputs).item() == pytest.approx(
        0.0, abs=1e-6
    )


def test_pruning_stops_a_trial_before_its_last_evaluation_only() -> None:
    study = optuna.create_study(pruner=optuna.pruners.ThresholdPruner(upper=1.0))
    trial = study.ask()
    callback = report_and_prune(trial, n_evaluations=3)
    with pytest.raises(optuna.TrialPruned):
        callback(1, 0.5)  # perplexity e^0.5 > 1
    callback(3, 0.5)  # the last evaluation: reported, never pruned
    reported = study.trials[0].intermediate_values
    assert reported == {1: pytest.approx(math.exp(0.5)), 3: pytest.approx(math.exp(0.5))}


def test_best_feasible_trial_prefers_a_worse_feasible_trial() -> None:
    study = optuna.create_study()
    for value, violation in [(1.0, 5.0), (3.0, -1.0), (2.0, 0.0), (0.5, 1.0)]:
        trial = study.ask()
        trial.set_constraint(PARAMETER_CONSTRAINT, violation)
        study.tell(trial, value)
    assert best_feasible_trial(study).value == 2.0
    infeasible = optuna.create_study()
    for value, violation in [(1.0, 5.0), (4.0, 0.5)]:
        trial = infeasible.ask()
        trial.set_constraint(PARAMETER_CONSTRAINT, violation)
        infeasible.tell(trial, value)
    assert best_feasible_trial(infeasible).value == 4.0  # the least infeasible


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    directory = tmp_path_factory.mktemp("llm")
    storage = f"sqlite:///{directory / 'llm.db'}"
    try:
        result = run_pipeline(PRESETS["tiny"], storage, directory / "plots", seed=0)
    finally:
        torch.set_num_threads(threads)
    return result, storage


def test_pipeline_perplexities_are_finite_and_above_the_floor(tiny_run) -> None:
    result, _ = tiny_run
    floor = result.corpus.perplexity_floor
    assert 1.0 < floor < len(result.corpus.source.words)
    assert len(result.models) >= 4  # teacher and at least one student, float32 and int8 each
    for row in result.models:
        assert math.isfinite(row.perplexity)
        # A finite validation sample could dip below the floor by chance, but not by 2%.
        assert row.perplexity >= 0.98 * floor, row
    for run in [*result.architecture_runs, result.tuning]:
        for trial in run.study.get_trials(states=(optuna.trial.TrialState.COMPLETE,)):
            assert math.isfinite(trial.value) and trial.value >= 0.98 * floor


def test_pipeline_int8_models_are_smaller_and_nearly_as_good(tiny_run) -> None:
    result, _ = tiny_run
    rows = result.models
    for full, quantized in zip(rows[::2], rows[1::2]):
        assert full.name.endswith("float32") and quantized.name.endswith("int8")
        assert quantized.n_bytes < full.n_bytes
        assert quantized.perplexity == pytest.approx(full.perplexity, rel=0.05)


def test_pipeline_studies_are_stored_with_the_samplers_attributes(tiny_run) -> None:
    result, storage = tiny_run
    names = {s.study_name for s in optuna.get_all_study_summaries(storage)}
    assert names == {
        "llm-architecture-GASampler",
        "llm-architecture-TPESampler",
        "llm-architecture-RandomSampler",
        "llm-tuning-GPEISampler",
        "llm-distillation-GPEISampler",
    }
    preset = PRESETS["tiny"]

    ga = optuna.load_study(study_name="llm-architecture-GASampler", storage=storage)
    assert len(ga.trials) == preset.architecture_trials
    generations = [t.system_attrs[GENERATION_ATTR] for t in ga.trials]
    assert generations[: preset.population_size] == [0] * preset.population_size
    assert max(generations) >= 1
    bred = [t for t in ga.trials if t.system_attrs[GENERATION_ATTR] >= 1]
    assert all(t.system_attrs[PARENTS_ATTR] for t in bred)
    evaluations = list(range(1, preset.n_evaluations + 1))
    for study_name in names:
        if "architecture" not in study_name:
            continue
        for trial in optuna.load_study(study_name=study_name, storage=storage).trials:
            n_parameters = trial.user_attrs["n_parameters"]
            assert trial.constraints[PARAMETER_CONSTRAINT] == n_parameters - preset.parameter_budget
            reported = sorted(trial.intermediate_values)
            if n_parameters > preset.parameter_budget:
                # Over budget: trained to the end without reporting to the pruner.
                assert trial.state == optuna.trial.TrialState.COMPLETE and reported == []
            elif trial.state == optuna.trial.TrialState.COMPLETE:
                assert reported == evaluations
            else:
                assert trial.state == optuna.trial.TrialState.PRUNED
                assert reported == evaluations[: len(reported)] and len(reported) < len(evaluations)

    tuning = optuna.load_study(study_name="llm-tuning-GPEISampler", storage=storage)
    assert len(tuning.trials) == preset.tuning_trials
    # Trial 0 is enqueued (stage 1's settings); every later point is the sampler's, stored
    # while the trial runs: the Sobol design first, then the GP's proposals, the first of which
    # stores the fitted hyperparameters.
    assert all(RELATIVE_PARAMS_ATTR in t.system_attrs for t in tuning.trials[1:])
    assert any(FIT_ATTR in t.system_attrs for t in tuning.trials)
    for trial in tuning.trials:
        assert sorted(trial.intermediate_values) == evaluations[: len(trial.intermediate_values)]
    # Same seed, same architecture, same settings: stage 2's trial 0 retrains stage 1's winner.
    assert tuning.trials[0].value == pytest.approx(result.winner_trial.value, rel=1e-9)

    distillation = optuna.load_study(study_name="llm-distillation-GPEISampler", storage=storage)
    assert len(distillation.directions) == 2
    assert len(distillation.trials) == preset.distillation_trials
    assert all(RELATIVE_PARAMS_ATTR in t.system_attrs for t in distillation.trials[1:])
    for trial in distillation.trials:
        assert trial.values[1] == trial.user_attrs["n_parameters"]
        assert trial.params["width"] < result.winner.width


def test_pipeline_saves_png_plots_and_prints_a_summary(tiny_run) -> None:
    result, _ = tiny_run
    assert {path.name for path in result.plots} == {
        "architecture_history.png",
        "architecture_importances.png",
        "architecture_intermediate_values.png",
        "tuning_history.png",
        "tuning_importances.png",
        "distillation_pareto_front.png",
    }
    for path in result.plots:
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5_000
    summary = result.summary()
    for label in ("GASampler", "TPESampler", "RandomSampler", "int8", "float32"):
        assert label in summary
    assert f"{result.corpus.perplexity_floor:.4f}" in summary


def test_validation_scores_each_character_once_with_half_a_context() -> None:
    corpus = Corpus.generate(3, train_words=100, validation_words=400)
    windows = validation_windows(corpus.validation, 16)
    # Consecutive windows overlap by half; the scored halves tile the text without overlap.
    np.testing.assert_array_equal(windows[1:, :9].numpy(), windows[:-1, 8:].numpy())

    class HalfBlindModel(torch.nn.Module):
        """Uniform over the 17 characters on the last half of a window, NaN on the first."""

        config = ModelConfig(17, 16, n_layers=1, width=16, n_heads=1, ff_ratio=1, activation="relu")

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            logits = torch.zeros(*tokens.shape, 17)
            logits[:, : tokens.shape[1] // 2] = math.nan
            return logits

    # Only the last half is scored: the NaNs never reach the mean.
    assert validation_loss(HalfBlindModel(), windows) == pytest.approx(math.log(17))

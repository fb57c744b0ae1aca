"""The three searches as Optuna objectives: architecture (stage 1), training hyperparameters
(stage 2), distillation into a smaller student (stage 3).

Every trial builds its model and draws its batches from the same seed, so two trials with the
same parameters train the same model, and samplers are compared on equal terms.
"""

from __future__ import annotations

from dataclasses import replace
import math

import optuna
import torch

from examples.llm.compression import DistillationLoss
from examples.llm.corpus import Corpus
from examples.llm.model import count_parameters
from examples.llm.model import ModelConfig
from examples.llm.model import TransformerLM
from examples.llm.training import EvaluationCallback
from examples.llm.training import train
from examples.llm.training import TrainingConfig

PARAMETER_CONSTRAINT = "params_over_budget"


class ArchitectureSearch:
    """Stage 1: layers, width, heads, feed-forward ratio and activation, trained with fixed
    hyperparameters. Returns the validation perplexity; the parameter count minus
    `parameter_budget` is a constraint (feasible when <= 0)."""

    def __init__(
        self,
        corpus: Corpus,
        validation: torch.Tensor,
        context_length: int,
        training: TrainingConfig,
        parameter_budget: int,
    ) -> None:
        self.corpus = corpus
        self.validation = validation
        self.context_length = context_length
        self.training = training
        self.parameter_budget = parameter_budget

    def __call__(self, trial: optuna.Trial) -> float:
        config = ModelConfig(
            vocabulary_size=self.corpus.vocabulary_size,
            context_length=self.context_length,
            n_layers=trial.suggest_int("n_layers", 1, 4),
            # Widths are multiples of 16 and head counts powers of two up to 8, so every pair is
            # valid (the heads divide the width) and the search space is a plain product space.
            width=trial.suggest_int("width", 32, 128, step=16),
            n_heads=trial.suggest_categorical("n_heads", [1, 2, 4, 8]),
            ff_ratio=trial.suggest_int("ff_ratio", 1, 4),
            activation=trial.suggest_categorical("activation", ["relu", "gelu", "silu"]),
        )
        model = build_model(config, self.training.seed)
        n_parameters = count_parameters(model)
        trial.set_user_attr("n_parameters", n_parameters)
        over_budget = n_parameters - self.parameter_budget
        trial.set_constraint(PARAMETER_CONSTRAINT, over_budget)
        # An over-budget model is still trained, so that its trial holds a true value, but it
        # reports nothing to the pruner: it cannot win, and its learning curve (big models learn
        # fast) must not set the bar that the pruner holds the feasible models to.
        loss = train(
            model,
            self.corpus.train,
            self.validation,
            self.training,
            on_evaluation=(
                report_and_prune(trial, self.training.n_evaluations) if over_budget <= 0 else None
            ),
        )
        return math.exp(loss)


class HyperparameterTuning:
    """Stage 2: learning rate, batch size, dropout, warm-up steps and weight decay of one
    architecture. Returns the validation perplexity and keeps the best model trained so far."""

    def __init__(
        self,
        corpus: Corpus,
        validation: torch.Tensor,
        architecture: ModelConfig,
        training: TrainingConfig,
    ) -> None:
        self.corpus = corpus
        self.validation = validation
        self.architecture = architecture
        self.training = training
        self.best_perplexity = math.inf
        self.best_model: TransformerLM | None = None
        self.best_training: TrainingConfig | None = None

    @staticmethod
    def baseline_params(architecture: ModelConfig, training: TrainingConfig) -> dict:
        """Stage 1's fixed settings as this search's parameters (to enqueue as trial 0)."""
        return {
            "learning_rate": training.learning_rate,
            "batch_size": training.batch_size,
            "dropout": architecture.dropout,
            "warmup_steps": training.warmup_steps,
            "weight_decay": training.weight_decay,
        }

    def __call__(self, trial: optuna.Trial) -> float:
        config = replace(self.architecture, dropout=trial.suggest_float("dropout", 0.0, 0.3))
        training = replace(
            self.training,
            learning_rate=trial.suggest_float("learning_rate", 1e-3, 3e-2, log=True),
            batch_size=trial.suggest_int("batch_size", 8, 64, log=True),
            warmup_steps=trial.suggest_int("warmup_steps", 0, 100),
            weight_decay=trial.suggest_float("weight_decay", 1e-4, 0.3, log=True),
        )
        model = build_model(config, training.seed)
        loss = train(
            model,
            self.corpus.train,
            self.validation,
            training,
            on_evaluation=report_and_prune(trial, training.n_evaluations),
        )
        perplexity = math.exp(loss)
        if perplexity < self.best_perplexity:
            self.best_perplexity = perplexity
            self.best_model = model
            self.best_training = training
        return perplexity


class DistillationSearch:
    """Stage 3: a student smaller than the teacher (layers, width, heads; the teacher's
    feed-forward ratio and activation), trained with the teacher's hyperparameters on the
    distillation loss (temperature, weight of the soft term). Two objectives: the student's
    validation perplexity and its parameter count. Keeps every student it trained."""

    def __init__(
        self,
        corpus: Corpus,
        validation: torch.Tensor,
        teacher: TransformerLM,
        training: TrainingConfig,
    ) -> None:
        self.corpus = corpus
        self.validation = validation
        self.teacher = teacher
        self.training = training
        self.students: dict[int, TransformerLM] = {}

    def __call__(self, trial: optuna.Trial) -> tuple[float, float]:
        teacher = self.teacher.config
        config = replace(
            teacher,
            n_layers=trial.suggest_int("n_layers", 1, teacher.n_layers),
            # Multiples of 16 with 1, 2 or 4 heads: every pair is valid, as in stage 1.
            width=trial.suggest_int("width", 16, max(16, teacher.width - 16), step=16),
            n_heads=trial.suggest_categorical("n_heads", [1, 2, 4]),
            dropout=0.0,
        )
        loss_function = DistillationLoss(
            self.teacher,
            temperature=trial.suggest_float("temperature", 1.0, 8.0, log=True),
            weight=trial.suggest_float("distillation_weight", 0.0, 1.0),
        )
        student = build_model(config, self.training.seed)
        loss = train(student, self.corpus.train, self.validation, self.training, loss_function)
        self.students[trial.number] = student
        n_parameters = count_parameters(student)
        trial.set_user_attr("n_parameters", n_parameters)
        return math.exp(loss), float(n_parameters)


def build_model(config: ModelConfig, seed: int) -> TransformerLM:
    torch.manual_seed(seed)
    return TransformerLM(config)


def report_and_prune(trial: optuna.Trial, n_evaluations: int) -> EvaluationCallback:
    """Report each evaluation's perplexity to Optuna and stop the trial if the pruner says so,
    except at the last evaluation: the training is done by then, and its value is the result.
    Evaluations are numbered 1..n_evaluations at equal fractions of the token budget, so trials
    with different batch sizes are compared at the same amount of text seen."""

    def callback(evaluation: int, loss: float) -> None:
        trial.report(math.exp(loss), evaluation)
        if evaluation < n_evaluations and trial.should_prune():
            raise optuna.TrialPruned()

    return callback

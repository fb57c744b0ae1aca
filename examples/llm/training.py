"""Training for a fixed budget of tokens, and validation loss in nats per character."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

# loss(model's logits, targets, inputs) -> scalar; the inputs let a teacher see the same batch.
LossFunction = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]
# on_evaluation(evaluation number from 1, validation loss) is called after each evaluation.
EvaluationCallback = Callable[[int, float], None]


@dataclass(frozen=True)
class TrainingConfig:
    """How one model is trained. `train_tokens` is the budget: the number of steps is
    train_tokens // (batch_size * context_length) (at least one per evaluation), so a larger
    batch takes fewer steps and every trial sees the same amount of text."""

    train_tokens: int
    learning_rate: float = 3e-3
    batch_size: int = 32
    warmup_steps: int = 20
    weight_decay: float = 0.01
    n_evaluations: int = 4
    seed: int = 0

    def steps(self, context_length: int) -> int:
        return max(self.n_evaluations, self.train_tokens // (self.batch_size * context_length))


def cross_entropy(
    logits: torch.Tensor, targets: torch.Tensor, inputs: torch.Tensor
) -> torch.Tensor:
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())


def learning_rate_factor(step: int, warmup_steps: int, total_steps: int) -> float:
    """Linear warm-up over `warmup_steps`, then cosine decay to 10% at the last step."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return 0.1 + 0.45 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def train(
    model: nn.Module,
    train_tokens: np.ndarray,
    validation_windows: torch.Tensor,
    config: TrainingConfig,
    loss_function: LossFunction = cross_entropy,
    on_evaluation: EvaluationCallback | None = None,
) -> float:
    """Train `model` with AdamW on random windows of `train_tokens` and return its final
    validation loss (nats per character). The windows are drawn from a generator seeded with
    `config.seed`, so two runs with the same config see the same batches."""
    context_length = model.config.context_length
    total_steps = config.steps(context_length)
    # Step index -> evaluation number; distinct steps since total_steps >= n_evaluations.
    evaluation_steps = {
        round(total_steps * k / config.n_evaluations) - 1: k
        for k in range(1, config.n_evaluations + 1)
    }
    data = torch.from_numpy(train_tokens)
    generator = torch.Generator().manual_seed(config.seed)
    optimizer = torch.optim.AdamW(
        _parameter_groups(model, config.weight_decay), lr=config.learning_rate
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: learning_rate_factor(step, config.warmup_steps, total_steps)
    )
    offsets = torch.arange(context_length + 1)
    loss = math.inf
    for step in range(total_steps):
        model.train()
        starts = torch.randint(
            len(data) - context_length - 1, (config.batch_size, 1), generator=generator
        )
        windows = data[starts + offsets]
        inputs, targets = windows[:, :-1], windows[:, 1:]
        batch_loss = loss_function(model(inputs), targets, inputs)
        optimizer.zero_grad(set_to_none=True)
        batch_loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step in evaluation_steps:
            loss = validation_loss(model, validation_windows)
            if on_evaluation is not None:
                on_evaluation(evaluation_steps[step], loss)
    return loss


def validation_windows(tokens: np.ndarray, context_length: int) -> torch.Tensor:
    """Overlapping windows of context_length + 1 tokens at a stride of half a context. Only the
    last half of each window is scored (see validation_loss), so every scored character has at
    least context_length // 2 characters of context and is scored once."""
    stride = context_length // 2
    starts = np.arange(0, len(tokens) - context_length - 1, stride)
    windows = np.stack([tokens[s : s + context_length + 1] for s in starts])
    return torch.from_numpy(windows)


@torch.no_grad()
def validation_loss(model: nn.Module, windows: torch.Tensor, batch_size: int = 256) -> float:
    """Mean cross-entropy (nats per character) over the scored half of each window."""
    model.eval()
    scored_from = model.config.context_length - model.config.context_length // 2
    total, count = 0.0, 0
    for batch in windows.split(batch_size):
        logits = model(batch[:, :-1])[:, scored_from:]
        targets = batch[:, 1:][:, scored_from:]
        total += F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="sum").item()
        count += targets.numel()
    return total / count


def _parameter_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    # Decay matrices only: decaying norms, biases and embeddings hurts small models.
    decayed = [p for n, p in model.named_parameters() if p.dim() == 2 and "embedding" not in n]
    others = [p for n, p in model.named_parameters() if not (p.dim() == 2 and "embedding" not in n)]
    return [
        {"params": decayed, "weight_decay": weight_decay},
        {"params": others, "weight_decay": 0.0},
    ]

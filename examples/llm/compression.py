"""Shrinking a trained model: knowledge distillation into a smaller student, and post-training
8-bit dynamic quantization of its linear layers."""

from __future__ import annotations

import copy
import io
import warnings

import torch
from torch import nn
from torch.nn import functional as F


class DistillationLoss:
    """Hinton et al.'s loss, "Distilling the Knowledge in a Neural Network" (2015):
    weight * T^2 * KL(teacher_T || student_T) + (1 - weight) * cross-entropy on the data,
    where _T are softmaxes at temperature T. The T^2 keeps the soft term's gradient on the same
    scale as the hard term's whatever the temperature (their section 2)."""

    def __init__(self, teacher: nn.Module, temperature: float, weight: float) -> None:
        self.teacher = teacher.eval()
        self.temperature = temperature
        self.weight = weight

    def __call__(
        self, logits: torch.Tensor, targets: torch.Tensor, inputs: torch.Tensor
    ) -> torch.Tensor:
        with torch.no_grad():
            teacher_logits = self.teacher(inputs)
        t = self.temperature
        soft = F.kl_div(
            F.log_softmax(logits.flatten(0, 1) / t, dim=-1),
            F.log_softmax(teacher_logits.flatten(0, 1) / t, dim=-1),
            reduction="batchmean",
            log_target=True,
        )
        hard = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        return self.weight * t * t * soft + (1.0 - self.weight) * hard


def quantize_linear_layers(model: nn.Module) -> nn.Module:
    """A copy of `model` whose nn.Linear layers hold int8 weights (activations are quantized on
    the fly at inference: PyTorch's dynamic quantization, CPU only). torch 2.13 still ships
    torch.ao.quantization but warns that it is deprecated in favour of torchao; the warning is
    silenced here because this example pins torch."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*deprecated.*")
        return torch.ao.quantization.quantize_dynamic(
            copy.deepcopy(model).eval(), {nn.Linear}, dtype=torch.qint8
        )


def serialized_bytes(model: nn.Module) -> int:
    """Size of the model's state dict as torch.save writes it: what a checkpoint costs on disk."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*deprecated.*")
        torch.save(model.state_dict(), buffer)
    return len(buffer.getvalue())

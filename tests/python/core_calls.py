"""Recording what the samplers pass to the C++ core, for tests."""

from __future__ import annotations

from typing import Any

import pytest

from optuna_gfo import _core


def record_arguments(monkeypatch: pytest.MonkeyPatch, function: str, *positions: int) -> list[Any]:
    """From now on, the arguments at `positions` of each call of `_core.<function>`: one value
    per call for one position, else a tuple per call."""
    calls: list[Any] = []
    original = getattr(_core, function)

    def recording(*args: Any) -> Any:
        picked = tuple(args[i] for i in positions)
        calls.append(picked[0] if len(picked) == 1 else picked)
        return original(*args)

    monkeypatch.setattr(_core, function, recording)
    return calls

"""Checks of the samplers' constructor arguments: an error that names the argument, raised before
anything reaches the C++ core (which would otherwise fail at the first proposal, or run for hours).

A bad value raises ``ValueError``; a value of the wrong type raises ``InvalidArgumentType``, which
is a ``ValueError`` and a ``TypeError`` (the error these checks raised before they were the
constructors' whole boundary), so either ``except`` catches it.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
import math
import numbers
from typing import Any
from typing import cast

import numpy as np

# The core's counts are C++ ints.
MAX_CORE_INT = 2**31 - 1


class InvalidArgumentType(ValueError, TypeError):
    """An argument of the wrong type."""


def _type_error(name: str, expected: str, value: Any) -> InvalidArgumentType:
    return InvalidArgumentType(f"{name} must be {expected}, got {type(value).__name__}: {value!r}.")


def check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise _type_error(name, "a bool", value)
    return bool(value)


def check_int(name: str, value: Any, minimum: int, maximum: int = MAX_CORE_INT) -> int:
    """An integer (a Python or numpy int, not a bool) in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _type_error(name, "an int", value)
    integer = int(value)
    if not minimum <= integer <= maximum:
        raise ValueError(f"{name} must be in [{minimum}, {maximum}], got {integer}.")
    return integer


def check_float(
    name: str, value: Any, minimum: float, maximum: float, *, open_minimum: bool = False
) -> float:
    """A real number (an int or a float, not a bool, not NaN) in [minimum, maximum], or in
    (minimum, maximum] with ``open_minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _type_error(name, "a real number", value)
    number = float(value)
    above_minimum = number > minimum if open_minimum else number >= minimum
    if math.isnan(number) or not (above_minimum and number <= maximum):
        interval = f"{'(' if open_minimum else '['}{minimum:g}, {maximum:g}]"
        raise ValueError(f"{name} must be in {interval}, got {value!r}.")
    return number


def check_probability(name: str, value: Any) -> float:
    return check_float(name, value, 0.0, 1.0)


def check_choice(name: str, value: Any, choices: Mapping[str, Any]) -> str:
    """One of the option strings (the keys of ``choices``)."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}.")
    return value


def check_seed(seed: Any) -> int | None:
    """None or a seed of numpy's RandomState, [0, 2**32)."""
    return None if seed is None else check_int("seed", seed, 0, 2**32 - 1)


def check_instance(name: str, value: Any, cls: type, description: str) -> None:
    if not isinstance(value, cls):
        raise _type_error(name, description, value)


def check_callable(name: str, value: Any) -> Callable[..., Any]:
    if not callable(value):
        raise _type_error(name, "callable", value)
    return cast("Callable[..., Any]", value)

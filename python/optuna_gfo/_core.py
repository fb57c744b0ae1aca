"""The C++ core, as the extension module built for the best instruction set this CPU runs.

A wheel carries ``_core_baseline`` (any x86-64 CPU) and ``_core_x86_64_v3`` (AVX2/FMA); a build
from source with ``GFO_NATIVE_ARCH=ON`` carries only ``_core_native``. The environment variable
``OPTUNA_GFO_CORE`` (``baseline``, ``x86_64_v3`` or ``native``) forces one variant. The types
are in ``_core.pyi``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os

_VARIANTS = ("native", "x86_64_v3", "baseline")


def _available(variant: str) -> bool:
    return importlib.util.find_spec(f"optuna_gfo._core_{variant}") is not None


def _choose_variant() -> str:
    forced = os.environ.get("OPTUNA_GFO_CORE")
    if forced:
        if forced not in _VARIANTS:
            raise ImportError(f"OPTUNA_GFO_CORE must be one of {list(_VARIANTS)}, got {forced!r}.")
        if not _available(forced):
            raise ImportError(
                f"OPTUNA_GFO_CORE={forced}: this build of optuna-gfo has no such core."
            )
        return forced
    if _available("native"):
        return "native"
    if _available("x86_64_v3"):
        from optuna_gfo import _cpu

        if _cpu.supports_x86_64_v3():
            return "x86_64_v3"
    if _available("baseline"):
        return "baseline"
    raise ImportError("optuna-gfo's compiled core is missing: reinstall the package.")


# Only one variant may be imported into a process: they bind the same C++ types.
_module = importlib.import_module(f"optuna_gfo._core_{_choose_variant()}")
globals().update(
    {name: value for name, value in vars(_module).items() if not name.startswith("__")}
)

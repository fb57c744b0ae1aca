"""OptunaHub entry point for optuna-gfo.

The samplers live in the ``optuna_gfo`` package on PyPI (a compiled C++ core with Python
bindings); this module only re-exports them, so that ``optunahub.load_module`` (or
``optunahub.load_local_module``) hands out the very same classes as ``import optuna_gfo``.
"""

from __future__ import annotations


try:
    from optuna_gfo import GASampler
    from optuna_gfo import GPEISampler
except ModuleNotFoundError as error:
    if error.name != "optuna_gfo":
        # optuna_gfo is there but one of its own dependencies is not: report that one as is.
        raise
    raise ImportError(
        "The OptunaHub package samplers/optuna_gfo needs the optuna-gfo package, which is not "
        "installed. Install it with `pip install optuna-gfo` (or, from a source checkout of "
        "optuna-gfo, `pip install .`)."
    ) from error


__all__ = ["GASampler", "GPEISampler"]

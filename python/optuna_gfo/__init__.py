"""Fast gradient-free samplers for Optuna with a C++ core."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version

from optuna_gfo._ga import GASampler
from optuna_gfo._gp_ei import GPEISampler

try:
    __version__ = version("optuna-gfo")
except PackageNotFoundError:  # imported from a source tree that pip has not installed
    __version__ = "unknown"

__all__ = ["GASampler", "GPEISampler"]

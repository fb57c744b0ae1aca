"""Fast gradient-free samplers for Optuna with a C++ core."""

from optuna_gfo._ga import GASampler
from optuna_gfo._gp_ei import GPEISampler

__all__ = ["GASampler", "GPEISampler"]
__version__ = "0.1.0"

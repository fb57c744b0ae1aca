"""Command line: ``python -m examples.llm [--preset short] [--storage URL] [--out DIR] ...``."""

from __future__ import annotations

import argparse
from pathlib import Path
import time

import optuna
import torch

from examples.llm.pipeline import PRESETS
from examples.llm.pipeline import run_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m examples.llm",
        description="Architecture search, tuning and compression of a small language model.",
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default="short")
    parser.add_argument("--storage", default="sqlite:///optuna_gfo_llm.db")
    parser.add_argument("--out", type=Path, default=Path("llm_plots"), help="plots directory")
    parser.add_argument("--trials", type=int, help="trials per study (default: the preset's)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads (results are reproducible for a given number of threads)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-trial log lines")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    if args.quiet:
        optuna.logging.set_verbosity(optuna.logging.WARNING)
    preset = PRESETS[args.preset]
    if args.trials is not None:
        preset = preset.with_trials(args.trials)

    start = time.perf_counter()
    result = run_pipeline(preset, args.storage, args.out, seed=args.seed)
    print()
    print(result.summary())
    print()
    print(f"Studies in {args.storage} (optuna-dashboard {args.storage}); plots in {args.out}/.")
    print(f"Wall time: {time.perf_counter() - start:.0f} s.")


if __name__ == "__main__":
    main()

"""Trains every architecture of examples/llm's stage-1 space once and writes the tabular
benchmark that `nas_table.py` searches (`benchmarks/data/nas_table.csv`).

    python benchmarks/nas_table_train.py --workers 2

Each cell is trained exactly as stage 1 of `python -m examples.llm --preset short --seed 0`
trains it (same corpus, same fixed hyperparameters and token budget, same torch seed, one torch
thread), with no pruner: the validation perplexity after each quarter of the budget is
recorded. The run is resumable: finished cells are appended to the CSV as they come, and a rerun
trains only the missing ones. The rows are sorted by cell at the end.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import asdict
from dataclasses import dataclass
import functools
import itertools
import math
import multiprocessing
from pathlib import Path
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "nas_table.csv"

# The stage-1 space of examples/llm (objectives.ArchitectureSearch), as value lists.
SPACE = {
    "n_layers": [1, 2, 3, 4],
    "width": [32, 48, 64, 80, 96, 112, 128],
    "n_heads": [1, 2, 4, 8],
    "ff_ratio": [1, 2, 3, 4],
    "activation": ["relu", "gelu", "silu"],
}
ARCHITECTURE = list(SPACE)
QUARTERS = ["perplexity_q1", "perplexity_q2", "perplexity_q3", "perplexity"]
COLUMNS = [*ARCHITECTURE, "n_parameters", *QUARTERS, "train_seconds"]


@dataclass(frozen=True)
class Cell:
    n_layers: int
    width: int
    n_heads: int
    ff_ratio: int
    activation: str


def all_cells() -> list[Cell]:
    return [Cell(*values) for values in itertools.product(*SPACE.values())]


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(str(row[name]) for name in ARCHITECTURE)


@dataclass(frozen=True)
class _Setup:
    """What every cell is trained with: the short preset's corpus, validation windows and
    stage-1 training settings."""

    corpus: Any
    validation: Any
    training: Any
    context_length: int


@functools.lru_cache(maxsize=1)
def _setup(seed: int) -> _Setup:
    """Built once per process (the corpus is generated deterministically from `seed`), which
    also trains on one torch thread from then on."""
    import torch

    from examples.llm.corpus import Corpus
    from examples.llm.pipeline import PRESETS
    from examples.llm.pipeline import STAGE_ONE_TRAINING
    from examples.llm.training import TrainingConfig
    from examples.llm.training import validation_windows

    torch.set_num_threads(1)
    preset = PRESETS["short"]
    corpus = Corpus.generate(seed, preset.train_words, preset.validation_words)
    return _Setup(
        corpus=corpus,
        validation=validation_windows(corpus.validation, preset.context_length),
        training=TrainingConfig(
            train_tokens=preset.train_tokens,
            n_evaluations=preset.n_evaluations,
            seed=seed,
            **STAGE_ONE_TRAINING,
        ),
        context_length=preset.context_length,
    )


def train_cell(cell: Cell, seed: int = 0) -> dict[str, object]:
    """The cell's row: trained from scratch with seed `seed`, on one torch thread."""
    from examples.llm.model import count_parameters
    from examples.llm.model import ModelConfig
    from examples.llm.objectives import build_model
    from examples.llm.training import train

    setup = _setup(seed)
    config = ModelConfig(
        vocabulary_size=setup.corpus.vocabulary_size,
        context_length=setup.context_length,
        **asdict(cell),
    )
    model = build_model(config, setup.training.seed)
    losses: list[float] = []
    start = time.perf_counter()
    train(
        model,
        setup.corpus.train,
        setup.validation,
        setup.training,
        on_evaluation=lambda _, loss: losses.append(loss),
    )
    seconds = time.perf_counter() - start
    return {
        **asdict(cell),
        "n_parameters": count_parameters(model),
        **{name: f"{math.exp(loss):.6f}" for name, loss in zip(QUARTERS, losses)},
        "train_seconds": f"{seconds:.3f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--workers", type=int, default=1, help="processes, one torch thread each")
    parser.add_argument("--seed", type=int, default=0, help="corpus and training seed")
    parser.add_argument("--limit", type=int, help="train at most this many missing cells")
    args = parser.parse_args()

    done: dict[tuple[str, ...], dict[str, str]] = {}
    if args.out.exists():
        with args.out.open() as f:
            done = {_key(row): row for row in csv.DictReader(f)}
    missing = [
        c for c in all_cells() if _key({k: str(v) for k, v in asdict(c).items()}) not in done
    ]
    # The largest models first, so that the last cells to finish are short ones.
    missing.sort(key=lambda c: -c.n_layers * c.width * (1 + c.ff_ratio))
    if args.limit is not None:
        missing = missing[: args.limit]
    print(f"{len(done)} cells in {args.out}, training {len(missing)}", flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_header = not args.out.exists()
    start = time.perf_counter()
    with args.out.open("a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        if write_header:
            writer.writeheader()
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            train_seeded = functools.partial(train_cell, seed=args.seed)
            for i, row in enumerate(pool.imap_unordered(train_seeded, missing), 1):
                writer.writerow(row)
                f.flush()
                done[_key({k: str(v) for k, v in row.items()})] = {
                    k: str(v) for k, v in row.items()
                }
                if i % 20 == 0 or i == len(missing):
                    elapsed = time.perf_counter() - start
                    print(f"{i}/{len(missing)} cells, {elapsed:.0f} s", flush=True)

    rows = sorted(done.values(), key=lambda r: _sort_key(r))
    with args.out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _sort_key(row: dict[str, str]) -> tuple[int, ...]:
    return tuple(SPACE[name].index(type(SPACE[name][0])(row[name])) for name in ARCHITECTURE)


if __name__ == "__main__":
    main()

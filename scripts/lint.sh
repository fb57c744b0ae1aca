#!/usr/bin/env bash
# Lint as code: ruff (rules in pyproject.toml) on every Python tree, mypy --strict on the package.
# `ruff format --check` checks Python's formatting (scripts/format.sh applies it). Uses $PYTHON (set by setup.sh), else the python3 on PATH; ruff
# and mypy come with the package's "lint" extra.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m ruff check --no-cache python tests benchmarks examples docs
"$PYTHON" -m ruff format --check --no-cache python tests benchmarks examples docs
"$PYTHON" -m mypy --strict python/optuna_gfo

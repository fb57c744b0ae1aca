#!/usr/bin/env bash
# Installs what is missing (into the project's virtual environment, .venv, unless one is active),
# builds optuna-gfo, and runs the main job: examples/quickstart.py, a study with GPEISampler
# stored in SQLite, compared with Optuna's RandomSampler and TPESampler.
set -euo pipefail
cd "$(dirname "$0")/.."
GFO_SETUP=quickstart source scripts/setup.sh
"$PYTHON" examples/quickstart.py "$@"

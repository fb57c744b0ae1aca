#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: examples/quickstart.py, a study with
# GPEISampler stored in SQLite, compared with Optuna's RandomSampler and TPESampler.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
"$PYTHON" examples/quickstart.py "$@"

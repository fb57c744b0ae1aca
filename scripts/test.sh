#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the C++ core's GoogleTest suite (ctest)
# and the Optuna plugin's pytest suite. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cmake -S . -B build/tests -G Ninja -DGFO_BUILD_TESTS=ON -DGFO_BUILD_PYTHON=OFF >/dev/null
cmake --build build/tests -j 2
ctest --test-dir build/tests --output-on-failure -j 2
"$PYTHON" -m pytest tests/python -q -p no:cacheprovider

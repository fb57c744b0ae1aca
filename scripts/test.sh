#!/usr/bin/env bash
# Installs what is missing (into the project's virtual environment, .venv, unless one is active),
# builds, lints, and runs every test: the C++ core's GoogleTest suite (ctest), the plugin's pytest suite
# on the newest Optuna, the same suite on the oldest supported Optuna with the oldest supported
# Python, and the portable wheel in a clean environment. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
GFO_SETUP=test source scripts/setup.sh

echo "== Python lint (ruff check, ruff format --check, mypy --strict)"
bash scripts/lint.sh

echo "== C++ core and embedded-Python API (ctest)"
cmake -S . -B build/tests -G Ninja -DGFO_BUILD_TESTS=ON -DGFO_BUILD_PYTHON=OFF \
  -DPython_EXECUTABLE="$PYTHON" >/dev/null
cmake --build build/tests -j 2
ctest --test-dir build/tests --output-on-failure -j 2

echo "== C++ under AddressSanitizer and UndefinedBehaviorSanitizer"
bash scripts/test_sanitized.sh

echo "== C++ lint (clang-format, clang-tidy)"
bash scripts/lint_cpp.sh

echo "== Plugin tests, $("$PYTHON" -c 'import optuna, sys; print(f"Optuna {optuna.__version__}, Python {sys.version.split()[0]}")')"
"$PYTHON" -m pytest tests/python -q -p no:cacheprovider

echo "== Plugin tests on the oldest supported Optuna"
bash scripts/test_oldest.sh

echo "== The portable wheel in a clean environment"
bash scripts/build_wheel.sh
"$PYTHON" -m pytest tests/wheel -q -p no:cacheprovider

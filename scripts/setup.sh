#!/usr/bin/env bash
# Installs what optuna-gfo needs on a fresh Debian/Ubuntu machine (only what is missing), then
# builds and installs the package itself. Sourced by quickstart.sh and test.sh.
set -euo pipefail

# postgresql: the distributed tests start a throwaway server (scripts/postgres.sh).
# python3-dev: Python.h and libpython for gfo_optuna_embed, Optuna from C++ (tests/cpp/embed).
APT_PACKAGES=(g++ libeigen3-dev libboost-dev libboost-math-dev libgtest-dev libnlopt-dev postgresql
  python3-dev)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  as_root=""
  [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -m pip install -q --disable-pip-version-check \
  "scikit-build-core>=0.10" "pybind11>=2.12" "cmake>=3.18" ninja "optuna>=4.0" numpy pytest \
  psycopg2-binary torch==2.13.0 matplotlib
"$PYTHON" -m pip install -q --disable-pip-version-check --no-build-isolation .

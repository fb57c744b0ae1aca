#!/usr/bin/env bash
# Sourced by quickstart.sh and test.sh: installs what is missing on a Debian/Ubuntu machine, puts
# the project's virtual environment in place and installs optuna-gfo into it from source.
#   GFO_SETUP=quickstart  the package and what it needs (Optuna, numpy)
#   GFO_SETUP=test        also pytest, hypothesis, psycopg2, optunahub, torch and matplotlib
#                         (the LLM example's tests), ruff and mypy (scripts/lint.sh),
#                         GoogleTest, PostgreSQL and the Python headers
# The environment is the active one ($VIRTUAL_ENV, or a conda environment other than base) if
# any, else .venv (created with the python3 on PATH, or $PYTHON). Nothing is installed into a
# system Python. Sets PYTHON to the environment's interpreter.
set -euo pipefail

GFO_SETUP="${GFO_SETUP:-quickstart}"

source "$(dirname "${BASH_SOURCE[0]}")/apt_install.sh"

# Headers of the C++ core's libraries (Boost.Math is part of libboost-dev's headers).
system_packages=(g++ libeigen3-dev libboost-dev libnlopt-dev)
command -v cmake >/dev/null || system_packages+=(cmake)
if [ "$GFO_SETUP" = test ]; then
  # GoogleTest for the core's tests; PostgreSQL for the distributed tests (scripts/postgres.sh).
  system_packages+=(libgtest-dev postgresql)
fi
apt_install "${system_packages[@]}"

venv_python() {
  if [ -n "${VIRTUAL_ENV:-}" ]; then
    echo "$VIRTUAL_ENV/bin/python"
  elif [ -n "${CONDA_PREFIX:-}" ] && [ "${CONDA_DEFAULT_ENV:-base}" != base ]; then
    echo "$CONDA_PREFIX/bin/python"
  fi
}
PYTHON="$(venv_python)"
if [ -z "$PYTHON" ]; then
  base_python="${PYTHON_FOR_VENV:-python3}"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "" 2>/dev/null; then
    rm -rf .venv
    if ! "$base_python" -m venv .venv >/dev/null 2>&1; then
      # Debian and Ubuntu ship venv (ensurepip) separately from the interpreter.
      minor=$("$base_python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt_install "python${minor}-venv"
      rm -rf .venv
      "$base_python" -m venv .venv
    fi
    echo "Created the virtual environment .venv ($("$base_python" --version)); activate it with: source .venv/bin/activate"
  fi
  PYTHON="$PWD/.venv/bin/python"
fi
export PYTHON

# Python.h of this interpreter, for the extension module (and the embedded-Python C++ API).
if ! "$PYTHON" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  minor=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  apt_install "python${minor}-dev"
fi

pip_install() {
  "$PYTHON" -m pip install -q --disable-pip-version-check "$@"
}
build_requirements=("scikit-build-core>=0.10" "pybind11>=2.12" ninja)
cmake_ok=$(cmake --version 2>/dev/null | awk 'NR == 1 { split($3, v, "."); print (v[1] > 3 || (v[1] == 3 && v[2] >= 18)) }')
[ "${cmake_ok:-0}" = 1 ] || build_requirements+=("cmake>=3.18")
pip_install "${build_requirements[@]}"
extras=""
[ "$GFO_SETUP" = test ] && extras="[test,examples,lint]"
# Built for this machine's CPU: the package is installed where it was compiled (a wheel for
# other machines: scripts/build_wheel.sh).
pip_install --no-build-isolation --config-settings=cmake.define.GFO_NATIVE_ARCH=ON ".${extras}"

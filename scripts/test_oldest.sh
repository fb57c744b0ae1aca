#!/usr/bin/env bash
# The plugin's test suite on the oldest Optuna that pyproject.toml declares, with the oldest
# Python it declares when one is installed (on PATH or by pyenv; else python3), in its own virtual
# environment, .venv-oldest. The examples' tests (torch) are not part of this run.
set -euo pipefail
cd "$(dirname "$0")/.."

floor() {  # floor NAME: the version after "NAME>=" in pyproject.toml
  sed -n "s/.*\"$1>=\([0-9][0-9.]*\)\".*/\1/p; s/^$1 = \">=\([0-9][0-9.]*\)\"/\1/p" pyproject.toml | head -n 1
}
optuna_floor=$(floor optuna)
python_floor=$(floor requires-python)
# The oldest declared Python: on PATH, or installed by pyenv (whose shims on PATH only run the
# selected versions), else python3.
base_python=""
for candidate in "python$python_floor" \
  $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/$python_floor".*/bin/python 2>/dev/null | sort -V | tail -n 1); do
  if "$candidate" -c "" 2>/dev/null; then
    base_python="$candidate"
    break
  fi
done
if [ -z "$base_python" ]; then
  base_python=python3
  echo "No Python $python_floor found: testing Optuna $optuna_floor with $(python3 --version)."
fi
if [ ! -x .venv-oldest/bin/python ] || [ "$(.venv-oldest/bin/python -c 'import sys; print(sys.version_info[:2])')" != "$("$base_python" -c 'import sys; print(sys.version_info[:2])')" ]; then
  rm -rf .venv-oldest
  "$base_python" -m venv .venv-oldest
fi
python=.venv-oldest/bin/python
"$python" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.12" ninja
"$python" -m pip install -q --disable-pip-version-check --no-build-isolation \
  --config-settings=cmake.define.GFO_NATIVE_ARCH=ON ".[test]" "optuna==$optuna_floor"
echo "Optuna $("$python" -c 'import optuna; print(optuna.__version__)'), $("$python" --version)"
"$python" -m pytest tests/python -q -p no:cacheprovider --ignore=tests/python/test_llm_example.py

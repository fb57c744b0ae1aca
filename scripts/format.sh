#!/usr/bin/env bash
# Formats every C++ source of the repository in place with clang-format, in the style of
# .clang-format (scripts/lint_cpp.sh checks it), and the Python trees with ruff format
# (scripts/lint.sh checks it). The formatting depends on clang-format's version:
# the lint runs Debian 12's, clang-format 14.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  source scripts/apt_install.sh
  apt_install clang-format
fi
mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp')
clang-format -i "${sources[@]}"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m ruff format python tests benchmarks examples docs

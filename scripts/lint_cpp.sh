#!/usr/bin/env bash
# Lints the C++ sources without changing them: clang-format's check of every source (the style:
# .clang-format; scripts/format.sh applies it) and clang-tidy (.clang-tidy) over the translation
# units of the core, the embedded-Python API and the bindings, compiled as configured in
# build/lint. Run from the project's environment (scripts/setup.sh with GFO_SETUP=test): the
# bindings and the embedded API are configured for $PYTHON (default: python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3)}"
if ! command -v clang-format >/dev/null || ! command -v clang-tidy >/dev/null \
  || ! command -v run-clang-tidy >/dev/null; then
  source scripts/apt_install.sh
  apt_install clang-format clang-tidy
fi

# Both checks run; either one's findings fail the lint.
status=0
echo "== clang-format"
mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp')
if ! clang-format --dry-run --Werror "${sources[@]}"; then
  echo "clang-format: these sources are not formatted; scripts/format.sh formats them"
  status=1
fi

echo "== clang-tidy"
# Configured only (nothing is compiled): compile_commands.json is all clang-tidy needs. Debug, so
# that pybind11 adds no GCC-only LTO flags; native, so that each core source has one entry (not
# one per instruction-set variant).
cmake -S . -B build/lint -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=Debug \
  -DGFO_BUILD_PYTHON=ON -DGFO_NATIVE_ARCH=ON -DGFO_BUILD_EMBED=ON -DGFO_INSTALL=OFF \
  -DPython_EXECUTABLE="$PYTHON" -Dpybind11_DIR="$("$PYTHON" -m pybind11 --cmakedir)" >/dev/null
# The tests are not linted: GoogleTest's macros would drown the findings, and would double the
# run time. -Wno-unknown-warning-option: the compile commands carry GCC's warning flags.
run-clang-tidy -p build/lint -j 2 -quiet -extra-arg=-Wno-unknown-warning-option \
  '/(core|embed|bindings)/' || status=1
exit $status

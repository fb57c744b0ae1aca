"""The fuzz suite of the C++ core's bindings (tests/python/test_core_fuzz.py) with a long budget.

CI runs each property on a few dozen derandomized examples; this runs them on many more, in a
subprocess, so that a crash of the interpreter (a segfault, an abort in the core) or a hang is
reported as such.

Run from the repository root:

    python benchmarks/fuzz_core.py                    # 2000 examples per property
    python benchmarks/fuzz_core.py --examples 20000 --timeout 3600 -k breed

Exit status 0 when every property held.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import subprocess
import sys

_SUITE = Path(__file__).resolve().parents[1] / "tests" / "python" / "test_core_fuzz.py"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds before the run counts as a hang"
    )
    parser.add_argument("-k", default="", help="pytest -k expression: which properties")
    args = parser.parse_args()

    command = [
        sys.executable,
        "-m",
        "pytest",
        str(_SUITE),
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
    ]
    if args.k:
        command += ["-k", args.k]
    environment = {**os.environ, "OPTUNA_GFO_FUZZ_EXAMPLES": str(args.examples)}
    try:
        completed = subprocess.run(command, env=environment, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"fuzz_core: no result after {args.timeout:.0f} s (a hang, or too large a budget)")
        return 1
    if completed.returncode < 0:
        print(f"fuzz_core: the interpreter died of signal {-completed.returncode} (a crash)")
    return 0 if completed.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""The long fuzz run (issue 14): mutated real articles in every input format through the readers and the
analysis, for --minutes, then the count of inputs tried and of failures (each failure's seed to replay it).

    PYTHONPATH=. python3 bench/fuzz.py [--minutes 10] [--seed 0]

Inputs and invariants: tests/fuzz_harness.py (the short run is tests/test_reliability_fuzz.py)."""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzz_harness as fh  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0, help="first case seed; case i uses seed + i")
    args = ap.parse_args()
    stop = time.monotonic() + 60 * args.minutes
    tried, failures, first = 0, Counter[str](), {}
    while time.monotonic() < stop:
        seed = args.seed + tried
        tried += 1
        try:
            fh.one_case(random.Random(seed))
        except Exception as exc:  # noqa: BLE001 - every escape is a finding, counted and named
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            failures[key] += 1
            first.setdefault(key, f"seed {seed}: {str(exc)[:200]}")
    print(f"inputs tried: {tried:,} in {args.minutes:g} min; failures: {sum(failures.values())}")
    for key, n in failures.most_common():
        print(f"  {n:>5}  {key}  (first: {first[key]})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

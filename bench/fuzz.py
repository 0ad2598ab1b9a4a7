"""The long fuzz run (issue 14): mutated real articles in every input format through the readers and the
analysis, for --minutes, then the count of inputs tried and of failures (each failure's seed to replay it).

    PYTHONPATH=. python3 bench/fuzz.py [--minutes 10] [--seed 0]
    PYTHONPATH=. python3 bench/fuzz.py --atheris [--minutes 10]   # coverage-guided (pip install atheris)

Inputs and invariants: tests/fuzz_harness.py (the short run is tests/test_reliability_fuzz.py). With --atheris,
libFuzzer mutates the bytes itself, guided by the coverage of the readers and the analysis, starting from a
corpus of wrapped real articles (the first byte of an input picks the format); it stops at the first failure
and writes the input that caused it to crash-* in the current folder."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzz_harness as fh  # noqa: E402


def one_input(data: bytes) -> None:
    """A libFuzzer input: its first byte picks the format, the rest is the file."""
    if not data:
        return
    for doc in fh.check_reader(fh.KINDS[data[0] % len(fh.KINDS)], data[1:]):
        fh.check_analysis(doc)


def run_atheris(minutes: float, seed: int) -> None:
    import atheris  # only for this mode: a wheel for CPython on Linux x86-64

    tried = [0]
    stop = [0.0]  # set at the first input: instrumenting the modules takes a while

    def test_one(data: bytes) -> None:
        stop[0] = stop[0] or time.monotonic() + 60 * minutes
        if time.monotonic() > stop[0]:  # libFuzzer's own time limit ends the process without a word
            print(f"atheris: inputs tried: {tried[0]:,} in {minutes:g} min; failures: 0 (seed corpus {seeds})",
                  flush=True)
            os._exit(0)
        tried[0] += 1
        one_input(data)

    seeds = Path(tempfile.mkdtemp(prefix="kroniek-atheris-"))
    rng = random.Random(seed)
    for i in range(200):  # the starting corpus: real articles in every format, as the random run makes them
        kind, raw = fh.an_input(rng)
        (seeds / f"seed-{i}").write_bytes(bytes([fh.KINDS.index(kind)]) + raw)
    atheris.instrument_all()  # coverage of every loaded module: the readers, the analysis and what they call
    atheris.Setup([sys.argv[0], "-rss_limit_mb=4096", str(seeds)], test_one)
    atheris.Fuzz()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0, help="first case seed; case i uses seed + i")
    ap.add_argument("--atheris", action="store_true", help="coverage-guided, by libFuzzer through atheris")
    args = ap.parse_args()
    if args.atheris:
        run_atheris(args.minutes, args.seed)
        return
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

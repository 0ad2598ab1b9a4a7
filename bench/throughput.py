"""Throughput of `kroniek build` on the 1,438 Dutch DPG Media articles: documents/s and words/s per core, peak memory.

Usage: python bench/throughput.py [--data PATH] [--jobs 1 2] [--repeat 3]
Each run is a fresh chronicle built by the real command in a subprocess (start-up included), best of
--repeat. Prints a Markdown table for BENCHMARKS.md and one JSON line per configuration.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = (Path(__file__).resolve().parents[2]
                / "shared/data/dpgmedia2019-nl/dpgMedia2019-articles-byarticle-all.jsonl")
WORD = re.compile(r"\w+")


def count_words(path: Path) -> tuple[int, int]:
    docs = words = 0
    for line in path.open(encoding="utf-8"):
        text = json.loads(line).get("text") or ""
        if text.strip():
            docs += 1
            words += len(WORD.findall(text))
    return docs, words


def run_once(data: Path, jobs: int) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in kB, CPU seconds of the build and its workers): CPU time shows the cost per
    document even when other work shares the machine and stretches the wall time."""
    with tempfile.TemporaryDirectory() as out:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kroniek.cli", "build", str(data), "--out", out, "--jobs", str(jobs),
             "--no-report", "--quiet"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        if proc.returncode not in (0, 1):
            raise SystemExit(f"build failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return seconds, max(usage.ru_maxrss, before), cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs, words = count_words(args.data)
    rows = []
    for jobs in args.jobs:
        best = min((run_once(args.data, jobs) for _ in range(args.repeat)), key=lambda r: r[0])
        seconds, peak_kb, cpu = best
        row = {"jobs": jobs, "documents": docs, "words": words, "seconds": round(seconds, 2),
               "cpu_seconds": round(cpu, 2), "docs_per_cpu_s": round(docs / cpu, 1),
               "docs_per_s": round(docs / seconds, 1), "docs_per_s_per_core": round(docs / seconds / jobs, 1),
               "words_per_s_per_core": round(words / seconds / jobs), "peak_rss_mb": round(peak_kb / 1024)}
        rows.append(row)
        print(json.dumps(row))
    print("\n| --jobs | seconds | documents/s | documents/s per core | words/s per core | CPU seconds "
          "| documents per CPU second | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['jobs']} | {r['seconds']} | {r['docs_per_s']} | {r['docs_per_s_per_core']} | "
              f"{r['words_per_s_per_core']:,} | {r['cpu_seconds']} | {r['docs_per_cpu_s']} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()

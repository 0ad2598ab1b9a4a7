"""Peak memory of `kroniek build` (issue 14): the resident set of the whole process tree (main process and
analysis workers, summed, sampled every 0.2 s) and of the largest single process.

    PYTHONPATH=. python3 bench/memory_bench.py CORPUS [CORPUS ...] [--jobs 2]

Each corpus is built into a fresh temporary chronicle; prints articles stored, seconds and peak RSS in MB."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            line = next(line for line in fh if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return 0.0


def measure(corpus: str, jobs: int) -> tuple[int, float, float, float]:
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "kroniek", "build", corpus, "--out", out, "--jobs", str(jobs),
                                 "--quiet", "--no-report"], stdout=subprocess.DEVNULL, stderr=err)
        tree_peak = single_peak = 0.0
        while proc.poll() is None:
            sizes = [_rss_mb(p) for p in _tree(proc.pid)]
            tree_peak, single_peak = max(tree_peak, sum(sizes)), max(single_peak, max(sizes, default=0.0))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        err.seek(0)
        failure = [line for line in err.read().splitlines() if not line.startswith(("skipped ", "note: "))]
        # exit 1 is also a build whose skipped inputs were named (the rest stored); a traceback is a failure
        if proc.returncode not in (0, 1) or any(line.startswith("Traceback") for line in failure):
            sys.exit(f"build of {corpus} failed (exit {proc.returncode}):\n" + "\n".join(failure[-20:]))
        con = duckdb.connect(str(Path(out) / "chronicle.duckdb"), read_only=True)
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
    return docs, seconds, tree_peak, single_peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    print("corpus\tarticles\tseconds\tpeak RSS tree MB\tpeak RSS one process MB")
    for corpus in args.corpora:
        docs, seconds, tree, single = measure(corpus, args.jobs)
        print(f"{corpus}\t{docs:,}\t{seconds:.0f}\t{tree:.0f}\t{single:.0f}", flush=True)


if __name__ == "__main__":
    main()

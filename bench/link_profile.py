"""Time and peak memory of each linker (issue 14): runs the linking step on a copy of a built chronicle.

    PYTHONPATH=. python3 bench/link_profile.py CHRONICLE_DIR [--tracemalloc]

For each linker, in order: seconds, the process's peak RSS while it ran (sampled every 0.05 s) and, with
--tracemalloc, the peak of Python allocations (slower; DuckDB's own memory is not counted there)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from kroniek.link import LINKERS, _link_within_memory
from kroniek.plugins import present_modules
from kroniek.store import Store


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return int(next(line for line in fh if line.startswith("VmRSS:")).split()[1]) / 1024


class Sampler:
    """The peak RSS since the last reset, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.05)

    def reset(self) -> None:
        self.peak = rss_mb()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("chronicle")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--memory-limit", help="DuckDB's memory_limit for the run, e.g. 512MB")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "chronicle.duckdb"
        shutil.copy(Path(args.chronicle) / "chronicle.duckdb", copy)
        store = Store(copy)
        if args.memory_limit:
            store.con.execute(f"SET memory_limit = '{args.memory_limit}'")
        docs = store.count("documents")
        sampler = Sampler()
        print(f"{docs:,} documents; RSS at start {rss_mb():.0f} MB")
        print("linker\tseconds\tpeak RSS MB\tpython peak MB\tDuckDB MB after\tDuckDB cap MB")
        for module in present_modules("kroniek.link", LINKERS):
            if args.tracemalloc:
                tracemalloc.start()
            sampler.reset()
            started = time.monotonic()
            _link_within_memory(store, module)  # as the build runs it: DuckDB capped, the cap raised if needed
            seconds = time.monotonic() - started
            py = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else float("nan")
            if args.tracemalloc:
                tracemalloc.stop()
            name = module.__name__.rsplit(".", 1)[-1]
            cap = store.memory_limit_mb
            duck = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] / 2**20
            print(f"{name}\t{seconds:.1f}\t{sampler.peak:.0f}\t{py:.0f}\t{duck:.0f}\t{cap}", flush=True)
        sampler.stop()
        store.close()


if __name__ == "__main__":
    main()

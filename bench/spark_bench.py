"""Scaling of the Spark build against the embedded build, on a synthetic archive replicated from dpgmedia2019-nl.

Usage:
  python bench/spark_bench.py make 10000 50000 200000      # archives under /tmp/kroniek-spark-bench (never the repo)
  python bench/spark_bench.py run --size 10000 --config embedded-1 embedded-2 spark-1 spark-2 [--repeat 2]
  python bench/spark_bench.py table                          # Markdown table of every result recorded so far

An archive of N articles replicates the 1,438 DPG Media articles (40 of them without text: failed inputs, as
in the real corpus). Copy k of an article gets a new id, a date drawn at random from 2015-2019 and a closing
line `Archiefcode <letters of k>.`: the text must differ, since a document's identity is a hash of its text and
the copies would otherwise be stored once. The analysis of each copy costs what the original costs.

Configurations, each a fresh chronicle built by the real commands in subprocesses, start-up included:
- embedded-J: `kroniek build ARCHIVE --jobs J --no-report --quiet` (analysis, store, cross-document links);
- spark-C: `kroniek spark build ARCHIVE --out DIR --master local[C] --no-import --quiet` (ingest, analysis,
  Parquet tables), then `kroniek spark link DIR` (the cross-document steps in Spark SQL, the same master),
  then `kroniek spark import DIR --no-link` (the chronicle: per-document tables and links, read by DuckDB).
Each phase is timed on its own; results are appended as JSON lines to /tmp/kroniek-spark-bench/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SOURCE = (Path(__file__).resolve().parents[2]
          / "shared/data/dpgmedia2019-nl/dpgMedia2019-articles-byarticle-all.jsonl")
ROOT = Path("/tmp/kroniek-spark-bench")
RESULTS = ROOT / "results.jsonl"
PER_FILE = 5_000  # articles per JSON Lines file: a real archive comes in many files, and Spark splits each
FIRST_DAY, DAYS = date(2015, 1, 1), 5 * 365


def _letters(k: int) -> str:
    out = ""
    while True:
        k, r = divmod(k, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
        if not k:
            return out


def make(size: int, seed: int = 2019) -> Path:
    """Write an archive of `size` articles (unless it exists) and return its folder."""
    folder = ROOT / f"archive-{size}"
    done = ROOT / f"archive-{size}.done"  # beside the folder: the embedded build would read it as an article
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    originals = [json.loads(line) for line in SOURCE.open(encoding="utf-8")]
    rng = random.Random(seed)
    out = None
    for n in range(size):
        copy, article = divmod(n, len(originals))
        if n % PER_FILE == 0:
            out and out.close()
            out = (folder / f"part-{n // PER_FILE:04d}.jsonl").open("w", encoding="utf-8")
        record = dict(originals[article])
        record["id"] = f"{record['id']}-{copy}"
        record["published_at"] = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        if (record.get("text") or "").strip():
            record["text"] = f"{record['text'].rstrip()}\n\nArchiefcode {_letters(copy)}."
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.close()
    done.write_text("")
    return folder


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Add the CPU seconds of `root` and its descendants now alive to `seen` (pid -> last value)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            parent[int(entry)], cpu[int(entry)] = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
    for pid, value in cpu.items():
        p, hops = pid, 0
        while p in parent and p != root and hops < 64:
            p, hops = parent[p], hops + 1
        if p == root:
            seen[pid] = max(seen.get(pid, 0.0), value)


def _run(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and all its descendants, stderr). getrusage misses Spark's
    JVM and Python workers (not reaped by their parents' waits), so the process tree is sampled from /proc."""
    seen: dict[int, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, text=True)
        while proc.poll() is None:
            _tree_cpu(proc.pid, seen)
            time.sleep(0.5)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {stderr[-3000:]}")
    return wall, sum(seen.values()), stderr


def _kroniek(*args: str) -> list[str]:
    return [sys.executable, "-m", "kroniek.cli", *args]


EMBEDDED_DRIVER = """
import importlib, json, sys, time
from pathlib import Path
import kroniek.build as b
from kroniek.link import LINKERS
timing = {}
def timed(name, real):
    def run(store):
        started = time.perf_counter()
        real(store)
        timing[name] = time.perf_counter() - started
    return run
for name in LINKERS:  # time each cross-document step of the real build
    module = importlib.import_module(f"kroniek.link.{name}")
    module.link = timed(name, module.link)
report = b.build([sys.argv[1]], Path(sys.argv[2]), jobs=int(sys.argv[3]))
print(json.dumps({"added": report.added, "failed": report.failed, "link": timing}), file=sys.stderr)
"""


def run_embedded(archive: Path, jobs: int) -> dict:
    """The library call behind `kroniek build --jobs J` (same code; the driver only times the linking)."""
    with tempfile.TemporaryDirectory(dir=ROOT) as out:
        wall, cpu, err = _run([sys.executable, "-c", EMBEDDED_DRIVER, str(archive), out, str(jobs)])
        info = json.loads(err.strip().splitlines()[-1])
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    link = sum(info["link"].values())
    return {"documents": info["added"], "failed": info["failed"], "seconds": wall, "cpu": cpu,
            "phases": {"analyse+store": wall - link, "link": link}, "link_steps": info["link"], "store_mb": size / 1e6}


def run_spark(archive: Path, cores: int, memory: str) -> dict:
    master = f"local[{cores}]"
    conf = ["--conf", f"spark.driver.memory={memory}"]
    with tempfile.TemporaryDirectory(dir=ROOT) as out:
        phases, cpu = {}, 0.0
        wall, c, err = _run(_kroniek("spark", "build", str(archive), "--out", out, "--master", master,
                                     "--no-link", "--no-import", *conf))
        phases["analyse (Spark)"], cpu = wall, cpu + c
        docs, failed = (int(w) for w in (err.split(" documents analysed, ")[0].split()[-1],
                                         err.split(" documents analysed, ")[1].split()[0]))
        parquet = sum(p.stat().st_size for p in Path(out).rglob("*.parquet")) / 1e6
        wall, c, err = _run(_kroniek("spark", "link", out, "--master", master, *conf))
        phases["link (Spark SQL)"], cpu = wall, cpu + c
        steps = {name: float(s) for name, s in re.findall(r"(\w+) ([\d.]+) s\b", err.split("linked in Spark")[-1])}
        wall, c, _ = _run(_kroniek("spark", "import", out, "--no-link", "--quiet"))
        phases["import (DuckDB)"], cpu = wall, cpu + c
    return {"documents": docs, "failed": failed, "seconds": sum(phases.values()), "cpu": cpu, "phases": phases,
            "link_steps": steps, "parquet_mb": parquet}


def run(size: int, configs: list[str], repeat: int, memory: str) -> None:
    archive = make(size)
    for config in configs:
        kind, n = config.rsplit("-", 1)
        for _ in range(repeat):
            started = time.strftime("%H:%M:%S", time.gmtime())
            result = run_embedded(archive, int(n)) if kind == "embedded" else run_spark(archive, int(n), memory)
            result.update(config=config, size=size, started_utc=started)
            with RESULTS.open("a", encoding="utf-8") as out:
                out.write(json.dumps(result) + "\n")
            print(json.dumps(result), flush=True)


def table() -> None:
    """Best run per (size, config): documents/s over the whole build, and per phase."""
    best: dict[tuple[int, str], dict] = {}
    for line in RESULTS.open(encoding="utf-8"):
        r = json.loads(line)
        key = (r["size"], r["config"])
        if key not in best or r["seconds"] < best[key]["seconds"]:
            best[key] = r
    print("| articles | configuration | documents | seconds | documents/s | CPU s | phases (s) |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for (size, config), r in sorted(best.items()):
        phases = ", ".join(f"{k} {v:.0f}" for k, v in r["phases"].items())
        print(f"| {size:,} | {config} | {r['documents']:,} | {r['seconds']:.0f} | {r['documents'] / r['seconds']:.1f} "
              f"| {r['cpu']:.0f} | {phases} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p_make = sub.add_parser("make")
    p_make.add_argument("sizes", type=int, nargs="+")
    p_run = sub.add_parser("run")
    p_run.add_argument("--size", type=int, required=True)
    p_run.add_argument("--config", nargs="+", default=["embedded-1", "embedded-2", "spark-1", "spark-2"])
    p_run.add_argument("--repeat", type=int, default=1)
    p_run.add_argument("--memory", default="2g", help="spark.driver.memory (local mode: the executor is the driver)")
    sub.add_parser("table")
    args = parser.parse_args()
    ROOT.mkdir(parents=True, exist_ok=True)
    if args.command == "make":
        for size in args.sizes:
            print(make(size))
    elif args.command == "run":
        run(args.size, args.config, args.repeat, args.memory)
    else:
        table()


if __name__ == "__main__":
    main()

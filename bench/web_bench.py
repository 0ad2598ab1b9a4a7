"""Web app load benchmark: requests/s and latency percentiles of the main pages under wrk, loopback only.

    python bench/web_bench.py CHRONICLE [CHRONICLE ...] [--duration 10] [--connections 20]

Starts the real `kroniek serve` on a free local port for each chronicle, times the first (uncached) request of
every page, then runs wrk (Debian package `wrk`) for a bounded time per page: the timeline, the entity index,
the most mentioned entity, search (rotating over several words) and their JSON twins, plus the other pages.
Also times uncached tantivy searches in-process. Prints a Markdown table per chronicle.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

WORDS = ["kabinet", "verkiezingen", "politie", "ontmoeting", "klimaat", "Trump", "Brexit", "onderwijs",
         "ziekenhuis", "woningen", "belasting", "rechter", "gemeente", "Europa", "staking", "boeren", "China",
         "president", "Rusland", "voetbal"]

LUA = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KRONIEK requests=%%d duration_us=%%d p50=%%d p95=%%d p99=%%d max=%%d errors=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - our own server on 127.0.0.1
        return r.read()


def _start(chronicle: Path) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kroniek.cli", "serve", str(chronicle), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"kroniek serve failed: {proc.stderr.read()}")
        try:
            _get(base + "/api/info", timeout=1)
            return proc, base, time.perf_counter() - started
        except OSError:
            time.sleep(0.1)


def _pages(base: str) -> list[tuple[str, list[str]]]:
    """(name, paths) of the pages to load; several paths are requested in turn."""
    entities = json.loads(_get(base + "/api/entities"))["items"]
    docs = json.loads(_get(base + "/api/documents"))["items"]
    search = [quote(w) for w in WORDS]
    pages = [("timeline", ["/timeline"]), ("api/timeline", ["/api/timeline"]), ("entities", ["/entities"]),
             ("api/entities", ["/api/entities"])]
    if entities:
        top = quote(entities[0]["id"], safe="")
        pages += [("entity (most mentioned)", [f"/entities/{top}"]), ("api/entity", [f"/api/entities/{top}"])]
    pages += [("search (20 words)", [f"/search?q={w}" for w in search]),
              ("api/search (20 words)", [f"/api/search?q={w}" for w in search]),
              ("network", ["/network"]), ("quotes", ["/quotes"]), ("claims", ["/claims"]),
              ("conflicts", ["/conflicts"]), ("documents", ["/documents"])]
    if docs:
        pages.append(("document reader", [f"/documents/{docs[len(docs) // 2]['id']}"]))
    return pages


def _cold(base: str, paths: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    size = len(_get(base + paths[0]))
    for path in paths[1:]:
        _get(base + path)
    return (time.perf_counter() - started) * 1000, size


def _wrk(base: str, paths: list[str], duration: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % ", ".join(json.dumps(p) for p in paths))
        script = fh.name
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
                          "-s", script, base], capture_output=True, text=True, check=True).stdout
    Path(script).unlink()
    fields = dict(kv.split("=") for kv in re.search(r"KRONIEK (.*)", out).group(1).split())
    n, seconds = int(fields["requests"]), int(fields["duration_us"]) / 1e6
    return {"rps": n / seconds, "p50": int(fields["p50"]) / 1000, "p95": int(fields["p95"]) / 1000,
            "p99": int(fields["p99"]) / 1000, "errors": int(fields["errors"]), "requests": n}


def _uncached_search(chronicle: Path) -> dict:
    from kroniek.store import Store
    from kroniek.web.search import SearchIndex

    with Store.in_dir(chronicle, read_only=True) as store:
        index = SearchIndex.for_store(store)
        times = []
        for word in WORDS:
            started = time.perf_counter()
            SearchIndex.search.__wrapped__(index, word, 20, 0)  # past the cache
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "max_ms": times[-1]}


def bench(chronicle: Path, duration: int, connections: int, threads: int) -> None:
    proc, base, startup = _start(chronicle)
    try:
        info = json.loads(_get(base + "/api/info"))
        counts = info["counts"]
        print(f"\n### {chronicle} ({counts['documents']} documents, {counts['entities']} entities, "
              f"{counts['events']} events, {counts['quotes']} quotes)\n")
        print(f"server start (search index included): {startup:.1f} s")
        print(f"uncached search, 20 words: {_uncached_search(chronicle)}\n")
        print("| page | first request (ms) | size (kB) | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, paths in _pages(base):
            cold, size = _cold(base, paths)
            r = _wrk(base, paths, duration, connections, threads)
            print(f"| {name} | {cold:.0f} | {size / 1000:.0f} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                  f"{r['p99']:.1f} | {r['errors']} |", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chronicles", nargs="+", type=Path)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    for chronicle in args.chronicles:
        bench(chronicle, args.duration, args.connections, args.threads)


if __name__ == "__main__":
    main()

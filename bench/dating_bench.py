"""Corpus dating of undated articles (issue 18), measured by hiding dates.

    python3 bench/hide_dates.py CORPUS OUT.jsonl TRUTH.json DATEFIELD   # 20 % of records, seed 18
    kroniek build OUTDIR_WITH_OUT.jsonl --out CHRONICLE
    PYTHONPATH=. python3 bench/dating_bench.py CHRONICLE TRUTH.json

For every record whose date was hidden: is the true date inside the inferred range, and how wide is the range
(days)? Reported for all hidden records, for those that share an event with a dated document (the issue's
target group), and per half of the hidden records (ids split by a hash: the constants were chosen on half A).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kroniek.store import Store  # noqa: E402


def half(rid: str) -> str:
    return "A" if hashlib.sha1(rid.encode()).digest()[0] % 2 == 0 else "B"


def summary(rows: list[dict]) -> str:
    dated = [r for r in rows if r["lo"]]
    hits = [r for r in dated if r["lo"] <= r["truth"] <= r["hi"]]
    widths = [(date.fromisoformat(r["hi"]) - date.fromisoformat(r["lo"])).days + 1 for r in dated]
    if not rows:
        return "n=0"
    return (f"n={len(rows)}, dated by corpus {len(dated)} ({100 * len(dated) / len(rows):.0f} %), true date in range "
            f"{len(hits)}/{len(dated)} = {100 * len(hits) / max(len(dated), 1):.0f} % of dated "
            f"({100 * len(hits) / len(rows):.0f} % of all), width median "
            f"{statistics.median(widths) if widths else 0:.0f} days, "
            f"mean {statistics.mean(widths) if widths else 0:.1f}")


def main() -> None:
    chronicle, truth_path = Path(sys.argv[1]), Path(sys.argv[2])
    truth = {k: v[:10] for k, v in json.loads(truth_path.read_text()).items() if v}
    with Store.in_dir(chronicle, read_only=True) as store:
        docs = store.rows("SELECT id, external_id, date, date_source, date_from, date_to FROM documents")
        with_events = {r[0] for r in store.con.execute(
            "SELECT DISTINCT a.doc FROM event_mentions a JOIN event_mentions b ON a.event = b.event "
            "AND a.doc <> b.doc JOIN documents d ON d.id = b.doc WHERE a.event IS NOT NULL "
            "AND d.date IS NOT NULL").fetchall()}
    rows = []
    for d in docs:
        rid = d["external_id"]
        if rid in truth and not d["date"]:
            corpus = d["date_source"] == "corpus"
            rows.append({"id": rid, "truth": truth[rid], "lo": d["date_from"] if corpus else None,
                         "hi": d["date_to"] if corpus else None, "event": d["id"] in with_events,
                         "text_only": d["date_source"] == "inferred"})
    print("all hidden:", summary(rows))
    print("sharing an event with a dated document:", summary([r for r in rows if r["event"]]))
    print("sharing no event:", summary([r for r in rows if not r["event"]]))
    for h in "AB":
        print(f"half {h}, all:", summary([r for r in rows if half(r["id"]) == h]))
        print(f"half {h}, sharing an event:", summary([r for r in rows if half(r["id"]) == h and r["event"]]))


if __name__ == "__main__":
    main()

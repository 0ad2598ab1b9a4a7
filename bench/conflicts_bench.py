"""Conflicts per 100 articles, per kind, and a fixed-seed sample to judge (issue 17).

    PYTHONPATH=$PWD python3 bench/conflicts_bench.py CHRONICLE_DIR [--sample 40] [--seed 17] [--show FILE]
    PYTHONPATH=$PWD python3 bench/conflicts_bench.py CHRONICLE_DIR --judged bench/data/conflicts-judged.jsonl

Prints one JSON object: articles, conflicts, conflicts per 100 articles, per kind. With --show, writes the
sample with each side's sentence to FILE for a person to read (keep FILE out of the repository: it holds article
text). With --judged, scores a judgement file: one JSON object a line, {"id", "sides": [[doc, start, end], ...],
"right": bool, "why": "..."}, our own words and offsets only.

What counts as right: both sides state a figure (or place, or date) for the same thing on the same occasion,
and the two cannot both be true once their hedges are read as ranges. Wrong: different events, subjects, years
or scopes, a figure that is not a quantity, or values that are compatible after all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from kroniek.store import Store


def _sentence(store: Store, doc: str, start: int, end: int) -> str:
    rows = store.rows('SELECT d.text, s.start, s."end" FROM documents d JOIN sentences s ON s.doc = d.id '
                      'WHERE d.id = ? AND s.start <= ? AND ? <= s."end"', [doc, start, end])
    if not rows:
        return ""
    r = rows[0]
    text = r["text"]
    return text[r["start"]:start] + "[[" + text[start:end] + "]]" + text[end:r["end"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("chronicle")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--show", type=Path, help="write the sample with its sentences here (outside the repo)")
    ap.add_argument("--judged", type=Path, help="score a judgement file for this chronicle")
    args = ap.parse_args(argv)
    with Store.in_dir(Path(args.chronicle), read_only=True) as store:
        articles = store.count("documents")
        conflicts = store.rows("SELECT id, kind, description, sides FROM conflicts ORDER BY id")
        kinds = Counter(c["kind"] for c in conflicts)
        report: dict = {"articles": articles, "conflicts": len(conflicts),
                        "per_100_articles": round(100 * len(conflicts) / max(articles, 1), 2), "kinds": dict(kinds)}
        sample = random.Random(args.seed).sample(conflicts, min(args.sample, len(conflicts)))
        if args.show:
            with args.show.open("w", encoding="utf-8") as out:
                for c in sample:
                    sides = json.loads(c["sides"])
                    out.write(json.dumps({"id": c["id"], "kind": c["kind"], "description": c["description"],
                                          "sides": [[s["doc"], s["start"], s["end"]] for s in sides],
                                          "sentences": [_sentence(store, s["doc"], s["start"], s["end"])
                                                        for s in sides]}, ensure_ascii=False) + "\n")
        if args.judged:
            judged = [json.loads(line) for line in args.judged.read_text("utf-8").splitlines() if line.strip()]
            right = sum(bool(j["right"]) for j in judged)
            report["judged"] = len(judged)
            report["judged_right"] = right
            report["precision"] = round(right / len(judged), 3) if judged else None
    json.dump(report, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

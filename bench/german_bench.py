"""Score Kroniek on our own German gold (bench/data/de-gold.jsonl): time expressions, names, quotes.

The gold is 20 short articles we wrote ourselves (see bench/data/README-de-gold.md). Articles de01-de10 are the
development half, de11-de20 the held-out half; the figures of both are printed apart.

    python bench/german_bench.py [--split dev|test|all] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kroniek.analyze import analyze
from kroniek.model import Document

GOLD = Path(__file__).parent / "data" / "de-gold.jsonl"
SPLITS = {"dev": {f"de{i:02d}" for i in range(1, 11)}, "test": {f"de{i:02d}" for i in range(11, 21)}}
PLACE = {"GPE": "LOC", "LOC": "LOC"}


def load(split: str) -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["id"] in SPLITS[split]]


def _spans(text: str, items: list[dict]) -> list[tuple[int, int, dict]]:
    """Gold items as offsets: the n-th occurrence of an item's text for the n-th item with that text."""
    seen: dict[str, int] = {}
    out = []
    for item in items:
        start = -1
        for _ in range(seen.get(item["text"], 0) + 1):
            start = text.find(item["text"], start + 1)
        seen[item["text"]] = seen.get(item["text"], 0) + 1
        out.append((start, start + len(item["text"]), item))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def score(rows: list[dict]) -> dict:
    t = {"gold": 0, "pred": 0, "overlap": 0, "value": 0}
    e = {"gold": 0, "pred": 0, "typed": 0, "span": 0}
    q = {"gold": 0, "found": 0, "speaker": 0, "pred": 0}
    for row in rows:
        doc = Document(id=row["id"], source=row["id"], text=row["text"], date=row["dct"], date_precision="day",
                       date_source="metadata", language="de")
        a = analyze(doc)
        gold_t = _spans(row["text"], row["timex"])
        t["gold"] += len(gold_t)
        t["pred"] += len(a.timexes)
        for start, end, item in gold_t:
            hit = next((x for x in a.timexes if x.start < end and start < x.end), None)
            if hit is not None:
                t["overlap"] += 1
                t["value"] += hit.value == item["value"]
        gold_e = {(s, en, PLACE.get(i["type"], i["type"])) for s, en, i in _spans(row["text"], row["entities"])}
        pred_e = {(m.start, m.end, PLACE.get(m.type, m.type)) for m in a.mentions}
        e["gold"] += len(gold_e)
        e["pred"] += len(pred_e)
        e["typed"] += len(gold_e & pred_e)
        e["span"] += len({g[:2] for g in gold_e} & {p[:2] for p in pred_e})
        q["pred"] += len(a.quotes)
        for item in row["quotes"]:
            q["gold"] += 1
            hit = next((x for x in a.quotes if item["contains"] in x.text), None)
            if hit is not None:
                q["found"] += 1
                said = (hit.speaker_text or "").lower()
                q["speaker"] += bool(said) and (said in item["speaker"].lower() or item["speaker"].lower() in said)
    return {
        "articles": len(rows),
        "timex": {**_prf(t["overlap"], t["pred"], t["gold"]), "value_accuracy": round(t["value"] / t["gold"], 3),
                  "gold": t["gold"]},
        "entities": {"typed": _prf(e["typed"], e["pred"], e["gold"]), "spans": _prf(e["span"], e["pred"], e["gold"]),
                     "gold": e["gold"]},
        "quotes": {"recall": round(q["found"] / q["gold"], 3), "speaker_accuracy": round(q["speaker"] / q["gold"], 3),
                   "predicted": q["pred"], "gold": q["gold"]},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", choices=["dev", "test", "all"], default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    splits = [args.split] if args.split else ["dev", "test"]
    result = {s: score(load(s)) for s in splits}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print("| split | timex F1 (overlap) | value acc. | names typed F1 | spans F1 | quotes found | speaker acc. |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s, r in result.items():
        print(f"| {s} | {r['timex']['f1']} | {r['timex']['value_accuracy']} | {r['entities']['typed']['f1']} | "
              f"{r['entities']['spans']['f1']} | {r['quotes']['recall']} | {r['quotes']['speaker_accuracy']} |")


if __name__ == "__main__":
    main()

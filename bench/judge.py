"""Judging sheets for the precision of every listing (issue 17; protocol in bench/judging.md).

    # build a story's chronicle (or reuse one) and write a sheet to judge:
    PYTHONPATH=. python3 bench/judge.py sheet --lang nl --story utrecht-tramaanslag --out /tmp/judge/utrecht
    # after filling `judgement` (right / wrong / skip), `error` and `reason` in OUT.jsonl:
    PYTHONPATH=. python3 bench/judge.py score /tmp/judge/utrecht.jsonl [--record bench/data/judged-utrecht.jsonl]

`sheet` samples each listing with a fixed seed and writes OUT.jsonl (one item a line, fields to fill) and OUT.md
(the same items for reading: what the listing shows and the cited source text in context). Both hold article
text and stay outside the repository. `--carry OLD.jsonl` copies a judgement from an earlier filled sheet to an
item that shows exactly the same thing with exactly the same sources (a re-judged commit where that entry did not
change). `score` tallies precision per listing; `--record` writes the committable form: ids, offsets, judgement,
error kind and our reason, no article text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 17
# listing -> (sample size, how chosen); see judging.md
SAMPLES = {"timeline": 30, "chronology": 30, "entities": 30, "quotes": 30, "claims": 20, "conflicts": 20}
DATA = {"nl": "dpgmedia2019-nl/dpgMedia2019-articles-byarticle-all.jsonl", "en": "wikinews-en/wikinews_2019.csv"}
CONTEXT = 160  # characters of source text shown either side of a cited span


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build_chronicle(lang: str, story: str, shared: Path, chronicle: Path | None) -> Path:
    from kroniek.evaluate.chronology import build_story, select_records
    from kroniek.store import DB_NAME

    if chronicle and (chronicle / DB_NAME).exists():  # any chronicle, e.g. all of dpgmedia2019 for its conflicts
        return chronicle
    stories = json.loads((ROOT / "bench" / "data" / f"stories-{lang}.json").read_text(encoding="utf-8"))["stories"]
    if story not in stories:
        sys.exit(f"no story {story!r} in stories-{lang}.json: {', '.join(stories)}")
    out = chronicle or Path("/tmp") / "kroniek-judge" / story
    records = select_records(shared / "data" / DATA[lang], [str(a) for a in stories[story]["articles"]])
    return build_story(records, out)


def _excerpt(texts: dict[str, str], span: dict, width: int = CONTEXT) -> dict:
    text = texts.get(span["doc"], "")
    start, end = int(span["start"]), int(span["end"])
    before, after = text[max(0, start - width):start], text[end:end + width]
    return {"doc": span["doc"], "start": start, "end": end,
            "context": f"…{before}[[{text[start:end]}]]{after}…"}


def _sample(listing: str, items: list[dict], seed: int) -> list[dict]:
    size = SAMPLES[listing]
    if listing == "entities":  # not sampled: the top of the list is what a reader sees first
        ranked = sorted(items, key=lambda e: (-len(e.get("mentions") or []), e["name"]))
        return ranked[:size]
    if len(items) <= size:
        return items
    chosen = sorted(random.Random(f"{seed}:{listing}").sample(range(len(items)), size))
    return [items[i] for i in chosen]


def _dated(item: dict) -> str:
    if item.get("date"):
        return f"{item['date']} ({item.get('date_precision')})"
    if item.get("not_before"):
        return f"≥ {item['not_before']}"
    return "undated"


def _shown(listing: str, item: dict, names: dict[str, str]) -> dict[str, Any]:
    """What the listing shows a reader for this entry (the thing being judged)."""
    if listing in ("timeline", "chronology"):
        return {"date": _dated(item), "status": item.get("status"), "summary": item.get("summary")}
    if listing == "entities":
        return {"name": item["name"], "type": item["type"], "aliases": item.get("aliases"),
                "mentions": len(item.get("mentions") or [])}
    if listing == "quotes":
        return {"quote": item["text"], "speaker": names.get(item.get("speaker") or "", item.get("speaker_text")),
                "speaker_text": item.get("speaker_text"), "cue": item.get("cue"), "direct": item.get("direct")}
    if listing == "claims":
        return {"number": item.get("value"), "unit": item.get("unit"), "counts": item.get("counts"),
                "text": item.get("text")}
    return {"kind": item.get("kind"), "description": item.get("description")}


def _spans(listing: str, item: dict) -> list[dict]:
    if listing in ("timeline", "chronology"):
        return item.get("sources") or []
    if listing == "entities":
        return (item.get("mentions") or [])[:3]
    if listing == "conflicts":
        return item.get("sides") or []
    return [item]


def _key(listing: str, item: dict) -> str:
    if item.get("id"):
        return str(item["id"])
    if listing == "timeline" and item.get("event"):
        return f"{item['event']}@{item.get('date')}"
    return f"{item['doc']}:{item['start']}-{item['end']}"


def _fingerprint(row: dict) -> str:
    body = json.dumps([row["listing"], row["shown"], [(s["doc"], s["start"], s["end"]) for s in row["sources"]]],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def sheet_rows(chronicle_dir: Path, story: str, seed: int = SEED) -> list[dict]:
    from kroniek.evaluate.chronology import listings
    from kroniek.export.contract import chronicle
    from kroniek.store import Store

    with Store.in_dir(chronicle_dir, read_only=True) as store:
        data = chronicle(store)
    lists, _ = listings(chronicle_dir)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    dates = {d["id"]: f"{d.get('date')} · {d.get('title') or ''}" for d in data["documents"]}
    names = {e["id"]: e["name"] for e in data["entities"]}
    population = {"timeline": lists["timeline"], "chronology": lists["chronology"], "entities": data["entities"],
                  "quotes": data["quotes"], "claims": data["claims"], "conflicts": data["conflicts"]}
    rows = []
    for listing, items in population.items():
        for n, item in enumerate(_sample(listing, items, seed), 1):
            sources = [{**_excerpt(texts, s), "article": dates.get(s["doc"], "")} for s in _spans(listing, item)]
            row = {"story": story, "listing": listing, "n": n, "of": len(items), "key": _key(listing, item),
                   "shown": _shown(listing, item, names), "sources": sources,
                   "judgement": None, "error": None, "reason": ""}
            row["fingerprint"] = _fingerprint(row)
            rows.append(row)
    return rows


def carry(rows: list[dict], old: Path) -> int:
    """Copy judgements of identical items from an earlier filled sheet, or from a record written by `score
    --record` (no fingerprint there: the same listing, key and cited spans); return how many were copied."""
    done: dict[str, dict] = {}
    for r in map(json.loads, old.read_text(encoding="utf-8").splitlines()):
        if r.get("judgement"):
            done[r.get("fingerprint") or _record_key(r["listing"], r["key"], r["spans"])] = r
    copied = 0
    for row in rows:
        src = done.get(row["fingerprint"]) or done.get(_record_key(row["listing"], row["key"], row["sources"]))
        if src is not None:
            row.update(judgement=src["judgement"], error=src.get("error"), reason=src.get("reason", ""))
            copied += 1
    return copied


def _record_key(listing: str, key: str, spans: list[dict]) -> str:
    return json.dumps([listing, key, [(s["doc"], s["start"], s["end"]) for s in spans]])


def markdown(rows: list[dict], title: str) -> str:
    out = [f"# Judging sheet: {title}", "", "Mark each item in the .jsonl: judgement right / wrong / skip, error kind,"
           " reason (rules: bench/judging.md). [[…]] marks the cited span.", ""]
    listing = None
    for row in rows:
        if row["listing"] != listing:
            listing = row["listing"]
            out += [f"## {listing} ({sum(r['listing'] == listing for r in rows)} of {row['of']})", ""]
        shown = "; ".join(f"{k}: {v}" for k, v in row["shown"].items())
        mark = f" — **{row['judgement']}**" if row["judgement"] else ""
        out.append(f"**{listing} {row['n']}**{mark} `{row['key']}` {shown}")
        out += [f"> ({s['article']}) {s['context']}".replace("\n", " ") for s in row["sources"]]
        out.append("")
    return "\n".join(out)


def score(rows: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for listing in SAMPLES:
        mine = [r for r in rows if r["listing"] == listing]
        if not mine:
            continue
        right = sum(r.get("judgement") == "right" for r in mine)
        wrong = sum(r.get("judgement") == "wrong" for r in mine)
        out[listing] = {"listed": mine[0]["of"], "sampled": len(mine), "judged": right + wrong, "right": right,
                        "precision": round(right / (right + wrong), 3) if right + wrong else None,
                        "skipped": sum(r.get("judgement") == "skip" for r in mine),
                        "unjudged": sum(not r.get("judgement") for r in mine),
                        "errors": dict(Counter(r.get("error") or "unspecified" for r in mine
                                               if r.get("judgement") == "wrong").most_common())}
    return out


def record(rows: list[dict], commit: str) -> list[dict]:
    """The committable judgements: no article text, only where each judged entry points and our verdict."""
    return [{"story": r["story"], "listing": r["listing"], "key": r["key"], "commit": commit,
             "spans": [{"doc": s["doc"], "start": s["start"], "end": s["end"]} for s in r["sources"]],
             "judgement": r.get("judgement"), "error": r.get("error"), "reason": r.get("reason", "")}
            for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sh = sub.add_parser("sheet", help="build (or reuse) a story's chronicle and write a judging sheet")
    sh.add_argument("--lang", choices=sorted(DATA), required=True)
    sh.add_argument("--story", required=True)
    sh.add_argument("--out", type=Path, required=True, help="sheet path without extension (.jsonl and .md written)")
    sh.add_argument("--chronicle", type=Path, help="chronicle folder to judge (built there when absent)")
    sh.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    sh.add_argument("--seed", type=int, default=SEED)
    sh.add_argument("--carry", type=Path, help="earlier filled sheet whose judgements carry over to identical items")
    sc = sub.add_parser("score", help="tally a filled sheet into precision per listing")
    sc.add_argument("sheet", type=Path)
    sc.add_argument("--record", type=Path, help="write the judgements without article text (committable)")
    sc.add_argument("--commit", default=None, help="commit that was judged (default: this checkout's HEAD)")
    args = parser.parse_args()
    if args.cmd == "sheet":
        chronicle_dir = build_chronicle(args.lang, args.story, args.shared, args.chronicle)
        rows = sheet_rows(chronicle_dir, args.story, args.seed)
        copied = carry(rows, args.carry) if args.carry else 0
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        args.out.with_suffix(".md").write_text(markdown(rows, f"{args.story} at {_commit()}"), encoding="utf-8")
        print(json.dumps({"chronicle": str(chronicle_dir), "items": len(rows), "carried": copied,
                          "per_listing": dict(Counter(r["listing"] for r in rows))}))
        return
    rows = [json.loads(line) for line in args.sheet.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(json.dumps(score(rows), indent=1, ensure_ascii=False))
    if args.record:
        args.record.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                       for r in record(rows, args.commit or _commit())), encoding="utf-8")


if __name__ == "__main__":
    main()

"""`kroniek eval chronology --gold FILE --articles FILE`: event recall of a story's chronicle against a gold chronology.

The gold (`bench/data/chronology-<lang>-gold.jsonl`, one event a line) gives each event a story, a split, a date at
its precision (`2019`, `2019-03`, `2019-03-14`, or `{"not_before": .., "not_after": ..}`) and source spans (the
document id Kroniek computes, character offsets into the text Kroniek stores, the sha1 of the span text). A story's
articles (listed in the `stories-<lang>.json` beside the gold) are picked from `--articles` (JSON Lines, or CSV
with a `url` column as the id), built into a chronicle of their own, and two listings are scored:

- `timeline`: the key-date timeline as built (`kroniek timeline`);
- `chronology`: every event of the chronicle (`kroniek events`; the contract's `chronology` when it has one).

A gold event is recalled by a listing when one of its entries cites a span overlapping a gold span and has a
compatible date: the same value at the coarser of the two precisions, or, against a gold range, a value inside the
range at the entry's precision; an entry known only by bounds matches when its closed range holds the gold date.
Precision of the entries is judged by hand (bench/judging.md), not here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from kroniek.evaluate import eval_app
from kroniek.store import DB_NAME

LISTINGS = ("timeline", "chronology")
BACKGROUND_DAYS = 30
Interval = tuple[str, str]  # ISO day strings, inclusive
_MONTH_END = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_stories(gold_path: Path, gold: list[dict], stories_path: Path | None = None) -> dict[str, dict]:
    """Story -> {split, articles}: from the stories file beside the gold when there is one, else from the gold's
    own spans (then an article without a gold event is not built)."""
    if stories_path is None:
        m = re.fullmatch(r"chronology-(\w+)-gold\.jsonl", gold_path.name)
        candidate = gold_path.with_name(f"stories-{m.group(1)}.json") if m else None
        stories_path = candidate if candidate and candidate.exists() else None
    if stories_path is not None:
        return json.loads(stories_path.read_text(encoding="utf-8"))["stories"]
    stories: dict[str, dict] = {}
    for event in gold:
        story = stories.setdefault(event["story"], {"split": event["split"], "articles": []})
        for span in event["spans"]:
            if span["article"] not in story["articles"]:
                story["articles"].append(span["article"])
    return stories


def _record_id(record: dict) -> str | None:
    rid = record.get("id", record.get("url"))
    return None if rid is None else str(rid)


def read_records(path: Path) -> Iterable[dict]:
    """Article records of a JSON Lines or CSV file (bad lines are skipped: the build reports what it cannot read)."""
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix.lower() == ".csv":
            yield from csv.DictReader(handle)
            return
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                yield record


def select_records(path: Path, ids: list[str]) -> list[dict]:
    """The story's records in the story's order; the id field is kept as `id` so Kroniek records it."""
    wanted = set(ids)
    found = {}
    for record in read_records(path):
        rid = _record_id(record)
        if rid in wanted and rid not in found:
            found[rid] = {**record, "id": rid}
    missing = [i for i in ids if i not in found]
    if missing:
        raise typer.BadParameter(f"{len(missing)} articles of the story are not in {path}: {missing[:5]}",
                                 param_hint="--articles")
    return [found[i] for i in ids]


def build_story(records: list[dict], out: Path, jobs: int = 1) -> Path:
    """Build the records into the chronicle folder `out` (a fresh one unless it already holds a chronicle)."""
    from kroniek.build import build  # the analysis stack loads only when a chronicle is built

    if (out / DB_NAME).exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    src = out / "articles.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    try:
        build([str(src)], out, jobs=jobs)
    finally:
        src.unlink()
    return out


def listings(chronicle_dir: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The scored listings of a chronicle (from the export contract, as every front end sees them) and the texts
    of its documents (for the drift check)."""
    from kroniek.export.contract import chronicle
    from kroniek.store import Store

    with Store.in_dir(chronicle_dir, read_only=True) as store:
        data = chronicle(store)
        texts = {d["id"]: d["text"] for d in store.documents(with_text=True)}
    full = data.get("chronology")
    if not (isinstance(full, list) and all(isinstance(e, dict) and "sources" in e for e in full)):
        full = data["events"]
    return {"timeline": data["timeline"], "chronology": full}, texts


# --- dates -------------------------------------------------------------------------------------------------------

def _interval(value: str) -> Interval:
    """The days a TIMEX-like value covers: '2019' -> 2019-01-01..2019-12-31."""
    value = str(value)[:10]
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        last = _MONTH_END.get(month, 31)
        if month == 2 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
            last = 28
        return f"{value}-01", f"{value}-{last:02d}"
    return value, value


def _at(value: str, width: int) -> str:
    return str(value)[:width]


_WIDTH = {"year": 4, "month": 7, "day": 10, "decade": 3}


def _entry_value(entry: dict) -> tuple[str, int] | None:
    """An entry's date as (value, width of its precision), or None when it has no point date."""
    date = entry.get("date")
    if not date:
        return None
    width = _WIDTH.get(entry.get("date_precision") or "", len(str(date)[:10]))
    return str(date)[:10], min(width, len(str(date)[:10]))


def _entry_bounds(entry: dict) -> tuple[str | None, str | None]:
    low = entry.get("not_before") or entry.get("date_from")
    high = entry.get("not_after") or entry.get("date_to")
    return (str(low) if low else None), (str(high) if high else None)


def date_compatible(gold: str | dict, entry: dict) -> bool:
    point = _entry_value(entry)
    if point is not None:
        value, width = point
        if isinstance(gold, dict):
            low, high = gold.get("not_before"), gold.get("not_after")
            return bool(low or high) and (not low or _at(low, width) <= value[:width]) and \
                (not high or value[:width] <= _at(high, width))
        common = min(width, len(gold))
        return value[:common] == gold[:common]
    low, high = _entry_bounds(entry)
    if not (low and high):  # an open-ended 'after X' dates nothing precisely enough to match
        if isinstance(gold, dict) and low and gold.get("not_before"):
            common = min(len(low), len(gold["not_before"]))
            return low[:common] == gold["not_before"][:common]
        return False
    g_low, g_high = (_interval(gold["not_before"])[0] if gold.get("not_before") else "0000-01-01",
                     _interval(gold["not_after"])[1] if gold.get("not_after") else "9999-12-31") \
        if isinstance(gold, dict) else _interval(gold)
    return _interval(low)[0] <= g_low and g_high <= _interval(high)[1]


# --- matching ----------------------------------------------------------------------------------------------------

def _overlaps(a: dict, b: dict) -> bool:
    return a["doc"] == b["doc"] and a["start"] < b["end"] and b["start"] < a["end"]


def match(event: dict, entries: list[dict]) -> dict[str, bool]:
    """Whether some entry both cites a gold span and has a compatible date (and, for diagnosis, whether one only
    cites it at another date)."""
    span = both = False
    for entry in entries:
        cites = any(_overlaps(s, g) for s in entry.get("sources") or [] for g in event["spans"])
        span = span or cites
        both = both or (cites and date_compatible(event["date"], entry))
    return {"recalled": both, "span_only": span and not both}


def drifted(gold: list[dict], texts: dict[str, str]) -> int:
    """Gold spans whose text in the chronicle no longer hashes as written (the ingest normalisation changed)."""
    bad = 0
    for event in gold:
        for g in event["spans"]:
            text = texts.get(g["doc"])
            if text is None or hashlib.sha1(text[g["start"]:g["end"]].encode("utf-8")).hexdigest() != g["sha1"]:
                bad += 1
    return bad


def _first_published(chronicle_dir: Path) -> str | None:
    from kroniek.store import Store

    with Store.in_dir(chronicle_dir, read_only=True) as store:
        dates = [str(d["date"])[:10] for d in store.documents(with_text=False) if d.get("date")]
    return min(dates) if dates else None


def groups(event: dict, first_published: str | None) -> list[str]:
    """The breakdowns an event counts in: its status, and `background` when it ended at least BACKGROUND_DAYS
    before the story's first article (the coverage dates it in passing, it is not what the coverage reports)."""
    date = event["date"]
    last = (_interval(date["not_after"])[1] if date.get("not_after") else None) if isinstance(date, dict) \
        else _interval(date)[1]
    cutoff = (dt.date.fromisoformat(first_published) - dt.timedelta(days=BACKGROUND_DAYS)).isoformat() \
        if first_published else None
    background = bool(cutoff and last and last <= cutoff)
    return [event["status"]] + (["background"] if background else [])


def score_story(gold: list[dict], chronicle_dir: Path) -> dict[str, Any]:
    lists, texts = listings(chronicle_dir)
    first = _first_published(chronicle_dir)
    out: dict[str, Any] = {"n_gold": len(gold), "n_documents": len(texts), "spans_drifted": drifted(gold, texts),
                           "by_group": {}}
    for event in gold:
        for group in groups(event, first):
            out["by_group"][group] = out["by_group"].get(group, 0) + 1
    for name in LISTINGS:
        results = {e["id"]: match(e, lists[name]) for e in gold}
        recalled = sum(r["recalled"] for r in results.values())
        by_group: dict[str, int] = {}
        for event in gold:
            for group in groups(event, first) if results[event["id"]]["recalled"] else ():
                by_group[group] = by_group.get(group, 0) + 1
        out[name] = {
            "entries": len(lists[name]), "recalled": recalled,
            "recall": round(recalled / len(gold), 3) if gold else 0.0,
            "recalled_by_group": {g: by_group.get(g, 0) for g in out["by_group"]},
            "cited_wrong_date": sorted(i for i, r in results.items() if r["span_only"]),
            "missed": sorted(i for i, r in results.items() if not r["recalled"]),
        }
    return out


def aggregate(stories: dict[str, dict], splits: dict[str, str]) -> dict[str, dict]:
    """Per split: micro recall (all gold events of the split) and macro recall (mean over stories)."""
    out: dict[str, dict] = {}
    for split in sorted(set(splits.values())):
        names = [n for n in stories if splits[n] == split]
        n_gold = sum(stories[n]["n_gold"] for n in names)
        row: dict[str, Any] = {"stories": names, "n_gold": n_gold}
        for listing in LISTINGS:
            recalled = sum(stories[n][listing]["recalled"] for n in names)
            row[listing] = {
                "recalled": recalled, "entries": sum(stories[n][listing]["entries"] for n in names),
                "recall": round(recalled / n_gold, 3) if n_gold else 0.0,
                "macro_recall": round(sum(stories[n][listing]["recall"] for n in names) / len(names), 3),
            }
        out[split] = row
    return out


def evaluate(gold_path: Path, articles: Path, split: str | None = None, story: str | None = None,
             chronicle_dir: Path | None = None, stories_path: Path | None = None) -> dict[str, Any]:
    gold = read_gold(gold_path)
    stories = read_stories(gold_path, gold, stories_path)
    names = [n for n, s in stories.items() if (split is None or s["split"] == split) and (story is None or n == story)]
    if not names:
        raise typer.BadParameter("no story of the gold matches --split/--story")
    scratch = Path(tempfile.mkdtemp(prefix="kroniek-chronology-")) if chronicle_dir is None else None
    base = chronicle_dir or scratch
    assert base is not None  # one of the two is set
    per_story: dict[str, dict] = {}
    try:
        for name in names:
            started = time.process_time()
            where = base / name
            if chronicle_dir is not None and story is not None and (chronicle_dir / DB_NAME).exists():
                where = chronicle_dir  # --chronicle given as the one story's chronicle itself
            build_story(select_records(articles, [str(a) for a in stories[name]["articles"]]), where)
            result = score_story([e for e in gold if e["story"] == name], where)
            per_story[name] = {"split": stories[name]["split"], "n_articles": len(stories[name]["articles"]),
                               **result, "cpu_seconds": round(time.process_time() - started, 2)}
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return {"gold": str(gold_path), "articles": str(articles), "stories": per_story,
            "splits": aggregate(per_story, {n: s["split"] for n, s in per_story.items()})}


@eval_app.command("chronology")
def chronology_eval(
    gold: Annotated[Path, typer.Option(
        "--gold", help="gold chronology, one event a line (bench/data/chronology-*-gold.jsonl)",
        exists=True, dir_okay=False)],
    articles: Annotated[Path, typer.Option(
        "--articles", help="JSON Lines (or CSV with url) holding the stories' articles", exists=True, dir_okay=False)],
    split: Annotated[str | None, typer.Option("--split", help="only the stories of this split: dev or test")] = None,
    story: Annotated[str | None, typer.Option("--story", help="only this story")] = None,
    chronicle_dir: Annotated[Path | None, typer.Option(
        "--chronicle", help="folder of chronicles DIR/<story> to score (built there when absent; kept)")] = None,
    stories_file: Annotated[Path | None, typer.Option(
        "--stories", help="story -> articles file (default: stories-<lang>.json beside the gold)")] = None,
) -> None:
    """Event recall of the key-date timeline and the full chronology against a story gold; prints one JSON object."""
    typer.echo(json.dumps(evaluate(gold, articles, split, story, chronicle_dir, stories_file), indent=1))

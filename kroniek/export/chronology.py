"""The chronology: every event of the chronicle in date order, grouped by year and month, each entry cited; and
the terminal layout of the timeline and the chronology (80 columns and up).

Dates keep their precision ('2019', '2019-04', '2019-04-25'); an entry known only by bounds shows them
('≥ 2022-02'); the status is a short tag, the summary wraps to the width, the sources are short document names.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

STATUS_TAGS = {"happened": "", "planned": "planned", "speculated": "rumour?", "denied": "denied", "unknown": "?"}
DATE_WIDTH = 12  # '≥ 2022-02-24' fits; a wider value wraps onto its own line
TAG_WIDTH = 9
REVIEW_MARKS = {"confirmed": "✓", "rejected": "✗"}
SHORT_NAME = 26  # characters of a document's name in the sources line


def date_label(entry: dict) -> str:
    """The entry's date at its precision, or its bounds: '2019-04', '1980s', '≥ 2022-02', '2019-03-10…2019-03-21'."""
    date = entry.get("date")
    if date:
        return f"{str(date)[:3]}0s" if entry.get("date_precision") == "decade" else str(date)
    low, high = entry.get("not_before"), entry.get("not_after")
    if low and high:
        return f"{low}…{high}"
    if low:
        return f"≥ {low}"
    if high:
        return f"≤ {high}"
    return "undated"


def sort_key(entry: dict) -> tuple:
    """Oldest first; entries known only by a bound after the dated ones, in the order of their bounds; the
    undated last."""
    bound = entry.get("not_before") or entry.get("not_after")
    return (0 if entry.get("date") else 1 if bound else 2, str(entry.get("date") or bound or ""))


def bound_undated(items: list[dict], lower: dict[str, str]) -> None:
    """An undated event or timeline entry from documents whose date was inferred as a range gets that range's
    lower bound as `not_before` (the latest of its sources): 'after 2022-02' rather than nothing at all.
    `lower`: document id -> the lower bound of its inferred range."""
    for item in items:
        if item["date"] is None:
            bounds = [lower[s["doc"]] for s in item["sources"] if s["doc"] in lower]
            item["not_before"] = max(bounds) if bounds else None


def chronology(events: list[dict]) -> list[dict]:
    """Every event with a date or a bound, oldest first; each keeps its sources (the contract's spans). An event
    whose status is unknown (a negated modal: 'hoeft niet te ontmoeten') says nothing happened, and one told only
    in text off the story (a news bundle's other item, see kroniek.link.story) is not the story's: left out."""
    dated = [e for e in events if (e.get("date") or e.get("not_before") or e.get("not_after"))
             and e.get("status") != "unknown" and e.get("on_story", True)]
    return told_once(sorted(dated, key=sort_key))


def told_once(entries: list[dict]) -> list[dict]:
    """One entry per telling: events of different types that the same sentences tell on the same date (a meeting
    typed both CONSULT and COOPERATE) would show the reader one line twice. The first keeps its place and lists
    the others' types and ids (`also`); the events themselves stay in the events listing."""
    kept: list[dict] = []
    seen: dict[tuple, int] = {}
    for entry in entries:
        when = (entry.get("date"), entry.get("not_before"), entry.get("not_after"))
        keys = [(*when, "s", " ".join(str(entry.get("summary") or "").split()).lower()),
                (*when, "c", frozenset((x["doc"], x["start"], x["end"]) for x in entry.get("sources") or ()))]
        at = next((seen[k] for k in keys if k in seen), None)
        if at is None:
            for k in keys:
                seen[k] = len(kept)
            kept.append(entry)
            continue
        first = kept[at] = {**kept[at]}  # a copy: the event's own dict stays as the events listing shows it
        first["also"] = [*first.get("also", []), {"id": entry.get("id"), "type": entry.get("type")}]
    return kept


def grouped(entries: Iterable[dict]) -> list[dict]:
    """[{year, months: [{month, entries}]}] in order; 'month' is None for entries known to the year only (and
    'year' None for entries known by bounds alone, under their label)."""
    years: list[dict] = []
    for entry in entries:
        date = str(entry.get("date") or "")
        year = date[:4] if entry.get("date") else None
        month = date[:7] if len(date) >= 7 and entry.get("date_precision") in ("month", "day") else None
        if not years or years[-1]["year"] != year or (year is None and years[-1]["label"] != date_label(entry)):
            years.append({"year": year, "label": year or date_label(entry), "months": []})
        months = years[-1]["months"]
        if not months or months[-1]["month"] != month:
            months.append({"month": month, "entries": []})
        months[-1]["entries"].append(entry)
    return years


def short_name(label: str) -> str:
    """A document's name cut to SHORT_NAME characters, keeping its date ('002_8ab1c05d… · 2019-04')."""
    if len(label) <= SHORT_NAME:
        return label
    name, _, rest = label.partition(" · ")
    if rest and len(rest) < SHORT_NAME - 6:
        keep = SHORT_NAME - len(rest) - 4
        return f"{name[:keep].rstrip()}… · {rest}"
    return label[:SHORT_NAME - 1].rstrip() + "…"


def sources_line(spans: list[dict], names: dict[str, str]) -> str:
    """Each cited document once, in order of first citation, by its short name, with how many passages."""
    counts: dict[str, int] = {}
    for span in spans:
        name = short_name(names.get(span.get("doc", ""), "") or str(span.get("citation") or span.get("doc", ""))[:8])
        counts[name] = counts.get(name, 0) + 1
    return "; ".join(name if n == 1 else f"{name} ×{n}" for name, n in counts.items())


def review_label(item: dict) -> str:
    """A journalist's review of an entry as shown beside it: '✗ rejected · Anna', '✓ confirmed'."""
    by = (item.get("edit") or {}).get("edited_by")
    return f"{REVIEW_MARKS.get(item['review'], '')} {item['review']}" + (f" · {by}" if by else "")


def entry_lines(entry: dict, width: int, names: dict[str, str], date: str | None = None) -> list[str]:
    """One entry as lines of at most `width` characters: date, tag, summary wrapped, then its sources."""
    label = date_label(entry) if date is None else date
    tag = STATUS_TAGS.get(entry.get("status") or "unknown", "?")
    if entry.get("conflicts"):  # its sources disagree: `kroniek conflicts` has both sides
        tag = f"{tag} ⚠" if tag else "disputed"
    indent = DATE_WIDTH + TAG_WIDTH
    text_width = max(20, width - indent)
    lines = []
    if len(label) > DATE_WIDTH - 1:
        lines.append(label)
        label = ""
    summary = textwrap.wrap(" ".join(str(entry.get("summary") or "").split()), text_width) or [""]
    for i, part in enumerate(summary):
        head = f"{label:<{DATE_WIDTH}}{tag:<{TAG_WIDTH}}" if i == 0 else " " * indent
        lines.append(head + part)
    if entry.get("review"):  # a journalist's review (kroniek edits)
        lines.append(" " * indent + review_label(entry))
    cited = sources_line(entry.get("sources") or [], names)
    for j, part in enumerate(textwrap.wrap(cited, text_width - 2) or []):
        lines.append(" " * indent + ("← " if j == 0 else "  ") + part)
    return lines


def render_timeline(entries: list[dict], width: int, names: dict[str, str]) -> str:
    blocks = ["\n".join(entry_lines(e, width, names)) for e in entries]
    return "\n\n".join(blocks) + "\n"


def render_by_date(entries: list[dict], width: int, names: dict[str, str]) -> str:
    """The chronology under year and month headings; within a month each entry shows its day (or the month)."""
    out: list[str] = []
    for year in grouped(entries):
        out.append(f"{year['label']}")
        for month in year["months"]:
            if month["month"]:
                out.append(f"  {month['month']}")
            for entry in month["entries"]:
                # under its heading an entry shows only what the heading does not: its day, or its bounds
                shown = date_label(entry)
                if entry.get("date") and entry.get("date_precision") != "day":
                    shown = ""
                out.extend(entry_lines(entry, width, names, date=shown))
        out.append("")
    return "\n".join(out)

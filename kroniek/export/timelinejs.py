"""Knight Lab TimelineJS JSON: the chronicle's timeline as `{"title": ..., "events": [...]}`.

TimelineJS renders `text.headline` and `text.text` as HTML, so every piece of article text is escaped here.
A date is given only to its precision (a month-precise event has no `day`), so TimelineJS shows 'April 2019'
rather than inventing the 1st. The curated timeline is exported when there is one, all dated events otherwise.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from kroniek.store import Store

HEADLINE_CHARS = 120
MAX_SOURCES = 5


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or [])


def _esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def start_date(date: str, precision: str | None) -> dict[str, int] | None:
    """TimelineJS date parts of an ISO date truncated to its precision ('2019', '2019-04', '2019-04-25')."""
    negative = date.startswith("-")
    parts = date.lstrip("-").split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    if not numbers:
        return None
    keep = {"year": 1, "decade": 1, "month": 2, "day": 3}.get(precision or "", len(numbers))
    numbers = numbers[:keep]
    out = {"year": -numbers[0] if negative else numbers[0]}
    if precision == "decade":
        out["year"] -= out["year"] % 10
    for key, value in zip(("month", "day"), numbers[1:], strict=False):
        out[key] = value
    return out


def _headline(summary: str | None) -> str:
    text = " ".join((summary or "").split())
    return text if len(text) <= HEADLINE_CHARS else text[: HEADLINE_CHARS - 1].rstrip() + "…"


def _source_html(span: dict, docs: dict[str, tuple]) -> str:
    title, date, url = docs.get(str(span.get("doc", "")), (None, None, None))
    label = _esc(title or span.get("doc", "")[:12])
    if date:
        label += f" ({_esc(date)})"
    if url and str(url).startswith(("http://", "https://")):
        label = f'<a href="{_esc(url)}">{label}</a>'
    return f"<li>“{_esc(span.get('text'))}” — {label}</li>"


def _text_html(summary: str | None, status: str | None, precision: str | None, sources: list[dict],
               docs: dict[str, tuple]) -> str:
    parts = [f"<p>{_esc(summary)}</p>",
             f"<p><small>status: {_esc(status or 'unknown')} · date precision: {_esc(precision or 'unknown')}"
             "</small></p>"]
    if sources:
        parts.append("<ul>" + "".join(_source_html(s, docs) for s in sources[:MAX_SOURCES]) + "</ul>")
        if len(sources) > MAX_SOURCES:
            parts.append(f"<p><small>and {len(sources) - MAX_SOURCES} more sources</small></p>")
    return "".join(parts)


def _entries(store: Store) -> list[dict]:
    events = {r["id"]: r for r in store.rows("SELECT * FROM events")}
    timeline = store.rows("SELECT * FROM timeline ORDER BY rank")
    if timeline:
        return [
            {"id": f"t{i}-{t['event'] or ''}", "date": t["date"], "date_precision": t["date_precision"],
             "summary": t["summary"], "sources": _json(t["sources"]),
             "status": events.get(t["event"], {}).get("status"), "type": events.get(t["event"], {}).get("type")}
            for i, t in enumerate(timeline)
        ]
    return [{**e, "sources": _json(e["sources"])} for e in sorted(events.values(), key=lambda e: (e["date"] or "",
                                                                                                  e["id"]))]


def timelinejs(store: Store, title: str = "Kroniek") -> dict[str, Any]:
    """The TimelineJS document for the chronicle; undated entries are left out (TimelineJS needs a year)."""
    rows = store.con.execute("SELECT id, title, date, url FROM documents").fetchall()
    docs = {r[0]: (r[1], r[2], r[3]) for r in rows}
    n_docs = len(docs)
    events = []
    for entry in _entries(store):
        date = start_date(entry["date"], entry["date_precision"]) if entry.get("date") else None
        if date is None:
            continue
        event: dict[str, Any] = {
            "start_date": date,
            "text": {"headline": _esc(_headline(entry["summary"])),
                     "text": _text_html(entry["summary"], entry.get("status"), entry["date_precision"],
                                        entry["sources"], docs)},
            "group": _esc(entry.get("type") or entry.get("status") or "event"),
            "unique_id": "".join(c if c.isalnum() or c in "-_" else "-" for c in str(entry["id"])),
        }
        if entry["date_precision"] == "decade":
            event["display_date"] = f"{date['year']}s"
        events.append(event)
    return {
        "title": {"text": {"headline": _esc(title),
                           "text": f"<p>A chronicle of {n_docs} documents, made with Kroniek.</p>"}},
        "events": events,
    }

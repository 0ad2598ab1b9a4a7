"""Every listing of the web app (events, quotes, claims, entities, conflicts, documents) as Datasette has them:
filters (text, entity, date range, facet values), sort by a column, facet counts, pages, and the same view as
JSON and CSV. A view is its URL, so a link to it keeps every filter.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

FACET_VALUES = 30  # values shown per facet, most frequent first
CSV_ROWS = 100_000  # a CSV holds the whole view up to this many rows


@dataclass(frozen=True)
class Kind:
    """What one listing offers."""

    name: str
    text: tuple[str, ...]  # fields the text filter looks in
    facets: tuple[str, ...]  # fields counted and filterable by value
    sorts: tuple[str, ...]  # columns one may sort by; the first is the default
    columns: tuple[str, ...]  # the CSV's columns
    per_page: int = 100


@dataclass(frozen=True)
class View:
    """The query of a listing: what its URL asks for."""

    q: str = ""
    entity: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 0
    chosen: tuple[tuple[str, str], ...] = ()  # facet field -> value
    since: str = ""  # only rows from documents added at or after this time (ISO, UTC)

    def params(self) -> dict[str, Any]:
        """The non-empty query parameters of this view (without the page), for links that keep them."""
        pairs = (("q", self.q), ("entity", self.entity), ("date_from", self.date_from), ("date_to", self.date_to),
                 ("since", self.since), ("sort", self.sort))
        out: dict[str, Any] = {k: v for k, v in pairs if v}
        out.update(dict(self.chosen))
        return out


@dataclass
class Rows:
    """The rows of one listing with what the filters read: per row its text, entity ids and facet values."""

    kind: Kind
    rows: list[dict]
    entities: list[frozenset[str]] = field(default_factory=list)
    values: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, kind: Kind, rows: list[dict], entities: Callable[[dict], Iterable[str]] | None = None,
           facet: Callable[[dict, str], Iterable[str]] | None = None) -> Rows:
        out = cls(kind, rows)
        out.entities = [frozenset(entities(r)) if entities else frozenset() for r in rows]
        read = facet or _values
        out.values = {f: [tuple(str(v) for v in read(r, f) if v not in (None, "")) for r in rows]
                      for f in kind.facets}
        out.texts = [" | ".join(_text(r.get(t)) for t in kind.text).casefold() for r in rows]
        return out


def _values(row: dict, name: str) -> list:
    value = row.get(name)
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " | ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def in_range(doc_date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a (possibly coarse) ISO date can fall within [date_from, date_to], both optional."""
    if not (date_from or date_to):
        return True
    if not doc_date:
        return False
    if date_from and doc_date < date_from[: len(doc_date)]:
        return False
    return not (date_to and doc_date[: len(date_to)] > date_to)


def _sort_key(column: str) -> Callable[[dict], tuple]:
    def key(row: dict) -> tuple:
        value = row.get(column)
        if isinstance(value, list | tuple):
            value = len(value)
        if value is None or value == "":
            return (1, 0, 0.0, "")
        if isinstance(value, bool | int | float):
            return (0, 0, float(value), "")
        return (0, 1, 0.0, str(value).casefold())
    return key


def select(data: Rows, view: View, date_of: Callable[[dict], str | None] | None = None,
           only: set[int] | None = None) -> dict[str, Any]:
    """One page of the rows the view asks for (among the positions `only`, if given), sorted, with facet counts
    over all of them."""
    kind, needle = data.kind, view.q.casefold().strip()
    chosen = [(f, v) for f, v in view.chosen if f in kind.facets and v]
    keep = []
    for i, row in enumerate(data.rows):
        if only is not None and i not in only:
            continue
        if needle and needle not in data.texts[i]:
            continue
        if view.entity and view.entity not in data.entities[i]:
            continue
        if (view.date_from or view.date_to) and not in_range((date_of or _date)(row), view.date_from, view.date_to):
            continue
        if view.since and str(row.get("added") or "") < view.since:
            continue
        if any(v not in data.values[f][i] for f, v in chosen):
            continue
        keep.append(i)
    items = [data.rows[i] for i in keep]
    sort = view.sort if view.sort.lstrip("-") in kind.sorts else ""
    if sort:  # stable: rows equal in the column keep the listing's own order
        items.sort(key=_sort_key(sort.lstrip("-")), reverse=sort.startswith("-"))
        if sort.startswith("-"):  # empty values last in either direction
            items.sort(key=lambda r: r.get(sort[1:]) in (None, ""))
    facets = {}
    for f in kind.facets:
        counts = Counter(v for i in keep for v in data.values[f][i])
        facets[f] = [{"value": v, "count": n, "chosen": (f, v) in chosen} for v, n in counts.most_common(FACET_VALUES)]
    per = kind.per_page
    return {"total": len(items), "page": view.page, "per_page": per, "pages": max(-(-len(items) // per), 1),
            "sort": sort, "sorts": list(kind.sorts), "filters": view.params(), "facets": facets,
            "items": items[view.page * per:(view.page + 1) * per], "all": items}


def _date(row: dict) -> str | None:
    return row.get("date")


def public(result: dict[str, Any]) -> dict[str, Any]:
    """The result as the JSON twin gives it (the page's rows, not all of them)."""
    return {k: v for k, v in result.items() if k != "all"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):  # the common case, quickly
        return "; ".join(value)
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) if not isinstance(v, dict) else json.dumps(v, ensure_ascii=False) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(kind: Kind, rows: list[dict]) -> bytes:
    """The view's rows (all of them, not one page) as CSV with the kind's columns; UTF-8 with a BOM so that
    spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(kind.columns)
    for row in rows[:CSV_ROWS]:
        writer.writerow([_cell(row.get(c)) for c in kind.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

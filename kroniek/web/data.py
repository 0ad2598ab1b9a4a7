"""Read-only views of a chronicle for the web app, each the JSON twin of one page.

One Chronicle is one state of the chronicle (kroniek.web.live opens a new one when the file changes), so every
view is computed once and kept for as long as that state is served. One lock serialises the few queries that
run, because a DuckDB connection is not meant for concurrent use. Listings go through kroniek.web.listing.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

from kroniek.citation import citation_label, outlet, public_source
from kroniek.edits import REVIEW, Edit, EditError, span_key
from kroniek.export.chronology import bound_undated, chronology, date_label, grouped
from kroniek.export.corrections import rename
from kroniek.export.network import entity_graph
from kroniek.export.regroup import Regrouping, by_entity, entity_ref, regroup, split_key
from kroniek.store import Store
from kroniek.web.listing import Kind, Rows, View, in_range, public, select

__all__ = ["Chronicle", "View", "in_range"]

PAGE = 200  # rows per page in long lists
PAGE_EVENTS = 100  # an event carries its participants and sources
PAGE_CHRONOLOGY = 200  # entries of the chronology per page, grouped by year and month within it
PAGE_CONFLICTS = 50  # conflicts carry context on each side: fewer per page
DENSE_SHARE = 0.8  # the timeline chart opens on the shortest span holding this share of the dated events

EVENTS = Kind("events", text=("summary", "participant_names", "location_name"),
              facets=("type", "status", "year", "outlet", "language", "review"),
              sorts=("date", "summary", "type", "status", "n_sources"),
              columns=("id", "date", "date_precision", "summary", "type", "status", "participants",
                       "participant_names", "location", "location_name", "key", "n_sources", "citations"),
              per_page=PAGE_EVENTS)
QUOTES = Kind("quotes", text=("text", "speaker_text", "speaker_name", "cue"),
              facets=("outlet", "language", "year", "direct"), sorts=("date", "speaker_name", "text"),
              columns=("doc", "start", "end", "text", "speaker", "speaker_name", "speaker_text", "cue", "direct",
                       "date", "date_precision", "citation"), per_page=PAGE)
CLAIMS = Kind("claims", text=("text", "counts", "speaker_text", "speaker_name"),
              facets=("unit", "outlet", "language", "year"), sorts=("date", "value", "unit", "speaker_name"),
              columns=("doc", "start", "end", "text", "value", "high", "approx", "unit", "counts", "speaker",
                       "speaker_name", "speaker_text", "date", "date_precision", "citation"), per_page=PAGE)
ENTITIES = Kind("entities", text=("name", "aliases"), facets=("type",), sorts=("n_mentions", "n_docs", "name", "type"),
                columns=("id", "name", "type", "aliases", "descriptions", "n_mentions", "n_docs"), per_page=PAGE)
CONFLICTS = Kind("conflicts", text=("description", "side_texts"), facets=("kind", "review"),
                 sorts=("kind", "description"),
                 columns=("id", "kind", "description", "side_texts"), per_page=PAGE_CONFLICTS)
DOCUMENTS = Kind("documents", text=("label", "title", "source"),
                 facets=("outlet", "language", "year", "date_source", "date_precision", "review"),
                 sorts=("date", "label", "outlet", "language", "n_chars"),
                 columns=("id", "date", "date_precision", "date_source", "title", "outlet", "language", "source",
                          "url", "n_chars", "citation"), per_page=PAGE)
# What the chart draws and its panel shows, and no more: the chart fetches every dated event at once (66,868 on
# 49,176 articles: with their cited sentences 74 MB of JSON, 2 s to send). An event's sources come from
# /api/events/<id> when it is opened; the timeline's entries (drawn when there are no events) keep theirs.
CHART_FIELDS = ("id", "date", "date_precision", "summary", "status", "participant_names", "key", "conflicts")
KINDS = {k.name: k for k in (EVENTS, QUOTES, CLAIMS, ENTITIES, CONFLICTS, DOCUMENTS)}
LAYERS = ("mentions", "timexes", "quotes", "claims")  # what the reader marks in a document


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or [])


def _label(opening: str, title: str | None, source: str) -> str:
    """What to call a document: its title, else its opening words, else its file name."""
    if title and title.strip():
        return " ".join(title.split())
    words = " ".join((opening or "").split())
    if not words:
        return source.rsplit("/", 1)[-1]
    return words if len(words) <= 90 else words[:89].rsplit(" ", 1)[0] + " …"


def _buckets(dates: list[str]) -> tuple[str, list[str]]:
    """A continuous run of day, month or year keys spanning the dates, fine enough to show a shape."""
    months = sorted({d[:7] for d in dates if len(d) >= 7})
    if len(dates) and all(len(d) >= 10 for d in dates) and len(months) <= 4:
        lo, hi = date.fromisoformat(min(dates)[:10]), date.fromisoformat(max(dates)[:10])
        return "day", [(lo + timedelta(days=i)).isoformat() for i in range((hi - lo).days + 1)]
    if months and len(months) <= 48:
        (y0, m0), (y1, m1) = (map(int, months[0].split("-")), map(int, months[-1].split("-")))
        return "month", [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
                         if (y0, m0) <= (y, m) <= (y1, m1)]
    years = sorted({int(d[:4]) for d in dates if d[:4].isdigit()})
    return "year", [f"{y:04d}" for y in range(years[0], years[-1] + 1)] if years else []


def memo(maxsize: int) -> Callable:
    """Marks a method whose answers each Chronicle keeps (up to `maxsize`): per instance, so a state the app has
    stopped serving takes its answers with it (a class-wide lru_cache would keep every old state alive)."""
    def mark(fn: Callable) -> Callable:
        fn.memo_size = maxsize  # type: ignore[attr-defined]
        return fn
    return mark


class Speakers:
    """Quotes or claims in page order (oldest first), indexed by who says them: an entity page asks for its
    entity's quotes among thousands, and a speaker is matched on far fewer distinct names than rows."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = sorted(rows, key=lambda r: (r["date"] or "9999", r["doc"], r["start"] or 0))
        self.by_id: dict[str, list[int]] = defaultdict(list)
        self.by_words: dict[str, list[int]] = defaultdict(list)  # case-folded speaker text or name -> rows
        for i, r in enumerate(self.rows):
            if r.get("speaker"):
                self.by_id[r["speaker"]].append(i)
            for words in dict.fromkeys((r.get(k) or "").casefold() for k in ("speaker_text", "speaker_name")):
                if words:
                    self.by_words[words].append(i)

    def said_by(self, speaker: str) -> list[dict]:
        """Rows whose speaker is the entity `speaker`, or whose speaker's words or name contain it."""
        if not speaker:
            return self.rows
        needle = speaker.casefold()
        hits = set(self.by_id.get(speaker, ()))
        for words, rows in self.by_words.items():
            if needle in words:
                hits.update(rows)
        return [self.rows[i] for i in sorted(hits)]

    def indices(self, speaker: str) -> set[int]:
        """Positions (in `rows`) of the rows said_by returns."""
        needle = speaker.casefold()
        hits = set(self.by_id.get(speaker, ()))
        for words, rows in self.by_words.items():
            if needle in words:
                hits.update(rows)
        return hits


def _year(d: str | None) -> str | None:
    return d[:5] if d and d.startswith("-") else (d[:4] if d else None)


def _dense(items: list[dict]) -> dict[str, Any]:
    """The shortest run of dated items (oldest first) holding DENSE_SHARE of them, and how many lie outside:
    the range the chart opens on, so that one event of 1700 does not squeeze 2019 into a few pixels."""
    n = len(items)
    if n < 10:
        return {"from": items[0]["date"] if items else None, "to": items[-1]["date"] if items else None,
                "before": 0, "after": 0}
    keys = [_day_key(i["date"]) for i in items]
    k = max(int(n * DENSE_SHARE), 1)
    lo = min(range(n - k + 1), key=lambda i: (keys[i + k - 1] - keys[i], i))
    hi = lo + k - 1
    margin = max((keys[hi] - keys[lo]) * 0.1, 15)  # a little context either side, at least a fortnight
    while lo > 0 and keys[hi] - keys[lo - 1] <= (keys[hi] - keys[lo]) + margin:
        lo -= 1
    while hi < n - 1 and keys[hi + 1] - keys[lo] <= (keys[hi] - keys[lo]) + margin:
        hi += 1
    if keys[hi] - keys[lo] >= 0.6 * (keys[-1] - keys[0]):  # not skewed: open on everything
        lo, hi = 0, n - 1
    return {"from": items[lo]["date"], "to": items[hi]["date"], "before": lo, "after": n - 1 - hi,
            "first": items[0]["date"], "last": items[-1]["date"]}


def _day_key(d: str) -> float:
    """An ISO date (possibly coarse, possibly before year 0) as a day count, for distances only."""
    neg = d.startswith("-")
    parts = (d[1:] if neg else d).split("-")
    try:
        y, m, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    except ValueError:
        return 0.0
    return (-y if neg else y) * 365.25 + (m - 1) * 30.44 + day


class Chronicle:
    """Everything the pages show, computed from one read-only store."""

    def __init__(self, store: Store, edits: dict[tuple[str, str], Edit] | None = None) -> None:
        self.store = store
        self.edits = edits or {}  # a journalist's corrections (kroniek.edits), applied to what pages show
        self.lock = threading.RLock()
        for name, fn in vars(type(self)).items():
            if hasattr(fn, "memo_size"):
                setattr(self, name, lru_cache(maxsize=fn.memo_size)(fn.__get__(self)))

    def forget(self) -> None:
        """Drop every computed view (and the cycles the per-instance caches make), when the state is retired."""
        self.__dict__.clear()

    def warm(self) -> None:
        """Compute the shared views (a few seconds on thousands of articles) before anyone asks."""
        for view in (lambda: self.info, lambda: self.timeline, self.entities, lambda: self.network(150), self.quotes,
                     self.claims, self.conflicts_view, lambda: self.speakers, lambda: self._events_of,
                     lambda: self.listing("events", View()), self.documents):
            view()
        for table in LAYERS:
            self._by_doc(table)

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        with self.lock:
            return self.store.rows(sql, params)

    # --- documents -----------------------------------------------------------------------------------

    @cached_property
    def docs(self) -> dict[str, dict]:
        rows = self.rows(
            "SELECT id, title, source, url, language, date, date_precision, date_source, date_from, date_to, "
            "n_chars, n_sentences, outlet, strftime(added_at, '%Y-%m-%dT%H:%M:%S') AS added, "
            "left(text, 200) AS opening FROM documents ORDER BY date NULLS LAST, source")
        for r in rows:
            r["label"] = _label(r.pop("opening"), r["title"], r["source"])
            r["outlet"] = outlet(r)
            r["citation"] = citation_label(r)  # "outlet · date · title": how every page names a source
            r["source"] = public_source(r["source"])  # older chronicles stored absolute input paths
            r["year"] = _year(r["date"])
            r["edit"] = self._edit("document", r["id"])
            r["review"] = "hidden" if r["edit"] else None
        return {r["id"]: r for r in rows}

    def doc_meta(self, doc_id: str) -> dict:
        return self.docs.get(doc_id) or {"id": doc_id, "label": doc_id[:12], "citation": doc_id[:12], "date": None,
                                         "title": None}

    @cached_property
    def info(self) -> dict[str, Any]:
        counts = {}
        for table in ("documents", "entities", "events", "timeline", "quotes", "claims", "conflicts", "timexes",
                      "mentions"):
            counts[table] = self.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        dated = [d["date"] for d in self.docs.values() if d["date"]]
        languages = Counter(d["language"] for d in self.docs.values())
        path = public_source(str(self.store.path))  # the file's name: a shared page leaks no folder layout
        return {"path": path, "counts": counts, "languages": dict(languages.most_common()),
                "dates": {"first": min(dated, default=None), "last": max(dated, default=None),
                          "undated": len(self.docs) - len(dated)}}

    def documents(self, page: int = 0) -> dict[str, Any]:
        return public(self.listing("documents", View(page=page)))

    @cached_property
    def _doc_entities(self) -> dict[str, frozenset[str]]:
        return {doc: frozenset(m["entity"] for m in rows if m.get("entity"))
                for doc, rows in self._by_doc("mentions").items()}

    @cached_property
    def _mention_starts(self) -> dict[str, tuple[list[int], list[str]]]:
        """Per document, its mentions' starts (sorted) and entities: a span's mentions found by bisection, not by
        a scan of the document's mentions for each of 245,844 quotes (5.6 s of the warm-up at 50,000 articles)."""
        out = {}
        for doc, rows in self._by_doc("mentions").items():
            pairs = sorted(((m["start"] or 0), m.get("entity") or "") for m in rows)
            out[doc] = ([p[0] for p in pairs], [p[1] for p in pairs])
        return out

    def _span_entities(self, span: dict) -> set[str]:
        """The entities mentioned inside a span (a mention starting within it), and its speaker."""
        starts, entities = self._mention_starts.get(span["doc"], ([], []))
        out = set(entities[bisect_left(starts, span["start"]):bisect_left(starts, span["end"])])
        out.discard("")
        if span.get("speaker"):
            out.add(span["speaker"])
        return out

    @cached_property
    def _rows(self) -> dict[str, Rows]:
        """Every listing's rows with what its filters read, made once per state (lazily, per listing)."""
        return _LazyRows(self)

    def _make_rows(self, name: str) -> Rows:
        if name == "events":
            return Rows.of(EVENTS, self.events, entities=lambda e: [*e["participants"], *filter(None, [e["location"]])])
        if name in ("quotes", "claims"):
            keyed = self._quotes_keyed if name == "quotes" else self._claims_keyed
            return Rows.of(KINDS[name], keyed.rows, entities=self._span_entities)
        if name == "entities":
            rows = [{k: e[k] for k in ("id", "name", "type", "aliases", "descriptions", "n_mentions", "n_docs")}
                    for e in sorted(self.entity_rows.values(), key=lambda e: (-e["n_mentions"], e["name"]))]
            return Rows.of(ENTITIES, rows, entities=lambda e: [e["id"]])
        if name == "conflicts":
            rows = [{**c, "index": i, "side_texts": [side.get("text") or "" for side in c["sides"]]}
                    for i, c in enumerate(self.conflicts)]
            return Rows.of(CONFLICTS, rows, entities=lambda c: set().union(*map(self._span_entities, c["sides"])))
        return Rows.of(DOCUMENTS, list(self.docs.values()),
                       entities=lambda d: self._doc_entities.get(d["id"], frozenset()))

    @memo(1024)
    def listing(self, name: str, view: View, speaker: str = "") -> dict[str, Any]:
        """One page of a listing as the view asks (filters, facet values, sort), with its facet counts."""
        only = None
        if speaker and name in ("quotes", "claims"):
            only = (self._quotes_keyed if name == "quotes" else self._claims_keyed).indices(speaker)
        if name == "documents" and "review" not in dict(view.chosen):  # hidden by an edit: out of the listing
            only = {i for i, d in enumerate(self._rows[name].rows) if d.get("review") != "hidden"}
        result = select(self._rows[name], view, only=only)
        if name == "conflicts":
            result["items"] = [{**c, "sides": [self.context(s) for s in c["sides"]]} for c in result["items"]]
        return result

    @memo(256)
    def document(self, doc_id: str) -> dict[str, Any] | None:
        found = self.rows("SELECT text FROM documents WHERE id = ?", [doc_id])
        if not found:
            return None
        # The layers of all documents are read once, grouped by document: a query per layer and document
        # costs more than the rest of the page, and quotes and claims are held for their own pages anyway.
        return {**self.doc_meta(doc_id), "text": found[0]["text"],
                **{table: list(self._by_doc(table).get(doc_id, ())) for table in LAYERS}}

    def context(self, span: dict, width: int = 160) -> dict[str, Any]:
        """A span with the text around it, cut at its sentence where sentences are known."""
        text = self._text(span["doc"])
        if text is None:
            return {**span, "before": "", "after": "", **self.doc_meta(span["doc"]) | {"doc": span["doc"]}}
        start, end = span["start"], span["end"]
        lo, hi = self._sentence_bounds(span["doc"], start, end)
        lo, hi = max(lo, start - width), min(hi, end + width)
        meta = self.doc_meta(span["doc"])
        return {**span, "text": text[start:end], "before": text[lo:start], "after": text[end:hi],
                "label": meta["label"], "date": meta["date"], "date_precision": meta.get("date_precision")}

    @memo(1024)
    def _text(self, doc_id: str) -> str | None:
        found = self.rows("SELECT text FROM documents WHERE id = ?", [doc_id])
        return found[0]["text"] if found else None

    def _sentence_bounds(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        starts, ends = self._sentences.get(doc_id, ((), ()))
        if not starts:
            return 0, 10**9
        i = max(bisect_right(starts, start) - 1, 0)
        j = max(bisect_right(starts, max(end - 1, start)) - 1, i)
        return starts[i], ends[j]

    @cached_property
    def _sentences(self) -> dict[str, tuple[list[int], list[int]]]:
        """Sentence starts and ends per document, all at once: conflicts and contexts look up thousands."""
        with self.lock:
            rows = self.store.con.execute(
                'SELECT doc, list(start ORDER BY start), list("end" ORDER BY start) FROM sentences GROUP BY doc'
            ).fetchall()
        return {doc: (starts, ends) for doc, starts, ends in rows}

    # --- entities ------------------------------------------------------------------------------------

    @cached_property
    def _regrouping(self) -> Regrouping:
        """The entities as found, renamed, and merged and split as the journalist said (kroniek.export.regroup)."""
        found = [{"id": r["id"], "name": r["name"], "type": r["type"], "aliases": list(r["aliases"] or []),
                  "descriptions": list(r["descriptions"] or []), "mentions": _json(r["mentions"])}
                 for r in self.rows("SELECT * FROM entities ORDER BY name")]
        renames = by_entity(found, self.edits) if self.edits else {}
        for entity in found:
            if entity["id"] in renames:  # as the export renames it, with the edit's key for the page's undo
                rename(entity, renames[entity["id"]])
                if "edit" in entity:
                    entity["edit"]["key"] = renames[entity["id"]].key
        return regroup(found, self.edits)

    @cached_property
    def entity_rows(self) -> dict[str, dict]:
        """Every entity a page shows (not those merged into another), with its counts."""
        out = {}
        for e in self._regrouping.entities:
            if "merged_into" not in e:
                e.update(n_mentions=len(e["mentions"]), n_docs=len({m["doc"] for m in e["mentions"]}))
                out[e["id"]] = e
        return out

    def entity_ref_of(self, words: str) -> str:
        """The reference (kroniek.export.regroup) of the entity with this id, or the one entity of this name."""
        words = words.strip()
        found = self.entity_rows.get(self._regrouping.final(words) or "")
        if found is None:
            named = [e for e in self.entity_rows.values() if e["name"].casefold() == words.casefold()]
            if len(named) > 1:
                raise EditError(f"{len(named)} entities are called {words[:60]!r}: give the id")
            found = named[0] if named else None
        if found is None:
            raise EditError(f"no entity {words[:60]!r}")
        return entity_ref(found)

    def merged_into(self, entity_id: str) -> str | None:
        """The entity a journalist merged this one into, if any."""
        return self._regrouping.merged_into.get(entity_id)

    def _edit(self, target: str, key: str) -> dict[str, Any] | None:
        edit = self.edits.get((target, key))
        return edit.public() if edit else None

    def entity_name(self, entity_id: str | None) -> str | None:
        row = self.entity_rows.get(self._regrouping.final(entity_id) or "")
        return row["name"] if row else None

    @memo(256)
    def entities(self, q: str = "", type_: str = "", page: int = 0) -> dict[str, Any]:
        return self.entities_view(View(q=q, chosen=(("type", type_),) if type_ else (), page=page))

    def entities_view(self, view: View) -> dict[str, Any]:
        types = Counter(e["type"] for e in self.entity_rows.values())
        return {**public(self.listing("entities", view)), "types": dict(types.most_common())}

    @memo(512)
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        e = self.entity_rows.get(entity_id)
        if e is None:
            return None
        dates = [self.doc_meta(m["doc"])["date"] for m in e["mentions"]]
        unit, keys = _buckets([d for d in dates if d])
        width = {"day": 10, "month": 7, "year": 4}[unit]
        counts = Counter(d[:width] for d in dates if d and len(d) >= width)
        over_time = [{"date": k, "count": counts.get(k, 0)} for k in keys]
        events = self._events_of.get(entity_id, [])
        quotes = self.quotes(speaker=entity_id)
        forms = Counter(m["text"] for m in e["mentions"])
        splits = [{"form": f, "count": n, "key": split_key(e, f)}  # what may be split off (serve --edit)
                  for f, n in sorted(forms.most_common(), key=lambda fn: fn[0] == e["name"])] if len(forms) > 1 else []
        return {**e, "ref": entity_ref(e), "forms": splits, "mentions_over_time": {"unit": unit, "buckets": over_time,
                                            "imprecise": sum(1 for d in dates if not d or len(d) < width)},
                "quotes": quotes["items"], "n_quotes": quotes["total"], "events": events,
                "documents": [self.doc_meta(d) for d in dict.fromkeys(m["doc"] for m in e["mentions"])]}

    # --- events and timeline -------------------------------------------------------------------------

    @cached_property
    def _conflict_ranges(self) -> dict[str, list[tuple[int, int, int]]]:
        """Per document, the sentence ranges that a conflict side falls in, with the conflict's index."""
        out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i, c in enumerate(self.conflicts):
            for side in c["sides"]:
                lo, hi = self._sentence_bounds(side["doc"], side["start"], side["end"])
                out[side["doc"]].append((lo, hi, i))
        return out

    def _conflicts_of(self, sources: list[dict]) -> list[int]:
        hits = set()
        for s in sources:
            for lo, hi, i in self._conflict_ranges.get(s.get("doc", ""), ()):
                if s["start"] < hi and s["end"] > lo:
                    hits.add(i)
        return sorted(hits)

    @cached_property
    def events(self) -> list[dict]:
        key = {r["event"]: r["rank"] for r in self.rows("SELECT event, rank FROM timeline WHERE event IS NOT NULL")}
        out = []
        regrouping = self._regrouping
        for r in self.rows("SELECT * FROM events ORDER BY date NULLS LAST, id"):
            sources = _json(r["sources"])
            participants = list(r["participants"] or [])
            if regrouping:  # merged or split by a journalist
                participants = regrouping.participants(participants, sources)
                r["location"] = regrouping.participants([r["location"]], sources)[0] if r["location"] else None
            out.append({
                "id": r["id"], "date": r["date"], "date_precision": r["date_precision"] or "unknown",
                "summary": r["summary"] or "", "type": r["type"], "status": r["status"] or "unknown",
                "participants": participants, "location": r["location"],
                "participant_names": [self.entity_name(p) or p for p in participants],
                "location_name": self.entity_name(r["location"]),
                "sources": self._cited(sources), "key": r["id"] in key, "rank": key.get(r["id"]),
                "conflicts": self._conflicts_of(sources), "year": _year(r["date"]),
                "on_story": r.get("on_story") is not False,
            })
            ev = out[-1]
            docs = [self.doc_meta(d) for d in dict.fromkeys(src["doc"] for src in sources)]
            edit = self._edit("event", r["id"])
            ev.update(edit=edit, review=REVIEW.get((edit or {}).get("action", "")))
            ev.update(n_sources=len(docs), added=max((d.get("added") or "" for d in docs), default=""),
                      outlet=sorted({d["outlet"] for d in docs if d.get("outlet")}),
                      language=sorted({d["language"] for d in docs if d.get("language")}),
                      citations=[d.get("citation") or d["label"] for d in docs])
        return out

    def chronology(self, page: int = 0) -> dict[str, Any]:
        """One page (PAGE_CHRONOLOGY entries) of the chronology, grouped by year and month."""
        listed = self._chronology
        pages = max(1, -(-len(listed) // PAGE_CHRONOLOGY))
        page = min(max(page, 0), pages - 1)
        shown = listed[page * PAGE_CHRONOLOGY:(page + 1) * PAGE_CHRONOLOGY]
        return {"total": len(listed), "page": page, "per_page": PAGE_CHRONOLOGY, "years": grouped(shown),
                "left_out": len(self.events) - len(listed)}

    @cached_property
    def _chronology(self) -> list[dict]:
        """Every event with a date or a bound, oldest first (kroniek.export.chronology, as in the report and the
        export): an event of an undated article with an inferred range is shown from its lower bound
        ('≥ 2022-02')."""
        entries = [dict(ev) for ev in self.events]
        bound_undated(entries, {i: d["date_from"] for i, d in self.docs.items() if d.get("date_from")})
        for entry in entries:
            entry["when"] = date_label(entry)
        return chronology(entries)

    @cached_property
    def _event_index(self) -> dict[str, int]:
        return {e["id"]: i for i, e in enumerate(self.events)}

    def event(self, event_id: str) -> dict[str, Any] | None:
        i = self._event_index.get(event_id)
        return None if i is None else self.events[i]

    def event_page(self, event_id: str) -> int | None:
        """The page of the unfiltered event listing that holds the event (ids are stable, positions are not)."""
        i = self._event_index.get(event_id)
        return None if i is None else i // PAGE_EVENTS

    def _cited(self, sources: list[dict]) -> list[dict]:
        """Sources as a reader tells them apart: "outlet · date · title", numbered when one article is cited
        more than once, the cited sentence kept for the link's tooltip."""
        seen: Counter[str] = Counter(s["doc"] for s in sources)
        nth: Counter[str] = Counter()
        out = []
        for src in sources:
            meta = self.doc_meta(src["doc"])
            nth[src["doc"]] += 1
            label = meta.get("citation") or meta["label"]
            if seen[src["doc"]] > 1:
                label += f" ({nth[src['doc']]}/{seen[src['doc']]})"
            out.append({**src, "label": label})
        return out

    @cached_property
    def _events_of(self) -> dict[str, list[dict]]:
        """The events each entity takes part in or is the place of, in event order."""
        out: dict[str, list[dict]] = defaultdict(list)
        for ev in self.events:
            for eid in dict.fromkeys([*ev["participants"], *([ev["location"]] if ev["location"] else [])]):
                out[eid].append(ev)
        return out

    @cached_property
    def timeline(self) -> dict[str, Any]:
        """Dated items for the zoomable timeline: the events, or the timeline's entries when there are none."""
        items = [e for e in self.events if e["date"]]
        if not items:
            for i, t in enumerate(self.rows("SELECT * FROM timeline ORDER BY rank")):
                sources = _json(t["sources"])
                if t["date"]:
                    items.append({"id": f"t{i}", "date": t["date"], "date_precision": t["date_precision"] or "unknown",
                                  "summary": t["summary"] or "", "type": None, "status": "unknown",
                                  "participants": [], "participant_names": [], "location": None,
                                  "location_name": None, "key": True, "rank": t["rank"],
                                  "sources": self._cited(sources), "conflicts": self._conflicts_of(sources)})
        return self._chart(items, sum(1 for e in self.events if not e["date"]))

    def _chart(self, items: list[dict], undated: int) -> dict[str, Any]:
        """What the chart draws and its sources panel shows, and no more: it is fetched on every timeline view."""
        statuses = Counter(i["status"] for i in items)
        items = [{**{k: i[k] for k in CHART_FIELDS if k in i}, **({"review": i["review"]} if i.get("review") else {}),
                  **({} if i["id"] in self._event_index else {"sources": i["sources"]})} for i in items]
        return {"items": items, "undated": undated, "total": len(items) + undated,
                "statuses": dict(statuses.most_common()), "focus": _dense(items)}

    @memo(256)
    def timeline_view(self, view: View) -> dict[str, Any]:
        """The chart's events as the view filters them (all of them, unpaged: the chart draws them all)."""
        if not view.params():
            return self.timeline
        picked = select(self._rows["events"], replace(view, page=0, sort=""))["all"]
        dated = [e for e in picked if e["date"]]
        return self._chart(dated, len(picked) - len(dated))

    @cached_property
    def runs(self) -> list[dict]:
        """The latest runs that added documents, newest first: what is new, and since when."""
        return self.rows("SELECT id, command, strftime(started, '%Y-%m-%dT%H:%M:%S') AS started, added FROM runs "
                         "WHERE added > 0 ORDER BY id DESC LIMIT 5")

    @cached_property
    def counts(self) -> dict[str, int]:
        """The one count of events every page gives, and which listing shows which part of it."""
        return {"events": len(self.events), "dated": sum(1 for e in self.events if e["date"]),
                "undated": sum(1 for e in self.events if not e["date"]),
                "key": sum(1 for e in self.events if e["key"]), "timeline_entries": self.info["counts"]["timeline"]}

    # --- network -------------------------------------------------------------------------------------

    @memo(16)
    def network(self, limit: int = 150) -> dict[str, Any]:
        with self.lock:
            graph = entity_graph(self.store, self.edits)
        ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="weight"), n))[:limit]
        keep = set(ranked)
        nodes = [{"id": n, **graph.nodes[n]} for n in ranked]
        edges = [{"source": a, "target": b, "weight": d["weight"], "events": d["events"].split()}
                 for a, b, d in graph.edges(data=True) if a in keep and b in keep]
        return {"total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
                "nodes": nodes, "edges": edges}

    # --- quotes, claims, conflicts -------------------------------------------------------------------

    @memo(len(LAYERS))
    def _raw(self, table: str) -> list[dict]:
        """The rows of one layer as stored, by document and offset."""
        return self.rows(f"SELECT * FROM {table} ORDER BY doc, start")

    @memo(len(LAYERS))
    def _by_doc(self, table: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        regrouping = self._regrouping if table == "mentions" else None
        for row in self._raw(table):
            if regrouping and row.get("entity"):  # the entity after a journalist's merges and splits
                row = {**row, "entity": regrouping.of_mention(row["entity"], row["doc"], row["start"], row["end"])}
            out[row["doc"]].append(row)
        return out

    @cached_property
    def _quotes(self) -> list[dict]:
        out = [self._with_doc(q) for q in self._raw("quotes")]
        for q in out:
            edit = self._edit("quote", span_key(q))
            if edit:  # the speaker as the journalist gave it: an entity id, or words
                named = self._regrouping.final(edit["value"])
                named = named if named in self.entity_rows else None
                q.update(speaker_found=q.get("speaker_name") or q.get("speaker_text"), speaker=named,
                         speaker_text=None if named else edit["value"], speaker_name=self.entity_name(named),
                         edit=edit)
            q["key"] = span_key(q)
        return out

    @cached_property
    def _claims(self) -> list[dict]:
        return [self._with_doc(c) for c in self._raw("claims")]

    @cached_property
    def _quotes_keyed(self) -> Speakers:
        return Speakers(self._quotes)

    @cached_property
    def _claims_keyed(self) -> Speakers:
        return Speakers(self._claims)

    def _with_doc(self, row: dict) -> dict:
        meta = self.doc_meta(row["doc"])
        if row.get("speaker") and self._regrouping:
            row = {**row, "speaker": self._regrouping.of_speaker(row["speaker"], row["doc"], row.get("speaker_start"),
                                                                 row.get("speaker_end"))}
        return {**row, "speaker_name": self.entity_name(row.get("speaker")), "doc_label": meta["label"],
                "citation": meta.get("citation") or meta["label"], "title_of_doc": meta.get("title"),
                "date": meta["date"], "date_precision": meta.get("date_precision"), "year": meta.get("year"),
                "added": meta.get("added"),
                "outlet": meta.get("outlet"), "language": meta.get("language")}

    def quotes(self, speaker: str = "", date_from: str = "", date_to: str = "", page: int = 0) -> dict[str, Any]:
        return public(self.listing("quotes", View(date_from=date_from, date_to=date_to, page=page), speaker))

    def claims(self, speaker: str = "", date_from: str = "", date_to: str = "", page: int = 0) -> dict[str, Any]:
        return public(self.listing("claims", View(date_from=date_from, date_to=date_to, page=page), speaker))

    @cached_property
    def speakers(self) -> list[dict]:
        """Who is quoted, most quoted first: resolved entities by id, unresolved ones by their words."""
        counts: Counter[tuple[str, str]] = Counter()
        for q in self._quotes:
            if q.get("speaker"):
                counts[(q["speaker"], q["speaker_name"] or q["speaker"])] += 1
            elif q.get("speaker_text"):
                counts[(q["speaker_text"], q["speaker_text"])] += 1
        return [{"value": v, "name": n, "count": c} for (v, n), c in counts.most_common()]

    @cached_property
    def conflicts(self) -> list[dict]:
        out = []
        for r in self.rows("SELECT * FROM conflicts ORDER BY id"):
            edit = self._edit("conflict", r["id"])
            out.append({"id": r["id"], "kind": r["kind"], "description": r["description"] or "",
                        "sides": _json(r["sides"]), "edit": edit,
                        "review": REVIEW.get((edit or {}).get("action", ""))})
        return out

    def conflicts_view(self, kind: str = "", page: int = 0, view: View | None = None) -> dict[str, Any]:
        """One page of conflicts of a kind (or all), each side with its context."""
        view = view or View(chosen=(("kind", kind),) if kind else (), page=page)
        kinds = Counter(c["kind"] for c in self.conflicts)
        return {**public(self.listing("conflicts", view)), "kinds": dict(kinds.most_common())}


class _LazyRows(dict):
    """A listing's rows, made the first time the listing is asked for."""

    def __init__(self, chronicle: Chronicle) -> None:
        super().__init__()
        self.chronicle = chronicle

    def __missing__(self, name: str) -> Rows:
        rows = self[name] = self.chronicle._make_rows(name)
        return rows

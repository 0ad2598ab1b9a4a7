"""The pages of the web app, each declared once: its JSON twin's function and parameters, its template's context.

`ROUTES` is all of them, in the order of the OpenAPI docs; kroniek.web.pages makes each declaration's routes
(the twin under /api, described in the docs, and the HTML page). A function named api_* gives a twin's JSON, a
*_page one a template's context; their parameters after the first (the chronicle state) are the routes'
parameters, typed as FastAPI reads them, so validation and the docs come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query

from kroniek.web import highlight
from kroniek.web.data import Chronicle
from kroniek.web.listing import View, public
from kroniek.web.live import Generation
from kroniek.web.pages import Json, Page

PER_PAGE_SEARCH = 20

PageNumber = Annotated[int, Query(ge=0, le=100_000, description="page number, from 0")]
Text = Annotated[str, Query(max_length=200)]
DateQ = Annotated[str, Query(max_length=10, pattern=r"^(-?\d{4}(-\d{2}(-\d{2})?)?)?$",
                             description="ISO date, as precise as you like: 2019, 2019-04, 2019-04-25")]

FACET_PARAMS = ("type", "status", "outlet", "language", "year", "kind", "unit", "direct", "date_source",
                "date_precision", "review")
Sort = Annotated[str, Query(max_length=40, pattern=r"^-?[a-z_]*$",
                            description="column to sort by, '-column' for descending")]
Facet = Annotated[str, Query(max_length=100, description="keep rows with this value (facet)")]
Since = Annotated[str, Query(max_length=19, pattern=r"^(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)?$",
                             description="only what comes from documents added at or after this time (UTC)")]


def view_of(q: Text = "", entity: Text = "", date_from: DateQ = "", date_to: DateQ = "", sort: Sort = "",
            page: PageNumber = 0, type: Facet = "", status: Facet = "", outlet: Facet = "",  # noqa: A002
            language: Facet = "", year: Facet = "", kind: Facet = "", unit: Facet = "", direct: Facet = "",
            date_source: Facet = "", date_precision: Facet = "", review: Facet = "", since: Since = "") -> View:
    """The view a listing's URL asks for; facet parameters a listing does not have are ignored."""
    values = (type, status, outlet, language, year, kind, unit, direct, date_source, date_precision, review)
    chosen = tuple((k, v) for k, v in zip(FACET_PARAMS, values, strict=True) if v)
    return View(q=q, entity=entity, date_from=date_from, date_to=date_to, sort=sort, page=page, chosen=chosen,
                since=since.replace(" ", "T"))


ViewQ = Annotated[View, Depends(view_of)]


# --- the pages' functions ------------------------------------------------------------------------------------

def api_info(gen: Generation) -> dict[str, Any]:
    return gen.data.info


def home_page(gen: Generation) -> dict[str, Any]:
    return {"counts": gen.data.counts, "runs": gen.data.runs}


def api_timeline(gen: Generation, view: ViewQ) -> dict[str, Any]:
    return gen.data.timeline_view(replace(view, page=0))


def timeline_page(gen: Generation, view: ViewQ) -> dict[str, Any]:
    data = gen.data
    chart = data.timeline_view(replace(view, page=0, sort=""))
    return {"timeline": chart, "result": data.listing("events", view), "counts": data.counts,
            "chart_api": _with_query("/api/timeline", view.params()), **_listing_context(data, view)}


def api_chronology(gen: Generation, page: PageNumber = 0) -> dict[str, Any]:
    return gen.data.chronology(page)


def chronology_page(gen: Generation, page: PageNumber = 0) -> dict[str, Any]:
    return {"chronology": gen.data.chronology(page)}


def listing(name: str) -> Callable[..., dict[str, Any]]:
    """The JSON of a listing (events, entities, quotes, claims, conflicts, documents): the rows of one page."""
    def api(gen: Generation, view: ViewQ, speaker: Text = "") -> dict[str, Any]:
        if name == "entities":
            return gen.data.entities_view(view)
        if name == "conflicts":
            return gen.data.conflicts_view(view=view)
        return public(gen.data.listing(name, view, speaker))
    return api


def entities_page(gen: Generation, view: ViewQ) -> dict[str, Any]:
    return {"result": gen.data.entities_view(view), "q": view.q, "type": dict(view.chosen).get("type", ""),
            **_listing_context(gen.data, view)}


def quotes_page(gen: Generation, view: ViewQ, speaker: Text = "") -> dict[str, Any]:
    data = gen.data
    return {"result": data.listing("quotes", view, speaker), "speakers": data.speakers, "speaker": speaker,
            **_listing_context(data, view, speaker)}


def claims_page(gen: Generation, view: ViewQ, speaker: Text = "") -> dict[str, Any]:
    return {"result": gen.data.listing("claims", view, speaker), "speaker": speaker,
            **_listing_context(gen.data, view, speaker)}


def conflicts_page(gen: Generation, view: ViewQ) -> dict[str, Any]:
    return {"result": gen.data.conflicts_view(view=view), "kind": dict(view.chosen).get("kind", ""),
            **_listing_context(gen.data, view)}


def documents_page(gen: Generation, view: ViewQ) -> dict[str, Any]:
    return {"result": gen.data.listing("documents", view), **_listing_context(gen.data, view)}


def api_entity(gen: Generation, entity_id: str) -> dict[str, Any] | None:
    return gen.data.entity(entity_id)


def entity_page(gen: Generation, entity_id: str) -> dict[str, Any] | None:
    entity = gen.data.entity(entity_id)
    if entity is None:
        return None
    return {"entity": entity, "chart": _bars(entity["mentions_over_time"]["buckets"])}


def merged_into(gen: Generation, entity_id: str) -> str | None:
    return gen.data.merged_into(entity_id)


def api_network(gen: Generation, limit: Annotated[int, Query(ge=1, le=2000)] = 150) -> dict[str, Any]:
    return gen.data.network(limit)


def network_page(gen: Generation) -> dict[str, Any]:
    return {"network": gen.data.network(150)}


def api_document(gen: Generation, doc_id: str) -> dict[str, Any] | None:
    return gen.data.document(doc_id)


def document_page(gen: Generation, doc_id: str, hl: Annotated[str, Query(max_length=24)] = "") -> dict | None:
    data = gen.data
    doc = data.document(doc_id)
    if doc is None:
        return None
    focus = _focus(hl)
    names = {e: data.entity_name(e) for e in {m.get("entity") for m in doc["mentions"]} if e}
    marked = highlight.render(doc["text"], highlight.document_marks(doc, names, focus))
    return {"doc": doc, "marked": marked, "focus": focus, "names": names}


def api_search(gen: Generation, q: Text = "", page: PageNumber = 0) -> dict[str, Any]:
    total, hits = gen.index.search(q, PER_PAGE_SEARCH, page * PER_PAGE_SEARCH)
    items = [{"doc": h.doc, "score": h.score, "fragment": h.fragment, "highlights": list(h.highlights),
              **{k: gen.data.doc_meta(h.doc).get(k) for k in ("label", "date", "date_precision", "language")}}
             for h in hits]
    return {"q": q, "total": total, "page": page, "per_page": PER_PAGE_SEARCH, "items": items}


def search_page(gen: Generation, q: Text = "", page: PageNumber = 0) -> dict[str, Any]:
    result = api_search(gen, q, page)
    for item in result["items"]:
        item["snippet"] = highlight.snippet(item["fragment"], tuple(map(tuple, item["highlights"])))
    return {"result": result, "q": q}


def api_event(gen: Generation, event_id: str) -> dict[str, Any] | None:
    return gen.data.event(event_id)


ROUTES = (  # in the order of the OpenAPI docs
    Page("/", "What the chronicle holds: counts, languages, date span", api_info, "home.html", home_page,
         api="/api/info"),
    Page("/timeline", "The chart's events: every dated event the filters keep (unpaged), the range the chart "
         "opens on (focus) and how many lie outside it; the listing is /api/events", api_timeline,
         "timeline.html", timeline_page, link=lambda view: _with_query("/api/events", _query(view))),
    Page("/chronology", "Every event with a date or a bound, oldest first, grouped by year and month, each with "
         "its cited sources", api_chronology, "chronology.html", chronology_page),
    Json("/api/events/{event_id}", "One event by its stable id, with participants and sources", api_event),
    Json("/api/events", "Every event once (dated first, then undated), paged; filter by text, entity, date range, "
         "type, status, year, outlet, language; sort by date, summary, type, status, n_sources", listing("events"),
         csv=True),  # the events listing's page is the timeline's
    Page("/entities", "Entities, most mentioned first; filter by name/alias (q) and type; sort by n_mentions, "
         "n_docs, name, type", listing("entities"), "entities.html", entities_page, csv=True),
    Page("/quotes", "Quotes; filter by speaker (entity id or words), entity (speaker or mentioned), text, date "
         "range, outlet, language, year, direct; sort by date, speaker_name, text", listing("quotes"),
         "quotes.html", quotes_page, csv=True),
    Page("/claims", "Numeric claims; filter by speaker, entity, text, date range, unit, outlet, language, year",
         listing("claims"), "claims.html", claims_page, csv=True),
    Page("/conflicts", "Where sources disagree, each side with its context; filter by kind, entity, text",
         listing("conflicts"), "conflicts.html", conflicts_page, csv=True),
    Page("/documents", "Documents with date, precision and where the date came from; filter by text, entity, "
         "date range, outlet, language, year, date_source, date_precision", listing("documents"),
         "documents.html", documents_page, csv=True),
    Page("/entities/{entity_id:path}", "One entity: aliases, roles, mentions over time, quotes, events",
         api_entity, "entity.html", entity_page, moved=merged_into),
    Page("/network", "Entities that appear in the same events, as nodes and weighted edges", api_network,
         "network.html", network_page),
    Page("/documents/{doc_id}", "One document: text and its annotation layers with offsets", api_document,
         "document.html", document_page),
    Page("/search", "Full-text search (Dutch and English stemming); snippets with highlight ranges (character "
         "offsets into the fragment)", api_search, "search.html", search_page),
)


def _query(view: View) -> dict[str, Any]:
    return {**view.params(), **({"page": view.page} if view.page else {})}


def _with_query(path: str, params: dict[str, Any]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def _listing_context(data: Chronicle, view: View, speaker: str = "") -> dict[str, Any]:
    """What every listing page shows around its rows: the view's parameters (kept by every link), the name of
    the entity filtered on, and the JSON and CSV of the view."""
    params = {**view.params(), **({"speaker": speaker} if speaker else {})}
    return {"view": view, "params": params, "entity_name": data.entity_name(view.entity) if view.entity else None}


def _bars(buckets: list[dict], height: int = 80, width: int = 640) -> dict[str, Any]:
    """Bar geometry for the mentions-over-time chart (drawn as SVG by the template, no script needed)."""
    n = max(len(buckets), 1)
    top = max((b["count"] for b in buckets), default=0) or 1
    step = width / n
    bars = [{"x": round(i * step, 2), "w": round(max(step - 1, 1), 2), "h": round(b["count"] / top * height, 2),
             "y": round(height - b["count"] / top * height, 2), "label": f"{b['date']}: {b['count']}"}
            for i, b in enumerate(buckets)]
    return {"bars": bars, "width": width, "height": height, "max": top,
            "first": buckets[0]["date"] if buckets else "", "last": buckets[-1]["date"] if buckets else ""}


def _focus(hl: str | None) -> tuple[int, int] | None:
    try:
        lo, hi = (int(x) for x in (hl or "").split("-", 1))
    except ValueError:
        return None
    return (lo, hi) if 0 <= lo < hi else None

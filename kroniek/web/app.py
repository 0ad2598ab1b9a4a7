"""The Kroniek web app: every page of a chronicle in the browser, each with a JSON twin under /api.

Read-only over the store. The data cannot change while the app holds the file, so rendered pages and JSON are
cached per URL. Article text is untrusted: templates autoescape, highlighted text is escaped piece by piece
(kroniek.web.highlight), scripts only ever set textContent, and a Content-Security-Policy forbids inline and
foreign scripts. No asset comes from outside the package, so the app works offline.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kroniek import __version__
from kroniek.edits import EditError
from kroniek.export.contract import chronicle as contract_chronicle
from kroniek.export.network import entity_graph, write_graph
from kroniek.export.report import render as render_report
from kroniek.export.timelinejs import timelinejs
from kroniek.store import Store
from kroniek.web import highlight
from kroniek.web.cache import Answer, cache_key
from kroniek.web.data import KINDS, PAGE_CONFLICTS, Chronicle
from kroniek.web.listing import View, public, to_csv
from kroniek.web.live import Fixed, Generation, Live
from kroniek.web.pages import Answers, Json, Page, register

HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # the report is one file with inline CSS
# same-origin, not no-referrer: no other site learns what was read, and a browser then sends the app's own Origin
# with a form of `serve --edit` (with no-referrer Chromium sends `Origin: null`, and every edit was refused)
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
PER_PAGE_SEARCH = 20
LOG = logging.getLogger(__name__)

PageNumber = Annotated[int, Query(ge=0, le=100_000, description="page number, from 0")]
Text = Annotated[str, Query(max_length=200)]
DateQ = Annotated[str, Query(max_length=10, pattern=r"^(-?\d{4}(-\d{2}(-\d{2})?)?)?$",
                             description="ISO date, as precise as you like: 2019, 2019-04, 2019-04-25")]


def _is_http(url: object) -> bool:
    return isinstance(url, str) and url.startswith(("http://", "https://"))


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


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["reject_key"] = lambda d, key: {k: v for k, v in d.items() if k != key}
    env.globals.update(qp=lambda s: quote(str(s), safe=""), urlencode=urlencode, is_http=_is_http,
                       entity_href=highlight.entity_href, version=__version__, conflicts_per_page=PAGE_CONFLICTS)
    return env


GEN = "kroniek.generation"  # where the front middleware leaves the state a request is answered from
PREFIX = 40  # characters of bad input an error may repeat


class Front:
    """ASGI middleware in front of everything: rejects hosts not allowed, answers HEAD as GET without the body,
    puts the security headers on every response (static files too), picks the chronicle state the request is
    answered from (or an 'updating' page while there is none yet), and answers a cached GET before routing and
    parameter parsing: under load most requests are such hits, and the framework's work is most of their cost."""

    def __init__(self, app: ASGIApp, source: Fixed | Live, hosts: frozenset[str] | None,
                 unavailable: Callable[[Scope], Response]) -> None:
        self.app, self.source, self.hosts, self.unavailable = app, source, hosts, unavailable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send, head=scope["method"] == "HEAD")
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        if self.hosts is not None and _host(scope) not in self.hosts:
            await Response("unknown host\n", 400, media_type="text/plain")(scope, receive, send)
            return
        gen = self.source.current()
        if gen is None:
            await self.unavailable(scope)(scope, receive, send)
            return
        scope[GEN] = gen
        if scope["method"] == "GET":
            hit = gen.cache.peek(cache_key(scope))
            if hit is not None:  # a Response holds no per-request state: one can answer many requests
                await hit.for_scope(scope)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _host(scope: Scope) -> str:
    """The Host header without its port, lower-cased ('[::1]:8000' -> '::1')."""
    for name, value in scope.get("headers", ()):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[1:host.find("]")] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The Host names a request may carry when the app listens on `host`: loopback names for a loopback
    address, that name or address (and loopback) otherwise; None (any) for a wildcard address, where the
    names the machine is reached by are not known."""
    host = host.strip("[]").lower()
    if host in ("0.0.0.0", "::", "") and not extra:
        return None
    names = {*LOOPBACK, *(h.lower() for h in extra)}
    if host not in ("0.0.0.0", "::", ""):
        names.add(host)
    return frozenset(names)


def _with_headers(send: Send, head: bool) -> Send:
    missing = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {name for name, _ in message.get("headers", ())}
            message = {**message, "headers": [*message.get("headers", ()), *(h for h in missing if h[0] not in have)]}
        elif head and message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)
    return wrapped


def create_app(source: Store | Fixed | Live, title: str = "Kroniek", search_dir: Path | None = None,
               warm: bool = False, hosts: frozenset[str] | None = None, edit: bool = False,
               patience: float | None = None) -> FastAPI:
    """The app over a chronicle: an open read-only store (which then cannot change) or a `Live` source that
    follows the file as `kroniek add` writes it. With `warm`, the views every visitor needs first are computed
    in the background right away. `hosts`: the Host names allowed (None: any). With `edit`, pages carry forms
    that store corrections (kroniek.edits) with a per-process token against cross-site requests; the caller
    makes sure that only loopback can reach the app then (`kroniek serve --edit` does). `patience`: seconds an
    HTML page may take before the visitor is told it is being prepared (a page that reloads itself; the page
    goes on being made and is then served from the cache): while the warm-up of a large chronicle runs, the
    first pages wait for its views (up to 20 s at 50,000 articles). None: pages always wait; /api never
    answers "being prepared"."""
    if isinstance(source, Store):
        source = Fixed(source, search_dir)
    if warm:
        threading.Thread(target=_warm, args=(source,), name="kroniek-warm", daemon=True).start()
    env = _environment()
    app = FastAPI(title=f"{title} API", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only JSON API of a Kroniek chronicle. Every page of the web app has a twin "
                              "here; offsets are 0-based character offsets into the document text.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def unavailable(scope: Scope) -> Response:
        headers = {**HEADERS, "Retry-After": "2", "Cache-Control": "no-store"}
        if scope["path"].startswith("/api"):
            return Response(json.dumps({"detail": "the chronicle is being written; try again shortly"}), 503,
                            media_type="application/json", headers=headers)
        html = env.get_template("updating.html").render(title=title, info=None, api="/api/info",
                                                        path=scope["path"], live=None)
        return Response(html, 503, media_type="text/html; charset=utf-8", headers=headers)

    app.add_middleware(Front, source=source, hosts=hosts, unavailable=unavailable)
    app.state.source = source
    _errors(app, env, title)

    def state(request: Request) -> Generation:
        gen = request.scope.get(GEN) or source.current()
        if gen is None:
            raise HTTPException(503, "the chronicle is being written; try again shortly")
        return gen

    pending: set[asyncio.Task] = set()  # answers still being made for a visitor who was told to come back

    async def respond(request: Request, make: Callable[[Generation], tuple[bytes, str]],
                      headers: dict | None = None, wait: float | None = None) -> Response:
        """The answer, made once in a worker thread however many ask at the same time. With `wait` (HTML pages
        when the app has `patience`): an answer not made by then is left to finish in the background, and the
        visitor gets a page that reloads itself in 2 s (503, Retry-After) instead of a browser left waiting."""
        gen = state(request)

        def answer() -> Answer:
            return Answer(*make(gen), headers or HEADERS)
        key = cache_key(request.scope)
        hit = gen.cache.peek(key)
        if hit is not None:
            return hit.for_scope(request.scope)
        job = asyncio.ensure_future(run_in_threadpool(gen.cache.get, key, answer))
        if wait is not None:
            done, _ = await asyncio.wait({job}, timeout=wait)
            if not done:
                pending.add(job)
                job.add_done_callback(_settled(pending))
                return preparing(request)
        return (await job).for_scope(request.scope)

    def preparing(request: Request) -> Response:
        gen = source.current()
        info = vars(gen.data).get("info") if gen else None  # only if made already: never computed in the loop
        html = env.get_template("updating.html").render(title=title, info=info, api=None, path=request.url.path,
                                                        live=None, preparing=True)
        return Response(html, 503, media_type="text/html; charset=utf-8",
                        headers={**HEADERS, "Retry-After": "2", "Cache-Control": "no-store"})

    async def as_json(request: Request, produce: Callable[[Generation], Any]) -> Response:
        def make(gen: Generation) -> tuple[bytes, str]:
            value = produce(gen)
            if value is None:
                raise HTTPException(404, "not found")
            return json.dumps(value, ensure_ascii=False, default=str).encode(), "application/json"
        return await respond(request, make)

    async def as_page(request: Request, template: str, produce: Callable[[Generation], dict | None],
                      api: str) -> Response:
        def make(gen: Generation) -> tuple[bytes, str]:
            context = produce(gen)
            if context is None:
                raise HTTPException(404, "not found")
            html = env.get_template(template).render(title=title, info=gen.data.info, api=api,
                                                     path=request.url.path, live=_live(source, gen),
                                                     editing=edit, token=token, **context)
            return html.encode(), "text/html; charset=utf-8"
        return await respond(request, make, wait=patience)

    token = secrets.token_urlsafe(24) if edit else ""
    env.globals.update(editing=edit, token=token)  # the macros (imported without context) read them too

    @app.post("/edits", include_in_schema=False)
    async def store_edit(request: Request) -> Response:
        """One correction from a form of this app: token checked, stored, the pages made again."""
        if not edit:
            raise HTTPException(404, "not found")
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPException(403, "edits come only from this app's own pages")
        body = (await request.body())[:4096].decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("token", ""), token):
            raise HTTPException(403, "the form is out of date: reload the page and try again")
        gen = state(request)
        try:
            value = form.get("value")
            if form.get("target") == "merge" and form.get("action") == "merge":  # typed as a name or an id
                value = await run_in_threadpool(gen.data.entity_ref_of, value or "")
                if value.partition("@")[0] == form.get("key", "").partition("@")[0]:
                    raise EditError("an entity cannot be merged into itself")
            await run_in_threadpool(source.edits.add, form.get("target", ""), form.get("key", ""),
                                    form.get("action", ""), value, form.get("edited_by"))
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        await run_in_threadpool(gen.reedit, source.edits)
        back = form.get("back", "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        return RedirectResponse(back, 303, headers={**HEADERS, "Cache-Control": "no-store"})

    @app.get("/api/edits", summary="Every correction stored for this chronicle, oldest first (to export and "
                                   "re-apply: the file edits.duckdb beside chronicle.duckdb holds them)")
    async def api_edits(request: Request) -> Response:
        edits = await run_in_threadpool(source.edits.all)
        body = json.dumps([{"target": e.target, "key": e.key, **e.public()} for e in edits], ensure_ascii=False)
        return Response(body, media_type="application/json", headers={**HEADERS, "Cache-Control": "no-store"})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:  # browsers ask for it on pages without a <link rel=icon>, such as the report
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml", headers=HEADERS)

    def redirect(request: Request, path: str) -> Response:
        return RedirectResponse(path + ("?" + request.url.query if request.url.query else ""), 307,
                                headers={**HEADERS, "Cache-Control": "no-store"})

    @app.get("/events/{event_id}", include_in_schema=False)
    async def event_link(request: Request, event_id: str) -> Response:
        """A permalink to an event that outlives rebuilds and additions: the timeline page it is on now."""
        gen = state(request)
        where = gen.data.event_page(event_id)
        if where is None:
            raise HTTPException(404, "not found")
        return RedirectResponse(f"/timeline?page={where}#ev-{quote(event_id, safe='')}", 307,
                                headers={**HEADERS, "Cache-Control": "no-store"})

    async def as_csv(request: Request, name: str, params: dict[str, Any]) -> Response:
        """Every row of a listing's view (its JSON's parameters: the view and the speaker), not one page."""
        def make(gen: Generation) -> tuple[bytes, str]:
            view = replace(params["view"], page=0)
            return to_csv(KINDS[name], gen.data.listing(name, view, params["speaker"])["all"]), \
                "text/csv; charset=utf-8"
        headers = {**HEADERS, "Content-Disposition": f'attachment; filename="kroniek-{name}.csv"'}
        return await respond(request, make, headers)

    answers = Answers(json=as_json, page=as_page, csv=as_csv, state=state, redirect=redirect)
    for route in ROUTES:
        register(app, route, answers)

    # --- exports and the report ----------------------------------------------------------------------

    @app.get("/report", include_in_schema=False)
    async def report(request: Request) -> Response:
        headers = {**HEADERS, "Content-Security-Policy": REPORT_CSP}

        def make(gen: Generation) -> tuple[bytes, str]:
            html = _locked(gen.data, lambda: render_report(contract_chronicle(gen.store, gen.data.edits), title))
            return html.encode(), "text/html; charset=utf-8"
        return await respond(request, make, headers)

    @app.get("/api/export/timelinejs", summary="The timeline in Knight Lab TimelineJS JSON")
    async def api_timelinejs(request: Request) -> Response:
        return await as_json(request, lambda gen: _locked(gen.data, lambda: timelinejs(gen.store, title)))

    @app.get("/api/export/network.{fmt}", summary="The entity network as GraphML or GEXF (for Gephi)")
    async def api_network_file(request: Request, fmt: str) -> Response:
        if fmt not in ("graphml", "gexf"):
            raise HTTPException(404, "use network.graphml or network.gexf")

        def make(gen: Generation) -> tuple[bytes, str]:
            buffer = io.BytesIO()
            write_graph(_locked(gen.data, lambda: entity_graph(gen.store, gen.data.edits)), buffer, fmt)
            return buffer.getvalue(), "application/xml"
        return await respond(request, make)

    return app


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


# --- the pages: each declared once, its HTML route and its JSON twin made from it (kroniek.web.pages) --------
# The functions named api_* give a twin's JSON, the *_page ones a template's context; their parameters are the
# routes' (the first is the chronicle state).

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


def _live(source: Fixed | Live, gen: Generation) -> dict[str, Any]:
    """What a page says about the state it shows: when it was loaded, and whether a writer is at work."""
    return {"loaded_at": gen.loaded_at, "version": gen.version, "busy_since": source.busy_since,
            "follows": isinstance(source, Live)}


def _short(value: Any) -> Any:
    """Bad input as an error may repeat it: a short prefix of a string, never the whole of it."""
    if isinstance(value, str):
        return value if len(value) <= PREFIX else value[:PREFIX] + "…"
    return None if isinstance(value, (dict, list, tuple, bytes)) else value


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors()[:5]:
        item = {"loc": [str(x) for x in err.get("loc", ())][:4], "msg": _short(str(err.get("msg", "")))}
        if "input" in err:
            item["input"] = _short(err["input"])
        out.append(item)
    return out


def _errors(app: FastAPI, env: Environment, title: str) -> None:
    """Errors as JSON under /api and as a page in the site's layout elsewhere; never the whole bad input."""

    def page(request: Request, status: int, message: str, problems: list[dict] | None = None) -> Response:
        gen = request.scope.get(GEN)
        headers = {**HEADERS, "Cache-Control": "no-store"}
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            body: dict[str, Any] = {"detail": problems if problems is not None else message}
            return Response(json.dumps(body, ensure_ascii=False), status, media_type="application/json",
                            headers=headers)
        html = env.get_template("error.html").render(
            title=title, info=gen.data.info if gen else None, api="/api/info", path=request.url.path, live=None,
            status=status, message=message, problems=problems or [])
        return Response(html, status, media_type="text/html; charset=utf-8", headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, _short(str(exc.detail)))
        response = page(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return page(request, 422, "bad request", _problems(exc))


def _settled(pending: set[asyncio.Task]) -> Callable[[asyncio.Task], None]:
    """A background answer has finished: forget it, and read its error (a 404 or a bug is logged, not lost)."""
    def done(job: asyncio.Task) -> None:
        pending.discard(job)
        if not job.cancelled() and job.exception() is not None and not isinstance(job.exception(), HTTPException):
            LOG.warning("a page made in the background failed: %r", job.exception())
    return done


def _warm(source: Fixed | Live) -> None:
    source.warm()
    # The views live as long as the process. Left to the cycle collector, each full collection walks all of
    # them (~0.4 s on 1,366 articles), which is what the slowest requests wait for; frozen, it skips them.
    gc.freeze()


def _locked(data: Chronicle, fn: Callable[[], Any]) -> Any:
    with data.lock:
        return fn()

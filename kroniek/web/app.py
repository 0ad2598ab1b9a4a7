"""The Kroniek web app: every page of a chronicle in the browser, each with a JSON twin under /api.

Read-only over the store. The data cannot change while the app holds the file, so rendered pages and JSON are
cached per URL. Article text is untrusted: templates autoescape, highlighted text is escaped piece by piece
(kroniek.web.highlight), scripts only ever set textContent, and a Content-Security-Policy forbids inline and
foreign scripts. No asset comes from outside the package, so the app works offline.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from kroniek import __version__
from kroniek.export.contract import chronicle as contract_chronicle
from kroniek.export.network import entity_graph, write_graph
from kroniek.export.report import render as render_report
from kroniek.export.timelinejs import timelinejs
from kroniek.store import Store
from kroniek.web import highlight
from kroniek.web.data import PAGE_CONFLICTS, Chronicle
from kroniek.web.search import SearchIndex

HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # the report is one file with inline CSS
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
CACHE_SIZE = 4096
CACHE_BYTES = 256 * 2**20  # entity JSON of a much-mentioned entity is a few hundred kB
GZIP_MIN_BYTES = 1024  # smaller bodies gain too little to be worth a header
PER_PAGE_SEARCH = 20

Page = Annotated[int, Query(ge=0, le=100_000, description="page number, from 0")]
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
    env.globals.update(qp=lambda s: quote(str(s), safe=""), urlencode=urlencode, is_http=_is_http,
                       entity_href=highlight.entity_href, version=__version__, conflicts_per_page=PAGE_CONFLICTS)
    return env


class Answer:
    """One finished response, plain and gzip-compressed: compressed once when made, since a browser asks for gzip
    and the largest pages (the timeline of a thousand events) shrink about tenfold."""

    def __init__(self, body: bytes, media: str, headers: dict[str, str]) -> None:
        headers = {**headers, "Vary": "Accept-Encoding"}
        self.plain = Response(body, media_type=media, headers=headers)
        self.gzipped, self.size = None, len(body)
        if len(body) >= GZIP_MIN_BYTES:
            packed = gzip.compress(body, compresslevel=6, mtime=0)
            self.gzipped = Response(packed, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
            self.size += len(packed)

    def for_scope(self, scope: Scope) -> Response:
        if self.gzipped is not None and _accepts_gzip(scope):
            return self.gzipped
        return self.plain


def _accepts_gzip(scope: Scope) -> bool:
    """Whether the request's Accept-Encoding lists gzip with a weight above 0 ('gzip, deflate, br')."""
    for name, value in scope.get("headers", ()):
        if name != b"accept-encoding":
            continue
        for part in value.decode("latin-1").lower().split(","):
            coding, _, params = part.partition(";")
            if coding.strip() == "gzip":
                weight = params.strip()
                try:
                    return not weight.startswith("q=") or float(weight[2:]) > 0
                except ValueError:
                    return False
    return False


class Cache:
    """Finished answers by URL; bounded in number and bytes, least recently used out first."""

    def __init__(self, size: int = CACHE_SIZE, max_bytes: int = CACHE_BYTES) -> None:
        self.size, self.max_bytes, self.bytes = size, max_bytes, 0
        self.items: OrderedDict[tuple[str, bytes], Answer] = OrderedDict()
        self.lock = threading.Lock()
        self.making: dict[tuple[str, bytes], threading.Lock] = {}

    def peek(self, key: tuple[str, bytes]) -> Answer | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def get(self, key: tuple[str, bytes], make: Callable[[], Answer]) -> Answer:
        """The cached value, made once even when many requests for it arrive together."""
        with self.lock:
            if key in self.items:
                return self.items[key]
            making = self.making.setdefault(key, threading.Lock())
        with making:
            try:
                with self.lock:
                    if key in self.items:
                        return self.items[key]
                value = make()
                with self.lock:
                    self.items[key] = value
                    self.bytes += value.size
                    while len(self.items) > 1 and (len(self.items) > self.size or self.bytes > self.max_bytes):
                        self.bytes -= self.items.popitem(last=False)[1].size
                return value
            finally:
                with self.lock:
                    self.making.pop(key, None)


def cache_key(scope: Scope) -> tuple[str, bytes]:
    """The decoded path and the raw query: as a pair, since a decoded path can hold a '?' of its own."""
    return scope["path"], scope.get("query_string", b"")


class CachedResponses:
    """ASGI middleware that answers a GET whose response is cached before routing and parameter parsing:
    under load most requests are such hits, and the framework's work per request is most of their cost.
    Only successful responses are cached, so the URL was validated when it was first answered."""

    def __init__(self, app: ASGIApp, cache: Cache) -> None:
        self.app, self.cache = app, cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            hit = self.cache.peek(cache_key(scope))
            if hit is not None:  # a Response holds no per-request state: one can answer many requests
                await hit.for_scope(scope)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(store: Store, title: str = "Kroniek", search_dir: Path | None = None, warm: bool = False) -> FastAPI:
    """The app over an open read-only store; builds or opens the search index first. With `warm`, the views
    every visitor needs first are computed in the background right away."""
    data = Chronicle(store)
    with data.lock:  # the index reads the store too; one DuckDB connection refuses two callers at once
        index = SearchIndex.for_store(store, search_dir)
    if warm:
        threading.Thread(target=_warm, args=(data,), name="kroniek-warm", daemon=True).start()
    env = _environment()
    cache = Cache()
    app = FastAPI(title=f"{title} API", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only JSON API of a Kroniek chronicle. Every page of the web app has a twin "
                              "here; offsets are 0-based character offsets into the document text.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(CachedResponses, cache=cache)
    app.state.chronicle, app.state.search = data, index

    async def respond(request: Request, make: Callable[[], tuple[bytes, str]],
                      headers: dict | None = None) -> Response:
        def answer() -> Answer:
            return Answer(*make(), headers or HEADERS)
        key = cache_key(request.scope)
        hit = cache.peek(key)  # made in a worker thread, once, however many ask at the same time
        made = hit if hit is not None else await run_in_threadpool(cache.get, key, answer)
        return made.for_scope(request.scope)

    async def as_json(request: Request, produce: Callable[[], Any]) -> Response:
        def make() -> tuple[bytes, str]:
            value = produce()
            if value is None:
                raise HTTPException(404, "not found")
            return json.dumps(value, ensure_ascii=False, default=str).encode(), "application/json"
        return await respond(request, make)

    async def as_page(request: Request, template: str, produce: Callable[[], dict | None], api: str) -> Response:
        def make() -> tuple[bytes, str]:
            context = produce()
            if context is None:
                raise HTTPException(404, "not found")
            html = env.get_template(template).render(title=title, info=data.info, api=api, path=request.url.path,
                                                     **context)
            return html.encode(), "text/html; charset=utf-8"
        return await respond(request, make)

    def api_url(request: Request) -> str:
        return "/api" + request.url.path + (f"?{request.url.query}" if request.url.query else "")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:  # browsers ask for it on pages without a <link rel=icon>, such as the report
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml", headers=HEADERS)

    # --- home ----------------------------------------------------------------------------------------

    @app.get("/api/info", summary="What the chronicle holds: counts, languages, date span")
    async def api_info(request: Request) -> Response:
        return await as_json(request, lambda: data.info)

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        return await as_page(request, "home.html", lambda: {}, "/api/info")

    # --- timeline ------------------------------------------------------------------------------------

    @app.get("/api/timeline", summary="Dated events for the timeline, with status, precision, sources, conflicts")
    async def api_timeline(request: Request) -> Response:
        return await as_json(request, lambda: data.timeline)

    @app.get("/timeline", include_in_schema=False)
    async def timeline_page(request: Request) -> Response:
        return await as_page(request, "timeline.html", lambda: {"timeline": data.timeline}, "/api/timeline")

    # --- entities ------------------------------------------------------------------------------------

    @app.get("/api/entities", summary="Entities, most mentioned first; filter by name/alias and type")
    async def api_entities(request: Request, q: Text = "", type: Text = "", page: Page = 0) -> Response:  # noqa: A002
        return await as_json(request, lambda: data.entities(q, type, page))

    @app.get("/entities", include_in_schema=False)
    async def entities_page(request: Request, q: Text = "", type: Text = "",  # noqa: A002
                            page: Page = 0) -> Response:
        return await as_page(request, "entities.html",
                       lambda: {"result": data.entities(q, type, page), "q": q, "type": type}, api_url(request))

    @app.get("/api/entities/{entity_id:path}", summary="One entity: aliases, roles, mentions over time, quotes, "
                                                       "events")
    async def api_entity(request: Request, entity_id: str) -> Response:
        return await as_json(request, lambda: data.entity(entity_id))

    @app.get("/entities/{entity_id:path}", include_in_schema=False)
    async def entity_page(request: Request, entity_id: str) -> Response:
        def produce() -> dict | None:
            entity = data.entity(entity_id)
            if entity is None:
                return None
            return {"entity": entity, "chart": _bars(entity["mentions_over_time"]["buckets"])}
        return await as_page(request, "entity.html", produce, "/api/entities/" + quote(entity_id, safe=""))

    # --- network -------------------------------------------------------------------------------------

    @app.get("/api/network", summary="Entities that appear in the same events, as nodes and weighted edges")
    async def api_network(request: Request, limit: Annotated[int, Query(ge=1, le=2000)] = 150) -> Response:
        return await as_json(request, lambda: data.network(limit))

    @app.get("/network", include_in_schema=False)
    async def network_page(request: Request) -> Response:
        return await as_page(request, "network.html", lambda: {"network": data.network(150)}, "/api/network")

    # --- quotes and claims ---------------------------------------------------------------------------

    @app.get("/api/quotes", summary="Quotes; filter by speaker (entity id or words) and document date")
    async def api_quotes(request: Request, speaker: Text = "", date_from: DateQ = "", date_to: DateQ = "",
                   page: Page = 0) -> Response:
        return await as_json(request, lambda: data.quotes(speaker, date_from, date_to, page))

    @app.get("/quotes", include_in_schema=False)
    async def quotes_page(request: Request, speaker: Text = "", date_from: DateQ = "", date_to: DateQ = "",
                    page: Page = 0) -> Response:
        return await as_page(request, "quotes.html", lambda: {
            "result": data.quotes(speaker, date_from, date_to, page), "speakers": data.speakers,
            "filters": {"speaker": speaker, "date_from": date_from, "date_to": date_to}}, api_url(request))

    @app.get("/api/claims", summary="Numeric claims; filter by speaker and document date")
    async def api_claims(request: Request, speaker: Text = "", date_from: DateQ = "", date_to: DateQ = "",
                   page: Page = 0) -> Response:
        return await as_json(request, lambda: data.claims(speaker, date_from, date_to, page))

    @app.get("/claims", include_in_schema=False)
    async def claims_page(request: Request, speaker: Text = "", date_from: DateQ = "", date_to: DateQ = "",
                    page: Page = 0) -> Response:
        return await as_page(request, "claims.html", lambda: {
            "result": data.claims(speaker, date_from, date_to, page),
            "filters": {"speaker": speaker, "date_from": date_from, "date_to": date_to}}, api_url(request))

    # --- conflicts -----------------------------------------------------------------------------------

    @app.get("/api/conflicts", summary="Where sources disagree, each side with its context; filter by kind")
    async def api_conflicts(request: Request, kind: Text = "", page: Page = 0) -> Response:
        return await as_json(request, lambda: data.conflicts_view(kind, page))

    @app.get("/conflicts", include_in_schema=False)
    async def conflicts_page(request: Request, kind: Text = "", page: Page = 0) -> Response:
        return await as_page(request, "conflicts.html",
                             lambda: {"result": data.conflicts_view(kind, page), "kind": kind}, api_url(request))

    # --- documents -----------------------------------------------------------------------------------

    @app.get("/api/documents", summary="Documents with date, precision and where the date came from")
    async def api_documents(request: Request, page: Page = 0) -> Response:
        return await as_json(request, lambda: data.documents(page))

    @app.get("/documents", include_in_schema=False)
    async def documents_page(request: Request, page: Page = 0) -> Response:
        return await as_page(request, "documents.html", lambda: {"result": data.documents(page)}, api_url(request))

    @app.get("/api/documents/{doc_id}", summary="One document: text and its annotation layers with offsets")
    async def api_document(request: Request, doc_id: str) -> Response:
        return await as_json(request, lambda: data.document(doc_id))

    @app.get("/documents/{doc_id}", include_in_schema=False)
    async def document_page(request: Request, doc_id: str,
                            hl: Annotated[str, Query(max_length=24)] = "") -> Response:
        def produce() -> dict | None:
            doc = data.document(doc_id)
            if doc is None:
                return None
            focus = _focus(hl)
            names = {e: data.entity_name(e) for e in {m.get("entity") for m in doc["mentions"]} if e}
            marked = highlight.render(doc["text"], highlight.document_marks(doc, names, focus))
            return {"doc": doc, "marked": marked, "focus": focus, "names": names}
        return await as_page(request, "document.html", produce, "/api/documents/" + quote(doc_id, safe=""))

    # --- search --------------------------------------------------------------------------------------

    def search(q: str, page: int) -> dict[str, Any]:
        total, hits = index.search(q, PER_PAGE_SEARCH, page * PER_PAGE_SEARCH)
        items = [{"doc": h.doc, "score": h.score, "fragment": h.fragment, "highlights": list(h.highlights),
                  **{k: data.doc_meta(h.doc).get(k) for k in ("label", "date", "date_precision", "language")}}
                 for h in hits]
        return {"q": q, "total": total, "page": page, "per_page": PER_PAGE_SEARCH, "items": items}

    @app.get("/api/search", summary="Full-text search (Dutch and English stemming); snippets with highlight "
                                    "ranges (character offsets into the fragment)")
    async def api_search(request: Request, q: Text = "", page: Page = 0) -> Response:
        return await as_json(request, lambda: search(q, page))

    @app.get("/search", include_in_schema=False)
    async def search_page(request: Request, q: Text = "", page: Page = 0) -> Response:
        def produce() -> dict:
            result = search(q, page)
            for item in result["items"]:
                item["snippet"] = highlight.snippet(item["fragment"], tuple(map(tuple, item["highlights"])))
            return {"result": result, "q": q}
        return await as_page(request, "search.html", produce, api_url(request))

    # --- exports and the report ----------------------------------------------------------------------

    @app.get("/report", include_in_schema=False)
    async def report(request: Request) -> Response:
        headers = {**HEADERS, "Content-Security-Policy": REPORT_CSP}
        return await respond(request, lambda: (_locked(data, lambda: render_report(contract_chronicle(store), title))
                                         .encode(), "text/html; charset=utf-8"), headers)

    @app.get("/api/export/timelinejs", summary="The timeline in Knight Lab TimelineJS JSON")
    async def api_timelinejs(request: Request) -> Response:
        return await as_json(request, lambda: _locked(data, lambda: timelinejs(store, title)))

    @app.get("/api/export/network.{fmt}", summary="The entity network as GraphML or GEXF (for Gephi)")
    async def api_network_file(request: Request, fmt: str) -> Response:
        if fmt not in ("graphml", "gexf"):
            raise HTTPException(404, "use network.graphml or network.gexf")

        def make() -> tuple[bytes, str]:
            buffer = io.BytesIO()
            write_graph(_locked(data, lambda: entity_graph(store)), buffer, fmt)
            return buffer.getvalue(), "application/xml"
        return await respond(request, make)

    return app


def _warm(data: Chronicle) -> None:
    data.warm()
    # The views live as long as the process. Left to the cycle collector, each full collection walks all of
    # them (~0.4 s on 1,366 articles), which is what the slowest requests wait for; frozen, it skips them.
    gc.freeze()


def _locked(data: Chronicle, fn: Callable[[], Any]) -> Any:
    with data.lock:
        return fn()

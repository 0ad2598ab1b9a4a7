"""The Kroniek web app: every page of a chronicle in the browser, each with a JSON twin under /api.

The pages are declared in kroniek.web.routes (one declaration per page and its twin); this module serves them:
hosts, headers, the cache, errors, the edits and the exports.

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
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from fastapi import FastAPI, HTTPException, Request
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
from kroniek.web.listing import to_csv
from kroniek.web.live import Fixed, Generation, Live
from kroniek.web.pages import Answers, register
from kroniek.web.routes import ROUTES

HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # the report is one file with inline CSS
# same-origin, not no-referrer: no other site learns what was read, and a browser then sends the app's own Origin
# with a form of `serve --edit` (with no-referrer Chromium sends `Origin: null`, and every edit was refused)
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
LOG = logging.getLogger(__name__)


def _is_http(url: object) -> bool:
    return isinstance(url, str) and url.startswith(("http://", "https://"))


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

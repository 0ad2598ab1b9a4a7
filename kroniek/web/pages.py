"""Each page of the web app declared once; its HTML route and its JSON twin under /api are both made from that.

A page is two functions of the chronicle state: one gives the twin's JSON, and its typed parameters (path and
query, as FastAPI reads them) are the twin's; the other gives the template's context, and its parameters are
the page's. `register` turns one declaration into both routes, so a page cannot be added without its twin, and
the twin's OpenAPI description (summary, parameters, validation) comes from the same declaration.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kroniek.web.live import Generation

Produce = Callable[[Generation], Any]
_PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class Page:
    """One page and its JSON twin. `json(generation, **parameters)` gives the twin's JSON, `html(generation,
    **parameters)` the context of `template`; either gives None for a page that is not there (404)."""

    path: str  # as FastAPI writes it: "/quotes", "/entities/{entity_id:path}"
    summary: str  # of the twin, in the OpenAPI docs
    json: Callable[..., Any]  # its name is the twin's operation name (the OpenAPI operationId is made from it)
    template: str
    html: Callable[..., dict[str, Any] | None]
    api: str = ""  # the twin's path, when it is not "/api" + path
    # the JSON the page links to, from the page's parameters; by default its twin, with the query of the page's
    # URL when both read a query (a parameter one of them does not read would be a lie in the link)
    link: Callable[..., str] | None = None
    # an id that was merged into another (by a journalist's edit): that one's id; the page and its twin then
    # lead there
    moved: Callable[[Generation, str], str | None] | None = None
    csv: bool = False  # a listing (named by the twin's last step): the twin's path + ".csv" gives every row

    @property
    def twin(self) -> str:
        return self.api or "/api" + self.path


@dataclass(frozen=True)
class Json:
    """JSON whose page is another's (an event's is the timeline page it is on), declared like a twin."""

    path: str
    summary: str
    json: Callable[..., Any]
    csv: bool = False

    @property
    def twin(self) -> str:
        return self.path


@dataclass(frozen=True)
class Answers:
    """How the app answers: `json(request, produce)`, `page(request, template, produce, link)` and `csv(request,
    kind, parameters)` (cached, made in a worker thread, a page in the site's layout), `state(request)` the
    chronicle state a request is answered from, `redirect(request, path)` a temporary redirect that keeps the
    query."""

    json: Callable[[Request, Produce], Awaitable[Response]]
    page: Callable[[Request, str, Produce, str], Awaitable[Response]]
    csv: Callable[[Request, str, dict[str, Any]], Awaitable[Response]]
    state: Callable[[Request], Generation]
    redirect: Callable[[Request, str], Response]


def register(app: FastAPI, route: Page | Json, answers: Answers) -> None:
    """The routes of a declaration, each a GET route of `app`: the CSV of a listing and the JSON (described in
    the OpenAPI docs), and a page's HTML (not described)."""
    if route.csv:
        kind = route.twin.rsplit("/", 1)[1]

        async def csv(request: Request, params: dict[str, Any]) -> Response:
            return await answers.csv(request, kind, params)
        app.get(route.twin + ".csv", summary=f"CSV of the {kind} view: every row the filters keep, in its sort",
                response_class=Response)(endpoint(route.json, csv, name="csv"))
    page = route if isinstance(route, Page) else None

    async def twin(request: Request, params: dict[str, Any]) -> Response:
        moved = await _moved(page, route.twin, request, params, answers)
        return moved or await answers.json(request, lambda gen: route.json(gen, **params))
    app.get(route.twin, summary=route.summary)(endpoint(route.json, twin))
    if page is not None:
        _register_html(app, page, answers)


def _register_html(app: FastAPI, page: Page, answers: Answers) -> None:
    query = _reads_query(page.json, page.twin) and _reads_query(page.html, page.path)

    async def html(request: Request, params: dict[str, Any]) -> Response:
        moved = await _moved(page, page.path, request, params, answers)
        if moved is not None:
            return moved
        return await answers.page(request, page.template, lambda gen: page.html(gen, **params),
                                  _link(page, request, params, query))
    app.get(page.path, include_in_schema=False)(endpoint(page.html, html))


def endpoint(fn: Callable[..., Any], run: Callable[[Request, dict[str, Any]], Awaitable[Response]],
             name: str = "") -> Callable[..., Awaitable[Response]]:
    """A route's endpoint whose parameters, as FastAPI reads them, are those of `fn` after the first (the
    chronicle state), named `name` or after `fn`; it hands them to `run` by name. No docstring: FastAPI would publish it
    as the operation's description."""

    async def call(request: Request, **params: Any) -> Response:
        return await run(request, params)
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
    signature = inspect.Signature([request, *parameters(fn)], return_annotation=Response)
    setattr(call, "__signature__", signature)  # noqa: B010 - a function's signature is set, not declared
    call.__name__ = call.__qualname__ = name or fn.__name__
    return call


def parameters(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    """The request parameters of a page's function: all but the first (the chronicle state), types resolved."""
    return list(inspect.signature(fn, eval_str=True).parameters.values())[1:]


def path_names(path: str) -> list[str]:
    return _PATH_PARAM.findall(path)


def filled(path: str, params: dict[str, Any]) -> str:
    """The path with its parameters' values in it, each quoted whole (an id may hold '/')."""
    return _PATH_PARAM.sub(lambda m: quote(str(params[m.group(1)]), safe=""), path)


def _reads_query(fn: Callable[..., Any], path: str) -> bool:
    return any(p.name not in path_names(path) for p in parameters(fn))


def _link(page: Page, request: Request, params: dict[str, Any], query: bool) -> str:
    if page.link is not None:
        return page.link(**params)
    return filled(page.twin, params) + (f"?{request.url.query}" if query and request.url.query else "")


async def _moved(page: Page | None, path: str, request: Request, params: dict[str, Any], answers: Answers
                 ) -> Response | None:
    """A redirect to where the page's item now lives, if it was merged into another."""
    if page is None or page.moved is None:
        return None
    (name,) = path_names(path)
    into = await run_in_threadpool(page.moved, answers.state(request), params[name])
    return None if into is None else answers.redirect(request, filled(path, {name: into}))

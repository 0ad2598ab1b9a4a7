"""The web app over a hand-made chronicle of the seed articles: pages, JSON twins, search, escaping."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_fixtures import ENGLISH_ID, EVIL_ENTITY, EVIL_ID, XSS_IMG, XSS_SCRIPT, build_web_chronicle

from conftest import needs_seeds
from kroniek.store import Store
from kroniek.web import highlight
from kroniek.web.app import create_app
from kroniek.web.cache import Answer, Cache
from kroniek.web.data import in_range
from kroniek.web.pages import Page, filled
from kroniek.web.routes import ROUTES
from kroniek.web.search import INDEX_DIR, SearchIndex

PAGES = ["/", "/timeline", "/chronology", "/entities", "/entities/kim-jong-un", "/network", "/quotes", "/claims",
         "/conflicts",
         "/documents", "/search?q=Vladivostok"]


@pytest.fixture(scope="module")
def chronicle_dir(tmp_path_factory) -> Path:
    return build_web_chronicle(tmp_path_factory.mktemp("web") / "chronicle")


@pytest.fixture(scope="module")
def client(chronicle_dir):
    store = Store.in_dir(chronicle_dir, read_only=True)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def _doc_id(client, words: str) -> str:
    hits = client.get("/api/search", params={"q": f'"{words}"'}).json()["items"]
    assert hits, words
    return hits[0]["doc"]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text += data


def _assert_inert(html: str, url: str) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed"), (url, tag, attrs)
        assert not [a for a in attrs if a.lower().startswith("on")], (url, tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), (url, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (url, tag, attrs)
    assert parser.script_text.strip() == "", url


# --- pages and their JSON twins -----------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("url", PAGES)
def test_every_page_loads_with_a_json_twin_and_a_strict_policy(client, url):
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    twin = re.search(r'<a href="([^"]+)">JSON of this page</a>', page.text).group(1).replace("&amp;", "&")
    api = client.get(twin)
    assert api.status_code == 200 and api.headers["content-type"] == "application/json", twin
    assert api.json()


@needs_seeds
def test_pages_use_no_outside_assets(client):
    for url in PAGES:
        parser = Tags()
        parser.feed(client.get(url).text)
        for _tag, attrs in parser.tags:
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not value.startswith(("http:", "https:", "//")), (url, value)


def _twin_of(client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'<a href="([^"]+)">JSON of this page</a>', page).group(1).replace("&amp;", "&")


def _template_matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


@needs_seeds
def test_openapi_describes_every_json_twin_and_not_the_pages(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert not [p for p in paths if not p.startswith("/api/")]
    pages = [*PAGES, "/entities/vladivostok", f"/documents/{EVIL_ID}", "/quotes?speaker=breuker", "/conflicts?page=0"]
    for url in pages:
        twin = _twin_of(client, url).split("?")[0]
        described = [t for t in paths if _template_matches(t, twin)]
        assert described, (url, twin)
        assert spec["paths"][described[0]]["get"]["summary"], twin
    assert {"/api/export/timelinejs", "/api/export/network.{fmt}", "/api/info", "/api/documents"} <= paths
    params = {p["name"] for p in spec["paths"]["/api/quotes"]["get"]["parameters"]}
    assert {"speaker", "date_from", "date_to", "page"} <= params
    assert {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]} == {"q", "page"}


NOT_PAGES = {"/report", "/events/{event_id}", "/favicon.ico"}  # HTML with no twin: the report, a permalink


@needs_seeds
def test_every_page_is_declared_with_its_twin_and_both_answer(client):
    routes = [r for r in client.app.routes if isinstance(r, APIRoute) and "GET" in r.methods]
    described = {r.path for r in routes if r.include_in_schema}
    html = {r.path for r in routes if not r.include_in_schema}
    pages = [r for r in ROUTES if isinstance(r, Page)]
    assert {p.path for p in pages} == html - NOT_PAGES  # no page made by hand, none declared and not made
    assert {p.twin for p in pages} <= described  # and each with its twin
    ids = {"entity_id": "kim-jong-un", "doc_id": EVIL_ID}
    for page in pages:
        url = filled(page.path, ids)
        answer, twin = client.get(url), client.get(filled(page.twin, ids))
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html"), url
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json", url
        assert twin.json()


@needs_seeds
def test_a_cached_answer_is_the_first_answer_and_errors_are_not_cached(client):
    for url in ["/timeline", "/api/entities/kim-jong-un", "/report", "/quotes?speaker=breuker",
                "/entities/" + quote(EVIL_ENTITY, safe="")]:
        first, again = client.get(url), client.get(url)
        assert first.status_code == again.status_code == 200
        assert again.content == first.content and again.headers == first.headers, url
    assert "default-src 'none'" in client.get("/report").headers["content-security-policy"]
    assert client.get("/quotes?speaker=kim").text != client.get("/quotes?speaker=breuker").text
    assert client.get("/api/entities/nobody").status_code == client.get("/api/entities/nobody").status_code == 404
    assert client.get("/api/quotes?page=-1").status_code == client.get("/api/quotes?page=-1").status_code == 422


def test_the_cache_is_bounded_in_bytes_and_drops_the_least_recently_used():
    cache = Cache(size=10, max_bytes=3000)
    made = []

    def answer(name: str) -> Answer:
        made.append(name)
        return Answer(name.encode() * 1000, "text/plain", {})  # 1,000 bytes: too small to gzip

    for name in "abc":
        cache.get((name, b""), lambda name=name: answer(name))
    assert cache.peek(("a", b"")) is not None  # now the most recently used
    cache.get(("d", b""), lambda: answer("d"))
    assert cache.peek(("b", b"")) is None and cache.peek(("a", b"")) is not None and cache.bytes == 3000
    cache.get(("a", b""), lambda: answer("a"))
    assert made == ["a", "b", "c", "d"]  # a was kept, not made again
    big = Cache(size=10, max_bytes=10)
    big.get(("x", b""), lambda: answer("x"))
    assert big.peek(("x", b"")) is not None  # one answer larger than the budget is still kept


@needs_seeds
def test_large_answers_are_gzipped_for_clients_that_ask(client):
    for url in ["/timeline", "/api/timeline", "/api/documents/" + EVIL_ID]:
        for _ in range(2):  # made, then cached
            plain = client.get(url, headers={"Accept-Encoding": "identity"})
            packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
            refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0, deflate"})
            assert "content-encoding" not in plain.headers and "content-encoding" not in refused.headers
            assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
            assert packed.content == plain.content == refused.content  # httpx decompresses
            assert int(packed.headers["content-length"]) < len(plain.content)
            assert packed.headers["content-security-policy"] == plain.headers["content-security-policy"]
    small = client.get("/api/info", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers  # under a kilobyte: not worth it


@needs_seeds
def test_timeline_orders_events_flags_conflicts_and_keeps_precision(client):
    data = client.get("/api/timeline").json()
    items = {i["id"]: i for i in data["items"]}
    assert "ev-pyongyang" not in items and data["undated"] == 1  # no date, not drawable
    assert [i["date"] for i in data["items"]] == sorted(i["date"] for i in data["items"])
    assert items["ev-father-2001"]["date_precision"] == "year"
    assert items["ev-talk-2023"]["conflicts"] and not items["ev-letter-2022"]["conflicts"]
    assert items["ev-visit-2019"]["key"] and not items["ev-letter-2022"]["key"]
    assert items["ev-visit-2019"]["status"] == "planned"
    page = client.get("/timeline").text
    assert 'class="st st-planned"' in page and "Kim Jong-il bezoekt Rusland per trein" in page
    assert 'class="prec prec-year">year' in page


@needs_seeds
def test_entity_page_shows_aliases_roles_mentions_over_time_quotes_and_events(client):
    e = client.get("/api/entities/kim-jong-un").json()
    assert e["aliases"] == ["Kim Jong-un", "Kim Jung-un"] and "dictator" in e["descriptions"]
    over = e["mentions_over_time"]
    assert over["unit"] == "month" and over["buckets"][0]["date"] == "2019-04"
    assert over["buckets"][-1]["date"] == "2023-09" and len(over["buckets"]) == 54  # gaps kept: time to scale
    assert sum(b["count"] for b in over["buckets"]) == e["n_mentions"]
    assert {ev["id"] for ev in e["events"]} == {"ev-visit-2019", "ev-talk-2023", "ev-letter-2022", "ev-breuker"}
    assert [q["speaker"] for q in e["quotes"]] == ["kim-jong-un"]
    place = client.get("/api/entities/vladivostok").json()
    assert [ev["id"] for ev in place["events"]] == ["ev-visit-2019"] and place["quotes"] == []  # where it happened
    page = client.get("/entities/kim-jong-un").text
    assert page.count("<rect ") == 54 and "Noord-Koreaanse leider" in page and "Wij hebben altijd" in page


@needs_seeds
def test_entity_index_filters_by_alias_and_type(client):
    assert [e["id"] for e in client.get("/api/entities", params={"q": "jung-un"}).json()["items"]] == ["kim-jong-un"]
    gpe = client.get("/api/entities", params={"type": "GPE"}).json()
    assert [e["name"] for e in gpe["items"]] == ["Vladivostok"] and gpe["types"]["PER"] == 4
    assert client.get("/entities/nobody").status_code == 404
    assert client.get("/api/entities/nobody").status_code == 404


@needs_seeds
def test_network_links_entities_that_share_events(client):
    net = client.get("/api/network").json()
    weights = {frozenset((e["source"], e["target"])): e["weight"] for e in net["edges"]}
    assert weights[frozenset(("kim-jong-un", "vladimir-poetin"))] == 3  # visit, talk, letter
    assert weights[frozenset(("kim-jong-un", "vladivostok"))] == 1  # the visit's location
    assert frozenset(("remco-breuker", "vladimir-poetin")) not in weights
    assert client.get("/api/network", params={"limit": 2}).json()["nodes"][0]["id"] in ("kim-jong-un",
                                                                                      "vladimir-poetin")


@needs_seeds
def test_quotes_filter_by_speaker_and_date(client):
    everyone = client.get("/api/quotes").json()
    assert everyone["total"] == 3
    by_id = client.get("/api/quotes", params={"speaker": "remco-breuker"}).json()["items"]
    by_words = client.get("/api/quotes", params={"speaker": "breuker"}).json()["items"]
    assert [q["text"][:21] for q in by_id] == [q["text"][:21] for q in by_words] == ["Het is een ontmoeting"]
    recent = client.get("/api/quotes", params={"date_from": "2023-01"}).json()["items"]
    assert [q["speaker"] for q in recent] == ["kim-jong-un"]
    early = client.get("/api/quotes", params={"date_to": "2019-04-10"}).json()["items"]  # month-dated 2019-04 may
    assert {q["speaker"] for q in early} == {"remco-breuker", EVIL_ENTITY}  # fall before the 10th: kept
    assert client.get("/api/quotes", params={"date_from": "2019-4"}).status_code == 422
    page = client.get("/quotes", params={"speaker": "breuker"}).text
    assert "veiligheidszorgen" in page and "Wij hebben altijd" not in page


def test_in_range_respects_precision():
    assert in_range("2019-04", "2019-04-10", None) and in_range("2019-04", None, "2019-04-01")
    assert not in_range("2019-03", "2019-04-10", None) and not in_range("2019", None, "2018-12")
    assert not in_range(None, "2019", None) and in_range(None, "", "")


@needs_seeds
def test_claims_and_conflicts_side_by_side(client):
    claims = client.get("/api/claims", params={"speaker": "breuker"}).json()["items"]
    assert [(c["value"], c["counts"]) for c in claims] == [(10000.0, "Noord-Koreaanse arbeiders")]
    conflicts = client.get("/api/conflicts").json()
    assert conflicts["total"] == 2 and conflicts["kinds"]["name_variant"] == 1
    assert client.get("/api/conflicts", params={"kind": "place"}).json()["items"] == []
    kim = next(c for c in conflicts["items"] if c["kind"] == "name_variant")
    assert [s["text"] for s in kim["sides"]] == ["Kim Jung-un", "Kim Jong-un"]
    assert kim["sides"][0]["before"].endswith("Noord-Koreaanse leider ")  # context cut from the sentence
    page = client.get("/conflicts").text
    assert page.count('<div class="side">') == 4 and "<mark>Kim Jung-un</mark>" in page


@needs_seeds
def test_document_reader_highlights_layers_by_offset(client):
    doc_id = _doc_id(client, "gaat donderdag op bezoek")
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["date"] == "2019-04" and doc["date_precision"] == "month" and doc["date_source"] == "header"
    start = doc["text"].index("Het is een ontmoeting")
    page = client.get(f"/documents/{doc_id}", params={"hl": f"{start}-{start + 6}"}).text
    assert '<span class="tx" title="DATE 2019-04-25">donderdag</span>' in page
    assert '<span class="cl" title="claim: 10000 Noord-Koreaanse arbeiders">zo\'n tienduizend' in page
    assert '<a href="/entities/remco-breuker"><span class="ent ent-PER" title="PER → Remco Breuker">Breuker' in page
    assert '<span class="qt focus" title="quote: Breuker" id="focus">Het is</span>' in page
    assert "<dd>header</dd>" in page


@needs_seeds
def test_search_stems_dutch_and_english_and_highlights(client):
    nl = client.get("/api/search", params={"q": "ontmoetingen"}).json()  # text has ontmoeting / ontmoeten
    assert nl["total"] >= 3
    first = nl["items"][0]
    marked = [first["fragment"][a:b].lower() for a, b in first["highlights"]]
    assert marked and all(m.startswith("ontmoet") for m in marked)
    en = client.get("/api/search", params={"q": "meeting"}).json()["items"]
    assert [h["doc"] for h in en] == [ENGLISH_ID]
    assert "<mark>meetings</mark>" in client.get("/search", params={"q": "meeting"}).text
    assert client.get("/api/search", params={"q": "officiele"}).json()["total"] >= 1  # officiële, folded
    assert client.get("/api/search", params={"q": '"unbalanced AND ('}).status_code == 200
    assert client.get("/api/search", params={"q": "zzzqqq"}).json()["total"] == 0


@needs_seeds
def test_report_and_exports_are_served(client):
    report = client.get("/report")
    assert report.status_code == 200 and "default-src 'none'" in report.headers["content-security-policy"]
    tl = client.get("/api/export/timelinejs").json()
    assert {e["start_date"]["year"] for e in tl["events"]} == {2019, 2023}
    assert client.get("/api/export/network.gexf").text.lstrip().startswith("<?xml")
    assert client.get("/api/export/network.dot").status_code == 404


# --- untrusted text ----------------------------------------------------------------------------------


@needs_seeds
def test_payloads_are_escaped_on_every_page(client):
    evil_entity = "/entities/" + quote(EVIL_ENTITY, safe="")
    showing = ["/timeline", "/entities", "/network", "/quotes", "/claims", "/conflicts", "/documents", evil_entity,
               f"/documents/{EVIL_ID}", f"/documents/{EVIL_ID}?hl=0-30", "/search?q=" + quote(XSS_SCRIPT),
               "/search?q=Burgemeester", "/entities?q=" + quote(XSS_IMG), "/quotes?speaker=" + quote(XSS_SCRIPT),
               "/claims?speaker=" + quote(XSS_IMG), "/report"]
    for url in [*PAGES, *showing]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.text, url)
        if url in showing:  # the payloads are shown as text, not dropped
            assert "&lt;script&gt;" in response.text or "&lt;img" in response.text, url
    assert client.get("/api" + evil_entity).json()["name"] == XSS_SCRIPT


@needs_seeds
def test_payloads_in_the_json_api_are_data_never_a_page(client):
    evil_entity = "/api/entities/" + quote(EVIL_ENTITY, safe="")
    urls = ["/api/timeline", "/api/entities", evil_entity, "/api/network", "/api/quotes", "/api/claims",
            "/api/conflicts", "/api/documents", f"/api/documents/{EVIL_ID}", "/api/search?q=" + quote(XSS_SCRIPT),
            "/api/search?q=Burgemeester", "/api/quotes?speaker=" + quote(XSS_SCRIPT)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == "application/json", url  # never sniffed as HTML
        assert response.headers["x-content-type-options"] == "nosniff", url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        assert "<script>" in response.text or "onerror=" in response.text, url  # the payloads, as they are
    doc = client.get(f"/api/documents/{EVIL_ID}").json()
    assert doc["title"] == XSS_SCRIPT and XSS_IMG in doc["text"]  # exact, not escaped twice
    assert client.get("/api/quotes", params={"speaker": XSS_SCRIPT}).json()["items"][0]["cue"] == XSS_IMG


# --- search index life cycle and opening the store ---------------------------------------------------


@needs_seeds
def test_search_index_is_built_once_and_rebuilt_when_documents_change(chronicle_dir, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(chronicle_dir, folder, ignore=shutil.ignore_patterns(INDEX_DIR))
    with Store.in_dir(folder, read_only=True) as store:
        assert SearchIndex.for_store(store).rebuilt
        again = SearchIndex.for_store(store)
        assert not again.rebuilt and again.search("Vladivostok")[0] >= 3
    with Store.in_dir(folder) as store:
        store.con.execute("UPDATE documents SET id = 'renamed' WHERE id = ?", [ENGLISH_ID])
    with Store.in_dir(folder, read_only=True) as store:
        fresh = SearchIndex.for_store(store)
        assert fresh.rebuilt and fresh.search("meeting")[1][0].doc == "renamed"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(INDEX_DIR)) == [INDEX_DIR]


# --- highlighting ------------------------------------------------------------------------------------


def test_overlapping_marks_are_split_and_each_piece_escaped():
    text = "Jan <b> zei 5 keer"
    html = highlight.render(text, [highlight.Mark(0, 11, "qt", 'q "x"'), highlight.Mark(0, 3, "ent", "", "/e/1"),
                                   highlight.Mark(12, 13, "cl"), highlight.Mark(5, 99, "bad"),
                                   highlight.Mark(4, 4, "empty")])
    assert str(html) == ('<a href="/e/1"><span class="qt ent" title="q &quot;x&quot;">Jan</span></a>'
                         '<span class="qt" title="q &quot;x&quot;"> &lt;b&gt; zei</span> '
                         '<span class="cl">5</span> keer')


def test_snippet_marks_terms_and_escapes_the_rest():
    html = highlight.snippet("a <i>ontmoeting</i> b", ((5, 15),))
    assert str(html) == "a &lt;i&gt;<mark>ontmoeting</mark>&lt;/i&gt; b"


# --- errors and protocol -----------------------------------------------------------------------------


@needs_seeds
def test_errors_are_pages_in_the_layout_for_pages_and_json_for_the_api(client):
    for url in ["/entities/nobody", "/documents/nothing", "/no/such/page"]:
        page = client.get(url)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), url
        assert '<header class="top">' in page.text and "404" in page.text and "not found" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
    api = client.get("/api/entities/nobody")
    assert api.status_code == 404 and api.json() == {"detail": "not found"}
    bad = client.get("/quotes", params={"date_from": "yesterday"})
    assert bad.status_code == 422 and '<header class="top">' in bad.text and "date_from" in bad.text


@needs_seeds
def test_bad_input_is_never_echoed_beyond_a_short_prefix(client):
    long = "ontmoeting" * 1000  # 10,000 characters
    for url in ["/api/search", "/search"]:
        response = client.get(url, params={"q": long})
        assert response.status_code == 422, url
        assert len(response.text) < 4000 and long[:200] not in response.text, url
        assert long[:40] in response.text  # the prefix, so the user sees what was meant
    detail = client.get("/api/quotes", params={"date_to": "x" * 500}).json()["detail"]
    assert detail[0]["loc"] == ["query", "date_to"] and len(detail[0]["input"]) <= 41


@needs_seeds
def test_head_answers_every_get_route_without_a_body(client):
    for url in [*PAGES, "/api/timeline", "/api/info", "/static/style.css", "/report", "/api/export/timelinejs",
                "/favicon.ico"]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"], url
    assert client.head("/entities/nobody").status_code == 404


@needs_seeds
def test_static_files_carry_the_security_headers(client):
    for url in ["/static/style.css", "/static/timeline.js", "/static/favicon.svg"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["x-content-type-options"] == "nosniff", url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
        assert response.headers["referrer-policy"] == "same-origin", url
    assert client.get("/static/../app.py").status_code == 404


def test_the_host_allow_list_follows_the_listening_address():
    from kroniek.web.app import allowed_hosts

    assert allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    assert "kroniek.example.org" in allowed_hosts("0.0.0.0", ("kroniek.example.org",))
    assert allowed_hosts("0.0.0.0") is None  # any address: the names it is reached by are not known
    assert "10.0.0.5" in allowed_hosts("10.0.0.5")


@needs_seeds
def test_requests_for_another_host_are_refused(chronicle_dir):
    from kroniek.web.app import allowed_hosts

    with Store.in_dir(chronicle_dir, read_only=True) as store:
        client = TestClient(create_app(store, hosts=allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000")
        assert client.get("/api/info").status_code == 200
        assert client.get("/api/info", headers={"Host": "localhost:8000"}).status_code == 200
        assert client.get("/api/info", headers={"Host": "[::1]:8000"}).status_code == 200
        evil = client.get("/timeline", headers={"Host": "attacker.example"})  # DNS rebinding
        assert evil.status_code == 400 and "Kroniek" not in evil.text

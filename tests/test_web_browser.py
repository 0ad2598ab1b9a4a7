"""The web app end to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Skipped when Chromium or Playwright is missing. With KRONIEK_SCREENSHOTS=DIR set, the main pages are also saved
there as PNG, for docs/: of KRONIEK_SCREENSHOTS_CHRONICLE if set (a real build), else of the fixture chronicle
without the script payloads.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from web_fixtures import EVIL_ENTITY, EVIL_ID, XSS_IMG, XSS_SCRIPT, build_web_chronicle

from conftest import SEEDS, needs_seeds
from kroniek.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [needs_seeds, pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(folder: Path, source=None, **app_options):
    """The app on a free local port for the body of a `with`; stopped after it, and its source closed (the
    chronicle opened here, or the live source given)."""
    import uvicorn

    from kroniek.web.app import create_app

    store = source or Store.in_dir(folder, read_only=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, **app_options), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with _serving(build_web_chronicle(tmp_path_factory.mktemp("browser") / "c")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.problems = []  # script errors, dialogs and requests that leave the app: none may happen
    p.on("pageerror", lambda exc: p.problems.append(f"error: {exc}"))
    p.on("console", lambda msg: msg.type == "error" and p.problems.append(f"console: {msg.text}"))
    p.on("dialog", lambda d: (p.problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("request", lambda r: r.url.startswith((base_url + "/", "data:")) or p.problems.append(f"offsite: {r.url}"))
    yield p
    context.close()


EVIL_ENTITY_PATH = "/entities/" + quote(EVIL_ENTITY, safe="")
# Elements the payloads would make if a page let them through as HTML: an image, a script that is not one of
# ours, or any attribute that runs code. The page's own scripts are all files under /static/.
INJECTED = """() => {
  const found = [...document.querySelectorAll('img, iframe, object, embed')].map(e => e.outerHTML);
  for (const s of document.scripts) {
    if (!s.src || new URL(s.src).pathname.indexOf('/static/') !== 0) found.push(s.outerHTML);
  }
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)) found.push(e.tagName + ' ' + a.name);
    }
  }
  return found;
}"""
# Pages that show the payloads: as text, so a reader sees them literally.
SHOWING = [EVIL_ENTITY_PATH, f"/documents/{EVIL_ID}", f"/documents/{EVIL_ID}?hl=0-30", "/quotes", "/claims",
           "/conflicts", "/entities?q=" + quote(XSS_IMG), "/quotes?speaker=" + quote(XSS_SCRIPT),
           "/search?q=Burgemeester", "/report"]


@pytest.mark.parametrize("path", ["/", "/timeline", "/entities", "/entities/kim-jong-un", "/network", "/documents",
                                  "/search?q=" + quote(XSS_SCRIPT), "/search?q=" + quote(XSS_IMG), *SHOWING])
def test_pages_load_without_errors_or_script_payloads_running(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() >= 1
    assert page.evaluate(INJECTED) == []
    if path in SHOWING:
        body = page.locator("body").inner_text()
        assert XSS_SCRIPT in body or XSS_IMG in body, path
    assert page.problems == []  # a blocked inline script is a console error, a script that ran opens a dialog


def test_timeline_draws_payloads_as_text(page, base_url):
    page.goto(base_url + "/timeline")
    page.wait_for_selector("svg#timeline g.ev")
    evil = page.locator("svg#timeline g.ev", has=page.locator("title", has_text=XSS_SCRIPT))
    evil.click()
    assert page.locator("#sources-title").text_content() == f"{XSS_SCRIPT} {XSS_IMG}"
    page.wait_for_selector("#sources-list a.source-link")  # the sources come from /api/events/<id>
    assert XSS_SCRIPT in page.locator("#sources-list").inner_text()
    assert page.evaluate(INJECTED) == []
    assert page.problems == []


@pytest.mark.parametrize("path", [f"/api/documents/{EVIL_ID}", "/api" + EVIL_ENTITY_PATH, "/api/timeline",
                                  "/api/search?q=Burgemeester"])
def test_json_twins_open_in_the_browser_as_data(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.status == 200 and response.headers["content-type"] == "application/json"
    assert page.evaluate("() => document.contentType") == "application/json"
    assert "<script>" in page.locator("body").inner_text()  # shown as the text it is
    assert page.evaluate(INJECTED) == []
    assert page.problems == []


def test_timeline_draws_zooms_and_a_click_opens_the_sources(page, base_url):
    page.goto(base_url + "/timeline")
    page.wait_for_selector("svg#timeline g.ev")
    assert page.locator("svg#timeline g.ev").count() == 6  # the dated events
    assert page.locator("svg#timeline g.ev rect").count() == 4  # month- and year-precise: bars, not dots
    assert page.locator("svg#timeline g.ev.conflicted").count() == 2
    before = page.locator("svg#timeline .axis text").all_text_contents()
    page.click("#tl-in")
    page.click("#tl-in")
    assert page.locator("svg#timeline .axis text").all_text_contents() != before
    page.click("#tl-reset")
    visit = page.locator("svg#timeline g.ev", has=page.locator("title", has_text="Kim Jong-un bezoekt Poetin"))
    visit.click()
    assert page.locator("#sources").is_visible()
    assert page.locator("#sources-title").text_content() == "Kim Jong-un bezoekt Poetin in Vladivostok"
    links = page.locator("#sources-list a.source-link")
    links.first.wait_for()  # the sources come from /api/events/<id>
    assert links.count() == 1
    links.first.click()
    page.wait_for_url("**/documents/**")
    focus = page.locator("#focus")
    assert focus.is_visible() and focus.text_content().startswith("De Noord-Koreaanse dictator")
    assert page.problems == []


def test_search_from_the_header_finds_stemmed_words(page, base_url):
    page.goto(base_url + "/")
    page.fill("header input[name=q]", "ontmoetingen")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=ontmoetingen")
    assert page.locator("ol.results > li").count() >= 3
    assert page.locator("p.snippet mark").first.text_content().lower().startswith("ontmoet")


def test_network_draws_entities_that_link_to_their_pages(page, base_url):
    page.goto(base_url + "/network")
    page.wait_for_selector("svg#network a.node")
    assert page.locator("svg#network a.node").count() == 5
    assert page.locator("svg#network line").count() == 5
    page.locator("svg#network a.node", has_text="Remco Breuker").locator("circle").click()
    page.wait_for_url("**/entities/remco-breuker")
    assert page.locator("h1").text_content().startswith("Remco Breuker")


def test_reader_layers_can_be_switched_off(page, base_url):
    page.goto(base_url + "/documents")
    page.locator("a", has_text="De Noord-Koreaanse dictator").click()
    page.wait_for_selector("#doc-text")
    colour = "() => getComputedStyle(document.querySelector('#doc-text .tx')).textDecorationLine"
    assert page.evaluate(colour) == "underline"
    page.uncheck("input[data-layer=tx]")
    assert page.evaluate(colour) == "none"


PHONE_PAGES = ["/", "/timeline", "/chronology", "/entities", "/entities/kim-jong-un", "/network", "/quotes", "/claims",
               "/conflicts",
               "/documents", f"/documents/{EVIL_ID}", "/search?q=ontmoeting", "/no/such/page",
               "/quotes?date_from=nonsense"]
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.scroll')) continue;  // a wide table may scroll within its own box
    if (e.ownerSVGElement) continue;  // drawn inside an SVG, which clips to its own box
    const r = e.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push(e.tagName + '.' + e.getAttribute('class') + ' ' + Math.round(r.right));
  }
  return [document.documentElement.scrollWidth, width, out.slice(0, 5)];
}"""


@pytest.mark.parametrize("width", [390, 360])
def test_no_page_is_wider_than_a_phone(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    p = context.new_page()
    try:
        for path in PHONE_PAGES:
            p.goto(base_url + path)
            p.wait_for_load_state("networkidle")
            scroll_width, client_width, sticking_out = p.evaluate(OVERFLOW)
            assert client_width == width, path
            assert scroll_width <= width and sticking_out == [], (path, scroll_width, sticking_out)
    finally:
        context.close()


def test_citations_name_outlet_date_and_title_and_show_the_sentence_on_hover(page, base_url):
    page.goto(base_url + "/timeline")
    page.wait_for_selector("svg#timeline g.ev")
    cite = page.locator("#ev-ev-visit-2019 a.cite").first
    assert " · 2019-04 · " in cite.text_content() or " · 2019-04" in cite.text_content()
    assert cite.get_attribute("title").startswith("De Noord-Koreaanse dictator Kim Jong-un gaat donderdag")
    page.locator("svg#timeline g.ev", has=page.locator("title", has_text="Kim en Poetin spreken")).click()
    links = page.locator("#sources-list a.source-link")
    links.first.wait_for()
    labels = links.all_text_contents()
    assert len(labels) == 2 and len(set(labels)) == 2  # two articles, told apart
    assert all(links.nth(i).get_attribute("title") for i in range(2))
    assert page.problems == []


def test_an_article_added_while_the_page_is_open_appears_after_reload(browser, tmp_path):
    import shutil
    import subprocess
    import sys

    from kroniek.web.live import Live

    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], inputs / seeds[0].name)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}

    def kroniek(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kroniek", *args], capture_output=True, text=True, env=env,
                              timeout=300)
    assert kroniek("build", str(inputs), "--out", str(tmp_path / "c"), "--no-report", "--jobs", "1").returncode == 0
    live = Live(tmp_path / "c", interval=0.2)
    with _serving(tmp_path / "c", live) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        p = context.new_page()
        problems = []
        p.on("pageerror", lambda exc: problems.append(str(exc)))
        p.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
        assert p.goto(url + "/documents").status == 200
        assert p.locator("tbody tr").count() == 1
        added = kroniek("add", str(tmp_path / "c"), str(seeds[1]), "--jobs", "1")
        assert added.returncode == 0, added.stderr  # the page was open and the app serving: no lock in the way
        deadline = time.monotonic() + 60
        while p.locator("tbody tr").count() < 2:  # the reload happens in the background: bounded wait
            assert time.monotonic() < deadline, "the added article never appeared"
            time.sleep(0.3)
            assert p.reload().status == 200
        assert problems == []
        context.close()


def test_a_merge_made_in_the_browser_outlives_add_and_a_rebuild(browser, tmp_path):
    """'Moskou' as the Russian state: the journalist merges the city into Russia on its page (serve --edit); the
    merge holds for the article added next and for a rebuild of the same articles into the same folder. With
    KRONIEK_SCREENSHOTS set, the merged entity's page is saved there for docs/."""
    import shutil

    from web_fixtures import kroniek_cli, wait_until

    from kroniek.web.live import Live

    inputs, folder = tmp_path / "in", tmp_path / "c"
    inputs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:3]:
        shutil.copy(path, inputs / path.name)
    assert kroniek_cli("build", str(inputs), "--out", str(folder), "--no-report", "--jobs", "1").returncode == 0
    live = Live(folder, interval=0.2)
    with _serving(folder, live, edit=True) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        p = context.new_page()
        problems: list[str] = []
        p.on("pageerror", lambda exc: problems.append(str(exc)))
        p.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))

        def mentions(entity: str) -> int:
            return p.request.get(f"{url}/api/entities/{entity}").json()["n_mentions"]
        moscow, russia = mentions("city-moscow"), mentions("country-ru")
        assert p.goto(url + "/entities/city-moscow").status == 200
        merge = p.locator("form.edit", has=p.locator("button[value=merge]"))
        merge.locator("input[name=value]").fill("Rusland")
        merge.locator("input[name=edited_by]").fill("Anna")
        merge.locator("button[value=merge]").click()
        p.wait_for_url("**/entities/country-ru")  # the merged entity's page leads to the one it went into
        assert "Merged into this entity by an editor: “Moskou” (city-moscow) · Anna." in p.locator("main").inner_text()
        assert mentions("country-ru") == moscow + russia

        def merged() -> bool:
            """City-moscow's page leads to Russia, the listing and the CLI know no city-moscow, and the added
            article's 'Moskou' counts for Russia."""
            page = p.goto(url + "/entities/city-moscow")
            assert page.status == 200 and p.url.endswith("/entities/country-ru")
            listed = p.request.get(url + "/api/entities?per_page=500").json()["items"]
            assert "city-moscow" not in {e["id"] for e in listed}
            cli = json.loads(kroniek_cli("entities", str(folder), "--json").stdout)
            assert "city-moscow" not in {e["id"] for e in cli}
            assert len(next(e for e in cli if e["id"] == "country-ru")["mentions"]) == mentions("country-ru")
            added = next(d["id"] for d in p.request.get(url + "/api/documents").json()["items"]
                         if d["source"].endswith(seeds[3].name))
            linked = {m["entity"] for m in p.request.get(f"{url}/api/documents/{added}").json()["mentions"]
                      if m["text"] == "Moskou"}
            return linked == {"country-ru"} and mentions("country-ru") > moscow + russia
        assert kroniek_cli("add", str(folder), str(seeds[3]), "--jobs", "1").returncode == 0  # 'Moskou' once more
        wait_until(lambda: p.request.get(url + "/api/info").json()["counts"]["documents"] == 4,
                   "the addition never showed")
        assert merged()
        version = live.generation.version
        (folder / "chronicle.duckdb").unlink()  # a rebuild from the same articles: the edits file stays
        shutil.rmtree(folder / "search-index")
        shutil.copy(seeds[3], inputs / seeds[3].name)
        assert kroniek_cli("build", str(inputs), "--out", str(folder), "--no-report", "--jobs", "1").returncode == 0
        wait_until(lambda: p.request.get(url + "/api/info").status == 200 and live.generation.version > version,
                   f"the rebuilt chronicle never showed ({live.error})")
        assert merged()
        if os.environ.get("KRONIEK_SCREENSHOTS"):
            p.goto(url + "/entities/country-ru")
            p.screenshot(path=str(Path(os.environ["KRONIEK_SCREENSHOTS"]) / "web-merge.png"))
        assert problems == []
        context.close()


@pytest.mark.skipif(not os.environ.get("KRONIEK_SCREENSHOTS"), reason="KRONIEK_SCREENSHOTS not set")
def test_screenshots_of_the_main_pages(browser, tmp_path):
    out = Path(os.environ["KRONIEK_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    chronicle = os.environ.get("KRONIEK_SCREENSHOTS_CHRONICLE")  # a real build; the fixture without payloads else
    folder = Path(chronicle) if chronicle else build_web_chronicle(tmp_path / "c", evil=False)
    with _serving(folder) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 820})
        p = context.new_page()
        top = p.request.get(url + "/api/entities").json()["items"][0]["id"]
        shots = {"timeline": "/timeline", "entity": "/entities/" + quote(top, safe=""), "network": "/network",
                 "conflicts": "/conflicts", "search": "/search?q=ontmoetingen", "quotes": "/quotes"}
        for name, path in shots.items():
            p.goto(url + path)
            p.wait_for_load_state("networkidle")
            if name == "timeline":
                p.locator("svg#timeline g.ev.key").first.click()
            p.screenshot(path=str(out / f"web-{name}.png"))
        p.goto(url + "/documents")
        p.locator("a", has_text="De Noord-Koreaanse dictator").click()
        p.wait_for_load_state("networkidle")
        p.screenshot(path=str(out / "web-reader.png"))
        context.close()
    assert len(list(out.glob("web-*.png"))) == 7

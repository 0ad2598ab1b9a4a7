"""The web app at the size of a real archive: a generated chronicle as large as dpgmedia2019 (1,400 documents,
1,100 events, 3,000 quotes). Every listing is paged, the pages together hold every row once, an event has a
permalink by its id, the timeline chart opens on the dense range, and one count of events is given everywhere.
Listings filter, facet, sort and export the view as JSON and CSV, and links keep the view."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from web_fixtures import EARLY, LATE, OUTLETS, build_large_chronicle

from kroniek.web.app import create_app
from kroniek.web.live import Live

N_EVENTS, N_UNDATED, N_QUOTES, N_DOCS = 1100, 50, 3000, 1400


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    live = Live(build_large_chronicle(tmp_path_factory.mktemp("large") / "c"))
    with TestClient(create_app(live)) as c:
        yield c
    live.close()


def _links(html: str, rel: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(rf'<a rel="{rel}" href="([^"]+)"', html)]


def test_the_timeline_is_paged_and_its_pages_hold_every_event_once(client):
    seen, url, pages = [], "/timeline", 0
    while url:
        page = client.get(url)
        assert page.status_code == 200
        rows = re.findall(r'<tr id="ev-([^"]+)"', page.text)
        assert 0 < len(rows) <= 100, url  # a page, not 1,100 rows
        assert len(page.text) < 200_000, url
        seen += rows
        pages += 1
        nxt = _links(page.text, "next")
        url = nxt[0].split("#")[0] if nxt else None
    assert pages == 11 and len(seen) == len(set(seen)) == N_EVENTS
    assert seen[-N_UNDATED:] == [f"ev-{j:05d}" for j in range(N_EVENTS - N_UNDATED, N_EVENTS)]  # undated last


def test_an_event_link_is_by_its_id_and_finds_the_page_it_is_on(client):
    link = client.get("/events/ev-00700", follow_redirects=False)
    assert link.status_code == 307
    target = link.headers["location"]
    assert target.endswith("#ev-ev-00700") and "page=" in target
    assert 'id="ev-ev-00700"' in client.get(target.split("#")[0]).text
    assert 'href="/events/ev-00700"' in client.get(target.split("#")[0]).text  # the permalink is on the page
    assert client.get("/api/events/ev-00700").json()["summary"] == "Gebeurtenis 700 met p40"
    assert client.get("/events/ev-nothing").status_code == 404


def test_the_chart_opens_on_the_dense_range_with_outliers_apart(client):
    chart = client.get("/api/timeline").json()
    assert chart["focus"]["from"] == "2019-01-01" and chart["focus"]["to"] == "2019-12-31"
    assert chart["focus"]["before"] == len(EARLY) and chart["focus"]["after"] == len(LATE)
    assert chart["focus"]["first"] == "1700" and chart["focus"]["last"] == "2050-01-01"
    page = client.get("/timeline").text
    assert 'data-from="2019-01-01" data-to="2019-12-31"' in page
    assert f"{len(EARLY)} earlier</a> (from 1700)" in page and f"{len(LATE)} later</a> (until 2050-01-01)" in page


def test_one_count_of_events_everywhere(client):
    info = client.get("/api/info").json()["counts"]
    chart = client.get("/api/timeline").json()
    listing = client.get("/api/events").json()
    assert info["events"] == listing["total"] == chart["total"] == N_EVENTS
    assert len(chart["items"]) + chart["undated"] == N_EVENTS and chart["undated"] == N_UNDATED
    home, timeline = client.get("/").text, client.get("/timeline").text
    assert f"<b>{N_EVENTS}</b> events" in home and f"{N_EVENTS - N_UNDATED} dated" in home
    assert f"{N_EVENTS} events in the chronicle: {N_EVENTS - N_UNDATED} dated" in timeline
    assert f"{N_UNDATED} undated" in timeline and "20 of them are key events" in timeline


def test_every_listing_is_paged(client):
    for name, total in (("events", N_EVENTS), ("quotes", N_QUOTES), ("documents", N_DOCS), ("entities", 60)):
        first = client.get(f"/api/{name}").json()
        assert first["total"] == total and len(first["items"]) == min(first["per_page"], total), name
        last = client.get(f"/api/{name}", params={"page": first["pages"] - 1}).json()
        assert len(last["items"]) == total - (first["pages"] - 1) * first["per_page"], name
    quotes = client.get("/quotes", params={"page": 3}).text
    assert "page 4 of 15" in quotes and quotes.count("<tr>") == 201  # the header row and 200 quotes


def test_facets_count_and_filter_and_the_links_keep_the_view(client):
    view = client.get("/api/events", params={"status": "speculated", "entity": "p07"}).json()
    assert view["total"] == sum(1 for j in range(N_EVENTS) if j % 4 == 2 and 7 in (j % 60, (j + 1) % 60)) > 0
    assert all(e["status"] == "speculated" and "p07" in e["participants"] for e in view["items"])
    assert {f["value"]: f["count"] for f in view["facets"]["status"]} == {"speculated": view["total"]}
    years = {f["value"]: f["count"] for f in client.get("/api/events").json()["facets"]["year"]}
    assert years["2019"] == N_EVENTS - N_UNDATED - len(EARLY) - len(LATE) and years["1700"] == 1
    page = client.get("/timeline", params={"status": "speculated", "entity": "p07", "q": "Gebeurtenis"}).text
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(/timeline\?[^"]+)"', page)]
    facet_links = [h for h in hrefs if "type=" in h]
    assert facet_links, "no facet links"
    for href in facet_links:  # choosing a type keeps the text, entity and status already chosen
        query = parse_qs(urlsplit(href).query)
        assert query["status"] == ["speculated"] and query["entity"] == ["p07"] and query["q"] == ["Gebeurtenis"]
    chosen = client.get(facet_links[0].split("#")[0]).text
    assert 'class="chosen"' in chosen


def test_sort_by_a_column_either_way(client):
    docs = client.get("/api/documents", params={"sort": "-n_chars"}).json()["items"]
    assert [d["n_chars"] for d in docs] == sorted((d["n_chars"] for d in docs), reverse=True)
    longest = max(range(N_DOCS), key=lambda i: (len(str(i)), i))
    assert docs[0]["id"] == f"d{longest:05d}" or docs[0]["n_chars"] >= client.get(
        f"/api/documents/d{longest:05d}").json()["n_chars"]
    names = [e["name"] for e in client.get("/api/entities", params={"sort": "name"}).json()["items"]]
    assert names == sorted(names, key=str.casefold)
    page = client.get("/documents", params={"sort": "-n_chars"}).text
    assert 'href="/documents?sort=date"' in page  # the date column sorts by date
    assert client.get("/api/documents", params={"sort": "no_such"}).json()["sort"] == ""  # unknown: listing order


def test_csv_and_json_of_the_current_view(client):
    params = {"outlet": OUTLETS[1], "date_from": "2019-03", "date_to": "2019-03-31"}
    view = client.get("/api/documents", params=params).json()
    got = client.get("/api/documents.csv", params=params)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert len(rows) == view["total"] > 0
    assert {r["outlet"] for r in rows} == {OUTLETS[1]} and all(r["date"].startswith("2019-03") for r in rows)
    assert rows[0]["citation"] == f"{OUTLETS[1]} · {rows[0]['date']} · {rows[0]['title']}"
    quotes = client.get("/api/quotes.csv", params={"entity": "p03"}).content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(quotes)))) == client.get("/api/quotes", params={"entity": "p03"}
                                                                         ).json()["total"] == sum(
        1 for k in range(N_QUOTES) if k % N_DOCS % 60 == 3)  # the speaker's quotes
    page = client.get("/documents", params=params).text
    link = re.search(r'href="(/api/documents\.csv\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()} == params  # the CSV of this very view


def test_a_page_not_ready_in_time_says_so_and_reloads_until_it_is(tmp_path, monkeypatch):
    """`kroniek serve` has patience 0.8 s: a page whose views are still being made (the warm-up of a large
    chronicle) answers at once that it is being prepared, goes on being made, and is served once ready. Here a
    view is held back by an event until the test lets it go; /api always waits."""
    import threading

    from web_fixtures import wait_until

    from kroniek.web.data import Chronicle

    folder = build_large_chronicle(tmp_path / "c", n_docs=20, n_events=20, n_quotes=5, n_undated=2)
    release, original = threading.Event(), Chronicle.entities_view

    def held(self, view):
        assert release.wait(60), "never released"
        return original(self, view)
    monkeypatch.setattr(Chronicle, "entities_view", held)
    live = Live(folder)
    try:
        with TestClient(create_app(live, patience=0.05)) as c:
            first = c.get("/entities")
            assert first.status_code == 503 and first.headers["retry-after"] == "2"
            assert "This page is being prepared" in first.text and 'http-equiv="refresh"' in first.text
            release.set()
            ready = wait_until(lambda: (r := c.get("/entities")).status_code == 200 and r, "the page never came")
            assert "Entities" in ready.text and 'http-equiv="refresh"' not in ready.text
            assert c.get("/api/entities").status_code == 200
    finally:
        live.close()

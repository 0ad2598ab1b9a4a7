"""The web app's chronology page: every dated event of the seed story, grouped by year and month, each cited."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import SEEDS, needs_seeds
from kroniek.build import build
from kroniek.export.contract import chronicle
from kroniek.store import Store
from kroniek.web import data as web_data
from kroniek.web.app import create_app


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    build([str(SEEDS)], out, jobs=1)
    with Store.in_dir(out, read_only=True) as store:
        exported = chronicle(store)
    return out, exported


def _client(folder):
    return TestClient(create_app(Store.in_dir(folder, read_only=True)))


@needs_seeds
def test_the_page_lists_the_exports_chronology_by_year_with_citations(seeds):
    folder, exported = seeds
    with _client(folder) as client:
        api = client.get("/api/chronology").json()
        html = client.get("/chronology").text
    assert api["total"] == len(exported["chronology"]) > 5
    listed = [e["id"] for y in api["years"] for mo in y["months"] for e in mo["entries"]]
    assert listed == [e["id"] for e in exported["chronology"]]  # same entries, same order as the export
    years = [y["label"] for y in api["years"]]
    assert {"2001", "2019", "2022", "2023"} <= set(years)
    assert any(label.startswith("≥ 2022") for label in years)  # the undated article's planned visit, by its bound
    for year in ("2001", "2019", "2022", "2023"):
        assert f'id="y-{year}"' in html
    entries = html.count('<li id="ev-')
    assert entries == api["total"]
    assert len(re.findall(r'<div class="cites"><a class="cite" href="/documents/', html)) == entries  # all cited


@needs_seeds
def test_a_long_chronology_is_paged(seeds, monkeypatch):
    folder, exported = seeds
    monkeypatch.setattr(web_data, "PAGE_CHRONOLOGY", 4)
    with _client(folder) as client:
        first = client.get("/api/chronology").json()
        last = client.get("/api/chronology", params={"page": 999}).json()  # past the end: the last page
        html = client.get("/chronology", params={"page": 1}).text
    total = len(exported["chronology"])
    assert first["total"] == total and first["per_page"] == 4
    assert sum(len(mo["entries"]) for y in first["years"] for mo in y["months"]) == 4
    assert last["page"] == (total - 1) // 4
    assert 'rel="next"' in html and 'rel="prev"' in html

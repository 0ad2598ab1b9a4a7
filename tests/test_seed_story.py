"""The reference corpus end to end: the story's timeline and its disagreements, as issue 6 asks for them."""

from __future__ import annotations

import pytest

from conftest import SEEDS, needs_seeds
from kroniek.build import build
from kroniek.export.contract import chronicle
from kroniek.store import Store

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    out = tmp_path_factory.mktemp("seedstory") / "c"
    build([str(SEEDS)], out, jobs=1)
    with Store.in_dir(out, read_only=True) as store:
        return chronicle(store)


def _entries(story, date, word):
    return [t for t in story["timeline"] if t["date"] == date and word in t["summary"]]


def test_summits_at_their_precision_with_all_sources(story):
    (vladivostok,) = _entries(story, "2019-04", "donderdag op bezoek")
    assert vladivostok["date_precision"] == "month"
    (vostochny,) = _entries(story, "2023-09", "ontmoeting")
    event = next(e for e in story["events"] if e["id"] == vostochny["event"])
    assert len({s["doc"] for s in event["sources"]}) == 2  # both 2023 articles, one event


def test_letters_and_the_denied_rumour_of_2022(story):
    assert _entries(story, "2022-08", "brief")
    rumour = [t for t in story["timeline"] if t["date"] == "2022-08" and t["status"] == "denied"]
    assert rumour and any("100.000" in t["summary"] or "Deelname" in t["summary"] for t in rumour)


def test_background_year_and_the_undated_visit(story):
    assert _entries(story, "2001", "Kim Jong-il")
    undated = [t for t in story["timeline"] if t["date"] is None]
    (visit,) = [t for t in undated if "op de koffie in Noord-Korea" in t["summary"]]
    assert visit["not_before"] == "2022-02"  # the undated article's inferred range: after the invasion, no day
    (doc,) = [d for d in story["documents"] if d["date_source"] == "inferred"]
    assert doc["date"] is None and doc["date_range"] == ["2022-02", None]
    dated = [t["date"] for t in story["timeline"] if t["date"]]
    assert dated == sorted(dated) and story["timeline"][-1]["date"] is None


def test_vostochny_against_vladivostok_with_both_spans(story):
    (conflict,) = [c for c in story["conflicts"] if c["kind"] == "place"]
    assert sorted(s["text"] for s in conflict["sides"]) == ["Vladivostok", "Vostotsjny"]
    texts = {d["id"]: d["text"] for d in story["documents"]}
    assert all(texts[s["doc"]][s["start"]:s["end"]] == s["text"] for s in conflict["sides"])
    assert len({s["doc"] for s in conflict["sides"]}) == 2
    # The event is named by its summary cut at a word, not mid-word ('... vandaag op bez)').
    assert conflict["description"].endswith("…)") and "op bez)" not in conflict["description"]
    # The places are named in the order of the sides, so the reader can tell which source says which.
    assert conflict["description"].startswith(" / ".join(s["text"] for s in conflict["sides"]) + ":")

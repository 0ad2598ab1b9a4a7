"""Quantity conflicts: which figures contradict each other, and which only look different."""

from __future__ import annotations

from pathlib import Path

import pytest

from kroniek.build import build
from kroniek.export.contract import chronicle
from kroniek.link.conflicts import _disagree, concept_of, dates_disagree, places_disagree
from kroniek.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


SUBJECT = ["country-kp", "country-ru", "city-kursk"]


def claim(value: float, approx: str | None = None, doc: str = "a", date: str = "2024-11-01",
          places: list[str] | None = None, subjects: list[str] | None = SUBJECT, events: list[str] | None = None,
          counts: str = "soldaten", dates: list[str] | None = None, high: float | None = None,
          holders: list[str] | None = None, start: int = 100) -> dict:
    return {"value": value, "approx": approx, "doc": doc, "date": date, "places": places, "subjects": subjects,
            "events": events, "counts": counts, "dates": dates, "high": high, "holders": holders, "start": start}


@pytest.mark.parametrize(("a", "b", "conflict"), [
    (claim(12000), claim(10000, doc="b"), True),  # two exact figures a fifth apart
    (claim(10000), claim(10500, doc="b"), False),  # within rounding of one another
    (claim(12000), claim(10000, "about", doc="b"), True),  # hedged, still too far apart
    (claim(11000), claim(10000, "ongeveer", doc="b"), False),
    (claim(1000, "more than"), claim(1_500_000, "minstens", doc="b"), False),  # two lower bounds never clash
    (claim(1000, "meer dan"), claim(800, doc="b"), True),  # exact figure below a lower bound
    (claim(5000, "up to"), claim(3000, doc="b"), False),  # inside an upper bound
    (claim(5000, "hooguit"), claim(8000, doc="b"), True),
    (claim(12000), claim(10000), False),  # one article: an update, not a disagreement between sources
    (claim(12000), claim(10000, doc="b", date="2023-01-01"), False),  # far apart in time: the story moved on
    (claim(12000, places=["koersk"]), claim(10000, doc="b", places=["donetsk"]), False),  # different scopes
    (claim(12000), claim(10000, doc="b", date="2024-11-06"), True),  # a week apart: one moment of the story
    (claim(12000), claim(10000, doc="b", date="2024-11-20"), False),  # three weeks on: the figure may have moved
    (claim(12000), claim(10000, doc="b", date="2024-11-20", dates=["2024-11-02"]), True),  # the day it is about
    (claim(38), claim(55, doc="b", dates=["1991"]), False),  # 'in 1991' against a figure of today
    (claim(38, dates=["2024-W44"]), claim(55, doc="b", dates=["2024-10"]), True),  # a week inside the month
    # the same count held by different parties: İmamoglu's lead and Yildirim's are not one figure
    (claim(25000, holders=["10:per-imamoglu"]), claim(3000, doc="b", holders=["20:per-yildirim"]), False),
    (claim(25000, holders=["10:per-imamoglu"]), claim(3000, doc="b", holders=["20:per-imamoglu"]), True),
    # a party named after the figure is its source, not its holder ('..., aldus de AIVD')
    (claim(65, holders=["150:org-aivd"]), claim(50, doc="b", holders=["20:org-kcna"]), True),
    # a share of one whole is not a figure for the whole thing ('tien van de 55 zetels' / 'elf zetels')
    (claim(10, counts="van de 55 zetels"), claim(11, doc="b", counts="zetels"), False),
    (claim(10, counts="van de 55 zetels"), claim(12, doc="b", counts="van de 55 zetels"), True),
])
def test_figures_disagree_only_when_their_ranges_do_not_meet(a, b, conflict):
    assert _disagree(a, b) is conflict


def test_what_is_counted_is_the_head_not_the_contents():
    assert concept_of("containers of shells") == "containers"
    assert concept_of("containers met granaten") == "containers"
    assert concept_of("artilleriegranaten") == concept_of("artillery shells") == "shell"
    assert concept_of("Noord-Koreaanse soldaten") == concept_of("North Korean troops") == "soldier"


def test_example_corpus_reports_the_troop_figures_that_disagree(tmp_path):
    build([str(EXAMPLES)], tmp_path / "c", jobs=1)
    with Store.in_dir(tmp_path / "c", read_only=True) as store:
        data = chronicle(store)
    quantity = [c for c in data["conflicts"] if c["kind"] == "quantity"]
    texts = [sorted(s["text"] for s in c["sides"]) for c in quantity]
    assert any(any("12.000" in t for t in sides) and any("10,000" in t or "thousand" in t.lower() for t in sides)
               for sides in texts), texts
    assert not any("containers" in t for sides in texts for t in sides), texts
    docs = {d["id"]: d["text"] for d in data["documents"]}
    assert all(docs[s["doc"]][s["start"]:s["end"]] == s["text"] for c in quantity for s in c["sides"])


def place(doc: str, text: str, day: str | None, actors: list[str], event: str = "ev-1", stated: bool = True) -> dict:
    return {"event": event, "doc": doc, "start": 10, "end": 10 + len(text), "text": text,
            "place": f"text:{text.lower()}", "name": text, "aliases": [], "summary": "Een top", "day": day,
            "day_stated": stated, "actors": actors}


@pytest.mark.parametrize(("b", "conflict"), [
    (place("b", "Vladivostok", "2023-09-13", ["per-kim", "per-poetin"]), True),  # one visit, two places
    (place("b", "Vladivostok", "2023-09", ["per-kim"]), True),  # a coarser day that holds the other's
    (place("b", "Brussel", "2023-09-14", ["per-kim"]), False),  # the next day: another stop of one trip
    (place("b", "Vladivostok", "2023-09-14", ["per-kim"], stated=False), True),  # yesterday's, in today's paper
    (place("b", "Vladivostok", "2023-09-15", ["per-kim"], stated=False), False),
    (place("b", "Brussel", "2023-09-13", ["per-may"]), False),  # nobody in common: two happenings
    (place("b", "Brussel", None, ["per-kim"]), False),  # undated: cannot be shown to be the same occasion
])
def test_places_disagree_only_for_one_occasion_of_the_same_actors(b, conflict):
    a = place("a", "Vostotsjny", "2023-09-13", ["per-kim"])
    assert bool(places_disagree([a, b])) is conflict


def dated(doc: str, text: str, day: str, actors: list[str], trigger: str = "aangehouden") -> dict:
    return {"event": "ev-1", "doc": doc, "date": day, "start": 5, "end": 5 + len(text), "text": text,
            "trigger": trigger, "actors": actors}


@pytest.mark.parametrize(("b", "conflict"), [
    (dated("b", "14 maart", "2019-03-14", ["per-baudet"]), True),  # one arrest on two days
    (dated("b", "maandag", "2019-03-18", ["per-baudet"]), True),  # a weekday against a calendar date
    (dated("b", "14 maart", "2019-03-14", ["per-rutte"]), False),  # no actor in common
    (dated("b", "14 maart", "2019-03-14", ["per-baudet"], "gedebatteerd"), False),  # another happening
    (dated("b", "2 april", "2019-04-02", ["per-baudet"]), False),  # weeks apart: a second arrest
])
def test_dates_disagree_only_for_one_happening_told_by_both(b, conflict):
    a = dated("a", "12 maart", "2019-03-12", ["per-baudet"])
    assert bool(dates_disagree([a, b])) is conflict


def test_two_articles_today_are_two_days_not_a_conflict():
    a = dated("a", "vandaag", "2019-03-25", ["per-may"], "beraad")
    b = dated("b", "vandaag", "2019-03-27", ["per-may"], "beraad")
    assert dates_disagree([a, b]) == []


def test_one_speaker_s_statements_of_a_day_are_no_common_subject_for_figures(tmp_path):
    import json

    rows = [{"id": "a", "date": "2019-03-21", "text": "Lijsttrekker Jan de Vries sprak gisteren in de zaal. Hij zei "
             "dat zijn partij 25.000 stemmen haalde."},
            {"id": "b", "date": "2019-03-21", "text": "Lijsttrekker Jan de Vries sprak gisteren over de coalitie. "
             "Hij zei dat de coalitie 20.509 stemmen meer nodig had."}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        said = store.con.execute("SELECT count(DISTINCT event) FROM event_mentions WHERE type = 'STATEMENT'")
        assert said.fetchone()[0] == 1  # both articles' statements are one event: his of that day
        assert store.count("conflicts") == 0  # a party's votes and a coalition's shortfall are two things

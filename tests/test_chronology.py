"""Background events, statuses by date, the whole-story timeline and the chronology views (issue 12).

Real sentences of the kinds the issue names, through the real analysis (time layer, entities, events)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, needs_seeds
from kroniek.analyze import analyze
from kroniek.analyze.events import DATED, calendar_date
from kroniek.cli import app
from kroniek.export.chronology import date_label, entry_lines, grouped, short_name
from kroniek.ingest.document import make_document

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_chronicle(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--jobs", "1", "--no-report"])
    assert result.exit_code == 0, result.output
    return out


def events_of(text: str, date: str | None = "2019-04-03"):
    doc = make_document(source="t", text=text, date=date)
    analysis = analyze(doc)
    return doc, analysis


@pytest.mark.parametrize(("text", "date", "value", "precision"), [
    ("Oorzaak één. In 2006 zei Boeing aan een geheel nieuw vliegtuig te werken.", "2019-03-20", "2006", "year"),
    ("Het was van hetzelfde model als het vliegtuig van Lion Air dat op 29 oktober vorig jaar in de Javazee "
     "stortte.", "2019-04-03", "2018-10-29", "day"),
    ("De toestellen blijven aan de grond. Deze week maakte toezichthouder FAA bekend dat dat zo blijft.",
     "2019-04-03", "2019-04", "month"),  # a week that lies in one month is that month
    ("Het bedrijf maakte dat bekend. In de jaren tachtig steunde Abrams dictators.", "2019-03-06", "1980",
     "decade"),
])
def test_a_past_event_dated_in_passing_is_an_event_at_that_date(text, date, value, precision):
    doc, analysis = events_of(text, date)
    dated = [e for e in analysis.events if e.date == value]
    assert dated and all(e.date_precision == precision and e.date_source == "timex" for e in dated)
    assert all(e.date != date for e in dated)  # never at the article's date


def test_a_dated_clause_in_a_question_or_a_direct_quote_is_no_event():
    _, asked = events_of("Het is een lang verhaal. Was het in 2006 al bekend?")
    assert not [e for e in asked.events if e.date == "2006"]
    text = ("Het was een rustige week. ‘Ik herinner me hoe ik in 1998 als kind in de tuin speelde, het was heel "
            "mooi weer’, zegt de burgemeester tegen de verslaggever.")
    _, quoted = events_of(text)
    assert not [e for e in quoted.events if e.type == DATED and e.date == "1998"]


def test_a_weekday_in_a_past_tense_sentence_is_the_previous_one():
    # 'arriveerde' is past tense: 'maandag' in an article of Wednesday 6 March 2019 is 4 March, not the 11th
    _, analysis = events_of("Blakend van zelfvertrouwen arriveerde Juan Guaidó maandag op het vliegveld van Caracas.",
                            "2019-03-06")
    assert [t.value for t in analysis.timexes] == ["2019-03-04"]
    _, later = events_of("Vrijdagmiddag kwam de elektriciteit in sommige delen van Caracas weer op gang.",
                         "2019-03-09")
    assert [t.value[:10] for t in later.timexes] == ["2019-03-08"]  # weekday and part of day in one word


def test_an_event_dated_after_the_article_is_planned():
    _, analysis = events_of("Het was een drukke maand. De Nederlandse staat geeft op 21 mei de eerste groene "
                            "obligatie uit.")
    (may,) = [e for e in analysis.events if e.date == "2019-05-21"]
    assert may.status == "planned"


def test_what_holds_since_a_date_began_then():
    _, analysis = events_of("Zij verloor haar man. Debets woont sinds 2017 met haar drie kinderen in Brussel.")
    assert [(e.date, e.type) for e in analysis.events if e.date == "2017"] == [("2017", DATED)]


def test_the_lead_sentence_is_an_event_at_the_article_date_even_without_a_trigger():
    doc, analysis = events_of("Een van de nabestaanden van de vliegramp in Ethiopië spant een zaak aan tegen Boeing. "
                              "Ze is de eerste die dat doet.")
    lead = [e for e in analysis.events if e.sentence == 0]
    assert lead and lead[0].date == doc.date and lead[0].date_source == "document"
    assert not [e for e in analysis.events if e.sentence == 1]  # only the lead: the rest needs a trigger or date


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-W11", ("2019-03", "month")), ("2019-W09", ("2019", "year")),  # 25 Feb - 3 Mar spans two months
    ("2019-Q1", ("2019", "year")), ("198X", ("1980", "decade")), ("2019-03-04TMO", ("2019-03-04", "day")),
    ("PAST_REF", None), ("P3W", None),
])
def test_calendar_values_at_the_precision_that_holds_them(value, expected):
    assert calendar_date(value) == expected


def test_entries_at_80_columns_keep_the_date_in_one_column():
    entry = {"date": None, "not_before": "2022-02", "status": "planned", "summary": "De Russische president "
             "Vladimir Poetin gaat voor het eerst in twintig jaar op de koffie in Noord-Korea bij Kim Jong-un, "
             "zo meldt het persbureau, en daarna vliegt hij door naar Vietnam.",
             "sources": [{"doc": "d1", "start": 0, "end": 9}, {"doc": "d1", "start": 20, "end": 30}]}
    lines = entry_lines(entry, 80, {"d1": "003_b3444830ab57dc60 · undated"})
    assert all(len(line) <= 80 for line in lines) and len(lines) >= 3
    assert lines[0].startswith("≥ 2022-02   planned  De Russische")
    assert lines[-1].strip() == "← 003_b3444830ab5… · undated ×2"
    assert date_label({"date": "1980", "date_precision": "decade"}) == "1980s"
    assert short_name("NRC · 2019-12-30") == "NRC · 2019-12-30"


def test_chronology_groups_by_year_and_month():
    entries = [{"date": "2001", "date_precision": "year"}, {"date": "2019-04", "date_precision": "month"},
               {"date": "2019-04-25", "date_precision": "day"}, {"date": "2019-05", "date_precision": "month"},
               {"date": None, "not_before": "2022-02"}]
    groups = grouped(entries)
    assert [g["label"] for g in groups] == ["2001", "2019", "≥ 2022-02"]
    assert [m["month"] for m in groups[1]["months"]] == ["2019-04", "2019-05"]
    assert len(groups[1]["months"][0]["entries"]) == 2


@needs_seeds
def test_cli_timeline_and_events_by_date_on_the_seeds(seed_chronicle):
    timeline = runner.invoke(app, ["timeline", str(seed_chronicle)], env={"COLUMNS": "80"})
    assert timeline.exit_code == 0
    assert all(len(line) <= 80 for line in timeline.stdout.splitlines())
    dates = [line[:12].strip() for line in timeline.stdout.splitlines() if line[:1].strip()]
    assert dates[0] == "2001" and dates[-1] == "≥ 2022-02" and "2022-07" in dates
    by_date = runner.invoke(app, ["events", str(seed_chronicle), "--by-date", "--json"])
    groups = json.loads(by_date.stdout)
    assert [g["year"] for g in groups][:3] == ["2001", "2019", "2022"]
    every = [e for g in groups for m in g["months"] for e in m["entries"]]
    assert every and all(e["sources"] and all(s["citation"] for s in e["sources"]) for e in every)
    text = runner.invoke(app, ["events", str(seed_chronicle), "--by-date"], env={"COLUMNS": "80"}).stdout
    assert "  2022-08" in text and all(len(line) <= 80 for line in text.splitlines())
    fewer = runner.invoke(app, ["timeline", str(seed_chronicle), "--dates", "3", "--json"])
    assert len(json.loads(fewer.stdout)) <= 3 + 3  # three key dates, and the undated article's strong events


def test_one_day_named_in_two_articles_with_a_shared_participant_is_one_event():
    from collections import Counter

    from kroniek.link.events import DocEvent, cluster

    def ev(doc, kind, date, precision="day", places=()):
        return DocEvent(doc, kind, date, precision, True, "2019-04-03", participants=Counter({"org:lion-air": 1}),
                        places=Counter(places))
    crash = [ev("a", DATED, "2018-10-29", places=["loc:javazee"]), ev("b", DATED, "2018-10-29", places=["gpe:id"])]
    assert len(cluster(crash)) == 1  # the Lion Air crash of 29 October, told in two articles
    assert len(cluster([ev("a", DATED, "2018-10", "month"), ev("b", DATED, "2018-10", "month")])) == 2  # a month: no
    assert len(cluster([ev("a", DATED, "2018-10-29"), ev("b", "CONSULT", "2018-10-29")])) == 2  # two kinds


@needs_seeds
def test_one_sentence_told_under_two_event_types_is_one_chronology_entry(seed_chronicle):
    # "In een hartelijke brief ..." (the 2022 letters) is typed both COOPERATE and CONSULT by the event lexicon
    data = json.loads(runner.invoke(app, ["export", str(seed_chronicle)]).stdout)
    lines = [(e["date"], e.get("not_before"), e["summary"]) for e in data["chronology"]]
    assert len(lines) == len(set(lines)), "the reader sees no line twice"
    letter = next(e for e in data["chronology"] if e["summary"].startswith("In een hartelijke brief"))
    also = {a["id"] for a in letter.get("also", [])}
    assert also and {e["type"] for e in data["events"] if e["id"] in also} | {letter["type"]} >= {"COOPERATE",
                                                                                                  "CONSULT"}
    assert all(any(e["id"] == i for e in data["events"]) for i in also)  # the events themselves stay listed
    assert not any("also" in e for e in data["events"])  # and are not changed by the chronology


@pytest.mark.parametrize(("text", "lang"), [
    ("Thursday, August 29, 2019\n\nThe mayor of Oosterdam opened the new bridge over the river on Wednesday. "
     "Cyclists had waited four years for it.", "en"),
    ("Donderdag 29 augustus 2019\n\nDe burgemeester van Oosterdam heeft woensdag de nieuwe brug over de rivier "
     "geopend. Fietsers wachtten er vier jaar op.", "nl"),
])
def test_a_dateline_dates_the_article_but_is_no_event(text, lang):
    doc = make_document(source="t", text=text, date="2019-08-29")
    analysis = analyze(doc)
    assert analysis.language == lang
    first = analysis.sentences[0]
    assert doc.text[first.start:first.end].strip().endswith("2019")  # the dateline is a sentence of its own
    assert not [e for e in analysis.events if first.start <= e.start < first.end]
    assert any(e.date == "2019-08-28" for e in analysis.events)  # the opening, on the Wednesday before


def _event(eid, date, status, kind, doc, start, text, participants=(), score=5.0):
    return {"id": eid, "date": date, "date_precision": "day", "status": status, "type": kind, "score": score,
            "participants": list(participants), "stated": True, "from_undated": False,
            "sources": [{"doc": doc, "start": start, "end": start + len(text), "text": text}]}


def test_plans_for_one_stated_day_from_several_articles_are_one_entry_with_all_sources():
    from kroniek.link.timeline import select
    events = [_event("ev-a", "2019-10-31", "planned", "OCCUR", "d1", 0, "Het land moet op 31 oktober uit de unie."),
              _event("ev-b", "2019-10-31", "planned", "DEMAND", "d2", 50, "De deadline blijft 31 oktober.", score=4.0),
              _event("ev-c", "2019-10-31", "happened", "CONSULT", "d3", 9, "Op 31 oktober sprak de raad.", score=3.0)]
    entries = select(events, None, 1)
    planned = [e for e in entries if e["status"] == "planned"]
    assert len(planned) == 1 and {s["doc"] for s in planned[0]["sources"]} == {"d1", "d2"}
    assert any(e["status"] == "happened" for e in entries)  # what happened that day stays its own entry


def test_an_event_known_by_its_date_alone_joins_the_typed_event_of_its_day_and_person():
    from kroniek.link.timeline import select
    events = [_event("ev-a", "2019-03-04", "happened", "CONSULT", "d1", 0, "Guaidó arriveerde maandag in Caracas.",
                     ["per:guaido"]),
              _event("ev-b", "2019-03-04", "happened", "OCCUR", "d2", 7, "Maandag maakte Guaidó een lange neus.",
                     ["per:guaido"], score=4.0)]
    (entry,) = select(events, None, 1)
    assert {s["doc"] for s in entry["sources"]} == {"d1", "d2"}


def test_statements_of_one_article_and_day_are_one_entry_per_speaker_and_not_key_dates(tmp_path):
    from kroniek.build import build
    from kroniek.export.contract import chronicle
    from kroniek.store import Store

    rows = [{"id": "a", "date": "2023-09-13", "text": "Het waterschap sloot de sluizen bij Kruiningen. Dijkgraaf "
             "Anna de Wit noemde de storm een ramp voor de polder. Minister Piet Smit zei dat het Rijk de schade "
             "vergoedt."}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        data = chronicle(store)
    said = [e for e in data["chronology"] if e["type"] == "STATEMENT"]
    assert sorted(e["summary"].split()[1] for e in said) == ["Anna", "Piet"]
    assert not any(t["event"] in {e["id"] for e in said} for t in data["timeline"])


def test_a_lead_that_only_supposes_is_no_event_of_the_article_s_day():
    _, analysis = events_of("De dijkdoorbraak bij Kruiningen lijkt veroorzaakt door achterstallig onderhoud. Het "
                            "waterschap onderzoekt de zaak.")
    assert not [e for e in analysis.events if e.sentence == 0]


def _row(doc: str, start: int, sentence: int, text: str, date: str) -> dict:
    return {"doc": doc, "start": start, "end": start + 5, "trigger": "x", "type": "OCCUR", "status": "happened",
            "sentence": sentence, "date": date, "date_precision": "day", "date_source": "timex",
            "location_start": None, "location_end": None, "participants": [], "s_start": 0,
            "s_end": len(text), "doc_date": "2024-03-14", "language": "en", "sentence_text": text, "quoted": False}


def test_a_date_said_in_passing_does_not_make_its_sentence_the_events_summary():
    from kroniek.link.events import doc_events, event_record

    ruling = "On Wednesday the harbour board ruled on the strike, which began on Monday."
    strike = "Dock workers walked out on Monday."
    rows = [_row("a", 3, 0, ruling, "2024-03-13"), _row("a", 60, 0, ruling, "2024-03-11"),
            _row("b", 12, 0, strike, "2024-03-11")]
    events = {ev.date: ev for ev in doc_events(rows, {}) if ev.doc == "a"}
    monday = [events["2024-03-11"], *(ev for ev in doc_events(rows, {}) if ev.doc == "b")]
    # the ruling's sentence states Wednesday; Monday's strike is summarised by the sentence that states it
    assert event_record(monday)["summary"] == strike
    assert event_record([events["2024-03-13"]])["summary"] == ruling

"""Event mentions (types, status, date, place) and the cross-document steps: clustering, conflicts, timeline.

The per-document tests give the event annotator the entity and time layers explicitly, so they test the
event rules alone; the cross-document tests build real chronicles from articles we wrote.
"""

from __future__ import annotations

import re

import pytest

import kroniek.analyze as analyze_pkg
from kroniek.analyze import events as events_mod
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.build import build
from kroniek.export.contract import chronicle
from kroniek.ingest.document import make_document
from kroniek.model import Analysis, Mention, Timex
from kroniek.resources import language_resources
from kroniek.store import Store

PLACES = {"Vladivostok", "Vostotsjny", "Vostochny", "Pyongyang", "Koersk", "Kursk"}
COUNTRIES = {"Rusland", "Noord-Korea", "Oekraïne", "Russia", "North Korea", "Ukraine"}
PEOPLE = {"Poetin", "Putin", "Kim", "Korotsjenko", "Korotchenko"}
NAME = re.compile("|".join(sorted(map(re.escape, PLACES | COUNTRIES | PEOPLE), key=len, reverse=True)))


def tag_names(doc, analysis, settings=None) -> None:
    """A stand-in entity layer for these tests: a fixed gazetteer, the same names in every document."""
    mentions = []
    for i, sent in enumerate(analysis.sentences):
        for m in NAME.finditer(doc.text, sent.start, sent.end):
            kind = "LOC" if m.group() in PLACES else "GPE" if m.group() in COUNTRIES else "PER"
            mentions.append(Mention(m.start(), m.end(), m.group(), kind, i, norm=m.group().lower()))
    analysis.mentions = mentions


def run_events(text: str, lang: str = "nl", date: str | None = "2023-09-13", timexes=()) -> list:
    doc = make_document(source="t", text=text, date=date)
    sentences = split_sentences(doc.text, language_resources(lang))
    analysis = Analysis(doc.id, language=lang, sentences=sentences, tokens=tokenize(doc.text, sentences),
                        timexes=list(timexes))
    tag_names(doc, analysis)
    events_mod.annotate(doc, analysis)
    return analysis.events


def only(events, trigger):
    (found,) = [e for e in events if e.trigger == trigger]
    return found


def test_meeting_that_happened_with_place_participants_and_document_date():
    ev = only(run_events("Poetin en Kim ontmoetten elkaar in Vladivostok."), "ontmoetten")
    assert (ev.type, ev.status, ev.date, ev.date_precision, ev.date_source) == (
        "CONSULT", "happened", "2023-09-13", "day", "document")
    assert "Poetin en Kim ontmoetten elkaar in Vladivostok."[ev.location_start:ev.location_end] == "Vladivostok"
    assert len(ev.participants) == 2


def test_planned_visit_and_date_from_the_time_layer():
    text = "Kim gaat donderdag op bezoek bij Poetin."
    tx = Timex(text.index("donderdag"), text.index("donderdag") + 9, "donderdag", "DATE", "2019-04")
    ev = only(run_events(text, date="2019-04", timexes=[tx]), "bezoek")
    assert (ev.status, ev.date, ev.date_precision, ev.date_source, ev.timex_start) == (
        "planned", "2019-04", "month", "timex", tx.start)


def test_speculated_negated_and_questioned_events():
    assert only(run_events("Mogelijk ontmoeten Poetin en Kim elkaar in september."), "ontmoeten").status == \
        "speculated"
    assert only(run_events("Poetin en Kim hebben elkaar niet ontmoet."), "ontmoet").status == "denied"
    assert only(run_events("Voor een wapendeal hoeven Kim en Poetin elkaar niet te ontmoeten."),
                "ontmoeten").status == "unknown"
    assert only(run_events("Putin and Kim did not meet in Vladivostok.", "en"), "meet").status == "denied"
    assert only(run_events("Stuurt Noord-Korea troepen naar Oekraïne?"), "troepen").status == "speculated"


def test_modal_main_clause_scopes_over_its_complement():
    ev = only(run_events("Het zou niet de eerste keer zijn dat Noord-Korea militairen levert."), "militairen")
    assert ev.status in ("speculated", "denied")


def test_denial_of_the_rumour_reaches_back_to_the_claim():
    text = ("Korotsjenko zei dat Noord-Korea 100.000 soldaten heeft klaarstaan. "
            "Het ministerie heeft het gerucht inmiddels ontkend.")
    events = run_events(text, date="2022-08")
    assert only(events, "soldaten").status == "denied"
    assert (only(events, "ontkend").type, only(events, "ontkend").status) == ("REJECT", "happened")


def test_english_events():
    assert (only(run_events("Putin met Kim at the Vostochny cosmodrome.", "en"), "met").type) == "CONSULT"
    assert only(run_events("Putin will visit Pyongyang next month.", "en"), "visit").status == "planned"
    events = run_events("Korotchenko said that North Korea had 100,000 volunteers ready. "
                        "The ministry denied the report.", "en", date="2022-08")
    assert only(events, "volunteers").status == "denied"
    assert only(events, "denied").type == "REJECT"


def test_no_events_in_sentences_without_triggers():
    # past the lead (the article's first sentence is its news, trigger or not), no trigger and no date: no event
    events = run_events("Poetin ontmoette Kim. Het weer was mooi in Vladivostok. The weather was fine in Kursk.")
    assert events and {e.sentence for e in events} == {0}
    assert run_events("Het weer was mooi in Vladivostok.", date=None) == []  # an undated lead dates nothing


# --- across documents ---------------------------------------------------------------------------------

A = (" date 2023-09-13 Kim ontmoette Poetin op de ruimtevaartbasis Vostotsjny. De ontmoeting duurde vier uur.\n\n"
     "Rusland en Noord-Korea spraken over wapens.")
B = (" date 2023-09-14 Kim was op bezoek in Vladivostok voor een ontmoeting met Poetin.\n\n"
     "Volgens Korotsjenko staan 100.000 soldaten klaar.")
C = " date 2019-04 Kim gaat donderdag op bezoek bij Poetin in Vladivostok. Het is hun eerste ontmoeting."


@pytest.fixture
def small_chronicle(tmp_path, monkeypatch):
    order = [a for a in analyze_pkg.annotators() if a.__module__.rsplit(".", 1)[-1] not in ("entities", "events")]
    monkeypatch.setattr(analyze_pkg, "annotators", lambda: (*order, tag_names, events_mod.annotate))
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    build([str(tmp_path)], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        yield chronicle(store)


def test_one_event_told_in_two_articles_is_one_event_with_both_sources(small_chronicle):
    summits = [e for e in small_chronicle["events"] if e["type"] == "CONSULT" and e["date"].startswith("2023")]
    assert len(summits) == 1
    assert len({s["doc"] for s in summits[0]["sources"]}) == 2
    assert summits[0]["status"] == "happened"
    earlier = [e for e in small_chronicle["events"] if e["type"] == "CONSULT" and e["date"].startswith("2019")]
    assert len(earlier) == 1 and earlier[0]["date_precision"] == "month"


def test_two_places_for_one_event_are_a_conflict_with_both_spans(small_chronicle):
    (conflict,) = [c for c in small_chronicle["conflicts"] if c["kind"] == "place"]
    assert sorted(s["text"] for s in conflict["sides"]) == ["Vladivostok", "Vostotsjny"]
    docs = {d["id"]: d["text"] for d in small_chronicle["documents"]}
    assert all(docs[s["doc"]][s["start"]:s["end"]] == s["text"] for s in conflict["sides"])


def test_timeline_oldest_first_at_its_precision_with_sources(small_chronicle):
    timeline = small_chronicle["timeline"]
    assert [(t["date"], t["date_precision"]) for t in timeline][:1] == [("2019-04", "month")]
    dated = [t["date"] for t in timeline if t["date"]]
    assert dated == sorted(dated) and all(t["date"] for t in timeline[:len(dated)])
    for entry in timeline:
        # the summary is made of the first cited sentences; the others cite every other article telling it
        texts = [s["text"] for s in entry["sources"]]
        assert any(entry["summary"] == " ".join(texts[:k]) for k in range(1, len(texts) + 1))
    vostochny = [t for t in timeline if t["date"] and t["date"].startswith("2023-09")]
    assert any(len({s["doc"] for s in t["sources"]}) == 2 for t in vostochny)  # one entry, both articles


def test_phrase_trigger_spans_all_its_words():
    text = "Poetin gaat voor het eerst in jaren op de koffie bij Kim in Pyongyang."
    ev = only(run_events(text), "op de koffie")
    assert (ev.type, text[ev.start:ev.end]) == ("CONSULT", "op de koffie")
    assert not run_events("Poetin drinkt graag koffie.")  # the noun alone is no meeting


def _event(eid: str, date: str | None, score: float, status: str = "happened", doc: str = "d1") -> dict:
    return {"id": eid, "date": date, "date_precision": "month" if date else "unknown", "score": score,
            "status": status, "type": "CONSULT", "sources": [{"doc": doc, "start": 0, "end": 5, "text": f"{eid} zin"}]}


def test_timeline_keeps_a_weak_second_event_of_a_date_out():
    from kroniek.link.timeline import select
    events = [_event("top", "2023-09", 10.0), _event("filler", "2023-09", 5.0, doc="d2"),
              _event("rumour", "2022-08", 6.0, status="denied", doc="d3"), _event("strong2", "2022-08", 5.0, doc="d4")]
    assert [e["event"] for e in select(events)] == ["rumour", "strong2", "top"]


def test_timeline_lists_a_strong_undated_event_last_and_drops_weak_ones():
    from kroniek.link.timeline import select
    events = [_event("a", "2019-04", 8.0), _event("visit", None, 9.0, doc="undated"),
              _event("noise", None, 2.0, doc="other")]
    entries = select(events)
    assert [(e["event"], e["date"], e["date_precision"]) for e in entries] == [
        ("a", "2019-04", "month"), ("visit", None, "unknown")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Kim vertrok op 26 juli uit Pyongyang voor zijn bezoek.", "nl"),
    ("Kim left for his visit from Pyongyang on Monday.", "en"),
])
def test_a_place_left_from_is_not_where_the_event_is(text, lang):
    ev = [e for e in run_events(text, lang) if e.type == "CONSULT"][0]
    assert ev.location_start is None


def test_place_after_a_determiner_and_noun_still_counts():
    text = "Poetin en Kim ontmoetten elkaar in de havenstad Vladivostok."
    ev = only(run_events(text), "ontmoetten")
    assert text[ev.location_start:ev.location_end] == "Vladivostok"


@pytest.mark.parametrize(("text", "lang"), [
    ("Noord-Korea heeft eerder militaire steun verleend aan Iran.", "nl"),
    ("North Korea has previously sent troops to fight in Syria.", "en"),
])
def test_background_without_a_date_does_not_take_the_publication_date(text, lang):
    events = run_events(text, lang)
    assert events and all((ev.date, ev.date_precision) == (None, "unknown") for ev in events)


def test_background_cue_yields_to_an_explicit_date():
    text = "Kim bezocht Rusland eerder, in 2001."
    tx = Timex(text.index("2001"), text.index("2001") + 4, "2001", "DATE", "2001")
    ev = only(run_events(text, timexes=[tx]), "bezocht")
    assert (ev.date, ev.date_precision, ev.date_source) == ("2001", "year", "timex")


@pytest.mark.parametrize(("text", "lang", "anchor", "when"), [
    # a named historical anchor of the time layer's resources dates it; an unknown one stays undated
    ("Poetin ontving Kim, voor het eerst sinds de Russische invasie van Oekraïne.", "nl", "invasie", "2022-02"),
    ("Putin met Kim, the first meeting since Russia's full-scale invasion of Ukraine.", "en", "invasion", None),
])
def test_the_anchor_of_since_is_an_earlier_happening(text, lang, anchor, when):
    events = run_events(text, lang)
    assert only(events, anchor).date == when
    others = [e.date for e in events if e.trigger != anchor]
    assert others and set(others) == {"2023-09-13"}


@pytest.mark.parametrize(("text", "year"), [
    ("In 2023 tekenden zij een verdrag ter vervanging van het verdrag uit 1961.", "2023"),
    ("De president, sinds 2000 in functie, bezocht in 2019 Vladivostok.", "2019"),
])
def test_a_time_that_bounds_or_qualifies_does_not_date_the_event(text, year):
    timexes = [Timex(m.start(), m.end(), m.group(), "DATE", m.group()) for m in re.finditer(r"\d{4}", text)]
    dated = [e for e in run_events(text, timexes=timexes) if e.type in ("AGREE", "CONSULT")]
    assert dated and {e.date for e in dated} == {year}


def test_after_the_talks_they_signed_is_dated_by_the_article():
    events = run_events("Na de besprekingen tekenden beide leiders een verklaring.")
    assert only(events, "besprekingen").date is None  # the anchor: before the signing
    assert only(events, "tekenden").date == "2023-09-13"


def test_a_time_in_a_later_clause_does_not_date_the_main_event():
    text = "Op het vliegveld werd Poetin ontvangen door Kim, die het land sinds de dood van zijn vader in 1994 leidt."
    tx = Timex(text.index("1994"), text.index("1994") + 4, "1994", "DATE", "1994")
    assert only(run_events(text, timexes=[tx]), "ontvangen").date == "2023-09-13"
    fronted = "In 2019, na lang aandringen, bezocht Kim Vladivostok."
    tx = Timex(3, 7, "2019", "DATE", "2019")
    assert only(run_events(fronted, timexes=[tx]), "bezocht").date == "2019"


def test_event_blocks_pair_only_events_that_share_a_person_or_a_participant_and_place() -> None:
    from collections import Counter

    from kroniek.link.events import DocEvent, candidate_blocks, cluster

    def ev(doc: str, persons: set, participants: dict, places: dict) -> DocEvent:
        return DocEvent(doc, "CONSULT", "2023-09", "month", True, "2023-09", participants=Counter(participants),
                        persons=persons, places=Counter(places))

    kim = ev("a", {"kim"}, {"kim": 1, "rusland": 1}, {})
    kim2 = ev("b", {"kim"}, {"kim": 1}, {"vostotsjny": 1})
    country_only = ev("c", set(), {"rusland": 1}, {})
    country_and_place = ev("d", set(), {"rusland": 1}, {"vostotsjny": 1})
    country_and_place2 = ev("e", set(), {"rusland": 1}, {"vostotsjny": 1})
    events = [kim, kim2, country_only, country_and_place, country_and_place2]
    pairs = {frozenset(m) for m in candidate_blocks(events).values() if len(m) > 1}
    assert frozenset({0, 1}) in pairs and not any(2 in p for p in pairs)
    assert sorted(sorted(e.doc for e in c) for c in cluster(events)) == [["a", "b"], ["c"], ["d", "e"]]


def test_a_modal_inside_a_quote_is_not_the_status_of_the_statement_around_it():
    from kroniek.analyze import analyze
    doc = make_document(source="t", text='"Hij kan niet zomaar komen en gaan", waarschuwde de minister vorige week.',
                        date="2023-09-13")
    (ev,) = [e for e in analyze(doc).events if e.sentence == 0 and e.date_source == "timex" and e.type != "STATEMENT"]
    assert (ev.status, ev.date) == ("happened", "2023-09")  # 'kan' is the speaker's, the warning happened


@pytest.mark.parametrize("text", [
    "Zelf geniet de oppositieleider nog steeds de steun van Rusland.",
    "Moskou heeft zich altijd verzet tegen sancties.",
])
def test_an_undated_lasting_state_is_no_event_of_the_article_day(text):
    assert not [e for e in run_events(text) if e.date_source == "document"]


def test_a_state_cue_does_not_remove_an_event_its_own_date_dates():
    text = "Op 12 mei beloofde Moskou nog steeds steun aan Pyongyang."
    ev = only(run_events(text, timexes=[Timex(3, 9, "12 mei", "DATE", "2023-05-12")]), "steun")
    assert ev.date == "2023-05-12"


def test_a_definite_noun_trigger_refers_to_a_known_event_not_one_of_the_article_day():
    assert not [e for e in run_events("Deskundigen beschreven de ontmoeting als een keerpunt.")
                if e.trigger == "ontmoeting"]
    # without the article it is news of the day
    assert only(run_events("Poetin en Kim hadden gisteren een ontmoeting.",
                           timexes=[Timex(26, 34, "gisteren", "DATE", "2023-09-12")]),
                "ontmoeting").date == "2023-09-12"


def test_a_future_cue_for_a_day_before_the_article_is_no_plan():
    text = "Kim bezocht Vladivostok op 12 mei. De volgende dag gaat hij naar Moskou."
    timexes = [Timex(27, 33, "12 mei", "DATE", "2023-05-12"), Timex(35, 50, "De volgende dag", "DATE", "2023-05-13")]
    ev = next(e for e in run_events(text, timexes=timexes) if e.sentence == 1)
    assert (ev.date, ev.status) == ("2023-05-13", "happened")
    later = next(e for e in run_events(text, date="2023-05-01", timexes=timexes) if e.sentence == 1)
    assert later.status == "planned"  # the same words written before that day tell a plan


@pytest.mark.parametrize(("text", "lang"), [
    ("De opkomst was veertig procent, hoger dan vorig jaar.", "nl"),
    ("Turnout was forty percent, higher than last year.", "en"),
])
def test_a_date_a_comparison_is_made_with_is_no_event(text, lang):
    at = text.index("vorig jaar" if lang == "nl" else "last year")
    tx = Timex(at, at + 10 if lang == "nl" else at + 9, "x", "DATE", "2022")
    assert not [e for e in run_events(text, lang=lang, timexes=[tx]) if e.date == "2022"]


@pytest.mark.parametrize(("text", "trigger", "lang"), [
    ("Kim had Poetin om steun gevraagd, en nu tekende hij.", "steun", "nl"),
    ("Kim had visited Vladivostok to meet Putin.", "visited", "en"),
])
def test_what_the_past_perfect_tells_is_not_dated_by_the_article(text, trigger, lang):
    assert only(run_events(text, lang=lang), trigger).date is None


def test_a_noun_after_had_is_no_past_perfect():
    assert only(run_events("Kim had een ontmoeting met Poetin."), "ontmoeting").date == "2023-09-13"


def test_a_named_source_s_statement_is_an_event_dated_like_its_sentence():
    from kroniek.analyze import analyze
    doc = make_document(source="t", text="Het waterschap sloot de sluizen. Dijkgraaf Anna de Wit noemde de storm "
                        "gisteren een ramp voor de polder. Ook Piet Smit zei dat de schade groot is.",
                        date="2023-09-13")
    said = {e.trigger: e for e in analyze(doc).events if e.type == "STATEMENT"}
    assert set(said) == {"noemde", "zei"}
    assert (said["noemde"].date, said["noemde"].date_source, said["noemde"].status) == ("2023-09-12", "timex",
                                                                                         "happened")
    assert (said["zei"].date, said["zei"].date_source) == ("2023-09-13", "document")
    text = doc.text
    assert text[slice(*said["noemde"].participants[0])] == "Anna de Wit"  # the speaker first


@pytest.mark.parametrize("text, status", [
    ("Jane Smith became chair after Theresa May resigned on July 24.", "happened"),  # a name, not the modal
    ("In May, the council closed the old bridge.", "happened"),  # a month, not the modal
    ("The council may close the old bridge on July 24.", "speculated"),
])
def test_a_name_or_a_time_expression_is_no_status_cue(text, status):
    from kroniek.analyze import analyze
    doc = make_document(source="t", text=text, date="2019-08-28")
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "language": "en"})
    found = analyze(doc)
    assert {e.status for e in found.events if e.type != "STATEMENT"} == {status}
    assert not any(t.text == "May" and t.start > 3 for t in found.timexes)  # 'Theresa May' is no month


def test_a_cue_that_triggers_an_event_makes_no_second_statement():
    from kroniek.analyze import analyze
    doc = make_document(source="t", text="The dam broke on Monday. Greenpeace has called for an inquiry into the "
                        "collapse.", date="2019-08-28")
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "language": "en"})
    found = analyze(doc)
    assert any(q.cue == "called" for q in found.quotes)  # the quote layer reads it as speech
    assert [(e.trigger, e.type) for e in found.events if e.sentence == 1] == [("called for", "DEMAND")]


def _timex(text: str, phrase: str, value: str) -> Timex:
    at = text.index(phrase)
    return Timex(at, at + len(phrase), phrase, "DATE", value)


@pytest.mark.parametrize(("text", "phrase", "value", "lang"), [
    # an evaluation, what is not known, what a thing is meant for, how it seems: dated, and still no happening
    ("De columnisten prijzen dinsdag de aanpak van de burgemeester.", "dinsdag", "2023-09-12", "nl"),
    ("Donderdag was nog onduidelijk hoeveel reizigers er vastzaten.", "Donderdag", "2023-09-07", "nl"),
    ("Het budget was in 2018 bedoeld voor de bouw van een nieuwe school.", "2018", "2018", "nl"),
    ("Dat lijkt sinds maart ook te gelden voor de kleinere gemeenten.", "maart", "2023-03", "nl"),
    ("Reviewers praised the opening scenes on Tuesday.", "Tuesday", "2023-09-12", "en"),
    ("On Friday it remained unclear how many passengers were stranded.", "Friday", "2023-09-08", "en"),
    ("The fund was intended in 2018 to pay for a new school.", "2018", "2018", "en"),
])
def test_a_dated_clause_whose_predicate_tells_no_happening_is_no_event(text, phrase, value, lang):
    # the first sentence of an article, so neither the date nor the lead may make it an event
    assert run_events(text, lang=lang, timexes=[_timex(text, phrase, value)]) == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Kim bezocht Vladivostok. De meeste inwoners steunen het idee van een tweede brug.", "nl"),
    ("Kim visited Vladivostok. Most residents support the idea of a second bridge.", "en"),
])
def test_an_undated_stance_is_no_event_of_the_article_day(text, lang):
    assert [e.sentence for e in run_events(text, lang=lang)] == [0]


@pytest.mark.parametrize(("text", "phrase", "value", "trigger", "lang"), [
    ("Op 12 mei steunde de gemeenteraad het plan in een stemming.", "12 mei", "2023-05-12", "steunde", "nl"),
    ("De brug werd op 12 mei geopend.", "12 mei", "2023-05-12", "12 mei", "nl"),
    ("The storm reached the coast on Tuesday.", "Tuesday", "2023-09-12", "tuesday", "en"),
])
def test_a_happening_stays_an_event_beside_the_stative_cues(text, phrase, value, trigger, lang):
    assert only(run_events(text, lang=lang, timexes=[_timex(text, phrase, value)]), trigger).date == value


def test_a_modal_stative_cue_leaves_a_named_happening_speculated():
    text = "Kim bezocht Vladivostok. Rusland lijkt troepen naar de grens te sturen."
    assert only(run_events(text), "troepen").status == "speculated"


@pytest.mark.parametrize(("text", "lang", "events"), [
    ("De columnisten zijn lovend over het nieuwe museum van de stad.", "nl", 0),  # a comment as the lead
    ("It is still unknown how many residents have been evacuated from the valley.", "en", 0),
    # the cue in a relative clause: the sentence asserts the collapse
    ("De oude brug, die bedoeld was voor fietsers en wandelaars, is ingestort.", "nl", 1),
    ("The old bridge, which was intended for cyclists and walkers, has collapsed.", "en", 1),
])
def test_a_lead_whose_main_clause_tells_no_happening_is_no_event(text, lang, events):
    assert len(run_events(text, lang=lang)) == events

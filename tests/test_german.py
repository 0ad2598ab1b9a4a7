"""German works from resources/de alone: dates, names and quotes on sentences we wrote for this test."""

from __future__ import annotations

from kroniek.analyze import analyze
from kroniek.model import Document
from kroniek.resources import LANGUAGES


def _analyze(text: str, date: str = "2024-05-17"):
    doc = Document(id="t", source="t", text=text, date=date, date_precision="day", date_source="metadata",
                   language="de")
    return analyze(doc)


def test_languages_are_the_resource_folders():
    assert {"nl", "en", "de"} <= set(LANGUAGES)


def test_german_dates_resolve_against_the_publication_day():
    a = _analyze("Die Ministerin reiste am Dienstag nach Wien. Im März hatte sie Prag besucht. "
                 "Vor drei Jahren war sie zum ersten Mal dort. Das nächste Treffen ist am 2. Juli geplant.")
    values = {t.text: t.value for t in a.timexes}
    assert any(v == "2024-05-14" for k, v in values.items() if "Dienstag" in k), values
    assert any(v == "2024-03" for k, v in values.items() if "März" in k), values
    assert any(v == "2021" for k, v in values.items() if "drei Jahren" in k), values
    assert any(v == "2024-07-02" for k, v in values.items() if "Juli" in k), values


def test_german_quote_has_its_speaker():
    a = _analyze("„Wir brauchen mehr Zeit“, sagte die Bürgermeisterin Petra Albrecht am Abend.")
    assert a.quotes, "no quote found"
    q = a.quotes[0]
    assert "mehr Zeit" in q.text
    assert q.speaker_text and "Albrecht" in q.speaker_text


def test_german_places_from_resources():
    a = _analyze("Der Außenminister flog am Montag von Berlin nach Moskau.")
    places = {m.text for m in a.mentions if m.type in ("GPE", "LOC")}
    assert {"Berlin", "Moskau"} <= places, places


def test_german_nouns_are_not_names_though_capitalised():
    a = _analyze("Nach dem Gespräch lobte die Kanzlerin Renate Vogt in Hamburg die Zusammenarbeit der Länder. "
                 "Über Landwirtschaft und Sicherheit wurde drei Stunden beraten.")
    found = {m.text: m.type for m in a.mentions}
    assert found.get("Renate Vogt") == "PER" and found.get("Hamburg") in ("GPE", "LOC"), found
    assert not {"Gespräch", "Zusammenarbeit", "Länder", "Landwirtschaft", "Sicherheit", "Stunden"} & set(found), found

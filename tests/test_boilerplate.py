"""Boilerplate as a layer (issue 18): patterns per language, repetition per outlet, and every layer skipping it."""

from __future__ import annotations

import json
from importlib import resources as importlib_resources

import pytest

from kroniek.analyze import analyze, boilerplate
from kroniek.analyze.segment import flag_boilerplate, split_sentences
from kroniek.build import build
from kroniek.ingest.document import make_document
from kroniek.model import Sentence
from kroniek.resources import language_resources
from kroniek.store import Store


def _examples() -> list[tuple[str, str, str, bool]]:
    out = []
    for lang in ("nl", "en"):
        data = json.loads(importlib_resources.files("kroniek.resources").joinpath(lang, "boilerplate.json")
                          .read_text(encoding="utf-8"))
        for group in ("units", "inline", "labels"):
            for entry in data[group]:
                out += [(lang, entry["kind"], text, True) for text in entry["positive"]]
                out += [(lang, entry["kind"], text, False) for text in entry["negative"]]
    return out


@pytest.mark.parametrize(("lang", "kind", "text", "furniture"), _examples())
def test_resource_examples(lang, kind, text, furniture):
    spans = boilerplate.mark(text, [Sentence(0, len(text), 0)], lang)
    assert bool(spans) is furniture, (kind, text, spans)


def test_a_call_glued_to_the_article_marks_only_the_call():
    text = "Mail uw tekst en foto naar: familieberichten Op 3 mei is Anna geboren in het ziekenhuis van Zwolle."
    ((start, end, kind),) = boilerplate.mark(text, [Sentence(0, len(text), 0)], "nl")
    assert kind == "reader_call" and text[start:end] == "Mail uw tekst en foto naar: familieberichten"


ARTICLE = ("De gemeenteraad van Oosterdam stemde dinsdag in met een nieuwe brug. \"Dit is een goede dag voor de "
           "stad\", zei wethouder Karin de Vries.\n\nFoto: Piet Pieters / ANP\n\n"
           "Download de gratis Oosterdammer-app voor het laatste nieuws uit de regio.\n\n"
           "Om u deze content te kunnen laten zien, hebben wij uw toestemming nodig om cookies te plaatsen.\n\n"
           "De bouw begint op 1 mei 2022, meldde de gemeente.")


def test_every_layer_skips_the_furniture_and_the_text_stays_as_given():
    doc = make_document(source="a.txt", text=ARTICLE, date="2021-03-04")
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "language": "nl"})
    analysis = analyze(doc)
    flagged = [ARTICLE[s.start:s.end] for s in analysis.sentences if s.boilerplate]
    assert flagged == ["Foto: Piet Pieters / ANP",
                       "Download de gratis Oosterdammer-app voor het laatste nieuws uit de regio.",
                       "Om u deze content te kunnen laten zien, hebben wij uw toestemming nodig om cookies te "
                       "plaatsen."]
    furniture = [(s.start, s.end) for s in analysis.sentences if s.boilerplate]

    def outside(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in furniture)

    assert analysis.timexes and all(outside(t.start, t.end) for t in analysis.timexes)
    assert all(outside(m.start, m.end) for m in analysis.mentions)
    assert not any(m.text == "Piet Pieters" for m in analysis.mentions)
    assert analysis.quotes and all(outside(q.start, q.end) for q in analysis.quotes)
    assert all(outside(e.start, e.end) for e in analysis.events)
    for layer in (analysis.timexes, analysis.mentions, analysis.quotes, analysis.events):
        for span in layer:
            assert ARTICLE[span.start:span.end] == span.text  # spans cite the stored text exactly
    assert not any(t.sentence in {i for i, s in enumerate(analysis.sentences) if s.boilerplate}
                   for t in analysis.tokens)


def test_masking_keeps_length_and_line_breaks():
    sentences = split_sentences(ARTICLE, language_resources("nl"))
    flagged, text = flag_boilerplate(ARTICLE, sentences, "nl")
    assert len(text) == len(ARTICLE) and text.count("\n") == ARTICLE.count("\n")
    assert "ANP" not in text and "cookies" not in text and "nieuwe brug" in text
    assert flag_boilerplate("Gewone zin zonder meubilair.", [Sentence(0, 28, 0)], "nl")[1] == \
        "Gewone zin zonder meubilair."


def _story(i: int, tail: str) -> str:
    places = ["Almelo", "Borne", "Delden", "Goor", "Hengelo", "Losser"]
    return (f"In {places[i]} is op {i + 1} maart een nieuwe school geopend door de burgemeester. "
            f"Er gaan {100 + i * 7} leerlingen naar de school in {places[i]}.\n\n{tail}")


def test_a_line_recurring_in_one_outlets_articles_is_furniture(tmp_path):
    furniture = "Meer verhalen van de redactie vindt u elke dag op de site en in de krant."
    quoted = '"We gaan door met het plan voor de school", zei de wethouder van onderwijs.'
    rows = [{"text": _story(i, f"{furniture}\n\n{quoted}"), "Publisher": "De Oostkrant", "date": f"2021-03-0{i + 1}"}
            for i in range(5)]
    rows.append({"text": _story(5, furniture), "Publisher": "Ander Blad", "date": "2021-03-09"})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "export.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        got = store.rows("SELECT d.outlet, substr(d.text, s.start + 1, s.\"end\" - s.start) AS unit, s.boilerplate "
                         "FROM sentences s JOIN documents d ON d.id = s.doc")
        quotes = store.rows("SELECT text FROM quotes")
    flags = {(r["outlet"], r["unit"]): r["boilerplate"] for r in got}
    assert flags[("De Oostkrant", furniture)] is True  # five articles of one outlet carry it
    assert flags[("Ander Blad", furniture)] in (False, None)  # once in another outlet: not its furniture
    assert not any(flags[k] for k in flags if k[1].startswith('"We gaan door'))  # a repeated quote is content
    assert quotes  # and the quote layer still reads it

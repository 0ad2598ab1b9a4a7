"""Which sentences of a small corpus are about its story (kroniek.link.story), on articles we wrote."""

from __future__ import annotations

import re

from kroniek.link import story

STORY = [
    "De dijk bij Kruiningen brak maandag door. Het waterschap sloot de sluizen. De dijkdoorbraak zette de polder "
    "onder water. Het waterschap evacueerde tweehonderd bewoners uit de polder.",
    "Na de dijkdoorbraak bij Kruiningen onderzoekt het waterschap de dijk. De sluizen bleven dicht. Bewoners van de "
    "polder mogen nog niet terug.",
    "Het waterschap herstelt de dijk bij Kruiningen. De polder staat nog onder water na de dijkdoorbraak. De "
    "sluizen gaan volgende week open.",
]
# A news bundle: the story's item first, then two items about other things, each of three sentences or more.
BUNDLE = (
    "Het waterschap meldt dat de dijk bij Kruiningen bijna hersteld is. De sluizen gaan dicht. "
    "Bakkers verhogen de prijs van brood. De meelprijs steeg dit jaar sterk. Klanten betalen tien cent meer. "
    "Een museum in Breda opent een zaal met schilderijen. De zaal kostte drie jaar werk. Bezoekers zijn welkom."
)
ASIDE = (
    "De dijkdoorbraak bij Kruiningen trof ook Anna. Zij woonde dertig jaar aan de Kerkstraat. Haar man werkte op "
    "een boot. Hun kinderen wonen in Gent. Het waterschap bracht haar onder in een hotel."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text) if m.group().strip()]


def _texts(*extra: str) -> dict[str, tuple[str, str]]:
    return {f"d{i}": (t, "nl") for i, t in enumerate([*STORY, *extra])}


def _off(documents: dict[str, tuple[str, str]], doc: str) -> list[str]:
    sentences = {d: _sentences(t) for d, (t, _) in documents.items()}
    off = story.off_story_sentences(documents, sentences)
    text = documents[doc][0]
    return [text[s:e].strip() for s, e in sentences[doc] if (doc, s) in off]


def test_story_words_are_the_corpus_s_rare_shared_words() -> None:
    words = story.story_words(list(_texts(BUNDLE).values()))
    assert words is not None
    assert {"dijkdoorbraak", "waterschap", "kruiningen", "sluizen", "polder"} <= words
    assert not {"het", "onder", "week", "brood", "meelprijs"} & words  # common, or in one article only


def test_a_bundle_s_other_items_are_off_the_story() -> None:
    docs = _texts(BUNDLE)
    off = _off(docs, "d3")
    assert off[0].startswith("Bakkers verhogen") and off[-1] == "Bezoekers zijn welkom."
    assert not any("waterschap" in s.lower() for s in off)  # the story's own item stays


def test_an_aside_between_story_sentences_stays_on_the_story() -> None:
    assert _off(_texts(ASIDE), "d3") == []


def test_no_judgement_without_a_story() -> None:
    mixed = {"a": ("Bakkers verhogen de prijs van brood. Klanten betalen meer. Het is duur.", "nl"),
             "b": ("Een museum opent een zaal. De zaal kostte werk. Bezoekers zijn welkom.", "nl"),
             "c": ("De trein had vertraging. Reizigers wachtten lang. Het regende.", "nl")}
    assert story.story_words(list(mixed.values())) is None
    assert story.off_story_sentences(mixed, {d: _sentences(t) for d, (t, _) in mixed.items()}) == set()
    # a language without background frequencies gives no judgement either
    assert story.story_words([(t, "xx") for t, _ in _texts(BUNDLE).values()]) is None


def test_the_whole_story_timeline_leaves_a_bundle_s_other_items_out(tmp_path) -> None:
    import json

    from kroniek.build import build
    from kroniek.export.contract import chronicle
    from kroniek.store import Store

    bundle = ("Het waterschap meldt dat de dijk bij Kruiningen op 3 maart hersteld was. De sluizen gaan dicht. "
              "Bakkers verhogen op 1 april de prijs van brood. De meelprijs steeg dit jaar sterk. Klanten betalen "
              "tien cent meer. Een museum in Breda opende op 2 maart een zaal met schilderijen. De zaal kostte "
              "drie jaar werk. Bezoekers zijn welkom.")
    rows = [{"id": f"s{i}", "date": f"2023-02-2{i}", "text": t} for i, t in enumerate(STORY)]
    rows.append({"id": "b", "date": "2023-03-06", "text": bundle})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        data = chronicle(store)
    for listing in ("timeline", "chronology"):
        summaries = " ".join(t["summary"] for t in data[listing])
        assert "hersteld" in summaries  # the story's item of the bundle is told
        assert "Bakkers" not in summaries and "museum" not in summaries
    # the events listing keeps every event, marked
    assert any(not e["on_story"] and "Bakkers" in e["summary"] for e in data["events"])


def _timeline(tmp_path, rows: list[dict]) -> list[dict]:
    import json

    from kroniek.build import build
    from kroniek.export.contract import chronicle
    from kroniek.store import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        return chronicle(store)["timeline"]


def test_one_happening_told_at_a_day_and_at_its_month_is_one_entry_at_the_day(tmp_path) -> None:
    rows = [
        {"id": "a", "date": "2023-03-20", "text": "Het waterschap onderzoekt de dijk bij Kruiningen. Sluiswachter "
                                                  "Jan Smit hees in maart de rode vlag bij de kapotte zeesluis."},
        {"id": "b", "date": "2023-04-02", "text": "Het waterschap herstelt de dijk bij Kruiningen. Die hees op 3 "
                                                  "maart de rode vlag bij de kapotte zeesluis."},
        {"id": "c", "date": "2023-03-04", "text": "Een museum in Breda opende op 3 maart een zaal met schilderijen. "
                                                  "Het waterschap onderzoekt de dijk bij Kruiningen."},
    ]
    timeline = _timeline(tmp_path, rows)
    flags = [t for t in timeline if "rode vlag" in t["summary"]]
    assert len(flags) == 1 and flags[0]["date"] == "2023-03-03"
    assert {s["doc"] for s in flags[0]["sources"]} == {s["doc"] for t in timeline for s in t["sources"]
                                                       if "rode vlag" in s["text"]} and len(flags[0]["sources"]) == 2
    # another happening of that day stays apart
    assert any("museum" in t["summary"] and t["date"] == "2023-03-03" for t in timeline)

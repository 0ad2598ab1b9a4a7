"""Dating undated articles from the corpus (issue 18): a range from the dated articles telling the same story."""

from __future__ import annotations

import json
from datetime import date

from kroniek.build import build
from kroniek.export.contract import chronicle
from kroniek.link import ages, dating
from kroniek.store import Store

BRIDGE = [
    ("2021-03-04", "De Zwanenburgbrug in Oosterdam is donderdag geopend door wethouder Kloosterman. De brug over "
                   "de Lingewetering kostte twaalf miljoen euro."),
    ("2021-03-05", "Na de opening van de Zwanenburgbrug klaagden bewoners van de Lingewetering over verkeerslawaai. "
                   "Wethouder Kloosterman belooft een onderzoek."),
    ("2021-03-06", "Fietsers zijn blij met de Zwanenburgbrug, zegt de Fietsersbond. Kloosterman wil ook een "
                   "fietspad langs de Lingewetering."),
]
FESTIVAL = [
    ("2021-06-12", "Het Lindenfeest in Bergveld trok zaterdag twintigduizend bezoekers. Organisator Marieke "
                   "Draaisma is tevreden over de editie op het Kastanjeplein."),
    ("2021-06-13", "Op het Kastanjeplein in Bergveld werd zondag opgeruimd na het Lindenfeest. Draaisma noemt de "
                   "editie de beste ooit."),
]
OTHER = [
    ("2021-09-01", "De zwemvereniging De Dolfijnen viert haar honderdjarig bestaan met een estafette in het "
                   "Parkbad."),
    ("2021-10-15", "Boeren in de Meerpolder oogsten dit jaar minder aardappelen door de natte zomer."),
    ("2021-11-20", "Het stadsarchief toont oude kaarten van de vestingwerken rond de Hoogpoort."),
]
UNDATED_BRIDGE = ("Omwonenden van de Lingewetering willen geluidsschermen bij de Zwanenburgbrug. Wethouder "
                  "Kloosterman ontving hun petitie.")
UNDATED_ALONE = "Een recept voor appeltaart vraagt om zure appels, boter en kaneel. Bak de taart een uur."


def _corpus(tmp_path) -> tuple:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [{"id": f"b{i}", "date": d, "text": t, "source": "Oosterdams Dagblad"} for i, (d, t) in enumerate(BRIDGE)]
    rows += [{"id": f"f{i}", "date": d, "text": t, "source": "Bergvelds Nieuws"} for i, (d, t) in enumerate(FESTIVAL)]
    rows += [{"id": f"o{i}", "date": d, "text": t, "source": "Stadsblad"} for i, (d, t) in enumerate(OTHER)]
    rows += [{"id": "u1", "text": UNDATED_BRIDGE, "source": "Oosterdams Dagblad"},
             {"id": "u2", "text": UNDATED_ALONE, "source": "Oosterdams Dagblad"}]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    build([str(folder)], out, jobs=1)
    return folder, out


def test_an_undated_article_gets_the_range_of_the_articles_telling_its_story(tmp_path):
    folder, out = _corpus(tmp_path)
    with Store.in_dir(out, read_only=True) as store:
        docs = {r["external_id"]: r for r in store.documents(with_text=False)}
        data = chronicle(store)
    u1 = docs["u1"]
    assert u1["date"] is None and u1["date_source"] == "corpus"
    assert u1["date_from"] <= "2021-03-04" and "2021-03-06" <= u1["date_to"] <= "2021-03-10"
    bridge_ids = {docs[f"b{i}"]["id"] for i in range(3)}
    assert set(u1["date_basis"]) <= bridge_ids and u1["date_basis"]
    assert docs["u2"]["date_source"] != "corpus"  # shares nothing rare with a dated article: left undated
    exported = next(d for d in data["documents"] if d["id"] == u1["id"])
    assert exported["date_source"] == "inferred" and exported["date_inferred_by"] == "corpus"  # contract enum
    assert exported["date_range"] == [u1["date_from"], u1["date_to"]] and set(exported["date_basis"]) <= bridge_ids


def test_neighbours_that_are_most_of_a_small_corpus_date_nothing():
    dated = {f"d{i}": dating.Dated(date(2021, 3, i + 1), date(2021, 3, i + 1)) for i in range(4)}
    assert dating.infer("u", {"d0": 0.5, "d1": 0.4, "d2": 0.3}, dated, None) is None
    dated |= {f"e{i}": dating.Dated(date(2021, 9, 1), date(2021, 9, 1)) for i in range(4)}
    lo, hi, basis = dating.infer("u", {"d0": 0.5, "d1": 0.4, "d2": 0.3}, dated, None)
    assert (lo, hi, basis) == (date(2021, 2, 27), date(2021, 3, 5), ["d0", "d1", "d2"])


def test_linking_again_starts_from_the_text_not_the_last_guess(tmp_path):
    folder, out = _corpus(tmp_path)
    with Store.in_dir(out) as store:
        before = store.rows("SELECT id, date_from, date_to, date_source FROM documents ORDER BY id")
        store.con.begin()
        dating.link(store)
        dating.link(store)
        store.con.commit()
        after = store.rows("SELECT id, date_from, date_to, date_source FROM documents ORDER BY id")
    assert after == before


def test_a_range_is_no_finer_than_its_width():
    assert dating._precision(date(2021, 3, 4), date(2021, 3, 4)) == "day"
    assert dating._precision(date(2021, 3, 2), date(2021, 3, 8)) == "month"
    assert dating._precision(date(2021, 3, 28), date(2021, 4, 3)) == "year"
    assert dating._precision(date(2020, 12, 28), date(2021, 1, 3)) == "unknown"


def test_a_text_bound_in_the_future_is_no_bound():
    latest = date(2019, 4, 11)
    assert dating._floor("2057", latest) is None
    assert dating._floor("2019-03", latest) == date(2019, 3, 1)


def test_a_relative_reference_to_an_event_dated_elsewhere_places_the_article(tmp_path):
    rows = [
        {"id": "a", "date": "2021-03-04", "text": "Premier Anna Jansen heeft donderdag in Oosterdam de Duitse "
                                                  "bondskanselier Karl Müller ontmoet. Ze spraken over de brug."},
        {"id": "b", "date": "2021-03-05", "text": "Premier Anna Jansen ontmoette donderdag in Oosterdam "
                                                  "bondskanselier Karl Müller. Het gesprek ging over de brug."},
        {"id": "u", "text": "Premier Anna Jansen ontmoette vorige week in Oosterdam bondskanselier Karl Müller. "
                            "Nu volgt een tweede gesprek."},
    ] + [{"id": f"o{i}", "date": d, "text": t} for i, (d, t) in enumerate(OTHER + FESTIVAL)]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        docs = {r["external_id"]: r for r in store.documents(with_text=False)}
    u = docs["u"]
    # the meeting was on Thursday 4 March (week 1-7 March): 'last week' puts the article in the week after
    assert (u["date_source"], u["date_from"], u["date_to"]) == ("corpus", "2021-03-08", "2021-03-14")
    assert set(u["date_basis"]) == {docs["a"]["id"], docs["b"]["id"]}


def test_relative_words_come_from_the_time_layer_resources():
    assert dating.relative_shift("vorige week", "nl") == (-1, "W")
    assert dating.relative_shift("Gisteren", "nl") == (-1, "D")
    assert dating.relative_shift("last month", "en") == (-1, "M")
    assert dating.relative_shift("dinsdag", "nl") is None
    assert dating._shifted(date(2021, 3, 4), -1, "M") == dating.Dated(date(2021, 4, 1), date(2021, 4, 30))


def _build_rows(tmp_path, rows: list[dict]) -> dict:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build([str(tmp_path / "in")], tmp_path / "out", jobs=1)
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        return {r["external_id"]: r for r in store.documents(with_text=False)}


AGES = [
    {"id": "a", "date": "2015-06-10", "text": "Schaatsster Femke Draaijer (19) uit Heerenveen won woensdag het "
                                              "Nederlands kampioenschap op de tien kilometer."},
    {"id": "b", "date": "2016-02-20", "text": "De 20-jarige Femke Draaijer reed zaterdag een wereldrecord op de "
                                              "ijsbaan van Calgary."},
]
UNDATED_AGE = {"id": "u", "text": "Femke Draaijer (23) stopt met schaatsen. Ze wil geneeskunde studeren in "
                                  "Groningen."}


def test_a_stated_age_dates_an_article_by_the_birth_the_dated_articles_fix(tmp_path):
    docs = _build_rows(tmp_path, AGES + [UNDATED_AGE])
    u = docs["u"]
    # 19 on 2015-06-10 and 20 on 2016-02-20: born 1995-06-11 .. 1996-02-20; 23 from 2018-06-11 to 2020-02-19
    assert (u["date_source"], u["date_from"], u["date_to"]) == ("corpus", "2018-06-11", "2020-02-19")
    assert set(u["date_basis"]) == {docs["a"]["id"], docs["b"]["id"]}


def test_ages_that_contradict_each_other_date_nothing(tmp_path):
    other = {"id": "c", "date": "2016-03-01", "text": "Femke Draaijer (44) opende een bakkerij in Zwolle."}
    docs = _build_rows(tmp_path, AGES + [other, UNDATED_AGE])
    assert docs["u"]["date_source"] != "corpus" and docs["u"]["date_from"] is None


def test_age_patterns_come_from_the_language_resources():
    text = "De 47-jarige Jan Peeters zag het. Anna Smit (31) ook. Piet Bos, 58, niet. Karel Jansen (geboren in 1962)."
    spans = {name: (text.index(name), text.index(name) + len(name))
             for name in ("Jan Peeters", "Anna Smit", "Piet Bos", "Karel Jansen")}
    assert {n: ages.stated(text, *s, "nl") for n, s in spans.items()} == {
        "Jan Peeters": ("age", 47), "Anna Smit": ("age", 31), "Piet Bos": ("age", 58), "Karel Jansen": ("born", 1962)}
    en = "The 34-year-old Mary Jones left. John Smith, 61, stayed. Ann Lee (born 1970) spoke."
    assert ages.stated(en, en.index("Mary"), en.index(" left"), "en") == ("age", 34)
    assert ages.stated(en, en.index("John"), en.index(", 61"), "en") == ("age", 61)
    assert ages.stated(en, en.index("Ann"), en.index(" (born"), "en") == ("born", 1970)
    # a number in brackets that is no age, and a count before a name, are not read as one
    assert ages.stated("Jan Peeters (2019) schreef", 0, 11, "nl") is None
    assert ages.stated("de 3 kinderen van Jan Peeters", 18, 29, "nl") is None

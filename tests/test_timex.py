"""The time layer: finding time expressions and normalising them against the document date and its precision.

Every sentence here is our own. Each rule family has cases that must be tagged and cases that must not.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, needs_seeds, seed
from kroniek.analyze import analyze
from kroniek.analyze.timex import annotate, infer_date, tag
from kroniek.ingest import iter_documents
from kroniek.model import Analysis, Document, Timex

DAY_NL = (2019, 4, 25)  # a Thursday
MONTH_NL = (2019, 4, None)
DAY_EN = (1998, 1, 8)  # a Thursday


def one(text: str, lang: str, ref, expression: str) -> Timex:
    """The timex whose text is `expression` (it must be tagged with exactly that extent)."""
    found = [t for t in tag(text, lang, ref) if t.text == expression]
    assert found, f"{expression!r} not tagged in {text!r}: {tag(text, lang, ref)}"
    return found[0]


def texts(text: str, lang: str, ref=DAY_NL) -> list[str]:
    return [t.text for t in tag(text, lang, ref)]


# --- absolute dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value", [
    ("De top vond plaats op 25 april 2019 in Vladivostok.", "25 april 2019", "2019-04-25"),
    ("Het verdrag werd getekend in maart 2001.", "maart 2001", "2001-03"),
    ("De trein reed in 2001 door Rusland.", "2001", "2001"),
    ("Op zaterdag 13 april opende de markt.", "zaterdag 13 april", "2019-04-13"),
    ("Het akkoord van 02-03-2018 bleef geheim.", "02-03-2018", "2018-03-02"),
])
def test_dutch_absolute_dates(text: str, expr: str, value: str) -> None:
    t = one(text, "nl", DAY_NL, expr)
    assert (t.type, t.value) == ("DATE", value)


@pytest.mark.parametrize("text, expr, value", [
    ("The treaty was signed on Oct. 12, 1998, in Paris.", "Oct. 12, 1998", "1998-10-12"),
    ("Talks resumed on 3 March 2004 after a pause.", "3 March 2004", "2004-03-03"),
    ("Prices fell in January 1997.", "January 1997", "1997-01"),
    ("The fair opens in summer 2003.", "summer 2003", "2003-SU"),
])
def test_english_absolute_dates(text: str, expr: str, value: str) -> None:
    assert one(text, "en", DAY_EN, expr).value == value


@pytest.mark.parametrize("text, lang", [
    ("Het bedrijf betaalde 2019 euro boete.", "nl"),
    ("Er stonden 100.000 soldaten klaar.", "nl"),
    ("Ze rent in 1500 meter een record.", "nl"),
    ("Zijn vrijdagmiddagborrel was druk.", "nl"),
    ("The bill cost $1999 in total.", "en"),
    ("You may march on, said the officer.", "en"),
])
def test_no_date_in_numbers_or_words(text: str, lang: str) -> None:
    assert tag(text, lang, DAY_NL) == []


# --- weekdays by tense and by the document's precision ------------------------------------------------------------

def test_weekday_direction_from_tense_dutch() -> None:
    assert one("Kim gaat maandag op bezoek bij Poetin.", "nl", DAY_NL, "maandag").value == "2019-04-29"
    assert one("Kim bezocht maandag de haven.", "nl", DAY_NL, "maandag").value == "2019-04-22"
    assert one("Vorige vrijdag sprak hij de pers toe.", "nl", DAY_NL, "Vorige vrijdag").value == "2019-04-19"


def test_weekday_in_month_dated_document_never_gets_a_day() -> None:
    t = one("Kim gaat donderdag op bezoek.", "nl", MONTH_NL, "donderdag")
    assert t.value == "2019-04"
    assert one("Kim went on Thursday.", "en", (2019, 4, None), "Thursday").value == "2019-04"


def test_weekday_without_document_date_is_underspecified() -> None:
    assert one("Hij komt dinsdag terug.", "nl", None, "dinsdag").value == "XXXX-WXX-2"


def test_weekday_direction_from_tense_english() -> None:
    assert one("The minister said Tuesday that talks failed.", "en", DAY_EN, "Tuesday").value == "1998-01-06"
    assert one("The minister will travel on Monday.", "en", DAY_EN, "Monday").value == "1998-01-12"
    assert one("Last Tuesday the market fell.", "en", DAY_EN, "Last Tuesday").value == "1998-01-06"


def test_english_tense_cues_ignore_names_and_read_plans_as_future() -> None:
    # 'United' ends in -ed but is no verb: 'would' before it decides
    text = "Officials said the father would be traveling to the United States Thursday with his wife."
    assert one(text, "en", (2000, 4, 5), "Thursday").value == "2000-04-06"
    assert one("The team planned to leave Nairobi on Friday.", "en", DAY_EN, "Friday").value == "1998-01-09"
    assert one("The team left Nairobi on Friday.", "en", DAY_EN, "Friday").value == "1998-01-02"


def test_english_year_back_in_an_earnings_report_is_a_quarter() -> None:
    text = ("Acme reported a loss for the third quarter.\nSales rose to $5 million from $4 million a year earlier.")
    assert one(text, "en", (1989, 10, 26), "a year earlier").value == "1988-Q3"
    text = "Acme had 40 stores.\nIt had 30 stores a year earlier."
    assert one(text, "en", (1989, 10, 26), "a year earlier").value == "1988"


@pytest.mark.parametrize("text, expr, value", [
    ("The company was founded in nineteen ninety-six, he said.", "nineteen ninety-six", "1996"),
    ("It snowed in the winter of nineteen ninety-four.", "winter of nineteen ninety-four", "1994-WI"),
    ("Computers must be ready for the year two thousand.", "the year two thousand", "2000"),
    ("It was the bloodiest war of the 20th century.", "the 20th century", "19"),
    ("The church dates from the eleventh century.", "the eleventh century", "10"),
    ("They met on Christmas Day.", "Christmas Day", "1997-12-25"),
    ("The boy arrived on Thanksgiving Day.", "Thanksgiving Day", "1997-11-27"),  # fourth Thursday of November
])
def test_english_spelled_years_centuries_and_holidays(text: str, expr: str, value: str) -> None:
    assert one(text, "en", DAY_EN, expr).value == value


def test_english_the_past_year_is_the_calendar_year_gone_but_a_count_stays_a_duration() -> None:
    assert (one("Prices rose sharply over the past year.", "en", DAY_EN, "the past year").type,
            one("Prices rose sharply over the past year.", "en", DAY_EN, "the past year").value) == ("DATE", "1997")
    assert one("The previous year was calm.", "en", DAY_EN, "The previous year").value == "1997"
    assert one("Prices rose over the past three years.", "en", DAY_EN, "the past three years").value == "P3Y"


def test_english_noon_on_a_weekday_and_recurring_days_and_months() -> None:
    friday = (1998, 2, 13)
    t = one("The shops closed at noon Thursday.", "en", friday, "noon Thursday")
    assert (t.type, t.value) == ("TIME", "1998-02-12T12:00")
    t = one("Two flights leave Bombay on Tuesday nights.", "en", friday, "Tuesday nights")
    assert (t.type, t.value) == ("SET", "XXXX-WXX-2TNI")
    assert one("The shop is closed on Sundays.", "en", friday, "Sundays").value == "XXXX-WXX-7"
    assert one("The fair is held each July.", "en", friday, "each July").value == "XXXX-07"
    # a singular weekday before a noun stays one day, and 'nightclub' is no part of the day
    t = one("He went to a Tuesday nightclub party.", "en", friday, "Tuesday")
    assert (t.type, t.value) == ("DATE", "1998-02-10")


def test_english_the_weekend_in_the_past_tense_is_the_one_just_gone() -> None:
    monday = (1990, 8, 13)  # ISO week 33
    assert one("Officials confirmed the reports over the weekend.", "en", monday, "the weekend").value == "1990-W32-WE"
    assert one("Officials will meet over the weekend.", "en", monday, "the weekend").value == "1990-W33-WE"


def test_english_the_year_ended_is_a_fiscal_year_duration() -> None:
    t = one("Net income for the year ended June 30 rose.", "en", DAY_EN, "the year")
    assert (t.type, t.value) == ("DURATION", "P1Y")
    assert one("The quarter ended Sept. 30 was weak.", "en", DAY_EN, "The quarter").type == "DATE"  # not a span


def test_english_the_year_alone_is_this_year_but_not_the_start_of_a_compound() -> None:
    t = one("The stock hit a high for the year in June.", "en", DAY_EN, "the year")
    assert (t.type, t.value) == ("DATE", "1998")
    assert one("Profit fell from the year-ago level.", "en", DAY_EN, "the year-ago level").value == "1997"
    assert "the year" not in [x.text for x in tag("It was the year before the war.", "en", DAY_EN)]
    assert [x.text for x in tag("The now-defunct firm and a soon-to-be star.", "en", DAY_EN)] == []


def test_english_the_same_period_last_year_is_one_expression() -> None:
    text = "Sales rose 5% from the same period last year and 3% from the same month a year ago."
    assert one(text, "en", DAY_EN, "the same period last year").value == "1997"
    assert one(text, "en", DAY_EN, "the same month a year ago").value == "1997"
    assert [t.text for t in tag("The same people came last year.", "en", DAY_EN)] == ["last year"]


def test_english_number_words_and_new_are_no_years_or_holidays() -> None:
    assert tag("Nineteen people died and the new year began quietly.", "en", DAY_EN) == []
    assert tag("A nineteen-year-old was hurt in nineteen places.", "en", DAY_EN) == []


# --- relative expressions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value, ref", [
    ("Vorige week werd het plan bekend.", "Vorige week", "2019-W16", DAY_NL),
    ("Vorige week werd het plan bekend.", "Vorige week", "2019-04", MONTH_NL),  # no day known: no week either
    ("Volgend jaar komt er een tweede top.", "Volgend jaar", "2020", DAY_NL),
    ("Hij zei eerder deze maand dat het goed ging.", "eerder deze maand", "2019-04", MONTH_NL),
    ("Twintig jaar geleden was hij er ook.", "Twintig jaar geleden", "1999", DAY_NL),
    ("Afgelopen zomer bleef het stil.", "Afgelopen zomer", "2018-SU", DAY_NL),
    ("Het gebeurde in de jaren negentig.", "de jaren negentig", "199X", DAY_NL),  # a decade, as in English
    ("Gisteren sprak hij de pers.", "Gisteren", "2019-04-24", DAY_NL),
    ("Vandaag is hij in Moskou.", "Vandaag", "2019-04", MONTH_NL),
    ("Hij landde op 3 april. De dag erna reisde hij door.", "De dag erna", "2019-04-04", DAY_NL),
])
def test_dutch_relative(text: str, expr: str, value: str, ref) -> None:
    assert one(text, "nl", ref, expr).value == value


@pytest.mark.parametrize("text, expr, value", [
    ("Two years ago the plant closed.", "Two years ago", "1996"),
    ("Sales doubled in the 1990s.", "the 1990s", "199X"),
    ("Prices rose last month.", "last month", "1997-12"),
    ("The plant will reopen next year.", "next year", "1999"),
    ("He arrived yesterday.", "yesterday", "1998-01-07"),
    ("Profit rose in the third quarter.", "the third quarter", "1997-Q3"),
    ("Results come this week.", "this week", "1998-W02"),
])
def test_english_relative(text: str, expr: str, value: str) -> None:
    assert one(text, "en", DAY_EN, expr).value == value


def test_present_past_future_refs() -> None:
    assert one("Nu is het rustig.", "nl", DAY_NL, "Nu").value == "PRESENT_REF"
    assert one("Hij was onlangs in Seoul.", "nl", DAY_NL, "onlangs").value == "PAST_REF"
    assert one("Prices will rise soon.", "en", DAY_EN, "soon").value == "FUTURE_REF"
    assert texts("Een recent fenomeen.", "nl") == []  # the adjective is not a time


# --- months without a year, modifiers -----------------------------------------------------------------------------

def test_month_without_year_takes_the_documents_year_and_tense() -> None:
    t = one("De ambassadeur heeft dit eind juli al aangeboden.", "nl", (2022, 8, None), "eind juli")
    assert (t.value, t.mod) == ("2022-07", "END")
    assert one("In september werd hij benoemd.", "nl", MONTH_NL, "september").value == "2018-09"
    assert one("In september zal hij beginnen.", "nl", MONTH_NL, "september").value == "2019-09"
    assert one("Het gebeurde in juli.", "nl", None, "juli").value == "XXXX-07"


@pytest.mark.parametrize("text, expr, value, mod", [
    ("Begin 2023 was de voorraad op.", "Begin 2023", "2023", "START"),
    ("Half september volgt het besluit.", "Half september", "2019-09", "MID"),
    ("Het duurde circa twee jaar.", "circa twee jaar", "P2Y", "APPROX"),
    ("Late last year the firm grew.", "Late last year", "1997", "END"),
])
def test_modifiers(text: str, expr: str, value: str, mod: str) -> None:
    lang = "en" if text.startswith("Late") else "nl"
    t = one(text, lang, DAY_EN if lang == "en" else DAY_NL, expr)
    assert (t.value, t.mod) == (value, mod)


def test_english_approximation_keeps_mod_outside_the_extent() -> None:
    t = one("The meeting lasted about three hours.", "en", DAY_EN, "three hours")
    assert (t.type, t.value, t.mod) == ("DURATION", "PT3H", "APPROX")


# --- durations, number words, sets, clock times -------------------------------------------------------------------

@pytest.mark.parametrize("text, lang, expr, value", [
    ("Vier uur lang spraken de leiders.", "nl", "Vier uur lang", "PT4H"),
    ("Poetin gaat voor het eerst in twintig jaar naar Pyongyang.", "nl", "twintig jaar", "P20Y"),
    ("Het contract loopt tweeëntwintig maanden.", "nl", "tweeëntwintig maanden", "P22M"),
    ("Ze wachtten een half jaar.", "nl", "een half jaar", "P6M"),
    ("In the last twenty-four hours the index fell.", "en", "the last twenty-four hours", "PT24H"),
    ("Shares hit a five-year low.", "en", "five-year", "P5Y"),
    ("They talked for several months.", "en", "several months", "PXM"),
])
def test_durations(text: str, lang: str, expr: str, value: str) -> None:
    t = one(text, lang, DAY_EN if lang == "en" else DAY_NL, expr)
    assert (t.type, t.value) == ("DURATION", value)


def test_ages_and_bare_years_are_not_durations() -> None:
    assert texts("The 6-year-old boy was found.", "en", DAY_EN) == []
    assert texts("Het jaar was zwaar voor hem.", "nl") == []


@pytest.mark.parametrize("text, lang, expr, value", [
    ("De trein rijdt dagelijks.", "nl", "dagelijks", "P1D"),
    ("Elke maandag is er markt.", "nl", "Elke maandag", "XXXX-WXX-1"),
    ("The board meets every week.", "en", "every week", "P1W"),
])
def test_sets(text: str, lang: str, expr: str, value: str) -> None:
    t = one(text, lang, DAY_NL, expr)
    assert (t.type, t.value) == ("SET", value)


def test_clock_times() -> None:
    t = one("De trein vertrekt om 14.30 uur uit Moskou.", "nl", DAY_NL, "14.30 uur")
    assert (t.type, t.value) == ("TIME", "2019-04-25T14:30")
    assert one("Trading stopped at 10:30 a.m. today.", "en", DAY_EN, "10:30 a.m. today").value == "1998-01-08T10:30"
    assert one("Het bod kwam vanavond.", "nl", MONTH_NL, "vanavond").value == "2019-04"  # no day, no time of day
    assert texts("Hij scoorde 3-1 in de slotfase.", "nl") == []


# --- offsets and the annotator --------------------------------------------------------------------------------

def test_offsets_point_into_the_text() -> None:
    doc = Document(id="x", source="t", text="Op 3 maart 2019 en vorig jaar.", date="2019-04-25", date_precision="day",
                   language="nl")
    analysis = Analysis(doc_id="x", language="nl")
    annotate(doc, analysis)
    assert [(t.text, t.value) for t in analysis.timexes] == [("3 maart 2019", "2019-03-03"), ("vorig jaar", "2018")]
    assert all(doc.text[t.start:t.end] == t.text for t in analysis.timexes)
    assert analysis.inferred_range is None  # dated documents are not re-dated


# --- dating undated documents -----------------------------------------------------------------------------------

def test_inferred_date_is_latest_past_reference_without_inventing_a_day() -> None:
    text = "In 2015 sloot hij een deal. In maart 2017 bezocht hij Seoul. In 2030 wil hij terug."
    timexes = tag(text, "nl", None)
    assert infer_date(text, timexes, "nl") == ("2017-03", "month")


def test_inferred_date_from_a_named_event_anchor() -> None:
    text = "Sinds het begin van de Russische invasie in Oekraïne zoekt Moskou steun."
    assert infer_date(text, tag(text, "nl", None), "nl") == ("2022-02", "month")
    assert infer_date("Er gebeurde niets bijzonders.", [], "nl") is None


# --- the seed corpus -----------------------------------------------------------------------------------------

@needs_seeds
def test_seed_2019_article_dated_to_the_month() -> None:
    doc = next(iter_documents([str(seed("002"))]))
    assert (doc.date, doc.date_precision) == ("2019-04", "month")
    timexes = analyze(doc).timexes
    thursday = next(t for t in timexes if t.text == "donderdag")
    assert (thursday.type, thursday.value) == ("DATE", "2019-04")
    year = next(t for t in timexes if t.text == "2001")
    assert doc.text[year.start - 3:year.start] == "in "
    assert year.value == "2001"


@needs_seeds
def test_seed_undated_article_gets_an_inferred_range_and_no_day(tmp_path: Path) -> None:
    from kroniek.rows import table_rows

    doc = next(iter_documents([str(seed("003"))]))
    assert doc.date is None
    analysis = analyze(doc)
    assert analysis.inferred_range is not None and analysis.inferred_range[1] is None
    assert len(analysis.inferred_range[0]) <= 7  # a year or a month, never a day
    assert any(t.value == "P20Y" for t in analysis.timexes)  # voor het eerst in twintig jaar
    row = table_rows([doc], [analysis], added_at=datetime(2024, 1, 1), run=1)["documents"].to_pylist()[0]
    assert (row["date"], row["date_source"], row["date_from"], row["date_to"]) == (
        None, "inferred", analysis.inferred_range[0], None)


@needs_seeds
def test_seed_month_end_modifier() -> None:
    doc = next(iter_documents([str(seed("004"))]))
    t = next(t for t in analyze(doc).timexes if t.text == "eind juli")
    assert (t.value, t.mod) == ("2022-07", "END")
    assert SEEDS.is_dir()


# --- the evaluation command -----------------------------------------------------------------------------------

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>t1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-10" functionInDocument="CREATION_TIME">20010510</TIMEX3></DCT>
<TEXT>
The council met <TIMEX3 tid="t1" type="DATE" value="2001-05-08">Tuesday</TIMEX3> &amp; agreed to wait
<TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>. It rained.
</TEXT>
</TimeML>
"""


def test_eval_timex_on_timeml(tmp_path: Path) -> None:
    from kroniek.cli import app

    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "timex", "--timeml", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["strict_f1"] == 1.0 and scores["value_accuracy"] == 1.0 and scores["type_accuracy"] == 1.0
    assert set(scores) >= {"strict_precision", "strict_recall", "relaxed_f1", "docs_per_s"}


def _gold_line(article_id: str, text: str, spans: list[tuple[str, str, str]], split: str = "dev") -> str:
    """One line of the documented Dutch gold format: offsets, type, value, mod and a span hash, never the text."""
    timexes = []
    for span, typ, value in spans:
        start = text.index(span)
        timexes.append({"start": start, "end": start + len(span), "type": typ, "value": value, "mod": None,
                        "sha1": hashlib.sha1(span.encode("utf-8")).hexdigest()[:8]})
    return json.dumps({"article_id": article_id, "dct": "2019-03-05", "split": split, "timexes": timexes}) + "\n"


def test_eval_timex_on_jsonl_gold(tmp_path: Path) -> None:
    from kroniek.cli import app

    text = "Het kabinet besloot gisteren tot een pauze van drie weken."
    other = "Vorige week viel het besluit."
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": 7, "text": text, "published_at": "2019-03-05"}) + "\n"
                        + json.dumps({"id": 8, "text": other, "published_at": "2019-03-05"}) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_gold_line("7", text, [("gisteren", "DATE", "2019-03-04"), ("drie weken", "DURATION", "P3W")])
                    + _gold_line("8", other, [("Vorige week", "DATE", "2019-W01")], split="test"), encoding="utf-8")
    base = ["eval", "timex", "--gold-jsonl", str(gold), "--articles", str(articles), "--lang", "nl"]
    dev = json.loads(CliRunner().invoke(app, [*base, "--split", "dev"]).output)
    assert (dev["strict_f1"], dev["value_accuracy"], dev["documents"]) == (1.0, 1.0, 1)
    test = json.loads(CliRunner().invoke(app, [*base, "--split", "test"]).output)
    assert (test["strict_f1"], test["value_accuracy"], test["documents"]) == (1.0, 0.0, 1)  # 2019-W09, not W01
    assert json.loads(CliRunner().invoke(app, base).output)["gold"] == 3


def test_eval_timex_refuses_gold_whose_spans_moved(tmp_path: Path) -> None:
    from kroniek.evaluate.timex import read_gold_jsonl

    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": 7, "text": "Gisteren viel het besluit.", "published_at": "2019-03-05"})
                        + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_gold_line("7", "Gisteren viel het besluit.", [("Gisteren", "DATE", "2019-03-04")]),
                    encoding="utf-8")
    assert len(read_gold_jsonl(gold, articles)[0].timexes) == 1
    articles.write_text(json.dumps({"id": 7, "text": "Eergisteren viel het.", "published_at": "2019-03-05"})
                        + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not match"):
        read_gold_jsonl(gold, articles)


def test_dutch_gold_file_holds_no_text_and_enough_expressions() -> None:
    gold = Path(__file__).resolve().parent.parent / "bench" / "data" / "timex-nl-gold.jsonl"
    lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    timexes = [t for rec in lines for t in rec["timexes"]]
    assert len(timexes) >= 320 and {rec["split"] for rec in lines} == {"dev", "test"}
    assert all(set(t) == {"start", "end", "type", "value", "mod", "sha1"} for t in timexes)
    assert {t["type"] for t in timexes} == {"DATE", "TIME", "DURATION", "SET"}


def test_impossible_dates_and_clock_words() -> None:
    assert [t.value for t in tag("Op 31 februari gebeurde niets.", "nl", DAY_NL)] == ["2019-02"]  # the month only
    assert one("De trein vertrekt om twaalf uur.", "nl", DAY_NL, "twaalf uur").type == "TIME"
    assert one("Het verhoor duurde twaalf uur.", "nl", DAY_NL, "twaalf uur").value == "PT12H"


# --- Dutch rule families fixed against the dpgmedia2019 gold (bench/data/README-timex-nl.md) ----------------------

@pytest.mark.parametrize("text, expr, typ, value", [
    ("De bonden praten de komende weken verder.", "de komende weken", "DURATION", "PXW"),
    ("De prijzen stegen de afgelopen jaren fors.", "de afgelopen jaren", "DURATION", "PXY"),
    ("Het aantal gevallen is het afgelopen jaar verdrievoudigd.", "het afgelopen jaar", "DURATION", "P1Y"),
    ("Het verzuim lag afgelopen jaar hoger.", "afgelopen jaar", "DATE", "2018"),
    ("Ze voeren de komende week actie.", "de komende week", "DURATION", "P1W"),
    ("Ze voeren komende week actie.", "komende week", "DATE", "2019-W18"),
    ("Hij zat maandenlang vast.", "maandenlang", "DURATION", "PXM"),
    ("Hij kreeg een wekenlange celstraf.", "wekenlange", "DURATION", "PXW"),
    ("Decennia van vaccineren worden ondermijnd.", "Decennia", "DURATION", "PXDE"),
    ("Het dossier heeft een tijdje stilgelegen.", "een tijdje", "DURATION", "PXX"),
    ("Binnen een paar seconden was het voorbij.", "een paar seconden", "DURATION", "PTXS"),
    ("Het verzuim daalt voor het eerst sinds jaren.", "jaren", "DURATION", "PXY"),
])
def test_dutch_durations_and_periods(text: str, expr: str, typ: str, value: str) -> None:
    t = one(text, "nl", DAY_NL, expr)
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize("text, expr, value", [
    ("Sinds maart vorig jaar daalt het verzuim.", "maart vorig jaar", "2018-03"),
    ("De lidstaten moeten uiterlijk in april volgend jaar kiezen.", "april volgend jaar", "2020-04"),
    ("De discussie begon eind augustus vorig jaar.", "eind augustus vorig jaar", "2018-08"),
    ("Het plan gaat niet in 2019 maar in 2021 in. Op 28 maart van dat jaar gaat de klok vooruit.",
     "28 maart van dat jaar", "2021-03-28"),
    ("Uit een onderzoek in 2017 bleek dat de helft dat jaar bedreigd werd.", "dat jaar", "2017"),
    ("De mars wordt van 17 tot en met 19 juli gehouden.", "17", "2019-07-17"),
    ("De mars wordt van 17 tot en met 19 juli gehouden.", "19 juli", "2019-07-19"),
    ("Het festival is in het weekeinde van zaterdag 21 en zondag 22 september.", "zaterdag 21", "2019-09-21"),
    ("Het festival is in het weekeinde van zaterdag 21 en zondag 22 september.", "zondag 22 september",
     "2019-09-22"),
    ("De handhavers voeren ook actie op Koningsdag.", "Koningsdag", "2019-04-27"),
    ("Het is voor het eerst in de 21ste eeuw.", "de 21ste eeuw", "20"),
    ("Dat gebeurde in de negentiende eeuw.", "de negentiende eeuw", "18"),
    ("In 2050 leven mensen langer.", "2050", "2050"),
    ("Hij begon anderhalf jaar geleden.", "anderhalf jaar geleden", "2017-10"),
    ("De ronde begint volgende week maandag.", "volgende week maandag", "2019-04-29"),
    ("Tot ze na de zomer haar diploma hoopt te krijgen.", "de zomer", "2019-SU"),
])
def test_dutch_calendar_expressions(text: str, expr: str, value: str) -> None:
    assert one(text, "nl", DAY_NL, expr).value == value


def test_dutch_decade_modifiers_and_values() -> None:
    t = one("Sinds zijn opkomst in de late jaren negentig is dat gewoon.", "nl", DAY_NL, "de late jaren negentig")
    assert (t.value, t.mod) == ("199X", "END")
    assert one("De groei is de grootste sinds begin jaren vijftig.", "nl", DAY_NL, "begin jaren vijftig").mod == "START"


def test_dutch_prepositions_and_comparisons_stay_outside() -> None:
    t = one("De stijging zette door tot vorig jaar.", "nl", DAY_NL, "vorig jaar")
    assert (t.value, t.mod) == ("2018", None)
    t = one("Hij werd veroordeeld tot anderhalf jaar cel.", "nl", DAY_NL, "anderhalf jaar")
    assert (t.value, t.mod) == ("P18M", None)
    assert one("Er kwamen meer dan vorig jaar.", "nl", DAY_NL, "vorig jaar").mod is None
    assert one("Het mag maximaal drie maanden duren.", "nl", DAY_NL, "maximaal drie maanden").mod == "EQUAL_OR_LESS"
    assert one("Hij wordt op dit moment niet verdacht.", "nl", DAY_NL, "dit moment").value == "PRESENT_REF"
    assert one("Dat werd in het verleden beloofd.", "nl", DAY_NL, "het verleden").value == "PAST_REF"


def test_dutch_ages_boards_and_topics_are_not_times() -> None:
    assert texts("De kinderen zijn 15, 19 en 21 jaar oud.", "nl") == []
    assert texts("Het gaat om een vrouw tussen de 20 en 36 jaar.", "nl") == []
    assert texts("Het dagelijks bestuur vergadert.", "nl") == []
    assert texts("Ze gaan niet over de toekomst van Nederland.", "nl") == []
    assert texts("Ze rijdt 25 kilometer per uur.", "nl") == []
    assert texts("De Koningsdagmarkt was druk.", "nl") == []
    assert one("Hij wachtte 21 jaar op zijn kans.", "nl", DAY_NL, "21 jaar").value == "P21Y"  # not an age


@pytest.mark.parametrize("text, expr, value", [
    ("Twee dagen per week helpt ze op school.", "Twee dagen per week", "P1W"),
    ("We skypen elke avond.", "elke avond", "XXXX-XX-XXTEV"),
    ("Het halfjaarlijkse klokverzetten verdwijnt.", "halfjaarlijkse", "P6M"),
])
def test_dutch_sets(text: str, expr: str, value: str) -> None:
    t = one(text, "nl", DAY_NL, expr)
    assert (t.type, t.value) == ("SET", value)


def test_dutch_weekday_without_tense_cue_looks_ahead() -> None:
    # DAY_NL is Thursday 25 April 2019
    assert one("De brouwerij opent zaterdag het café.", "nl", DAY_NL, "zaterdag").value == "2019-04-27"
    assert one("De brouwerij opende zaterdag het café.", "nl", DAY_NL, "zaterdag").value == "2019-04-20"
    assert one("Hij beet zaterdag zijn tegenstander.", "nl", DAY_NL, "zaterdag").value == "2019-04-20"
    assert one("Donderdag bespreken de experts de lijst.", "nl", DAY_NL, "Donderdag").value == "2019-04-25"


def test_dutch_this_weekend_in_the_past_tense_is_the_weekend_gone() -> None:
    assert one("Dit weekend was het weer raak.", "nl", DAY_NL, "Dit weekend").value == "2019-W16-WE"
    assert one("Dit weekend gaat het regenen.", "nl", DAY_NL, "Dit weekend").value == "2019-W17-WE"


def test_dutch_clock_time_on_the_day_last_named() -> None:
    text = "Ook op Koningsdag, zaterdag 27 april, leggen ze van 18.00 tot 21.00 uur het werk neer."
    assert one(text, "nl", DAY_NL, "18.00").value == "2019-04-27T18:00"
    assert one("Hij komt morgen om 15 uur.", "nl", DAY_NL, "15 uur").value == "2019-04-26T15:00"
    assert one("Iets na zes uur botsten de boten.", "nl", DAY_NL, "zes uur").type == "TIME"


def test_dutch_approximate_count_after_the_unit() -> None:
    t = one("Ik lees al een jaar of zestig de krant.", "nl", DAY_NL, "een jaar of zestig")
    assert (t.type, t.value, t.mod) == ("DURATION", "P60Y", "APPROX")
    assert one("Het kan een maand of twee duren.", "nl", DAY_NL, "een maand of twee").value == "P2M"
    assert texts("Hij bleef een week of twee weken.", "nl") == ["een week", "twee weken"]  # 'of' = 'or' here


def test_scorer_takes_a_decade_written_with_or_without_x_as_one_value() -> None:
    from kroniek.evaluate.timex import same_value

    assert same_value("199", "199X") and same_value("19XX", "19")
    assert not same_value("199", "198X") and not same_value("2019", "201X") and not same_value("P10Y", "P10")


def test_a_day_counted_from_a_month_named_before_stays_in_that_month() -> None:
    text = "Het toestel verongelukte in oktober 2018. Een dag eerder was het al bijna misgegaan."
    assert one(text, "nl", DAY_NL, "Een dag eerder").value == "2018-10"  # not the day before the article


def test_half_weeks_ago_give_the_week_they_point_to() -> None:
    assert one("Hij vertrok zo'n anderhalve week geleden uit de stad.", "nl", DAY_NL,
               "zo'n anderhalve week geleden").value == "2019-W16"  # 25 April minus ten days


@pytest.mark.parametrize("ref", [None, (2019, None, None), (2019, 3, None)])
def test_half_weeks_ago_in_an_article_without_a_day_give_no_made_up_day(ref) -> None:
    (tx,) = tag("Hij vertrok zo'n anderhalve week geleden uit de stad.", "nl", ref)
    assert not tx.value[:1].isdigit() or len(tx.value) <= 7  # never a day the article cannot support


def test_days_counted_from_a_year_named_before_stay_in_that_year() -> None:
    text = "In 2016 reed een man in op een menigte. Drie dagen later werd hij gearresteerd."
    assert one(text, "nl", DAY_NL, "Drie dagen later").value == "2016"  # not three days after the article

"""Sentence splitting and tokenisation on Dutch and English news layout."""

from __future__ import annotations

import pytest

from conftest import needs_seeds, seed
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.ingest.plaintext import split_header
from kroniek.resources import language_resources

NL = language_resources("nl")
EN = language_resources("en")


def sents(text: str, res=NL) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text, res)]


@pytest.mark.parametrize(
    "text",
    [
        "Het bezoek werd o.a. door Rusland betaald.",
        "Volgens dr. Breuker is dat geen toeval.",
        "Er werken ca. 50.000 Noord-Koreanen in Rusland.",
        "Dat zegt prof. Salemon van de universiteit.",
        "Kim Jong-il Sr. bezocht Moskou per trein.",
        "Het gaat o.a. om granaten, d.w.z. munitie.",
        "De brief van Poetin kwam i.p.v. een bezoek.",
        "Hij sprak met J. Smith over de sancties.",
    ],
)
def test_dutch_abbreviations_do_not_end_sentences(text):
    assert sents(text + " Daarna volgde een persconferentie.") == [text, "Daarna volgde een persconferentie."]


def test_abbreviation_before_capitalised_name_stays_inside_sentence():
    assert sents("Het gesprek ging o.a. Noord-Korea aan. Meer volgt.") == [
        "Het gesprek ging o.a. Noord-Korea aan.", "Meer volgt."]


def test_soft_abbreviation_can_end_a_sentence():
    assert sents("Ze leverden granaten, raketten enz. Daarna kwam de rekening.") == [
        "Ze leverden granaten, raketten enz.", "Daarna kwam de rekening."]


def test_english_titles():
    assert sents("Mr. Putin met Dr. Kim in Vladivostok. The talks lasted four hours.", EN) == [
        "Mr. Putin met Dr. Kim in Vladivostok.", "The talks lasted four hours."]


def test_sentence_ends_after_closing_quote():
    text = "‘Dit is uiterst onrustwekkend.’ Breuker zei het twee keer."
    assert sents(text) == ["‘Dit is uiterst onrustwekkend.’", "Breuker zei het twee keer."]


def test_quote_followed_by_attribution_is_one_sentence():
    text = "“Wat wil Kim?” vroeg de verslaggever. Niemand wist het."
    assert sents(text) == ["“Wat wil Kim?” vroeg de verslaggever.", "Niemand wist het."]


def test_dutch_sentence_may_start_with_lowercase_s():
    assert sents("Het regende. 's Avonds was de top voorbij.") == ["Het regende.", "'s Avonds was de top voorbij."]


def test_numbers_with_separators_are_not_boundaries():
    assert sents("Het ging om 1.500 km en 2,5 miljoen dollar. Dat is veel.") == [
        "Het ging om 1.500 km en 2,5 miljoen dollar.", "Dat is veel."]


def test_interview_layout_questions_and_answers_are_separate_sentences():
    text = ("Hoe kijkt China naar deze ontmoeting?\n\nBreuker: Met argusogen. Officieel is Peking blij.\n\n"
            "Wat denkt u?\n\nIk vermoed van niet.")
    assert sents(text) == ["Hoe kijkt China naar deze ontmoeting?", "Breuker: Met argusogen.",
                           "Officieel is Peking blij.", "Wat denkt u?", "Ik vermoed van niet."]


def test_headlines_without_punctuation_are_their_own_sentence():
    text = "Rusland wil munitie\n\nRusland is duidelijk over wat het land wil."
    assert sents(text) == ["Rusland wil munitie", "Rusland is duidelijk over wat het land wil."]


def test_hard_wrapped_lines_are_rejoined():
    text = "De Russische president ontving zijn gast op de\nruimtevaartbasis in het oosten. Daarna at men."
    assert sents(text) == ["De Russische president ontving zijn gast op de\nruimtevaartbasis in het oosten.",
                           "Daarna at men."]


def test_paragraph_numbers_follow_blank_lines():
    text = "Eerste zin. Tweede zin.\n\nDerde zin."
    assert [s.paragraph for s in split_sentences(text, NL)] == [0, 0, 1]


def test_tokens_keep_numbers_abbreviations_and_hyphenated_names_whole():
    text = "Kim Jong-un o.a. 100.000 soldaten, 1,5 miljoen (30%)."
    toks = [text[t.start:t.end] for t in tokenize(text, split_sentences(text, NL))]
    assert toks == ["Kim", "Jong-un", "o.a.", "100.000", "soldaten", ",", "1,5", "miljoen", "(", "30%", ")", "."]


@needs_seeds
def test_seed_interview_answers_and_quotes():
    _, text = split_header(seed("000").read_text(encoding="utf-8"))
    found = sents(text)
    assert "Breuker: Met argusogen." in found
    assert "Wat denkt u?" in found
    assert "‘Dit is uiterst onrustwekkend.’" in found
    assert "Remco Breuker: Ik maak me daar wel zorgen over." in found
    assert all("\n" not in s for s in found)
    # every sentence is an exact slice of the text and they never overlap
    spans = split_sentences(text, NL)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))

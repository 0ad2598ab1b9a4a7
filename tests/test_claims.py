"""Claims: figures with their unit, approximator, what they count and who claims them."""

from __future__ import annotations

import pytest

from conftest import needs_seeds, seed
from kroniek.analyze import analyze
from kroniek.analyze.claims import _numbers_module, claim_resources, parse_digits
from kroniek.ingest import iter_documents
from kroniek.model import Claim, Document

needs_number_words = pytest.mark.skipif(_numbers_module() is None, reason="number-word layer not installed yet")


def claims(text: str, lang: str = "nl") -> list[Claim]:
    return analyze(Document(id="t", source="t", text=text, language=lang)).claims


def one(text: str, lang: str = "nl") -> Claim:
    found = claims(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit, counts, approx", [
    ("Er werken circa 50.000 Noord-Koreaanse arbeiders in Rusland.", 50000, None, "Noord-Koreaanse arbeiders",
     "circa"),
    ("Het land heeft 100.000 soldaten klaarstaan.", 100000, None, "soldaten", None),
    ("Volgens experts werkt 30 procent van de boeren niet meer.", 30, "%", "van de boeren", None),
    ("De basis ligt meer dan 1500 kilometer van de grens.", 1500, "km", None, "meer dan"),
    ("Het bedrijf verloor ruim 2,5 dollar per aandeel.", 2.5, "USD", None, "ruim"),
    ("Er ligt zo'n 400 ton graan klaar.", 400, "ton", "graan", "zo'n"),  # what a measure measures
    ("De schade bedraagt €300 volgens de verzekeraar.", 300, "EUR", None, None),
    ("Bijna 20% van de inwoners is gevlucht.", 20, "%", "van de inwoners", "Bijna"),
])
def test_digit_claims_nl(text: str, value: float, unit: str | None, counts: str | None, approx: str | None) -> None:
    c = one(text)
    assert (c.value, c.unit, c.counts, c.approx) == (value, unit, counts, approx)


@pytest.mark.parametrize("text, value, unit, counts, approx", [
    ("About 100,000 North Korean soldiers are ready.", 100000, None, "North Korean soldiers", "About"),
    ("More than 30 percent of farmers stopped working.", 30, "%", "of farmers", "More than"),
    ("The pipeline runs for 1,500 km through the east.", 1500, "km", None, None),
    ("The deal is worth $2.5 to the company.", 2.5, "USD", None, None),
])
def test_digit_claims_en(text: str, value: float, unit: str | None, counts: str | None, approx: str | None) -> None:
    c = one(text, "en")
    assert (c.value, c.unit, c.counts, c.approx) == (value, unit, counts, approx)


@needs_number_words
@pytest.mark.parametrize("text, lang, value", [
    ("Er werken zo'n tienduizend Noord-Koreaanse arbeiders in Vladivostok.", "nl", 10000),
    ("Het gaat om 1,5 miljoen vluchtelingen.", "nl", 1_500_000),
    ("Het gaat om een half miljoen vluchtelingen.", "nl", 500_000),
    ("It concerns 1.5 million refugees.", "en", 1_500_000),
    ("It concerns ten thousand refugees.", "en", 10_000),
])
def test_number_words(text: str, lang: str, value: float) -> None:
    assert one(text, lang).value == value


@pytest.mark.parametrize("text, lang", [
    ("Poetin en Kim ontmoetten elkaar in 2019 voor het eerst.", "nl"),
    ("Het was de 2e keer dat ze elkaar zagen.", "nl"),
    ("De F-16 vloog over de stad.", "nl"),
    ("De twee landen delen een korte grens.", "nl"),
    ("They met for the first time in 2019.", "en"),
    ("It was the 21st summit.", "en"),
])
def test_years_ordinals_codes_and_small_words_are_not_claims(text: str, lang: str) -> None:
    assert claims(text, lang) == []


def test_list_numbers_are_not_claims() -> None:
    assert [c.value for c in claims("Punten:\n1. De oogst\n2. 300 ton graan")] == [300]


def test_separators_follow_the_language() -> None:
    nl, en = claim_resources("nl"), claim_resources("en")
    assert parse_digits("100.000", nl) == 100000 and parse_digits("1,5", nl) == 1.5
    assert parse_digits("100,000", en) == 100000 and parse_digits("1.5", en) == 1.5
    assert parse_digits("100.00", nl) is None  # malformed in Dutch: neither thousands nor a decimal


def test_claim_in_quote_carries_its_speaker() -> None:
    text = "“Er zijn 300 doden gevallen”, zegt Jan de Vries. Er wonen 5000 mensen."
    first, second = claims(text)
    assert (first.value, first.speaker_text, first.counts) == (300, "Jan de Vries", "doden")
    assert text[first.speaker_start:first.speaker_end] == "Jan de Vries"
    assert (second.value, second.speaker_text) == (5000, None)


@needs_seeds
def test_seed_004_hundred_thousand_soldiers_is_korotsjenko_claim_and_headline_typo_is_skipped() -> None:
    doc = next(iter_documents([str(seed("004"))]))
    found = analyze(doc).claims
    soldiers = [c for c in found if c.counts == "soldaten"]
    assert len(soldiers) == 1  # '100.000 soldaten'; the headline '100.00 soldaten' is malformed
    c = soldiers[0]
    assert (c.value, c.speaker_text) == (100000, "Igor Korotsjenko")
    assert doc.text[c.speaker_start:c.speaker_end] == "Igor Korotsjenko"


@needs_seeds
def test_seed_000_and_002_claims_in_breuker_quotes() -> None:
    doc = next(iter_documents([str(seed("000"))]))
    found = analyze(doc).claims
    shares = [(c.value, c.counts, doc.text[c.speaker_start:c.speaker_end]) for c in found if c.unit == "%"]
    assert shares == [(30, "van de boeren", "Remco Breuker"),
                      (50, "van de Noord-Koreaanse bevolking", "Remco Breuker")]
    assert any(c.value == 1500 and c.unit == "km" and c.approx == "meer dan" for c in found)
    assert not any(c.value == 2019 for c in found)
    doc = next(iter_documents([str(seed("002"))]))
    found = analyze(doc).claims
    workers = [c for c in found if c.value == 50000]
    assert workers and workers[0].approx == "circa" and workers[0].counts == "Noord-Koreaanse arbeiders"


def _examples() -> list[tuple[str, dict]]:
    import json
    from importlib import resources

    from kroniek.resources import LANGUAGES
    out = []
    for lang in LANGUAGES:
        path = resources.files("kroniek.resources").joinpath(lang, "claims.json")
        out += [(lang, e) for e in json.loads(path.read_text("utf-8")).get("examples", [])]
    return out


@pytest.mark.parametrize("lang, example", _examples(), ids=lambda x: x if isinstance(x, str) else x["rule"])
def test_every_resource_example(lang: str, example: dict) -> None:
    """Each rule in resources/<lang>/claims.json with the sentences that show it (positive: the claims it
    must give; negative: none)."""
    found = [[c.text, c.value, c.high, c.unit, c.counts, c.approx] for c in claims(example["text"], lang)]
    assert found == example["claims"], example.get("why", example["rule"])

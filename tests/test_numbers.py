"""The number layer: digits with each language's marks, number words and compounds, and finding them in text."""

from __future__ import annotations

import pytest

from kroniek.analyze.numbers import find_numbers, number_regex, parse_number


@pytest.mark.parametrize("text, lang, value", [
    ("vier", "nl", 4), ("twintig", "nl", 20), ("tienduizend", "nl", 10_000), ("honderdduizend", "nl", 100_000),
    ("tweeëntwintig", "nl", 22), ("eenentwintig", "nl", 21), ("anderhalf", "nl", 1.5), ("één", "nl", 1),
    ("twaalfhonderd", "nl", 1200), ("vijfhonderdduizend", "nl", 500_000), ("tweeduizendnegentien", "nl", 2019),
    ("1,5 miljoen", "nl", 1_500_000), ("een half miljoen", "nl", 500_000), ("anderhalf miljoen", "nl", 1_500_000),
    ("100.000", "nl", 100_000), ("1,5", "nl", 1.5), ("Twintig", "nl", 20),
    ("twenty-four", "en", 24), ("twenty four", "en", 24), ("a hundred thousand", "en", 100_000),
    ("one hundred and five", "en", 105), ("two and a half", "en", 2.5), ("half a million", "en", 500_000),
    ("1.5 million", "en", 1_500_000), ("100,000", "en", 100_000), ("ten thousand", "en", 10_000),
    ("a dozen", "en", 12),
])
def test_parse_number(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("text, lang", [
    ("een", "nl"), ("a", "en"),  # articles alone
    ("100.00", "nl"),  # neither Dutch thousands nor a Dutch decimal
    ("twee drie", "nl"), ("two three", "en"), ("vier en vijf", "nl"),  # two numbers, not one
    ("even", "nl"), ("tientallen", "nl"), ("honderden", "nl"), ("thousands", "en"), ("often", "en"), ("", "nl"),
    ("duizend duizend", "nl"),
])
def test_not_a_number(text: str, lang: str) -> None:
    assert parse_number(text, lang) is None


def test_find_numbers_with_offsets_nl() -> None:
    text = "Er werken zo'n tienduizend mensen voor 1,5 miljoen euro, vier en vijf ploegen, de 2e keer, 100.00 soldaten."
    found = [(m.text, m.value) for m in find_numbers(text, "nl")]
    assert found == [("tienduizend", 10_000), ("1,5 miljoen", 1_500_000), ("vier", 4), ("vijf", 5)]
    m = find_numbers(text, "nl")[0]
    assert text[m.start:m.end] == "tienduizend"


def test_find_numbers_en() -> None:
    text = "Some twenty-four people, a hundred thousand troops and 1,500 km; the 21st summit."
    assert [(m.text, m.value) for m in find_numbers(text, "en")] == [
        ("twenty-four", 24), ("a hundred thousand", 100_000), ("1,500", 1500)]


def test_pattern_embeds_in_other_patterns() -> None:
    assert number_regex("nl").fullmatch("tweeëntwintig")
    assert not number_regex("en").fullmatch("often")

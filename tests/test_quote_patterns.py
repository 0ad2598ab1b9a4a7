"""Every example sentence of every named quote pattern (resources/<lang>/quote_patterns.json), run by the matcher.

The examples are ours; a `match` example must match the pattern somewhere in the sentence (tokenised by the shared
token layer; a not_speaker example is a speaker phrase, matched from its first word), a `no_match` example not.
The layer-level tests below check that a ruled-out cue gives no quote.
"""

from __future__ import annotations

import pytest

from kroniek.analyze import analyze
from kroniek.analyze.patterns import Pattern, anchored, load_patterns, match_from, matches, token_ok
from kroniek.analyze.quotes.lexicon import quote_resources
from kroniek.analyze.segment import tokenize
from kroniek.model import Document, Sentence
from kroniek.resources import LANGUAGES


def _words(text: str) -> list[tuple[str, str]]:
    toks = tokenize(text, [Sentence(0, len(text), 0)])
    return [(text[t.start:t.end], text[t.start:t.end].lower()) for t in toks]


def _examples() -> list[tuple[str, str, str, str, bool]]:
    out = []
    for lang in LANGUAGES:
        for group, patterns in load_patterns(lang, "quote_patterns").items():
            for p in patterns:
                out += [(lang, group, p.name, text, True) for text in p.match]
                out += [(lang, group, p.name, text, False) for text in p.no_match]
    return out


EXAMPLES = _examples()


def test_every_pattern_has_examples_both_ways() -> None:
    assert EXAMPLES, "no quote patterns found"
    for lang in LANGUAGES:
        for group, patterns in load_patterns(lang, "quote_patterns").items():
            for p in patterns:
                assert p.match and p.no_match, (lang, group, p.name)


@pytest.mark.parametrize("lang, group, name, text, expected", EXAMPLES,
                         ids=[f"{e[0]}-{e[2]}-{'match' if e[4] else 'no'}-{i}" for i, e in enumerate(EXAMPLES)])
def test_pattern_example(lang: str, group: str, name: str, text: str, expected: bool) -> None:
    pattern = next(p for p in load_patterns(lang, "quote_patterns")[group] if p.name == name)
    classes = quote_resources(lang).classes
    words = _words(text)
    starts = [0] if group == "not_speaker" else range(len(words))  # a speaker phrase matches from its start
    found = any(match_from(pattern, words, i, classes) for i in starts)
    assert found is expected, (name, text)


def test_matcher_operators() -> None:
    classes = {"verbs": frozenset({"said"})}
    p = Pattern.from_dict({"name": "t", "tokens": [{"lower": "was"}, {"suffix": "ly", "op": "?"},
                                                  {"class": "verbs", "anchor": True}]})
    assert matches(p, _words("It was said"), classes) == [2]
    assert matches(p, _words("It was widely said"), classes) == [3]
    assert matches(p, _words("It was never said"), classes) == []
    star = Pattern.from_dict({"name": "s", "tokens": [{"shape": "Xx", "op": "+"}, {"lower": "said", "anchor": True}]})
    assert matches(star, _words("then Jane Smith said"), classes) == [3, 3]  # from 'Jane' and from 'Smith'
    assert anchored([star], _words("then Jane Smith said"), 3, classes) == "s"
    assert anchored([star], _words("then she said"), 2, classes) is None
    assert token_ok({"not": {"shape": "d"}}, "word", "word", classes)
    with pytest.raises(ValueError):
        token_ok({"colour": "red"}, "word", "word", classes)


@pytest.mark.parametrize("text", [
    "The confirmed cases rose to three hundred in the province.",  # an adjective, not a cue
    "She was told that the plan had failed.",  # speech reported to her, not hers
    "John Smith knew that the plan had failed.",  # knowledge
    "The council wants the road closed before the winter.",  # a wish
    "Trade with the United States fell sharply last year.",  # part of a name
])
def test_no_cue_no_quote_en(text: str) -> None:
    assert analyze(Document(id="t", source="t", text=text, language="en")).quotes == []


def test_told_names_who_was_told_not_the_speaker_en() -> None:
    text = "\u201cThe bridge will open in May,\u201d the mayor said, telling reporters the work was on time."
    speakers = {q.speaker_text for q in analyze(Document(id="t", source="t", text=text, language="en")).quotes}
    assert "reporters" not in speakers and "the mayor" in speakers


def test_a_quantity_is_no_speaker_en() -> None:
    text = "The total number of voters said little, and the count went on."
    assert all(q.speaker_text != "The total number of voters"
               for q in analyze(Document(id="t", source="t", text=text, language="en")).quotes)


@pytest.mark.parametrize("text, speaker, named_as", [
    # 'who' right after a name, without a comma, is that name (shown by it)
    ("The plan was drafted by Maria Lopez who said on the floor that it was overdue.", "Maria Lopez", "Maria Lopez"),
])
def test_relative_without_comma_en(text: str, speaker: str, named_as: str) -> None:
    found = analyze(Document(id="t", source="t", text=text, language="en")).quotes
    assert [(q.speaker_text, text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None)
            for q in found] == [(speaker, named_as)]


def test_object_pronoun_is_no_inverted_subject_en() -> None:
    text = "On Friday, the singer, 41, announced her retirement from the stage."
    assert all(q.speaker_text != "her" for q in analyze(Document(id="t", source="t", text=text, language="en")).quotes)


def test_according_to_with_a_time_after_it_en() -> None:
    text = "The bridge was closed on Monday, according to police on Tuesday."
    q = analyze(Document(id="t", source="t", text=text, language="en")).quotes
    assert [(x.text, x.speaker_text) for x in q] == [("The bridge was closed on Monday", "police")]

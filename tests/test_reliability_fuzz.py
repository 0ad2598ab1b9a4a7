"""Fuzzing the readers of every input format and the analysis (hypothesis; a long run is bench/fuzz.py).

Invariants (tests/fuzz_harness.py): only a named IngestError comes out of a reader, never an exception; stored
text is valid Unicode; every span of every layer lies inside the text and its `text` is `doc.text[start:end]`,
with CRLF, NUL, lone surrogates, combining marks, right-to-left text and emoji in the input."""

from __future__ import annotations

import random

import fuzz_harness as fh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import needs_seeds
from kroniek.analyze.boilerplate import NO_FURNITURE
from kroniek.analyze.segment import flag_boilerplate, split_sentences
from kroniek.ingest.decode import normalise_text
from kroniek.ingest.document import make_document
from kroniek.ingest.web import read_feed
from kroniek.model import IngestError
from kroniek.resources import language_resources

SHORT = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow])


@SHORT
@given(st.randoms(use_true_random=False))
def test_mutated_real_articles_in_every_format(rng: random.Random) -> None:
    fh.one_case(rng)


@SHORT
@given(st.sampled_from(fh.KINDS), st.binary(max_size=600))
def test_arbitrary_bytes_in_every_format(kind: str | None, raw: bytes) -> None:
    for doc in fh.check_reader(kind, raw):
        fh.check_analysis(doc)


@SHORT
@given(st.lists(st.sampled_from(fh.HARD) | st.characters() | st.sampled_from(("Jan", "zei", "2024")), max_size=120)
       .map("".join))
def test_arbitrary_text_analysed(text: str) -> None:
    fh.check_text(text)


def test_hard_characters_keep_offsets() -> None:
    """Each hard character in a real sentence: stored text is storable and spans still slice the text."""
    base = "Op 12 maart 2024 zei minister Jan Jansen in Den Haag: \"We gaan door met de steun.\" Dat meldt ANP."
    for hard in fh.HARD:
        text = base.replace(" ", f" {hard} ", 3)
        doc = make_document(source="x", text=text)
        assert doc.text == normalise_text(text) and "\r" not in doc.text and "\x00" not in doc.text
        doc.text.encode("utf-8")
        analysis = fh.check_analysis(doc)
        assert analysis.timexes and analysis.mentions, hard  # the date and the names are still found


def test_a_lone_surrogate_from_json_is_stored_as_a_replacement_character() -> None:
    docs = fh.check_reader("json", b'[{"text": "Jan Jansen zei \\ud800 iets in Den Haag.", "date": "2024-03-12"}]')
    assert [d.text for d in docs] == ["Jan Jansen zei \ufffd iets in Den Haag."]


@needs_seeds
def test_a_quote_across_furniture_has_the_document_text() -> None:
    """Fuzz case 1272 (a mutated seed, found by bench/fuzz.py): a quote runs across a photo credit that the
    analysis blanks out; its text used to carry the blanks instead of what the document says there."""
    (doc,) = fh.check_reader(*fh.an_input(random.Random(1272)))
    analysis = fh.check_analysis(doc)
    _, seen = flag_boilerplate(doc.text, split_sentences(doc.text, language_resources(analysis.language)),
                               analysis.language, NO_FURNITURE)
    assert any(seen[q.start:q.end] != doc.text[q.start:q.end] for q in analysis.quotes)  # the case is still one


def test_a_damaged_encoding_declaration_in_a_feed_is_named() -> None:
    """Found by bench/fuzz.py (case 34411): feedparser raised UnicodeDecodeError on a broken byte in the
    declaration."""
    raw = b'<?xml version="1.0" encoding="utf-\xc9"?><rss version="2.0"><channel><title>t</title><item>' \
          b"<title>Kim</title><description>Kim Jong-un reisde naar Vladivostok.</description></item></channel></rss>"
    docs = fh.check_reader("feed", raw)
    assert docs == []


def test_a_feed_entry_without_text_is_named() -> None:
    """Found by bench/fuzz.py --atheris (minimised): feedparser gives this entry a summary of None, which the
    feed reader took for text (TypeError)."""
    items = list(read_feed("fuzz", b"<item<title</body<", 100_000))
    assert items and all(isinstance(i, IngestError) for i in items), items

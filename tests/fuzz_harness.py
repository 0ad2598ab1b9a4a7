"""Inputs and invariants shared by the fuzz test (tests/test_reliability_fuzz.py) and the long run (bench/fuzz.py).

Inputs are real articles (the reference seeds and the bundled examples) mutated with the characters that break
offsets (CRLF, NUL, lone surrogates, combining marks, right-to-left text, emoji), wrapped in every input format,
and sometimes with their bytes damaged. The invariants: a reader yields Documents or named IngestErrors, never
raises; a Document's text is storable (valid Unicode); every span of every analysis layer lies inside the text
and its `text` is `doc.text[start:end]`."""

from __future__ import annotations

import csv
import html
import io
import json
import random
from functools import cache

from conftest import EXAMPLES, SEEDS
from kroniek.analyze import analyze
from kroniek.ingest import IngestOptions, _read_source
from kroniek.ingest.document import make_document
from kroniek.model import Analysis, Document, IngestError

KINDS = ("text", "html", "feed", "json", "jsonl", "csv", "tsv", None)  # None: sniffed, as for a file without suffix
HARD = ("\r\n", "\r", "\x00", "\ud800", "\udfff", "e\u0301", "\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u202e",
        "\u200f", "\u0627\u0644\u0633\u0644\u0627\u0645", "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f600",
        "\ufeff", "\u00a0", "\u2028", "\t", "\n\n", "\"", "'", "<", "&amp;", "]]>", "\x0b", "\x1b", "\uffff",
        "2019", "12 maart 2024", "\u201e", "\u201c", "\u201d", ":", ".", " ")
QUIET = IngestOptions(on_notice=lambda notice: None)  # 'no date field' and the like are no failures


@cache
def real_texts() -> tuple[str, ...]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    texts = tuple(p.read_text(encoding="utf-8") for p in paths if p.name != "README.md")
    return texts or ("Op 12 maart 2024 zei minister Jansen in Den Haag: \"We gaan door.\"",)


def mutate_text(rng: random.Random, text: str) -> str:
    """A slice of a real text with a few edits: hard characters put in, pieces cut, doubled or moved."""
    start = rng.randrange(len(text))
    text = text[start:start + rng.choice((80, 400, 2000, 8000))]
    for _ in range(rng.randrange(1, 12)):
        at = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.6:
            piece = rng.choice(HARD) if rng.random() < 0.8 else chr(rng.randrange(0x110000))
            text = text[:at] + piece * rng.choice((1, 1, 1, 3)) + text[at:]
        elif op < 0.75:
            text = text[:at] + text[at + rng.randrange(40):]
        elif op < 0.9:
            text = text[:at] + text[at:at + rng.randrange(60)] * 2 + text[at:]
        else:
            other = rng.randrange(len(text) + 1)
            text = text[:min(at, other)] + text[max(at, other):] + text[min(at, other):max(at, other)]
    return text


def random_text(rng: random.Random) -> str:
    """Text that has nothing to do with news: any code points, or runs of the hard characters."""
    if rng.random() < 0.5:
        return "".join(chr(rng.randrange(0x110000 if rng.random() < 0.3 else 0x3000)) for _ in range(rng.randrange(60)))
    return "".join(rng.choice(HARD) + rng.choice(("", "a", "Jan", " ")) for _ in range(rng.randrange(40)))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates give invalid UTF-8, as in the wild


def wrap(rng: random.Random, kind: str | None, text: str, title: str) -> bytes:
    """The text as a file of the given format (the format a file without a suffix is sniffed as, for None)."""
    kind = kind or rng.choice(("text", "html", "feed", "json", "jsonl"))
    if kind == "text":
        return _utf8(f"{title}\n\n{text}" if rng.random() < 0.5 else text)
    if kind == "html":
        body = html.escape(text) if rng.random() < 0.7 else text
        return _utf8(f"<html><head><title>{html.escape(title)}</title></head><body><article><h1>{title}</h1>"
                     f"<p>{body}</p><p>{body[::-1]}</p></article></body></html>")
    if kind == "feed":
        body = f"<![CDATA[{text}]]>" if rng.random() < 0.5 else html.escape(text)
        return _utf8(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
                     f"<item><title>{html.escape(title)}</title><pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate>"
                     f"<description>{body}</description></item></channel></rss>")
    record = {"title": title, "text": text, "date": rng.choice(("2024-03-12", "12-03-2024", "", "x", 2024, None))}
    if kind == "json":
        return _utf8(json.dumps([record, {"text": text[:50]}], ensure_ascii=rng.random() < 0.5))
    if kind == "jsonl":
        return _utf8("\n".join(json.dumps(r, ensure_ascii=rng.random() < 0.5) for r in (record, {"text": title})))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if kind == "tsv" else ",")
    writer.writerows([["title", "text", "date"], [title, text, str(record["date"])]])
    return _utf8(out.getvalue())


def damage(rng: random.Random, raw: bytes) -> bytes:
    """A few bytes flipped, put in or cut: a file as a broken disk or transfer leaves it."""
    data = bytearray(raw)
    for _ in range(rng.randrange(1, 6)):
        at = rng.randrange(len(data) + 1)
        op = rng.random()
        if op < 0.4 and at < len(data):
            data[at] = rng.randrange(256)
        elif op < 0.7:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        else:
            del data[at:at + rng.randrange(1, 200)]
    return bytes(data)


def an_input(rng: random.Random) -> tuple[str | None, bytes]:
    """One fuzz input: (format, bytes of the file)."""
    text = mutate_text(rng, rng.choice(real_texts())) if rng.random() < 0.75 else random_text(rng)
    title = mutate_text(rng, rng.choice(real_texts()))[:80] if rng.random() < 0.5 else random_text(rng)[:40]
    kind = rng.choice(KINDS)
    raw = wrap(rng, kind, text, title)
    return kind, damage(rng, raw) if rng.random() < 0.3 else raw


def check_reader(kind: str | None, raw: bytes) -> list[Document]:
    """Read the bytes as `kind`; any exception escapes to the caller, which is the failure."""
    docs = []
    for item in _read_source("fuzz", raw, kind, QUIET):
        assert isinstance(item, Document | IngestError), type(item)
        if isinstance(item, IngestError):
            assert item.reason and isinstance(item.reason, str)
            continue
        assert item.text and item.text == item.text.strip()
        item.text.encode("utf-8")  # storable: no lone surrogate reaches the store
        for value in (item.title, item.author, item.outlet, item.url):
            assert value is None or isinstance(value, str) and (value.encode("utf-8") or True)
        docs.append(item)
    return docs


def _spans(analysis: Analysis) -> list[tuple[str, int, int, str | None]]:
    """(layer, start, end, text the span claims) for every span of every layer."""
    spans: list[tuple[str, int, int, str | None]] = [("sentence", s.start, s.end, None) for s in analysis.sentences]
    spans += [("token", t.start, t.end, None) for t in analysis.tokens]
    for layer in ("timexes", "mentions", "quotes", "claims", "events"):
        spans += [(layer, x.start, x.end, x.text) for x in getattr(analysis, layer)]
    for quote in analysis.quotes + analysis.claims:  # type: ignore[operator]
        if quote.speaker_start is not None:
            spans.append(("speaker", quote.speaker_start, quote.speaker_end or -1, None))
    for event in analysis.events:
        if event.location_start is not None:
            spans.append(("location", event.location_start, event.location_end or -1, None))
        spans += [("participant", s, e, None) for s, e in event.participants]
    return spans


def check_analysis(doc: Document) -> Analysis:
    analysis = analyze(doc)
    n = len(doc.text)
    for layer, start, end, text in _spans(analysis):
        assert 0 <= start <= end <= n, (layer, start, end, n)
        if text is not None:
            assert text == doc.text[start:end], (layer, start, end, text, doc.text[start:end])
    assert all(0 <= s.start < s.end <= n for s in analysis.sentences)
    return analysis


def check_text(text: str) -> None:
    """A text given straight to make_document (as the Spark reader and plug-ins do) and analysed."""
    try:
        doc = make_document(source="fuzz", text=text)
    except ValueError:  # BadInput: no text left, or above the limit; named, as the readers name it
        return
    doc.text.encode("utf-8")
    check_analysis(doc)


def one_case(rng: random.Random) -> None:
    """One input through a reader and every Document it yields through the analysis."""
    kind, raw = an_input(rng)
    for doc in check_reader(kind, raw):
        check_analysis(doc)
    if rng.random() < 0.3:
        check_text(mutate_text(rng, rng.choice(real_texts())))


def repro(kind: str | None, raw: bytes) -> str:
    return f"kind={kind!r} raw={raw[:300]!r}{'...' if len(raw) > 300 else ''}"


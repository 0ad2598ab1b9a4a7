"""HTML pages (trafilatura) and RSS/Atom feeds (feedparser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser
import trafilatura
from lxml import html as lxml_html

from kroniek.ingest.decode import BadInput
from kroniek.ingest.document import make_document
from kroniek.model import Document, IngestError

# Only dates the page states about itself; never htmldate's guesses from the crawl time.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_FIELDS = ("text", "title", "date", "url", "sitename", "author")


def read_html(source: str, markup: str, encoding: str | None, max_chars: int) -> Document:
    extracted = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    meta = _fields(extracted)
    text = meta.get("text") or ""
    if not text.strip():
        raise BadInput("HTML page has no extractable main text")
    return make_document(
        source=source, text=text, title=meta.get("title"), date=meta.get("date"),
        url=meta.get("url"), encoding=encoding, max_chars=max_chars,
        outlet=meta.get("sitename") or None, author=meta.get("author") or None,
    )


def _fields(extracted: object) -> dict[str, Any]:
    """trafilatura's result (its Document; a dict only with as_dict=True, which we never ask for; None when it
    found nothing) as a dict of the fields we use."""
    return {name: getattr(extracted, name, None) for name in _FIELDS} if extracted is not None else {}


def _fragment_text(fragment: str) -> str:
    """Feed entries carry HTML fragments; keep their text only (scripts and styles dropped)."""
    if "<" not in fragment:
        return fragment
    try:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return fragment
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in tree.xpath("//p|//li|//h1|//h2|//h3|//blockquote")]
    return "\n\n".join(b for b in blocks if b) or tree.text_content()


# A feed needs no document type: its internal subset is where external entities (XXE) and entity expansion
# ("billion laughs") are declared. Dropped unread, so an entity stays an unknown name and is kept as text.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)


def read_feed(source: str, raw: bytes, max_chars: int) -> Iterator[Document | IngestError]:
    try:
        feed = feedparser.parse(_DOCTYPE.sub(b"", raw, count=1))
    except (UnicodeError, LookupError, ValueError) as exc:  # feedparser trips on a damaged encoding declaration
        yield IngestError(source, f"feed cannot be parsed ({type(exc).__name__}: {exc})")
        return
    if not feed.entries:
        reason = str(getattr(feed, "bozo_exception", "")) or "no entries"
        yield IngestError(source, f"feed has no readable entries ({reason})")
        return
    outlet = feed.feed.get("title") or None
    for i, entry in enumerate(feed.entries):
        where = f"{source}#{entry.get('id') or entry.get('link') or i}"
        content = entry.get("content")
        # feedparser leaves a value None in a broken feed (found by bench/fuzz.py --atheris): no text, named below
        body = (content[0].get("value") if content else entry.get("summary")) or ""
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            yield make_document(
                source=where, text=_fragment_text(body), title=entry.get("title"),
                date=f"{published.tm_year:04d}-{published.tm_mon:02d}-{published.tm_mday:02d}" if published else None,
                url=entry.get("link"), external_id=entry.get("id"), max_chars=max_chars,
                outlet=outlet, author=entry.get("author") or None,
            )
        except BadInput as exc:
            yield IngestError(where, str(exc))

"""Building a Document from extracted parts: the one place that hashes and normalises article text."""

from __future__ import annotations

import hashlib
import re

from kroniek.ingest.dates import parse_date
from kroniek.ingest.decode import BadInput, normalise_text, storable
from kroniek.model import DateSource, Document

MAX_TEXT_CHARS = 2_000_000  # ~300k words: longer is not one news article but a dump or an attack
_SPACE = re.compile(r"\s+")


def content_id(text: str) -> str:
    """Identity of an article: a hash of its whitespace-collapsed text, so re-added copies dedupe."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()[:16]


def make_document(
    *,
    source: str,
    text: str,
    title: str | None = None,
    date: object = None,
    date_source: DateSource = "metadata",
    url: str | None = None,
    external_id: str | None = None,
    encoding: str | None = None,
    max_chars: int = MAX_TEXT_CHARS,
    outlet: str | None = None,
    author: str | None = None,
) -> Document:
    text = normalise_text(text or "")
    if not text:
        raise BadInput("no article text")
    if len(text) > max_chars:
        raise BadInput(f"article text has {len(text):,} characters, above the limit of {max_chars:,}")
    parsed = parse_date(date)
    title = normalise_text(title) or None if title else None
    return Document(
        id=content_id(text),
        source=storable(source),
        text=text,
        title=title,
        date=parsed[0] if parsed else None,
        date_precision=parsed[1] if parsed else "unknown",
        date_source=date_source if parsed else "none",
        url=storable(url) if url else None,
        external_id=storable(external_id) if external_id else None,
        encoding=encoding,
        outlet=" ".join(normalise_text(outlet).split()) or None if outlet else None,
        author=" ".join(normalise_text(author).split()) or None if author else None,
    )

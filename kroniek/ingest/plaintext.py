"""Plain-text articles, with or without the seed header (` date YYYY-MM[-DD] ` before the first sentence)."""

from __future__ import annotations

import re

from kroniek.ingest.document import make_document
from kroniek.model import Document

_HEADER = re.compile(r"\A[ \t]?date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|[ \t]*\n|\Z)")


def split_header(text: str) -> tuple[str | None, str]:
    """Return (header date, body). The header is not part of the article text."""
    text = text.lstrip("\ufeff")
    m = _HEADER.match(text)
    if not m:
        return None, text
    return m[1], text[m.end():]


def read_text(source: str, text: str, encoding: str | None, max_chars: int) -> Document:
    header_date, body = split_header(text)
    return make_document(
        source=source, text=body, date=header_date, date_source="header", encoding=encoding,
        max_chars=max_chars,
    )

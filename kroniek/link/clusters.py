"""The linker's units: a mention row with its document context, a cluster of rows, and surface keys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kroniek.ner.lexicon import fold
from kroniek.resources import LANGUAGES

POSSESSIVE = re.compile(r"['’]s$")


@dataclass(slots=True)
class Row:
    doc: str
    start: int
    end: int
    text: str
    type: str
    norm: str | None
    metonym_of: str | None
    lang: str
    left: str
    right: str


@dataclass
class Cluster:
    type: str
    rows: list[Row] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # name part keys of the fullest person name

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)


@cache
def determiner() -> re.Pattern:
    """A leading article of any language's resources ('het Kremlin', 'the Kremlin')."""
    from kroniek.ner.lexicon import _read_json

    words = sorted({w for lang in LANGUAGES for w in _read_json(lang).get("articles", ())}, key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, words))})\s+", re.IGNORECASE) if words else re.compile(r"(?!)")


def surface_key(text: str) -> str:
    return fold(POSSESSIVE.sub("", determiner().sub("", text.strip())))

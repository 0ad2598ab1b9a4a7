"""How a document is named to a reader: "outlet · date · title", never a path on the builder's machine.

One function for every output (HTML report, CLI tables, JSON export, web app), so a source is called the
same everywhere. The outlet comes from the record's publisher/source field; only when none is known does
the label fall back to a short file name (or a URL's host). Chronicles built before the outlet column
stored it as "path (Outlet)" in `source`; that form is read too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

SEP = " · "
TITLE_CHARS = 60
NAME_CHARS = 24
# "path:row 3", "path:12" (JSON Lines line), "path[4]" (JSON array item): the record inside a file
_RECORD = re.compile(r"(?::row \d+|:\d+|\[\d+\])$")
_LEGACY_OUTLET = re.compile(r"^(?P<path>.*?) \((?P<outlet>[^()]+)\)$")
_WINDOWS_ROOT = re.compile(r"^[A-Za-z]:[\\/]")


def _split_legacy(source: str) -> tuple[str, str | None]:
    """'export.tsv:row 3 (NOS)' -> ('export.tsv:row 3', 'NOS'), as older chronicles stored the outlet."""
    m = _LEGACY_OUTLET.match(source)
    return (m["path"], m["outlet"].strip()) if m else (source, None)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


def file_label(source: str | None) -> str:
    """A short name for a source when no outlet is known: a URL's host, else the file's stem."""
    if not source:
        return "?"
    path, _ = _split_legacy(source)
    if "://" in path:
        return urlsplit(path).hostname or path[:NAME_CHARS]
    path = _RECORD.sub("", path)
    name = PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    return _shorten(stem or name or "?", NAME_CHARS)


def outlet(doc: Mapping) -> str | None:
    """The outlet (publisher, newspaper, site) a document came from, if its record said."""
    known = doc.get("outlet")
    if known and str(known).strip():
        return " ".join(str(known).split())
    return _split_legacy(str(doc.get("source") or ""))[1]


def public_source(source: str | None) -> str:
    """A stored source as it may be shown to anyone: relative paths and URLs as they are; an absolute path
    (written by older builds) cut to its file name, so no private folder layout leaves the machine."""
    if not source:
        return ""
    path, legacy = _split_legacy(source)
    if "://" in path or not (path.startswith(("/", "~", "\\")) or _WINDOWS_ROOT.match(path)):
        return source
    name = PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name
    return name + (f" ({legacy})" if legacy else "")


def citation_label(doc: Mapping, *, with_title: bool = True) -> str:
    """'NRC · 2019-12-30 · Poetin ontvangt Kim', from a document row (store, export or web dict)."""
    name = outlet(doc) or file_label(doc.get("source"))
    parts = [name, str(doc.get("date") or "undated")]
    title = doc.get("title")
    if with_title and title and str(title).strip():
        parts.append(_shorten(str(title), TITLE_CHARS))
    return SEP.join(parts)

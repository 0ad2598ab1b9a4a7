"""Ingestion: any supported source (files, folders, stdin) to Documents, and bad input to IngestErrors.

One reader per format; this module only finds the files and picks the reader. A reader never raises for
bad content: it yields an IngestError naming the file and the reason, and the run goes on.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kroniek.ingest.decode import BadInput, decode_bytes
from kroniek.ingest.document import MAX_TEXT_CHARS
from kroniek.ingest.language import detect_language
from kroniek.ingest.plaintext import read_text
from kroniek.ingest.records import FieldMap, read_delimited, read_json, read_jsonl
from kroniek.ingest.web import read_feed, read_html
from kroniek.model import Document, IngestError

__all__ = ["IngestOptions", "iter_documents", "discover"]

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
# Folders are walked for these; a single file given by name is read whatever its extension.
SKIPPED_NAMES = {"readme", "license", "licence", "copying"}


@dataclass(frozen=True)
class IngestOptions:
    fields: FieldMap = field(default_factory=FieldMap)
    max_bytes: int = 20 * 1024 * 1024  # a single-article file above this is refused
    max_chars: int = MAX_TEXT_CHARS
    format: str | None = None  # force a reader instead of guessing
    # The build leaves detection to the analysis workers, where it runs in parallel.
    detect_language: bool = True


def discover(inputs: Iterable[str]) -> Iterator[str | IngestError]:
    """Expand folders recursively (sorted, hidden files skipped); keep '-' for stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    stem = name.split(".")[0].lower()
                    if name.startswith(".") or stem in SKIPPED_NAMES:
                        continue
                    if Path(name).suffix.lower() in EXTENSIONS or not Path(name).suffix:
                        yield str(Path(root) / name)
        elif path.exists():
            yield str(path)
        else:
            yield IngestError(item, "no such file or folder")


def _sniff(raw: bytes, text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("{", "[")):
        return "jsonl" if head.startswith("{") and "\n{" in text.strip() else "json"
    if head.startswith("<"):
        return "feed" if any(tag in head for tag in ("<rss", "<feed", "<rdf")) else "html"
    return "text"


def _read_source(name: str, raw: bytes, kind: str | None, opts: IngestOptions) -> Iterator[Document | IngestError]:
    try:
        text, encoding = decode_bytes(raw)
    except (BadInput, UnicodeDecodeError) as exc:
        yield IngestError(name, str(exc))
        return
    sniffed = _sniff(raw, text)
    kind = kind or sniffed
    if kind == "feed" and sniffed == "html":  # an .xml file that is a page, not a feed
        kind = "html"
    try:
        if kind == "text":
            yield read_text(name, text, encoding, opts.max_chars)
        elif kind == "html":
            yield read_html(name, text, encoding, opts.max_chars)
        elif kind == "feed":
            yield from read_feed(name, raw, opts.max_chars)
        elif kind == "jsonl":
            yield from read_jsonl(name, text, opts.fields, opts.max_chars)
        elif kind == "json":
            yield from read_json(name, text, opts.fields, opts.max_chars)
        elif kind in ("csv", "tsv"):
            yield from read_delimited(name, text, opts.fields, opts.max_chars, "\t" if kind == "tsv" else None)
        else:
            yield IngestError(name, f"unknown format {kind!r}")
    except BadInput as exc:
        yield IngestError(name, str(exc))


STREAMED = {"jsonl", "csv", "tsv"}  # read line by line: archives of these may be far larger than memory
SAMPLE_BYTES = 1 << 16


def _stream_records(path: str, kind: str, opts: IngestOptions) -> Iterator[Document | IngestError]:
    """Records of a JSON Lines or CSV file without loading the file. JSON Lines is UTF-8 by definition, so a
    broken line costs only that line; a CSV file's encoding is decided on a sample."""
    with open(path, "rb") as fh:
        if kind == "jsonl":
            yield from read_jsonl(path, fh, opts.fields, opts.max_chars)
            return
        sample = fh.read(SAMPLE_BYTES)
        cut = sample.rfind(b"\n") + 1 if len(sample) == SAMPLE_BYTES else len(sample)
        try:
            _, encoding = decode_bytes(sample[:cut or len(sample)])
        except BadInput as exc:
            yield IngestError(path, str(exc))
            return
        fh.seek(0)
        stream = io.TextIOWrapper(fh, encoding="utf-8-sig" if encoding == "utf-8-sig" else encoding, newline="")
        try:
            yield from read_delimited(path, stream, opts.fields, opts.max_chars, "\t" if kind == "tsv" else None)
        except UnicodeDecodeError as exc:
            yield IngestError(path, f"invalid {encoding} further in the file ({exc.reason}); kept the rows before")


def _single_document_kind(kind: str | None) -> bool:
    return kind in (None, "text", "html")


def iter_documents(inputs: Iterable[str], opts: IngestOptions | None = None) -> Iterator[Document | IngestError]:
    """Yield a Document or an IngestError for every article found in the inputs, in input order."""
    opts = opts or IngestOptions()
    for item in _iter_sources(inputs, opts):
        if opts.detect_language and isinstance(item, Document):
            item = replace(item, language=detect_language(item.text))
        yield item


def _iter_sources(inputs: Iterable[str], opts: IngestOptions) -> Iterator[Document | IngestError]:
    for item in discover(inputs):
        if isinstance(item, IngestError):
            yield item
            continue
        if item == "-":
            yield from _read_source("<stdin>", sys.stdin.buffer.read(), opts.format, opts)
            continue
        kind = opts.format or EXTENSIONS.get(Path(item).suffix.lower())
        try:
            size = os.path.getsize(item)
            if _single_document_kind(kind) and size > opts.max_bytes:
                yield IngestError(item, f"file is {size / 1e6:.1f} MB, above the single-article limit of "
                                        f"{opts.max_bytes / 1e6:.1f} MB (--max-bytes)")
                continue
            if kind in STREAMED and not opts.format:
                yield from _stream_records(item, kind, opts)
                continue
            with open(item, "rb") as fh:
                raw = fh.read()
        except FileNotFoundError:
            yield IngestError(item, "file disappeared before it could be read")
            continue
        except IsADirectoryError:
            yield IngestError(item, "is a folder")
            continue
        except OSError as exc:
            yield IngestError(item, f"cannot read: {exc.strerror or exc}")
            continue
        yield from _read_source(item, raw, kind, opts)

"""Ingestion: any supported source (files, folders, stdin) to Documents, and bad input to IngestErrors.

One reader per format; this module only finds the files and picks the reader. A reader never raises for
bad content: it yields an IngestError naming the file and the reason, and the run goes on.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kroniek.ingest.decode import BadInput, decode_bytes
from kroniek.ingest.document import MAX_TEXT_CHARS
from kroniek.ingest.language import detect_language
from kroniek.ingest.plaintext import read_text
from kroniek.ingest.records import FieldMap, Notice, bounded_lines, read_delimited, read_json, read_jsonl
from kroniek.ingest.web import read_feed, read_html
from kroniek.model import Document, IngestError

__all__ = ["IngestOptions", "Input", "iter_documents", "discover"]

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
    # Told what a user should know about an input that is no error (e.g. no date column); logged without it.
    on_notice: Callable[[Notice], None] | None = field(default=None, compare=False, repr=False)

    def notify(self, notice: Notice) -> None:
        if self.on_notice:
            self.on_notice(notice)
        else:
            logging.getLogger("kroniek.ingest").warning("%s: %s", notice.source, notice.message)


def _told(items: Iterable[Document | IngestError | Notice], opts: IngestOptions) -> Iterator[Document | IngestError]:
    """The documents and errors of a reader; its notices go to the user as they come, before anything is stored."""
    for item in items:
        if isinstance(item, Notice):
            opts.notify(item)
        else:
            yield item


@dataclass(frozen=True)
class Input:
    """A file to read, and the name it is stored and cited under: its path relative to the folder given on the
    command line (or its file name when a file was given), never the builder's absolute path."""

    path: str
    name: str


def _given_name(path: Path) -> str:
    return path.name if path.is_absolute() or ".." in path.parts else path.as_posix()


def _unlisted(errors: list[OSError], top: Path) -> Iterator[IngestError]:
    """The folders under `top` that could not be listed (no permission), by their path inside it."""
    while errors:
        exc = errors.pop(0)
        where = Path(exc.filename) if exc.filename else top
        name = where.relative_to(top).as_posix() if where != top else _given_name(top)
        yield IngestError(name, f"cannot list folder: {exc.strerror or exc}")


def discover(inputs: Iterable[str]) -> Iterator[Input | str | IngestError]:
    """Expand folders recursively (sorted, hidden files skipped); keep '-' for stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            unlisted: list[OSError] = []  # os.walk skips a folder it cannot list unless told; it is named instead
            for root, dirs, files in os.walk(path, onerror=unlisted.append):
                yield from _unlisted(unlisted, path)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    stem = name.split(".")[0].lower()
                    if name.startswith(".") or stem in SKIPPED_NAMES:
                        continue
                    if Path(name).suffix.lower() in EXTENSIONS or not Path(name).suffix:
                        full = Path(root) / name
                        yield Input(str(full), full.relative_to(path).as_posix())
            yield from _unlisted(unlisted, path)
        elif path.exists():
            yield Input(str(path), _given_name(path))
        elif path.is_symlink():
            yield IngestError(_given_name(path), "symbolic link to nothing (broken, or a loop)")
        else:
            yield IngestError(_given_name(path), "no such file or folder")


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
            yield from _told(read_jsonl(name, text, opts.fields, opts.max_chars), opts)
        elif kind == "json":
            yield from _told(read_json(name, text, opts.fields, opts.max_chars), opts)
        elif kind in ("csv", "tsv"):
            yield from _told(read_delimited(name, text, opts.fields, opts.max_chars, "\t" if kind == "tsv" else None),
                             opts)
        else:
            yield IngestError(name, f"unknown format {kind!r}")
    except BadInput as exc:
        yield IngestError(name, str(exc))


STREAMED = {"jsonl", "csv", "tsv"}  # read line by line: archives of these may be far larger than memory
SAMPLE_BYTES = 1 << 16


def _stream_records(path: str, name: str, kind: str, opts: IngestOptions) -> Iterator[Document | IngestError]:
    """Records of a JSON Lines or CSV file without loading the file. JSON Lines is UTF-8 by definition, so a
    broken line costs only that line; a CSV file's encoding is decided on a sample."""
    with open(path, "rb") as fh:
        if kind == "jsonl":
            yield from _told(read_jsonl(name, bounded_lines(fh, opts.max_chars), opts.fields, opts.max_chars), opts)
            return
        sample = fh.read(SAMPLE_BYTES)
        cut = sample.rfind(b"\n") + 1 if len(sample) == SAMPLE_BYTES else len(sample)
        try:
            _, encoding = decode_bytes(sample[:cut or len(sample)])
        except BadInput as exc:
            yield IngestError(name, str(exc))
            return
        fh.seek(0)
        stream = io.TextIOWrapper(fh, encoding="utf-8-sig" if encoding == "utf-8-sig" else encoding, newline="")
        try:
            yield from _told(read_delimited(name, stream, opts.fields, opts.max_chars,
                                            "\t" if kind == "tsv" else None), opts)
        except UnicodeDecodeError as exc:
            yield IngestError(name, f"invalid {encoding} further in the file ({exc.reason}); kept the rows before")


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
        if isinstance(item, str):  # "-": standard input
            yield from _read_source("<stdin>", sys.stdin.buffer.read(), opts.format, opts)
            continue
        yield from _read_input(item, opts)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((what for test, what in kinds if test(mode)), "a special file")


def _read_input(item: Input, opts: IngestOptions) -> Iterator[Document | IngestError]:
    kind = opts.format or EXTENSIONS.get(Path(item.path).suffix.lower())
    try:
        info = os.stat(item.path)
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block the run or never end
            yield IngestError(item.name, f"not a regular file ({_file_kind(info.st_mode)})")
            return
        size = info.st_size
        if _single_document_kind(kind) and size > opts.max_bytes:
            yield IngestError(item.name, f"file is {size / 1e6:.1f} MB, above the single-article limit of "
                                         f"{opts.max_bytes / 1e6:.1f} MB (--max-bytes)")
            return
        if kind in STREAMED and not opts.format:
            yield from _stream_records(item.path, item.name, kind, opts)
            return
        with open(item.path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        yield IngestError(item.name, "file disappeared before it could be read")
        return
    except IsADirectoryError:
        yield IngestError(item.name, "is a folder")
        return
    except OSError as exc:
        yield IngestError(item.name, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_source(item.name, raw, kind, opts)

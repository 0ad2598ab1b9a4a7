"""Structured sources holding many articles: JSON Lines, JSON arrays, CSV and TSV, with a field mapping."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, BinaryIO, TextIO

from kroniek.ingest.dates import parse_date
from kroniek.ingest.decode import BadInput
from kroniek.ingest.document import make_document
from kroniek.model import Document, IngestError
from kroniek.resources import LANGUAGES, resource_json

KEYS = ("id", "title", "text", "date", "url", "source", "author")
NONE = "none"  # `--field date=none`: the file has no dates, store its articles undated without a notice
_NORM = re.compile(r"[\s_\-.]+")


def normalise_name(name: str) -> str:
    """'Publication Date', 'publication_date' and 'PUBLICATION-DATE' are one column name."""
    return _NORM.sub("", str(name).lower())


@cache
def known_names() -> dict[str, tuple[str, ...]]:
    """Column names per document property from every language's resources/<lang>/fields.json, in order."""
    names: dict[str, list[str]] = {key: [] for key in KEYS}
    for lang in LANGUAGES:
        for key, values in resource_json(lang, "fields.json", fallback=False).items():
            if key in names:
                names[key].extend(normalise_name(v) for v in values)
    return {key: tuple(dict.fromkeys(values)) for key, values in names.items()}


@dataclass(frozen=True)
class Notice:
    """Something a user should know about an input that is not an error: e.g. no date column was found."""

    source: str
    message: str


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds which document property. `overrides` come from `--field key=name`; without
    one, a field is found by its name's meaning (known names of all languages and export formats)."""

    overrides: dict[str, str] = field(default_factory=dict)

    def columns(self, names: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The fields of a record layout that may hold each property, best first (cached per layout)."""
        return _columns(tuple(names), tuple(sorted(self.overrides.items())))

    def pick(self, record: dict, key: str) -> object:
        # The best field that is filled: inputs may mix layouts, and a column may be empty in some rows.
        for name in self.columns(record)[key]:
            if record.get(name) not in (None, ""):
                return record[name]
        if key == "date" and not self.columns(record)["date"] and self.overrides.get("date") != NONE:
            return _date_like_value(record, self.columns(record))
        return None

    def missing(self, names: Iterable[str], record: dict | None = None) -> str | None:
        """What a user must map for a layout with no text or no date field, naming the fields it has."""
        names = list(names)
        cols = self.columns(names)
        lacking = [key for key in ("text", "date") if not cols[key] and self.overrides.get(key) != NONE]
        if "date" in lacking and record is not None and _date_like_value(record, cols):
            lacking.remove("date")
        if not lacking:
            return None
        have = ", ".join(repr(n) for n in names[:30]) or "none"
        how = " and ".join(f"--field {key}=NAME" for key in lacking)
        what = " or ".join(f"{key}" for key in lacking)
        tail = " (or --field date=none to store them undated)" if "date" in lacking else ""
        return f"no {what} field recognised among the fields {have}; map one with {how}{tail}"

    @staticmethod
    def parse(specs: list[str]) -> FieldMap:
        overrides = {}
        for spec in specs:
            key, sep, name = spec.partition("=")
            if not sep or key not in KEYS or not name:
                raise ValueError(f"bad field mapping {spec!r}: use KEY=FIELD with KEY in {', '.join(KEYS)}")
            overrides[key] = name
        return FieldMap(overrides)


@lru_cache(maxsize=256)
def _columns(names: tuple[str, ...], overrides: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalise_name(name), name)
    mapped = dict(overrides)
    out: dict[str, tuple[str, ...]] = {}
    for key, candidates in known_names().items():
        given = mapped.get(key)
        if given == NONE:
            out[key] = ()
            continue
        first = [given if given in names else by_norm.get(normalise_name(given), given)] if given else []
        # A field mapped explicitly to another property is not guessed for this one.
        taken = {normalise_name(v) for k, v in mapped.items() if k != key}
        out[key] = tuple(dict.fromkeys(first + [by_norm[c] for c in candidates if c in by_norm and c not in taken]))
    return out


def _date_like_value(record: dict, cols: dict[str, tuple[str, ...]]) -> object:
    """No column is named like a date: use a text field whose value is one ('Verschenen op' = '2021-03-04')."""
    used = {name for names in cols.values() for name in names}
    for name, value in record.items():
        if name not in used and isinstance(value, str) and 6 <= len(value) <= 40 and parse_date(value):
            return value
    return None


class _LayoutCheck:
    """A notice the first time a file shows a record layout with no text or no date field (a few per file)."""

    MAX_NOTICES = 3

    def __init__(self, source: str, fields: FieldMap) -> None:
        self.source, self.fields = source, fields
        self.seen: set[tuple[str, ...]] = set()

    def __call__(self, record: object) -> Iterator[Notice]:
        if not isinstance(record, dict) or len(self.seen) >= self.MAX_NOTICES:
            return
        layout = tuple(record)
        if layout in self.seen:
            return
        self.seen.add(layout)
        if message := self.fields.missing(layout, record):
            yield Notice(self.source, message)


def _record_document(record: object, where: str, fields: FieldMap, max_chars: int) -> Document | IngestError:
    if not isinstance(record, dict):
        return IngestError(where, f"record is a JSON {type(record).__name__}, not an object")
    try:
        text = fields.pick(record, "text")
        if text is not None and not isinstance(text, str):
            raise BadInput(f"text field is a {type(text).__name__}, not a string")
        if not text and not fields.columns(record)["text"]:
            raise BadInput(f"no article text: no text field among {', '.join(map(repr, list(record)[:20]))} "
                           "(map one with --field text=NAME)")
        rid, outlet = fields.pick(record, "id"), fields.pick(record, "source")
        title = fields.pick(record, "title")
        author = fields.pick(record, "author")
        return make_document(
            source=where,
            outlet=str(outlet) if outlet not in (None, "") else None,
            author=str(author) if author not in (None, "") else None,
            text=text or "",
            title=str(title) if title is not None else None,
            date=fields.pick(record, "date"),
            url=str(fields.pick(record, "url") or "") or None,
            external_id=str(rid) if rid is not None else None,
            max_chars=max_chars,
        )
    except BadInput as exc:
        return IngestError(where, str(exc))


@dataclass(frozen=True)
class LongLine:
    """A line too long to hold any article within the limit: skipped in pieces, never held in memory."""

    size: int


def bounded_lines(fh: BinaryIO, max_chars: int) -> Iterator[bytes | LongLine]:
    """The lines of a binary stream; a line above what `max_chars` characters can take as JSON (6 bytes each,
    escaped, plus the other fields) comes as a LongLine, so a 1 GB line costs a few MB, not gigabytes."""
    limit = 6 * max_chars + (1 << 16)
    while line := fh.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while chunk := fh.read(1 << 22):  # to the end of the line in big reads (a file: seekable)
            if (at := chunk.find(b"\n")) >= 0:
                fh.seek(at + 1 - len(chunk), os.SEEK_CUR)
                size += at + 1
                break
            size += len(chunk)
        yield LongLine(size)


def _loads(text: str) -> object:
    return _parsed(json.loads, text)


def _raw_decode(decoder: json.JSONDecoder, text: str, pos: int) -> tuple[object, int]:
    return _parsed(decoder.raw_decode, text, pos)


def _parsed(parse: Callable[..., Any], text: str, *pos: int) -> Any:
    """`parse(text, *pos)`, with nesting too deep for the parser's recursion named as bad JSON (it is no
    article)."""
    try:
        return parse(text, *pos)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, pos[0] if pos else 0) from None


def read_jsonl(
    source: str, text: str | Iterable[str | bytes | LongLine], fields: FieldMap, max_chars: int
) -> Iterator[Document | IngestError | Notice]:
    """One article per line; `text` may be the whole file or a stream of its lines (big archives). Byte lines
    are UTF-8, as JSON Lines requires: an undecodable line costs only that line."""
    lines = io.StringIO(text) if isinstance(text, str) else text
    check = _LayoutCheck(source, fields)
    for lineno, line in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if isinstance(line, LongLine):
            yield IngestError(where, f"line of {line.size / 1e6:.1f} MB, longer than any record with an article "
                                     f"within the limit of {max_chars:,} characters")
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield IngestError(where, f"invalid UTF-8 at byte {exc.start} of the line")
                continue
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield from check(record)
        yield _record_document(record, where, fields, max_chars)


def read_json(source: str, text: str, fields: FieldMap, max_chars: int) -> Iterator[Document | IngestError | Notice]:
    """A JSON array (or an object with one array of articles). A truncated array keeps the records before
    the break and reports where it broke."""
    stripped = text.lstrip()
    check = _LayoutCheck(source, fields)
    if not stripped.startswith("["):
        try:
            data = _loads(text)
        except json.JSONDecodeError as exc:
            if "\n{" in text.strip():  # JSON Lines under a .json name
                yield from read_jsonl(source, text, fields, max_chars)
                return
            yield IngestError(source, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
            return
        if isinstance(data, dict):
            arrays = [v for v in data.values() if isinstance(v, list)]
            data = arrays[0] if len(arrays) == 1 else [data]
        if not isinstance(data, list):
            yield IngestError(source, f"JSON holds one {type(data).__name__} value, not an array or object of articles")
            return
        for i, record in enumerate(data):
            yield from check(record)
            yield _record_document(record, f"{source}[{i}]", fields, max_chars)
        return
    decoder = json.JSONDecoder()
    pos, i = text.index("[") + 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos < len(text) and text[pos] == "]":
            return
        try:
            record, pos = _raw_decode(decoder, text, pos)
        except json.JSONDecodeError as exc:
            what = "invalid" if text.rstrip().endswith("]") else "truncated"
            yield IngestError(source, f"{what} JSON at line {exc.lineno} column {exc.colno} ({exc.msg}); "
                                      f"kept the {i} records before it")
            return
        yield from check(record)
        yield _record_document(record, f"{source}[{i}]", fields, max_chars)
        i += 1


def read_delimited(
    source: str, text: str | TextIO, fields: FieldMap, max_chars: int, delimiter: str | None
) -> Iterator[Document | IngestError | Notice]:
    """One article per row; `text` may be the whole file or an open text stream (big archives)."""
    csv.field_size_limit(max(max_chars * 4, 1 << 20))
    stream = io.StringIO(text) if isinstance(text, str) else text
    if delimiter is None:
        sample = stream.read(5000)
        stream.seek(0)
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(stream, delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield IngestError(source, f"broken CSV header: {exc}")
        return
    if not fields.columns(header)["text"] and fields.overrides.get("text") != NONE:
        yield IngestError(source, fields.missing(header) or "no text column")  # every row would fail alike
        return
    check = _LayoutCheck(source, fields)
    try:
        for i, row in enumerate(reader, start=1):
            if None in row:  # more cells than header columns: the row is misaligned
                yield IngestError(f"{source}:row {i}", "row has more cells than the header has columns")
                continue
            yield from check(row)
            yield _record_document(row, f"{source}:row {i}", fields, max_chars)
    except csv.Error as exc:
        yield IngestError(source, f"broken CSV at line {reader.line_num}: {exc}")

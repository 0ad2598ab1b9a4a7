"""Structured sources holding many articles: JSON Lines, JSON arrays, CSV and TSV, with a field mapping."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from kroniek.ingest.decode import BadInput
from kroniek.ingest.document import make_document
from kroniek.model import Document, IngestError

# Field names tried in order when the user gives no mapping; they cover the data sets we meet most.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "uid", "guid", "article_id", "doc_id"),
    "title": ("title", "headline", "kop"),
    "text": ("text", "body", "content", "article", "tekst", "maintext"),
    "date": ("date", "published_at", "published", "pubdate", "dct", "datetime", "datum", "publish_date"),
    "url": ("url", "link", "href"),
    "source": ("source", "publisher", "outlet", "bron"),
}


@dataclass(frozen=True)
class FieldMap:
    """Which record field holds which document property. `overrides` come from `--field key=name`."""

    overrides: dict[str, str] = field(default_factory=dict)

    def pick(self, record: dict, key: str) -> object:
        # The mapped field first; the usual names when a file lacks it (inputs may mix layouts).
        if record.get(self.overrides.get(key, "")) not in (None, ""):
            return record[self.overrides[key]]
        for name in DEFAULT_FIELDS[key]:
            if record.get(name) not in (None, ""):
                return record[name]
        return None

    @staticmethod
    def parse(specs: list[str]) -> FieldMap:
        overrides = {}
        for spec in specs:
            key, sep, name = spec.partition("=")
            if not sep or key not in DEFAULT_FIELDS or not name:
                raise ValueError(f"bad field mapping {spec!r}: use KEY=FIELD with KEY in {', '.join(DEFAULT_FIELDS)}")
            overrides[key] = name
        return FieldMap(overrides)


def _record_document(record: object, where: str, fields: FieldMap, max_chars: int) -> Document | IngestError:
    if not isinstance(record, dict):
        return IngestError(where, f"record is a JSON {type(record).__name__}, not an object")
    try:
        text = fields.pick(record, "text")
        if text is not None and not isinstance(text, str):
            raise BadInput(f"text field is a {type(text).__name__}, not a string")
        rid, outlet = fields.pick(record, "id"), fields.pick(record, "source")
        title = fields.pick(record, "title")
        return make_document(
            source=f"{where}" + (f" ({outlet})" if outlet else ""),
            text=text or "",
            title=str(title) if title is not None else None,
            date=fields.pick(record, "date"),
            url=str(fields.pick(record, "url") or "") or None,
            external_id=str(rid) if rid is not None else None,
            max_chars=max_chars,
        )
    except BadInput as exc:
        return IngestError(where, str(exc))


def read_jsonl(
    source: str, text: str | Iterable[str | bytes], fields: FieldMap, max_chars: int
) -> Iterator[Document | IngestError]:
    """One article per line; `text` may be the whole file or a stream of its lines (big archives). Byte lines
    are UTF-8, as JSON Lines requires: an undecodable line costs only that line."""
    lines = io.StringIO(text) if isinstance(text, str) else text
    for lineno, line in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield IngestError(where, f"invalid UTF-8 at byte {exc.start} of the line")
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield _record_document(record, where, fields, max_chars)


def read_json(source: str, text: str, fields: FieldMap, max_chars: int) -> Iterator[Document | IngestError]:
    """A JSON array (or an object with one array of articles). A truncated array keeps the records before
    the break and reports where it broke."""
    stripped = text.lstrip()
    if not stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if "\n{" in text.strip():  # JSON Lines under a .json name
                yield from read_jsonl(source, text, fields, max_chars)
                return
            yield IngestError(source, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
            return
        if isinstance(data, dict):
            arrays = [v for v in data.values() if isinstance(v, list)]
            data = arrays[0] if len(arrays) == 1 else [data]
        for i, record in enumerate(data):
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
            record, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            what = "invalid" if text.rstrip().endswith("]") else "truncated"
            yield IngestError(source, f"{what} JSON at line {exc.lineno} column {exc.colno} ({exc.msg}); "
                                      f"kept the {i} records before it")
            return
        yield _record_document(record, f"{source}[{i}]", fields, max_chars)
        i += 1


def read_delimited(
    source: str, text: str | TextIO, fields: FieldMap, max_chars: int, delimiter: str | None
) -> Iterator[Document | IngestError]:
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
        for i, row in enumerate(reader, start=1):
            if None in row:  # more cells than header columns: the row is misaligned
                yield IngestError(f"{source}:row {i}", "row has more cells than the header has columns")
                continue
            yield _record_document(row, f"{source}:row {i}", fields, max_chars)
    except csv.Error as exc:
        yield IngestError(source, f"broken CSV at line {reader.line_num}: {exc}")

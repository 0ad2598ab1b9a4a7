"""Reading articles into Spark: any path Spark reads (local, hdfs://, s3a://) to rows of ingested Documents.

Each reader hands records to the embedded build's own ingestion functions inside the executors, so a record
becomes the same Document (same content hash, date, title) or the same IngestError as in `kroniek build`:
- files: every file of a folder (text with the seed header, HTML, feeds, JSON, ...) through the reader the
  embedded build picks for it;
- jsonl: one record per line, through `read_jsonl`, split across tasks by Spark (big archives);
- parquet: one record per row, columns mapped by the same FieldMap.
An ingested row is (key, source, doc, reason): `doc` is the pickled Document (any field added to the record
travels along), `reason` is set instead for an input that could not be read.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from kroniek.ingest import EXTENSIONS, SKIPPED_NAMES, IngestOptions, _read_source, _told
from kroniek.ingest.records import _record_document, read_jsonl
from kroniek.model import Document, IngestError

FORMATS = ("files", "jsonl", "parquet")
INGESTED = pa.schema([("key", pa.string()), ("source", pa.string()), ("doc", pa.binary()), ("reason", pa.string())])
INGESTED_DDL = "key string, source string, doc binary, reason string"
SINGLE_DOCUMENT = {None, "text", "html"}  # kinds whose file size is capped by --max-bytes, as in the embedded build


def source_name(uri: str, root: str | None = None) -> str:
    """A local file as the embedded build records it: relative to the folder given (`root`), or its plain path
    without one; any other URI as it is."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    path = unquote(parsed.path)
    if root and (path == root or path.startswith(root.rstrip("/") + "/")):
        return PurePosixPath(path).relative_to(root).as_posix() if path != root else PurePosixPath(path).name
    return path


def input_root(path: str) -> str | None:
    """The local folder relative to which a given input's files are named (its parent for a single file)."""
    if "://" in path and not path.startswith("file:"):
        return None
    local = Path(os.path.abspath(source_name(path) if path.startswith("file:") else path))  # symlinks kept
    return str(local if local.is_dir() else local.parent)


def guess_format(path: str) -> str:
    """files, jsonl or parquet from the path's extension, or from a local folder's files."""
    suffixes = {".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
    name = PurePosixPath(urlparse(path).path or path)
    if name.suffix.lower() in suffixes:
        return suffixes[name.suffix.lower()]
    local = Path(source_name(path)) if "://" not in path or path.startswith("file:") else None
    if local and local.is_dir():
        found = {suffixes.get(p.suffix.lower(), "files") for p in local.rglob("*")
                 if p.is_file() and not p.name.startswith((".", "_"))}
        if len(found) == 1:
            return found.pop()
    return "files"


def _batch(items: list[Document | IngestError]) -> pa.RecordBatch:
    rows: dict[str, list] = {"key": [], "source": [], "doc": [], "reason": []}
    for item in items:
        doc = item if isinstance(item, Document) else None
        rows["key"].append(doc.id if doc else None)
        rows["source"].append(item.source)
        rows["doc"].append(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL) if doc else None)
        rows["reason"].append(item.reason if isinstance(item, IngestError) else None)
    return pa.RecordBatch.from_pydict(rows, schema=INGESTED)


def _wanted(name: str) -> bool:
    """The files a folder walk of the embedded build reads (hidden files Spark skips itself)."""
    path = PurePosixPath(name)
    return path.name.split(".")[0].lower() not in SKIPPED_NAMES and (
        path.suffix.lower() in EXTENSIONS or not path.suffix)


def _ingest_files(batches: Iterator[pa.RecordBatch], opts: IngestOptions,
                  root: str | None = None) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        items: list[Document | IngestError] = []
        for uri, length, raw in zip(*(batch.column(c).to_pylist() for c in ("path", "length", "content")),
                                    strict=True):
            name = source_name(uri, root)
            if not _wanted(name):
                continue
            kind = opts.format or EXTENSIONS.get(PurePosixPath(name).suffix.lower())
            if kind in SINGLE_DOCUMENT and length > opts.max_bytes:
                items.append(IngestError(name, f"file is {length / 1e6:.1f} MB, above the single-article limit "
                                               f"of {opts.max_bytes / 1e6:.1f} MB (--max-bytes)"))
                continue
            items.extend(_read_source(name, raw, kind, opts))
        yield _batch(items)


def _relabel(item: Document | IngestError, name: str, line: str) -> Document | IngestError:
    """A record's source as `file#id`: a line number is not known to a task that reads part of a file."""
    if isinstance(item, Document):
        return replace(item, source=item.source.replace(f"{name}:1", f"{name}#{item.external_id or item.id}", 1))
    return IngestError(name, f"{item.reason} (line begins {line[:60]!r})")


def _ingest_lines(batches: Iterator[pa.RecordBatch], opts: IngestOptions,
                  root: str | None = None) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        items: list[Document | IngestError] = []
        for raw, uri in zip(batch.column("value").to_pylist(), batch.column("path").to_pylist(), strict=True):
            name = source_name(uri, root)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                items.append(IngestError(name, f"invalid UTF-8 at byte {exc.start} of the line "
                                               f"(line begins {raw[:60]!r})"))
                continue
            # the line as a file reader yields it, newline included, so errors read as in the embedded build
            items.extend(_relabel(item, name, line)
                         for item in _told(read_jsonl(name, line + "\n", opts.fields, opts.max_chars), opts))
        yield _batch(items)


def _ingest_records(batches: Iterator[pa.RecordBatch], opts: IngestOptions,
                    root: str | None = None) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        items: list[Document | IngestError] = []
        for record in batch.to_pylist():
            name = source_name(record.pop("_kroniek_path"), root)
            rid = opts.fields.pick(record, "id")
            where = f"{name}#{rid}" if rid is not None else name
            items.append(_record_document(record, where, opts.fields, opts.max_chars))
        yield _batch(items)


def read_input(spark: SparkSession, path: str, fmt: str | None = None,
               opts: IngestOptions | None = None) -> DataFrame:
    """Ingested rows (key, source, doc, reason) for every article or failed input under `path`."""
    opts = opts or IngestOptions()
    fmt = fmt or guess_format(path)
    root = input_root(path)
    if fmt == "files":
        frame = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
                 .select("path", "length", "content"))
        return frame.mapInArrow(partial(_ingest_files, opts=opts, root=root), INGESTED_DDL)
    if fmt == "jsonl":
        frame = spark.read.text(path).select(F.col("value").cast("binary").alias("value"),
                                             F.col("_metadata.file_path").alias("path"))
        return frame.mapInArrow(partial(_ingest_lines, opts=opts, root=root), INGESTED_DDL)
    if fmt == "parquet":
        frame = spark.read.parquet(path)
        frame = frame.withColumn("_kroniek_path", F.col("_metadata.file_path"))
        return frame.mapInArrow(partial(_ingest_records, opts=opts, root=root), INGESTED_DDL)
    raise ValueError(f"unknown input format {fmt!r}: use one of {', '.join(FORMATS)}")

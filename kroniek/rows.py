"""Table rows from analysed documents: the one mapping from (Document, Analysis) to the store's tables.

The embedded store and the Spark writer both call `table_rows`, so a chronicle built either way holds the same
records. Columns and their types come from the store's DDL (an empty in-memory DuckDB with that schema), and
values from the record dataclasses by column name: a column added to a dataclass and to the DDL flows through
without a change here; a DDL column no record fills (e.g. `mentions.entity`, set by the linkers) stays NULL.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from functools import cache
from itertools import chain

import duckdb
import pyarrow as pa

from kroniek.model import Analysis, Document, IngestError, Sentence, Token
from kroniek.schema import DDL, LAYERS

PER_DOCUMENT = ("documents", "sentences", "tokens", *LAYERS)
ERRORS = "ingest_errors"


def _inferred(d: Document, a: Analysis) -> bool:
    """An undated document the time layer dated from its text: its range and source come from the analysis."""
    return d.date is None and d.date_range is None and a.inferred_range is not None


def _range(d: Document, a: Analysis) -> tuple[str | None, str | None]:
    """The document's own date range, or the one inferred from the corpus for an undated document."""
    return (a.inferred_range if _inferred(d, a) else None) or d.date_range or (None, None)


# documents columns that are not Document fields, or that the analysis may fill: (doc, analysis, added_at, run) -> value
DOC_DERIVED: dict[str, Callable[[Document, Analysis, datetime, int], object]] = {
    "date_source": lambda d, a, t, r: "inferred" if _inferred(d, a) else d.date_source,
    "date_from": lambda d, a, t, r: _range(d, a)[0],
    "date_to": lambda d, a, t, r: _range(d, a)[1],
    "n_chars": lambda d, a, t, r: len(d.text),
    "n_sentences": lambda d, a, t, r: len(a.sentences),
    "n_tokens": lambda d, a, t, r: len(a.tokens),
    "added_at": lambda d, a, t, r: t,
    "run": lambda d, a, t, r: r,
}
# Token fields as the Tokens arrays that hold them
TOKEN_ARRAYS = {"start": "starts", "end": "ends", "sentence": "sentences"}


@cache
def schemas() -> dict[str, pa.Schema]:
    """Arrow schema of every store table, read off the DDL."""
    con = duckdb.connect()
    con.execute(DDL)
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    out = {name: con.sql(f'SELECT * FROM "{name}" LIMIT 0').to_arrow_table().schema for name in names}
    con.close()
    return out


def counts(analysis: Analysis) -> dict[str, int]:
    """Rows each per-document table gets for one document."""
    layer = {table: len(getattr(analysis, attr)) for table, (attr, _) in LAYERS.items()}
    return {"documents": 1, "sentences": len(analysis.sentences), "tokens": len(analysis.tokens), **layer}


def _table(name: str, cols: dict[str, object], n: int) -> pa.Table:
    schema = schemas()[name]
    arrays = [cols[f.name] if f.name in cols else pa.nulls(n, f.type) for f in schema]
    return pa.Table.from_arrays([a if isinstance(a, pa.Array) else pa.array(a, f.type)
                                 for a, f in zip(arrays, schema, strict=True)], schema=schema)


def _doc_ids(docs: Sequence[Document], sizes: list[int]) -> list[str]:
    return list(chain.from_iterable([d.id] * n for d, n in zip(docs, sizes, strict=True)))


def _ints(parts: list[array]) -> pa.Array:
    joined = array("i", chain.from_iterable(parts)) if len(parts) != 1 else parts[0]
    return pa.Array.from_buffers(pa.int32(), len(joined), [None, pa.py_buffer(joined)])


def _documents(docs: Sequence[Document], analyses: Sequence[Analysis], added_at: datetime, run: int) -> pa.Table:
    own = {f.name for f in fields(Document)}
    cols: dict[str, object] = {}
    for name in schemas()["documents"].names:
        if name in DOC_DERIVED:
            cols[name] = [DOC_DERIVED[name](d, a, added_at, run) for d, a in zip(docs, analyses, strict=True)]
        elif name in own:
            cols[name] = [getattr(d, name) for d in docs]
    return _table("documents", cols, len(docs))


def _records(table: str, docs: Sequence[Document], per_doc: list[Sequence], cls: type) -> pa.Table:
    sizes = [len(records) for records in per_doc]
    cols: dict[str, object] = {"doc": _doc_ids(docs, sizes)}
    if "idx" in schemas()[table].names:
        cols["idx"] = list(chain.from_iterable(range(n) for n in sizes))
    names = set(schemas()[table].names)
    for f in fields(cls):
        if f.name in names:
            cols[f.name] = [getattr(r, f.name) for r in chain.from_iterable(per_doc)]
    return _table(table, cols, sum(sizes))


def _tokens(docs: Sequence[Document], analyses: Sequence[Analysis]) -> pa.Table:
    sizes = [len(a.tokens) for a in analyses]
    cols: dict[str, object] = {"doc": _doc_ids(docs, sizes), "idx": list(chain.from_iterable(map(range, sizes)))}
    for f in fields(Token):
        cols[f.name] = _ints([getattr(a.tokens, TOKEN_ARRAYS[f.name]) for a in analyses])
    return _table("tokens", cols, sum(sizes))


def table_rows(
    docs: Sequence[Document], analyses: Sequence[Analysis], *, added_at: datetime, run: int
) -> dict[str, pa.Table]:
    """Rows of every per-document table for these documents, in document order, typed as the store's tables."""
    out = {
        "documents": _documents(docs, analyses, added_at, run),
        "sentences": _records("sentences", docs, [a.sentences for a in analyses], Sentence),
        "tokens": _tokens(docs, analyses),
    }
    for table, (attr, cls) in LAYERS.items():
        out[table] = _records(table, docs, [getattr(a, attr) for a in analyses], cls)
    return out


def error_rows(errors: Sequence[IngestError], *, logged_at: datetime, run: int) -> pa.Table:
    """Rows of the ingest_errors table."""
    cols: dict[str, object] = {f.name: [getattr(e, f.name) for e in errors] for f in fields(IngestError)}
    names = schemas()[ERRORS].names
    cols.update({k: [v] * len(errors) for k, v in (("run", run), ("logged_at", logged_at)) if k in names})
    return _table(ERRORS, cols, len(errors))

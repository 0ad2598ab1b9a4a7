"""The chronicle store: one embedded DuckDB file, one table per kind of record.

Every write of documents goes in one transaction together with their analysis, so a crash or a bad file
never leaves a document half-stored; a content hash as primary key makes adding the same article twice a
no-op. Cross-document layers (entities, events, timeline, conflicts) are rebuilt from the per-document
tables and replaced in one transaction too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from kroniek.model import Analysis, Document, IngestError
from kroniek.rows import table_rows
from kroniek.schema import DB_NAME, DDL, LAYERS, MIGRATE, SCHEMA_VERSION, TABLES

__all__ = ["DB_NAME", "DDL", "LAYERS", "MIGRATE", "SCHEMA_VERSION", "TABLES", "Store", "StoreError", "scalar"]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None):
    """The first column of the first row of a query (None when it returns no row)."""
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


LINKS_STALE = "links_stale"  # meta flag: documents stored since the last complete linking

class StoreError(RuntimeError):
    """The chronicle file cannot be opened or is not a Kroniek chronicle."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def _open_error(path: Path, exc: duckdb.IOException) -> str:
    """Say which process holds the chronicle: DuckDB allows one writer, or readers only, at a time."""
    held = _HOLDER.search(str(exc))
    if not held:
        return f"cannot open {path}: {exc}"
    return (f"{path} is in use by process {held.group(2)} ({Path(held.group(1)).name}): one command writes a "
            f"chronicle at a time, and none reads it while one writes; run again when that process has finished")


# DuckDB's buffer pool defaults to 80 % of the machine's memory and fills it with a large chronicle's pages and
# join tables; capped, it spills to `<chronicle>.duckdb.tmp` instead (issue 14: a quarter of the linking peak).
MEMORY_LIMIT_ENV = "KRONIEK_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT_MB = 512
ROWS_AT_ONCE = 10_000


def memory_limit_mb() -> int:
    """DuckDB's memory cap in MB: KRONIEK_MEMORY_LIMIT (a number of MB), else DEFAULT_MEMORY_LIMIT_MB."""
    value = os.environ.get(MEMORY_LIMIT_ENV, "").strip().upper().removesuffix("MB").strip()
    try:
        return max(64, int(value)) if value else DEFAULT_MEMORY_LIMIT_MB
    except ValueError:
        raise StoreError(f"{MEMORY_LIMIT_ENV}={os.environ[MEMORY_LIMIT_ENV]!r}: give a number of MB") from None


class Store:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        if read_only and not path.exists():
            raise StoreError(f"no chronicle at {path}")
        self.memory_limit_mb = memory_limit_mb()
        try:
            # Capped where the build links; a reader (export, serve) keeps DuckDB's default.
            self.con = duckdb.connect(str(path), read_only=read_only,
                                      config={} if read_only else {"memory_limit": f"{self.memory_limit_mb}MB"})
        except duckdb.IOException as exc:
            raise StoreError(_open_error(path, exc)) from exc
        except duckdb.Error as exc:
            raise StoreError(f"{path} is not a DuckDB chronicle: {exc}") from exc
        if not read_only:
            self.con.begin()  # all tables or none: a half-created schema would pass as a chronicle
            self.con.execute(DDL)
            self.con.execute(MIGRATE)
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [str(SCHEMA_VERSION)]
            )
            self.con.commit()
        elif not scalar(self.con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'"):
            raise StoreError(f"{path} is not a Kroniek chronicle (no documents table)")

    @classmethod
    def in_dir(cls, out: Path, *, read_only: bool = False) -> Store:
        """Open `out/chronicle.duckdb`, or the file itself if `out` is a .duckdb path."""
        path = out if out.suffix == ".duckdb" else out / DB_NAME
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        return cls(path, read_only=read_only)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------------

    def start_run(self, command: str, inputs: list[str]) -> int:
        run = scalar(self.con, "SELECT coalesce(max(id), 0) + 1 FROM runs")
        self.con.execute(
            "INSERT INTO runs (id, command, inputs, started) VALUES (?, ?, ?, ?)", [run, command, inputs, _now()]
        )
        return run

    def finish_run(self, run: int, added: int, duplicates: int, failed: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, added = ?, duplicates = ?, failed = ? WHERE id = ?",
            [_now(), added, duplicates, failed, run],
        )

    def has_document(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def sources_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = list(doc_ids)
        rows = self.con.execute("SELECT id, source FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return dict(rows)

    def write_batch(self, docs: Sequence[Document], analyses: Sequence[Analysis], run: int) -> None:
        """Store documents with their analysis in one transaction: all of the batch or none of it."""
        tables = table_rows(docs, analyses, added_at=_now(), run=run)
        self.con.begin()
        try:
            for table, batch in tables.items():
                self._append(table, batch)
            self.mark_links_stale()  # with the documents: a kill before linking leaves the mark, not old links
            self.con.commit()
        except BaseException:
            self.rollback()
            raise

    def raise_memory_limit(self) -> int:
        """Double DuckDB's cap (after an operation that could not spill ran out of it); the new cap in MB."""
        self.memory_limit_mb *= 2
        self.con.execute(f"SET memory_limit = '{self.memory_limit_mb}MB'")
        return self.memory_limit_mb

    def rollback(self) -> None:
        """Undo the open transaction; a commit that failed (disk full) has already ended it."""
        with contextlib.suppress(duckdb.TransactionException):
            self.con.rollback()

    def mark(self, key: str) -> None:
        """Set a flag in `meta` (work begun that a kill may leave undone; cleared by `unmark` when done)."""
        self.con.execute("INSERT INTO meta VALUES (?, 'yes') ON CONFLICT DO UPDATE SET value = 'yes'", [key])

    def marked(self, key: str) -> bool:
        return bool(scalar(self.con, "SELECT count(*) FROM meta WHERE key = ?", [key]))

    def unmark(self, key: str) -> None:
        self.con.execute("DELETE FROM meta WHERE key = ?", [key])

    def mark_links_stale(self) -> None:
        self.mark(LINKS_STALE)

    def links_stale(self) -> bool:
        """Documents were stored after the last complete linking (a run killed before or while linking)."""
        return self.marked(LINKS_STALE)

    def needs_linking(self, added: int) -> bool:
        """Link again after a run: it stored documents, an earlier run stopped before linking was complete, or
        nothing was ever linked."""
        return bool(added) or self.links_stale() or not self.count("entities")

    def mark_links_fresh(self) -> None:
        self.unmark(LINKS_STALE)

    def _append(self, table: str, cols: dict[str, list] | pa.Table) -> None:
        if isinstance(cols, pa.Table):
            if not cols.num_rows:
                return
            batch = cols
            cols = dict.fromkeys(cols.column_names)
        elif not cols or not next(iter(cols.values())):
            return
        else:
            batch = pa.table(cols)  # noqa: F841 - read by DuckDB's replacement scan below
        names = ", ".join(f'"{c}"' for c in cols)
        self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM batch")

    def replace_rows(self, table: str, cols: dict[str, list]) -> None:
        """Replace a cross-document table's contents (the caller holds the transaction)."""
        self.con.execute(f"DELETE FROM {table}")
        self._append(table, cols)

    def record_errors(self, errors: Sequence[IngestError], run: int) -> None:
        if errors:
            now = _now()
            self.con.executemany(
                "INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [(e.source, e.reason, run, now) for e in errors]
            )

    def record_duplicates(self, pairs: Sequence[tuple[str, str]], run: int) -> None:
        """Inputs skipped because their text is already a stored document: (input source, stored document id)."""
        if pairs:
            now = _now()
            self.con.executemany("INSERT INTO duplicates VALUES (?, ?, ?, ?)", [(s, d, run, now) for s, d in pairs])

    # --- reading -------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table}")
        return int(scalar(self.con, f"SELECT count(*) FROM {table}"))

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        out: list[dict] = []
        while batch := cur.fetchmany(ROWS_AT_ONCE):  # never the whole result as tuples and as dicts at once
            out.extend(dict(zip(names, row, strict=True)) for row in batch)
        return out

    def documents(self, with_text: bool = True) -> list[dict]:
        cols = "*" if with_text else "* EXCLUDE (text)"
        return self.rows(f"SELECT {cols} FROM documents ORDER BY date NULLS LAST, source")

    def layer(self, table: str, order: str = "doc, start") -> list[dict]:
        return self.rows(f"SELECT * FROM {table} ORDER BY {order}")


def dumps(value: object) -> str:
    """JSON for the JSON columns (spans, sides): compact and stable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=asdict)

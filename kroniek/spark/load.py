"""Importing the Parquet tables of a Spark build into a chronicle, then linking across documents.

DuckDB reads the Parquet folders in place (read_parquet), so this needs no Spark and no pyspark. Only
documents the chronicle does not hold yet are added (the content hash decides, as in `kroniek add`), in the
order the embedded build stores a folder (by source), each with its rows in the order the analysis produced
them. When Spark has linked the tables (`kroniek spark link`) and the chronicle held nothing before, its
cross-document tables are taken as they are; otherwise (a chronicle with documents of its own, or unlinked
tables) every linker of `kroniek.link` runs here. Either way every `kroniek` command, the export and the web
app work on the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kroniek import rows
from kroniek.link import run_linkers
from kroniek.spark.tables import LINKED
from kroniek.store import Store, scalar


@dataclass
class ImportReport:
    added: int
    duplicates: int
    errors: int
    linkers: list[str]
    chronicle: Path


def _scan(folder: Path, table: str) -> str:
    files = str(folder / table / "**" / "*.parquet").replace("'", "''")
    return f"read_parquet('{files}', filename = true, file_row_number = true)"


def _has(folder: Path, table: str) -> bool:
    return any((folder / table).rglob("*.parquet"))


def import_tables(folder: Path, chronicle: Path | None = None, *, link: bool = True) -> ImportReport:
    """Add the documents of the Parquet tables in `folder` to the chronicle (default `folder/chronicle.duckdb`)."""
    if not _has(folder, "documents"):
        raise FileNotFoundError(f"no Parquet documents table in {folder}: run `kroniek spark build` first")
    with Store.in_dir(chronicle or folder) as store:
        con = store.con
        take_links = all(_has(folder, t) for t in LINKED) and not store.count("documents")
        run = store.start_run("spark import", [str(folder)])
        con.begin()
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _new AS SELECT id, row_number() OVER (ORDER BY source) AS ord "
                f"FROM {_scan(folder, 'documents')} WHERE id NOT IN (SELECT id FROM documents)")
            total = scalar(con, f"SELECT count(*) FROM {_scan(folder, 'documents')}")
            added = scalar(con, "SELECT count(*) FROM _new")
            for table in rows.PER_DOCUMENT:
                if not _has(folder, table):
                    continue
                key = "id" if table == "documents" else "doc"
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT t.* EXCLUDE (filename, file_row_number)"
                    + (" REPLACE (? AS run)" if table == "documents" else "")
                    + f" FROM {_scan(folder, table)} t JOIN _new n ON t.{key} = n.id"
                    " ORDER BY n.ord, t.filename, t.file_row_number",
                    [run] if table == "documents" else [])
            errors = 0
            if _has(folder, rows.ERRORS):
                errors = scalar(
                    con,
                    f"INSERT INTO {rows.ERRORS} BY NAME SELECT * EXCLUDE (filename, file_row_number) REPLACE "
                    f"(? AS run) FROM {_scan(folder, rows.ERRORS)} ORDER BY source", [run])
            con.execute("DROP TABLE _new")
            for table in LINKED if take_links else ():
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (filename, file_row_number) "
                            f"FROM {_scan(folder, table)} ORDER BY filename, file_row_number")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        store.finish_run(run, added, total - added, errors)
        if take_links:
            linkers = ["spark"]
        elif link and store.needs_linking(added):
            linkers = run_linkers(store)
        else:
            linkers = []
        return ImportReport(added, total - added, errors, linkers, store.path)

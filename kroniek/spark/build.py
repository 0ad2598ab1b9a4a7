"""The Spark build: ingest, drop duplicates, analyse in the executors, write the store's tables as Parquet.

The analysis runs once per document, in `mapInArrow` over partitions: each Python worker process imports
kroniek once and keeps its language resources in the per-process caches of the analysis modules across tasks
(Spark reuses Python workers), so resources load once per worker, not once per document or task. The analysis
emits rows of every per-document table in one pass, tagged with their table; they are staged as Parquet
partitioned by table, then each table is written on its own with exactly the store's columns.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache, partial, reduce

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from kroniek import rows
from kroniek.analyze import analyze
from kroniek.ingest import IngestOptions
from kroniek.model import Analysis, Document, IngestError
from kroniek.spark.io import read_input

TABLES = (*rows.PER_DOCUMENT, rows.ERRORS)
STAGING = "_staging"
CHUNK = 64  # documents per emitted batch: bounds executor memory (a document has hundreds of token rows)


@dataclass
class SparkBuildReport:
    documents: int
    errors: int
    seconds: float
    out: str


@cache
def tagged_schema() -> pa.Schema:
    """One row of any table: its name, and a struct per table of which only that table's is set."""
    structs = [pa.field(t, pa.struct(list(rows.schemas()[t]))) for t in TABLES]
    return pa.schema([pa.field("table", pa.string()), *structs])


def _tagged(name: str, table: pa.Table) -> pa.RecordBatch:
    schema, n = tagged_schema(), table.num_rows
    cols = [pa.array([name] * n, pa.string())]
    for field in schema:
        if field.name == "table":
            continue
        if field.name == name:
            cols.append(pa.StructArray.from_arrays([c.combine_chunks() for c in table.columns],
                                                   fields=list(field.type)))
        else:
            cols.append(pa.nulls(n, field.type))
    return pa.RecordBatch.from_arrays(cols, schema=schema)


def _emit(docs: list[Document], analyses: list[Analysis], errors: list[IngestError],
          added_at: datetime) -> Iterator[pa.RecordBatch]:
    tables = rows.table_rows(docs, analyses, added_at=added_at, run=0)  # the run is numbered on import
    tables[rows.ERRORS] = rows.error_rows(errors, logged_at=added_at, run=0)
    for name, table in tables.items():
        if table.num_rows:
            yield _tagged(name, table)


def analyse_partition(batches: Iterator[pa.RecordBatch], added_at: datetime) -> Iterator[pa.RecordBatch]:
    """Ingested rows sorted by content hash -> tagged table rows. Copies of one article are adjacent: the
    first (smallest source) is analysed, the others dropped. A document the analysis fails on becomes an
    error row instead of failing the task (and, after retries, the whole job)."""
    docs: list[Document] = []
    analyses: list[Analysis] = []
    errors: list[IngestError] = []
    last = None
    for batch in batches:
        for key, source, blob, reason in zip(*(batch.column(c).to_pylist() for c in ("key", "source", "doc", "reason")),
                                             strict=True):
            if reason is not None:
                errors.append(IngestError(source, reason))
                continue
            if key == last:
                continue
            last = key
            doc: Document = pickle.loads(blob)
            try:
                analysis = analyze(doc)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop an archive
                errors.append(IngestError(doc.source, f"analysis failed: {type(exc).__name__}: {exc}"))
                continue
            docs.append(replace(doc, language=analysis.language))
            analyses.append(analysis)
            if len(docs) >= CHUNK:
                yield from _emit(docs, analyses, errors, added_at)
                docs, analyses, errors = [], [], []
    yield from _emit(docs, analyses, errors, added_at)


def analyse(spark: SparkSession, ingested: DataFrame, partitions: int | None = None,
            added_at: datetime | None = None) -> DataFrame:
    """Tagged rows of every per-document table. The shuffle by content hash both brings copies of one article
    together and spreads the analysis evenly, whatever the layout of the input files."""
    n = partitions or max(spark.sparkContext.defaultParallelism * 2, ingested.rdd.getNumPartitions())
    added_at = added_at or datetime.now(UTC).replace(tzinfo=None)
    return (ingested.repartition(n, F.coalesce("key", "source"))
            .sortWithinPartitions("key", "source")
            .mapInArrow(partial(analyse_partition, added_at=added_at), from_arrow_schema(tagged_schema())))


def _path(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def delete_path(spark: SparkSession, path: str) -> None:
    """Remove a folder on whatever file system Spark writes to."""
    jvm = spark.sparkContext._jvm
    if jvm is None:
        raise RuntimeError("the Spark context has no JVM")
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(hpath, True)


def write_tables(spark: SparkSession, tagged: DataFrame, out: str) -> None:
    """Stage the tagged rows once (the analysis is the costly part: it must not run once per table), then
    write one Parquet folder per table with exactly the store's columns."""
    staging = _path(out, STAGING)
    tagged.write.mode("overwrite").partitionBy("table").parquet(staging)
    staged = spark.read.parquet(staging)

    def write(name: str) -> None:
        (staged.where(F.col("table") == name).select(f"{name}.*")
         .write.mode("overwrite").parquet(_path(out, name)))

    # Nine small jobs: submitted together, the scheduler fills the executors instead of waiting on each.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, TABLES))
    delete_path(spark, staging)


def build(spark: SparkSession, sources: str | list[str], out: str, *, fmt: str | None = None,
          options: IngestOptions | None = None, partitions: int | None = None) -> SparkBuildReport:
    """Analyse every article under `sources` with Spark and write the per-document tables to `out`."""
    started = time.perf_counter()
    frames = [read_input(spark, source, fmt, options) for source in ([sources] if isinstance(sources, str)
                                                                      else sources)]
    ingested = reduce(DataFrame.unionAll, frames)
    write_tables(spark, analyse(spark, ingested, partitions), out)
    documents = spark.read.parquet(_path(out, "documents")).count()
    errors = spark.read.parquet(_path(out, rows.ERRORS)).count()
    return SparkBuildReport(documents, errors, time.perf_counter() - started, out)

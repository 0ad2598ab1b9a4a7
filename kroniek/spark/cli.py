"""`kroniek spark ...`: build a chronicle with Apache Spark. pyspark is imported only when a command runs, so
`kroniek` works without the `spark` extra."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

import typer
from rich.console import Console

from kroniek.spark import missing

spark_app = typer.Typer(help="Build a chronicle with Apache Spark (archives that outgrow one machine).",
                        no_args_is_help=True)
err_console = Console(stderr=True, soft_wrap=True)
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _fail(message: str, code: int) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _conf(specs: list[str]) -> dict[str, str]:
    conf = {}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or not key:
            raise _fail(f"bad --conf {spec!r}: use KEY=VALUE, e.g. spark.executor.memory=4g", EXIT_USAGE)
        conf[key] = value
    return conf


def _local(out: str) -> Path | None:
    parsed = urlparse(out)
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else out)
    return None


def _import(folder: Path, chronicle: Path | None, link: bool, quiet: bool) -> None:
    from kroniek.spark.load import import_tables
    from kroniek.store import StoreError

    try:
        report = import_tables(folder, chronicle, link=link)
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    except StoreError as exc:
        raise _fail(str(exc), EXIT_STORE) from exc
    if not quiet:
        err_console.print(f"{report.added} documents imported, {report.duplicates} already stored, "
                          f"{report.errors} failed inputs; linked: {', '.join(report.linkers) or 'nothing new'} "
                          f"→ {report.chronicle}", highlight=False)


@spark_app.command("build")
def build_cmd(
    sources: Annotated[list[str], typer.Argument(help="articles: folders of files, JSON Lines or Parquet; any path "
                                                "Spark reads (local, hdfs://, s3a://), globs allowed")],
    out: Annotated[str, typer.Option("--out", "-o", help="folder for the Parquet tables (and the chronicle)")],
    master: Annotated[str, typer.Option("--master", help="Spark master URL")] = "local[*]",
    fmt: Annotated[str | None, typer.Option("--format", help="files, jsonl or parquet (default: from the "
                                            "path)")] = None,
    field: Annotated[list[str], typer.Option("--field", help="record field mapping KEY=NAME, e.g. text=body")] = [],  # noqa: B006
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="largest single-article file")] = 20 * 1024 * 1024,
    partitions: Annotated[int | None, typer.Option("--partitions", help="analysis tasks (default: twice the "
                                                   "cores, at least the input splits)")] = None,
    conf: Annotated[list[str], typer.Option("--conf", help="Spark setting KEY=VALUE (repeatable)")] = [],  # noqa: B006
    do_link: Annotated[bool, typer.Option("--link/--no-link", help="run the cross-document steps in Spark SQL "
                                          "(else on import, in DuckDB)")] = True,
    do_import: Annotated[bool, typer.Option("--import/--no-import", help="import into OUT/chronicle.duckdb "
                                            "(local OUT only)")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Analyse SOURCES in Spark executors and write the per-document tables as Parquet to OUT, link them across
    documents in Spark SQL (the same tables as the embedded build), then import them into OUT/chronicle.duckdb,
    so every kroniek command, the export and the web app work on OUT."""
    if reason := missing():
        raise _fail(f"Spark is not available: {reason}", EXIT_USAGE)
    from pyspark.sql import SparkSession

    from kroniek.ingest import IngestOptions
    from kroniek.ingest.records import FieldMap
    from kroniek.spark.build import build
    from kroniek.spark.io import FORMATS
    from kroniek.spark.session import start

    if fmt is not None and fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}", EXIT_USAGE)
    try:
        options = IngestOptions(fields=FieldMap.parse(field), max_bytes=max_bytes)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    local = _local(out)
    owned = SparkSession.getActiveSession() is None  # inside a notebook or test: leave its session running
    spark = start(master, _conf(conf))
    try:
        target = str(local.resolve()) if local else out
        report = build(spark, sources, target, fmt=fmt, options=options, partitions=partitions)
        if not quiet:
            err_console.print(f"{report.documents} documents analysed, {report.errors} failed inputs "
                              f"({report.seconds:.1f} s) → {out}", highlight=False)
        if do_link:
            _link(spark, target, quiet)
    finally:
        if owned:
            spark.stop()
    if do_import and local:
        _import(local, None, True, quiet)
    elif do_import and not quiet:
        err_console.print(f"{out} is not local: import it where DuckDB can read it, with `kroniek spark import`",
                          highlight=False)
    raise typer.Exit(EXIT_PARTIAL if report.errors else EXIT_OK)


def _link(spark, out: str, quiet: bool) -> None:  # noqa: ANN001 - a SparkSession; pyspark is imported late
    from kroniek.spark.link import link

    report = link(spark, out)
    if not quiet:
        counts = ", ".join(f"{n:,} {name}" for name, n in report.counts.items())
        timing = ", ".join(f"{name} {s:.1f} s" for name, s in report.seconds.items())
        err_console.print(f"linked in Spark: {counts} ({timing})", highlight=False)


@spark_app.command("link")
def link_cmd(
    out: Annotated[str, typer.Argument(help="folder of Parquet tables written by `kroniek spark build`")],
    master: Annotated[str, typer.Option("--master", help="Spark master URL")] = "local[*]",
    conf: Annotated[list[str], typer.Option("--conf", help="Spark setting KEY=VALUE (repeatable)")] = [],  # noqa: B006
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Run the cross-document steps (entities, events, conflicts, timeline) in Spark SQL over OUT's tables."""
    if reason := missing():
        raise _fail(f"Spark is not available: {reason}", EXIT_USAGE)
    from pyspark.sql import SparkSession

    from kroniek.spark.session import start

    local = _local(out)
    owned = SparkSession.getActiveSession() is None
    spark = start(master, _conf(conf))
    try:
        _link(spark, str(local.resolve()) if local else out, quiet)
    finally:
        if owned:
            spark.stop()


@spark_app.command("import")
def import_cmd(
    folder: Annotated[Path, typer.Argument(help="folder of Parquet tables written by `kroniek spark build`")],
    chronicle: Annotated[Path | None, typer.Option("--chronicle", help="chronicle folder or .duckdb file "
                                                   "(default: FOLDER/chronicle.duckdb)")] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="run the cross-document steps in DuckDB when "
                                       "Spark has not linked the tables")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Load the Parquet tables into a chronicle (only documents it lacks) and link across documents."""
    _import(folder, chronicle, link, quiet)

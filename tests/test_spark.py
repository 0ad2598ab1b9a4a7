"""Kroniek on Spark (local[2]): the same records as the embedded build, bad input kept out of the way."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, needs_seeds
from kroniek.spark import missing

pytestmark = pytest.mark.skipif(missing() is not None, reason=f"Spark unavailable: {missing()}")

PER_DOCUMENT = ("documents", "sentences", "tokens", "timexes", "mentions", "quotes", "claims", "event_mentions")
LINKED = ("entities", "events", "timeline", "conflicts")
VOLATILE = {"documents": "added_at, run", "ingest_errors": "logged_at, run"}  # when and in which run, not what


@pytest.fixture(scope="module")
def spark():
    from kroniek.spark.session import start

    session = start("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.driver.memory": "1g"})
    yield session
    session.stop()


def _rows(con, table: str) -> list[str]:
    exclude = f" EXCLUDE ({VOLATILE[table]})" if table in VOLATILE else ""
    return sorted(map(repr, con.execute(f"SELECT *{exclude} FROM {table}").fetchall()))


@needs_seeds
def test_spark_build_gives_the_embedded_chronicle(spark, tmp_path):
    """Analysis in the executors, cross-document steps in Spark SQL: every record the embedded build stores,
    entities, events, conflicts and timeline included, and the commands read the result alike."""
    from kroniek.build import build
    from kroniek.cli import app
    from kroniek.store import Store

    build([str(SEEDS)], tmp_path / "embedded", jobs=1)
    result = CliRunner().invoke(app, ["spark", "build", str(SEEDS), "--out", str(tmp_path / "spark"),
                                      "--master", "local[2]"])
    assert result.exit_code == 0, result.output
    assert "linked in Spark" in result.output and "linked: spark" in result.output  # not by DuckDB on import
    for table in PER_DOCUMENT + LINKED:  # written by Spark as Parquet, one folder per table
        assert list((tmp_path / "spark" / table).glob("*.parquet")), table
    assert not (tmp_path / "spark" / "_link").exists()
    with Store.in_dir(tmp_path / "embedded", read_only=True) as embedded, \
            Store.in_dir(tmp_path / "spark", read_only=True) as imported:
        assert embedded.count("documents") == 5
        for table in PER_DOCUMENT + LINKED:
            assert _rows(imported.con, table) == _rows(embedded.con, table), table
        assert imported.count("entities") > 30 and imported.count("events") > 10 and imported.count("timeline")
        assert imported.count("conflicts") and imported.con.execute(
            "SELECT count(*) FROM quotes WHERE speaker IS NOT NULL").fetchone()[0] > 30
        # the Parquet tables carry exactly the store's columns, in the store's order (JSON is text in Parquet)
        for table in PER_DOCUMENT + LINKED:
            parquet = imported.con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{tmp_path / 'spark' / table}/*.parquet')").fetchall()
            stored = imported.con.execute(f"DESCRIBE {table}").fetchall()
            assert [c[:2] for c in parquet] == [(c[0], c[1].replace("JSON", "VARCHAR")) for c in stored], table
    for command in (["timeline", "--json"], ["conflicts", "--json"], ["quotes", "--speaker", "Breuker", "--json"]):
        outputs = [CliRunner().invoke(app, [command[0], str(tmp_path / where), *command[1:]])
                   for where in ("embedded", "spark")]
        assert outputs[0].exit_code == outputs[1].exit_code == 0, command
        assert outputs[1].output == outputs[0].output and len(outputs[0].output) > 100, command


def test_bad_input_lands_in_the_error_table(spark, tmp_path):
    from kroniek.cli import app
    from kroniek.ingest import iter_documents
    from kroniek.model import IngestError

    good = {"id": "a1", "title": "Kabinet valt", "date": "2019-03-14",
            "text": "Het kabinet is donderdag gevallen. De premier bood zijn ontslag aan bij de koning."}
    lines = [json.dumps(good), '{"id": "a2", "text": "afgebroken', json.dumps({"id": "a3", "text": ""}),
             json.dumps({"id": "a4", "text": "Lang. " * 400_000}), json.dumps(["geen", "object"])]
    archive, folder = tmp_path / "archive", tmp_path / "files"
    (folder / "sub").mkdir(parents=True)
    archive.mkdir()
    (archive / "part-1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "goed.txt").write_text(" date 2019-06-30 Trump en Kim ontmoeten elkaar in de DMZ.\n")
    (folder / "sub" / "leeg.txt").write_text("   \n")
    (folder / "sub" / "kapot.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    (folder / "README.md").write_text("Not an article.")

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["spark", "build", str(archive), str(folder), "--out", str(out),
                                      "--master", "local[2]"])
    assert result.exit_code == 1, result.output  # the job does not fail: done, some inputs unreadable
    assert "2 documents analysed, 6 failed inputs" in result.output and "linked in Spark" in result.output
    docs = {d.source: (d.external_id, d.date, d.date_source)
            for d in spark.read.parquet(str(out / "documents")).collect()}
    # sources relative to the folder given, as the embedded build stores them (issue 18)
    assert docs == {"part-1.jsonl#a1": ("a1", "2019-03-14", "metadata"), "goed.txt": (None, "2019-06-30", "header")}
    errors = spark.read.parquet(str(out / "ingest_errors")).collect()
    embedded = [e for e in iter_documents([str(archive), str(folder)]) if isinstance(e, IngestError)]
    # the same reasons as the embedded build gives; a record's line is quoted, as a task does not know its number
    assert sorted(e.reason.split(" (line begins")[0] for e in errors) == sorted(e.reason for e in embedded)
    assert {e.source for e in errors} == {"part-1.jsonl", "sub/leeg.txt", "sub/kapot.txt"}
    assert {"no article text", "article text has 2,399,999 characters, above the limit of 2,000,000",
            "record is a JSON list, not an object"} < {e.reason.split(" (line begins")[0] for e in errors}
    listed = json.loads(CliRunner().invoke(app, ["errors", str(out), "--json"]).output)  # in the chronicle too
    assert sorted(e["reason"] for e in listed) == sorted(e.reason for e in errors)


def test_resources_load_once_per_worker_process(spark):
    def probe(batches):  # defined here, so Spark ships it by value to workers that cannot import the tests
        """Analyse the article once per row; report the worker process and how often it loaded resources."""
        import pyarrow as pa

        from kroniek.analyze import analyze
        from kroniek.ingest.document import make_document
        from kroniek.resources import language_resources

        doc = make_document(source="probe", text="De minister zei dinsdag in Den Haag dat het kabinet doorgaat.")
        for batch in batches:
            for _ in range(batch.num_rows):
                analyze(doc)
            yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "loads": [language_resources.cache_info().misses]},
                                             schema=pa.schema([("pid", pa.int64()), ("loads", pa.int64())]))

    reports = spark.range(0, 16, numPartitions=8).mapInArrow(probe, "pid long, loads long").collect()
    assert len(reports) == 8
    assert len({r.pid for r in reports}) <= 2  # two task slots: Python workers are reused across tasks
    assert {r.loads for r in reports} == {1}  # one language, loaded once per worker however many tasks it ran

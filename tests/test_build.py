"""The whole foundation on the seed corpus: build, add, store, export, report, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, SCHEMA, SEEDS, needs_seeds, seed
from kroniek.build import build
from kroniek.cli import EXIT_OK, EXIT_STORE, app
from kroniek.export.contract import chronicle
from kroniek.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_chronicle(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds not beside the project")
    out = tmp_path_factory.mktemp("seeds")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == EXIT_OK, result.output
    return out


def export(out) -> dict:
    result = runner.invoke(app, ["export", str(out), "--format", "json"])
    assert result.exit_code == EXIT_OK
    return json.loads(result.stdout)


@needs_seeds
def test_seed_export_validates_against_the_contract(seed_chronicle):
    data = export(seed_chronicle)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert len(data["documents"]) == 5


@needs_seeds
def test_seed_document_dates_and_texts(seed_chronicle):
    docs = {d["source"].rsplit("/", 1)[-1][:3]: d for d in export(seed_chronicle)["documents"]}
    assert {k: (d["date"], d["date_precision"]) for k, d in docs.items()} == {
        "000": ("2023-09", "month"), "001": ("2023-09", "month"), "002": ("2019-04", "month"),
        "003": (None, "unknown") if docs["003"]["date"] is None else (docs["003"]["date"], "year"),
        "004": ("2022-08", "month")}
    assert docs["003"]["date_source"] in ("none", "inferred")
    assert docs["002"]["text"] == seed("002").read_text(encoding="utf-8")[len(" date 2019-04 "):].strip()


@needs_seeds
def test_spans_are_exact_slices_of_the_text(seed_chronicle):
    with Store.in_dir(seed_chronicle, read_only=True) as store:
        texts = {d["id"]: d["text"] for d in store.documents()}
        rows = store.rows("SELECT doc, start, \"end\" FROM sentences")
        assert len(rows) > 150
        for r in rows:
            piece = texts[r["doc"]][r["start"]:r["end"]]
            assert piece and piece == piece.strip()
        for table in ("timexes", "quotes", "claims", "mentions"):
            for r in store.rows(f'SELECT doc, start, "end", text FROM {table}'):
                assert texts[r["doc"]][r["start"]:r["end"]] == r["text"], table


@needs_seeds
def test_rebuilding_the_same_input_adds_nothing(seed_chronicle):
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(seed_chronicle), "--jobs", "1"])
    assert result.exit_code == EXIT_OK
    assert "0 documents added, 5 duplicates skipped" in result.output
    assert "duplicate: 001_" in result.output  # each skipped input is named with what it repeats
    with Store.in_dir(seed_chronicle, read_only=True) as store:
        assert store.count("documents") == 5
        assert store.con.execute("SELECT count(DISTINCT doc) FROM sentences").fetchone()[0] == 5


@needs_seeds
def test_add_analyses_only_new_documents(tmp_path):
    out = tmp_path / "c"
    build([str(seed("002")), str(seed("004"))], out, jobs=1)
    with Store.in_dir(out, read_only=True) as store:
        before = {r["id"]: r["run"] for r in store.documents(with_text=False)}
    result = runner.invoke(app, ["add", str(out), str(SEEDS), "--jobs", "1"])
    assert result.exit_code == EXIT_OK, result.output
    assert "3 documents added, 2 duplicates skipped" in result.output
    with Store.in_dir(out, read_only=True) as store:
        after = {r["id"]: r["run"] for r in store.documents(with_text=False)}
        runs = store.rows("SELECT id, command, added FROM runs ORDER BY id")
    assert {k: after[k] for k in before} == before  # the old ones were not re-analysed
    assert runs == [{"id": 1, "command": "build", "added": 2}, {"id": 2, "command": "add", "added": 3}]


def test_duplicates_on_a_fresh_folder_are_named(tmp_path):
    text = ("De gemeenteraad van Oosterdam besloot woensdag tot de bouw van een brug over de rivier. De bouw "
            "begint volgend jaar.")
    corpus = tmp_path / "in"
    (corpus / "kopie").mkdir(parents=True)
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "kopie" / "b.txt").write_text(text.replace(". ", ".\n"), encoding="utf-8")  # same words, other spacing
    (corpus / "c.jsonl").write_text(json.dumps({"text": text, "Publisher": "Het Dagblad"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--jobs", "1", "--no-report"])
    assert result.exit_code == EXIT_OK, result.output
    assert "1 documents added, 2 duplicates skipped" in result.output
    assert "duplicate: c.jsonl:1 = a.txt" in result.output and "duplicate: kopie/b.txt = a.txt" in result.output
    listed = runner.invoke(app, ["documents", str(out), "--duplicates", "--json"])
    rows = json.loads(listed.stdout)
    assert sorted((r["input"], r["stored_as"]) for r in rows) == [("c.jsonl:1", "a.txt"), ("kopie/b.txt", "a.txt")]
    again = runner.invoke(app, ["add", str(out), str(corpus / "kopie"), "--jobs", "1"])
    assert "duplicate: b.txt = a.txt" in again.output


def test_add_refuses_a_missing_chronicle(tmp_path):
    result = runner.invoke(app, ["add", str(tmp_path / "nothing"), str(tmp_path)])
    assert result.exit_code == EXIT_STORE
    assert "no chronicle at" in result.output


def test_listing_commands_on_a_missing_chronicle_fail_clearly(tmp_path):
    result = runner.invoke(app, ["timeline", str(tmp_path / "none")])
    assert result.exit_code == EXIT_STORE


def test_a_non_chronicle_file_is_refused(tmp_path):
    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE t (a INT)").close()
    result = runner.invoke(app, ["info", str(path)])
    assert result.exit_code == EXIT_STORE and "not a Kroniek chronicle" in result.output


@needs_seeds
@pytest.mark.parametrize("kind", ["timeline", "entities", "quotes", "claims", "conflicts", "documents", "timexes",
                                  "errors"])
def test_listing_commands_print_json(seed_chronicle, kind):
    result = runner.invoke(app, [kind, str(seed_chronicle), "--json"])
    assert result.exit_code == EXIT_OK
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    if kind == "documents":
        assert len(rows) == 5 and all("text" not in r for r in rows)


@needs_seeds
def test_info_counts(seed_chronicle):
    result = runner.invoke(app, ["info", str(seed_chronicle), "--json"])
    info = json.loads(result.stdout)
    assert info["counts"]["documents"] == 5
    assert info["languages"] == {"nl": 5}
    assert info["dates"]["first"] == "2019-04" and info["dates"]["last"] == "2023-09"


@needs_seeds
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_exports_round_trip(seed_chronicle, tmp_path, fmt):
    folder = tmp_path / fmt
    result = runner.invoke(app, ["export", str(seed_chronicle), "--format", fmt, "--output", str(folder)])
    assert result.exit_code == EXIT_OK
    reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM {reader}('{folder}/documents.{fmt}')").fetchone()[0] == 5
    n_sent = con.execute(f"SELECT count(*) FROM {reader}('{folder}/sentences.{fmt}')").fetchone()[0]
    with Store.in_dir(seed_chronicle, read_only=True) as store:
        assert n_sent == store.count("sentences")


def test_report_escapes_article_text(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        ' date 2024-06-19 Poetin landde in Pyongyang. <script>alert("x")</script> <img src=x onerror=alert(1)> '
        'Daarna volgde een ceremonie op het plein.')
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == EXIT_OK, result.output
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html


@needs_seeds
def test_export_is_stable_between_calls(seed_chronicle):
    with Store.in_dir(seed_chronicle, read_only=True) as store:
        assert chronicle(store) == chronicle(store)


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no example corpus")
def test_example_corpus_builds_in_two_languages_with_one_undated_article(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == EXIT_OK, result.output
    data = export(tmp_path)
    docs = data["documents"]
    assert 15 <= len(docs) <= 25
    assert {d["language"] for d in docs} == {"nl", "en"}
    assert sum(1 for d in docs if d["date_source"] in ("none", "inferred")) == 1
    if SCHEMA.exists():
        jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert (tmp_path / "report.html").exists()


@needs_seeds
def test_timeline_entry_whose_sources_disagree_is_flagged_in_export_and_report(seed_chronicle):
    data = export(seed_chronicle)
    (place,) = [c for c in data["conflicts"] if c["kind"] == "place"]
    flagged = [t for t in data["timeline"] if t["conflicts"]]
    assert [(t["date"], t["conflicts"]) for t in flagged] == [("2023-09", [place["id"]])]
    assert all(not t["conflicts"] for t in data["timeline"] if t["date"] in ("2019-04", "2022-08"))
    result = runner.invoke(app, ["report", str(seed_chronicle)])
    assert result.exit_code == EXIT_OK
    html = (seed_chronicle / "report.html").read_text(encoding="utf-8")
    assert f'⚠ sources disagree — <a href="#{place["id"]}">place: ' in html
    assert f'<li id="{place["id"]}">' in html
    table = runner.invoke(app, ["timeline", str(seed_chronicle)], env={"COLUMNS": "200"}).stdout
    assert [line[:12].strip() for line in table.splitlines() if "disputed" in line[12:21]] == ["2023-09"]


def test_builds_of_the_same_articles_give_the_same_chronicle(tmp_path):
    """Equal weights must not be broken by row or set order: builds in separate processes (other hash seeds, one
    and two workers) of the bundled examples export the same chronicle (timeline, events, dating, everything)."""
    exports = []
    for i, (seed_, jobs) in enumerate(((1, 1), (2, 2), (3, 2))):
        env = {**os.environ, "PYTHONHASHSEED": str(seed_), "PYTHONPATH": str(ROOT)}
        out = tmp_path / f"c{i}"
        done = subprocess.run([sys.executable, "-m", "kroniek", "build", str(EXAMPLES), "--out", str(out), "--jobs",
                               str(jobs), "--no-report", "--quiet"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-500:]
        with Store.in_dir(tmp_path / f"c{i}", read_only=True) as store:
            exports.append(json.dumps(chronicle(store), sort_keys=True))
    assert all(e == exports[0] for e in exports)

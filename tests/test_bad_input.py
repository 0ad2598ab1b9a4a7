"""Bad input gets one clear line naming the file and the reason; everything else is still stored."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from kroniek.build import build
from kroniek.cli import EXIT_PARTIAL, app
from kroniek.ingest import IngestOptions, iter_documents
from kroniek.model import Document, IngestError
from kroniek.store import Store

GOOD = ("Kim Jong-un reisde met de trein naar Vladivostok voor een ontmoeting met de Russische president. "
        "Het was hun eerste top.")


def run(paths, **opts):
    items = list(iter_documents([str(p) for p in paths], IngestOptions(**opts)))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, IngestError)])


def only_error(path, **opts) -> IngestError:
    good, bad = run([path], **opts)
    assert good == []
    assert len(bad) == 1 and bad[0].source == path.name
    return bad[0]


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert only_error(path).reason == "binary file, not text"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert only_error(path).reason == "empty file"


def test_header_only_file_has_no_article_text(tmp_path):
    path = tmp_path / "header.txt"
    path.write_text(" date 2023-09 ")
    assert only_error(path).reason == "no article text"


def test_invalid_utf8(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Poetin ontmoette Kim in Vostotsjny, ruimtevaartbasis." + b" \xff\xfe " +
                     b"Daarna reisde hij door naar Vladivostok.")
    assert only_error(path).reason.startswith("invalid UTF-8 at byte 54")


def test_truncated_json_array_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "cut.json"
    full = json.dumps([{"id": 1, "text": GOOD}, {"id": 2, "text": GOOD + " Tweede versie."}])
    path.write_text(full[: len(full) - 25])
    good, bad = run([path])
    assert [d.external_id for d in good] == ["1"]
    assert len(bad) == 1 and bad[0].source == path.name
    assert bad[0].reason.startswith("truncated JSON at line 1") and "kept the 1 records before it" in bad[0].reason


def test_broken_json_lines_are_reported_per_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(f'{{"text": "{GOOD}"}}\n{{"text": "half\n[1, 2]\n{{"title": "zonder tekst"}}\n')
    good, bad = run([path])
    assert len(good) == 1
    assert [(e.source, e.reason.split(":")[0]) for e in bad] == [
        (f"{path.name}:2", "invalid JSON"), (f"{path.name}:3", "record is a JSON list, not an object"),
        (f"{path.name}:4", "no article text"),
    ]


def test_fifty_megabyte_text_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write((GOOD + "\n").encode() * (50 * 1024 * 1024 // (len(GOOD) + 1) + 1))
    err = only_error(path)
    assert err.reason.startswith("file is 52.") and "above the single-article limit of 21.0 MB" in err.reason


def test_huge_record_inside_jsonl_is_refused_alone(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "woord " * 400_000}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    good, bad = run([path])
    assert len(good) == 1
    assert bad[0].source == f"{path.name}:1" and "above the limit of 2,000,000" in bad[0].reason


def test_html_page_without_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>alert('x')</script></head><body><img src=x onerror=alert(1)></body></html>")
    assert only_error(path).reason == "HTML page has no extractable main text"


def test_missing_input_is_named(tmp_path):
    missing = tmp_path / "gone.txt"
    assert only_error(missing).reason == "no such file or folder"


def test_file_that_disappears_mid_run(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD + " En nog iets.")
    items = iter_documents([str(tmp_path)])
    first = next(items)
    assert isinstance(first, Document)
    os.remove(tmp_path / "b.txt")
    (err,) = list(items)
    assert err == IngestError("b.txt", "file disappeared before it could be read")


def test_bad_files_do_not_stop_the_build_and_exit_code_says_so(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f" date 2019-04 {GOOD}")
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "c.txt").write_text("")
    (corpus / "d.txt").write_text("The summit took place at the Vostochny cosmodrome in September 2023.")
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == EXIT_PARTIAL
    assert "skipped b.txt: binary file, not text" in result.output
    assert "skipped c.txt: empty file" in result.output
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        assert store.count("documents") == 2
        assert {r["reason"] for r in store.layer("ingest_errors", "source")} == {"binary file, not text", "empty file"}


def test_a_crash_while_writing_loses_nothing_already_stored(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(GOOD)
    (second / "b.txt").write_text(GOOD + " Een tweede artikel.")
    out = tmp_path / "out"
    build([str(first)], out, jobs=1)

    original = Store._append

    def crash_on_tokens(self, table, cols):
        if table == "tokens":
            raise OSError("disk full")
        return original(self, table, cols)

    monkeypatch.setattr(Store, "_append", crash_on_tokens)
    with pytest.raises(OSError, match="disk full"):
        build([str(second)], out, jobs=1)
    monkeypatch.undo()
    with Store.in_dir(out, read_only=True) as store:
        assert store.count("documents") == 1  # the new document is not half-written
        sentences = store.con.execute("SELECT count(DISTINCT doc) FROM sentences").fetchone()[0]
        assert sentences == 1
    assert build([str(second)], out, jobs=1).added == 1  # and the next run stores it whole


def test_broken_bytes_deep_in_a_big_jsonl_keep_the_records_before(tmp_path):
    path = tmp_path / "archive.jsonl"
    good_lines = [json.dumps({"id": i, "text": f"{GOOD} Artikel nummer {i}."}) for i in range(400)]
    path.write_bytes(("\n".join(good_lines) + "\n").encode() + b'{"id": 999, "text": "kapot \xff\xfe"}\n')
    good, bad = run([path])
    assert len(good) == 400
    assert bad == [IngestError(f"{path.name}:401", "invalid UTF-8 at byte 27 of the line")]

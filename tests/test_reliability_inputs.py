"""Hostile and huge inputs in one folder: each is named and skipped (or read harmlessly), the rest is stored,
and no file content or entity blow-up reaches the store. (Plain bad input: tests/test_bad_input.py.)"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from kroniek.cli import EXIT_PARTIAL, app
from kroniek.store import Store

GOOD = ("Kim Jong-un reisde met de trein naar Vladivostok voor een ontmoeting met de Russische president. "
        "Het was hun eerste top in jaren, zeiden waarnemers.")
SECRET = "kroniek-secret-4711"  # in a file the hostile entities point at: it must never reach the store
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))


def _hostile(folder, secret_file) -> None:
    xxe = f'<!ENTITY xxe SYSTEM "file://{secret_file}">'
    body = f"{GOOD} &xxe; &lol9;"
    for name, root, item in (("xxe.rss", "rss", "rss"), ("xxe.atom", "feed", "atom")):
        decl = f"<?xml version=\"1.0\"?><!DOCTYPE {root} [{xxe}{LAUGHS}]>"
        if item == "rss":
            doc = f'<rss version="2.0"><channel><title>t</title><item><title>N</title><description>{body}' \
                  f"</description></item></channel></rss>"
        else:
            doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>N</title>' \
                  f"<content>{body}</content></entry></feed>"
        (folder / name).write_text(decl + doc)
    (folder / "xxe.html").write_text(f"<?xml version=\"1.0\"?><!DOCTYPE html [{xxe}{LAUGHS}]><html><body>"
                                     f"<article><p>{body}</p></article></body></html>")
    (folder / "bigline.jsonl").write_text(json.dumps({"text": "woord " * 900_000}) + "\n"
                                          + json.dumps({"text": GOOD + " Een.", "date": "2024-01-02"}) + "\n")
    (folder / "nested.json").write_text("[" * 200_000 + "]" * 200_000)
    (folder / "nested.jsonl").write_text('{"text": ' + "[" * 200_000 + "]" * 200_000 + "}\n"
                                         + json.dumps({"text": GOOD + " Twee.", "date": "2024-01-03"}) + "\n")
    (folder / "quotes.csv").write_text(f'title,text,date\nA,"{GOOD} Drie.",2024-01-04\nB,"' + "x" * 10_000_000 + "\n")
    with open(folder / "sparse.jsonl", "wb") as fh:  # 1 GB of one line; sparse, so it costs no disk
        fh.truncate(1 << 30)
    with open(folder / "sparse.txt", "wb") as fh:
        fh.truncate(1 << 30)
    (folder / "loop1").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: not followed
    os.mkfifo(folder / "pipe.txt")  # would block a reader forever
    (folder / "naam\nmet regel.txt").write_text(GOOD + " Vier.")
    (folder / "good.txt").write_text(GOOD)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_hostile_and_huge_inputs_are_named_and_the_rest_stored(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    corpus = tmp_path / "in"
    corpus.mkdir()
    _hostile(corpus, secret)
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    with Store.in_dir(tmp_path / "out", read_only=True) as store:
        errors = {r["source"]: r["reason"] for r in store.layer("ingest_errors", "source")}
        texts = [r[0] for r in store.con.execute("SELECT text FROM documents").fetchall()]
        sources = {r[0] for r in store.con.execute("SELECT source FROM documents").fetchall()}
    assert errors["pipe.txt"] == "not a regular file (a named pipe)"
    assert errors["sparse.txt"].startswith("file is 1073.7 MB, above the single-article limit")
    assert errors["sparse.jsonl:1"].startswith("line of 1073.7 MB, longer than any record")
    assert "above the limit of 2,000,000" in errors["bigline.jsonl:1"]
    assert "nested too deeply" in errors["nested.json"] and "nested too deeply" in errors["nested.jsonl:1"]
    assert "field larger than field limit" in errors["quotes.csv"]
    assert "Too many levels of symbolic links" in errors["loop2.txt"]
    # the rest is stored: the good file, the good records beside the bad ones, the odd file name
    assert {"good.txt", "bigline.jsonl:2", "nested.jsonl:2", "quotes.csv:row 1", "naam\nmet regel.txt"} <= sources
    # entities are not resolved: no file content, no billion laughs (each text stays about its own size)
    assert not any(SECRET in t for t in texts) and max(map(len, texts)) < 2 * len(GOOD)
    assert {"xxe.rss#0", "xxe.atom#0", "xxe.html"} & sources  # read as the article they hold, entities inert


def test_a_symlink_loop_given_by_name_is_named(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "symbolic link to nothing (broken, or a loop)" in result.output

"""SIGKILL during `kroniek build` (while storing analyses, while linking, while writing the report): the chronicle
opens, every stored document has its whole analysis, links are fresh or marked stale and rebuilt by the next
build, and the re-run gives exactly the rows of a clean build. Disk full: a clear error, the chronicle as it was."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from kroniek.store import Store

VOLATILE = {"documents": "added_at, run", "ingest_errors": "logged_at, run", "duplicates": "run"}
# When each run happened, and what a re-run of the same input finds again: differ by design.
SKIPPED = {"runs", "duplicates"}
# Each kill point: the module attribute to wrap, and the call of it that dies (SIGKILL, as the OOM killer does).
KILL = """
import os, signal, sys, importlib
import kroniek.build
kroniek.build.BATCH = 20  # a few batches on a small corpus, to be killed between them
module, name, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
target = importlib.import_module(module)
owner, attr = (getattr(target, name.split('.')[0]), name.split('.')[1]) if '.' in name else (target, name)
original, calls = getattr(owner, attr), [0]
def dying(*args, **kwargs):
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
setattr(owner, attr, dying)
from kroniek.cli import app
sys.argv = ['kroniek', *sys.argv[4:]]
app()
"""
POINTS = {
    "storing": ("kroniek.store", "Store.write_batch", 3),  # two batches stored, the third never
    "linking": ("kroniek.link.events", "link", 1),  # entities linked and committed, events not
    "report": ("kroniek.export.report", "render", 1),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 articles: the bundled examples, each in 3 dated variants (3 analysis batches of 20)."""
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(60):
            text = f"Bericht {i} uit Den Haag.\n\n{texts[i % len(texts)]}"
            fh.write(json.dumps({"text": text, "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}"}) + "\n")
    return path


def _build(corpus: Path, out: Path, kill: tuple[str, str, int] = ("kroniek.store", "Store.close", 0)
           ) -> subprocess.CompletedProcess:
    """`kroniek build` in batches of 20, killed at the given call (0: never). One process (--jobs 1): the kill
    takes the whole build, as a pool's orphaned workers would keep the test waiting."""
    args = ["build", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"]
    command = [sys.executable, "-c", KILL, *map(str, kill), *args]
    return subprocess.run(command, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=300)


def _tables(out: Path) -> dict[str, list[str]]:
    with Store.in_dir(out, read_only=True) as store:
        names = [r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        result = {}
        for table in sorted(set(names) - SKIPPED - {"meta"}):
            exclude = f" EXCLUDE ({VOLATILE[table]})" if table in VOLATILE else ""
            result[table] = sorted(map(repr, store.con.execute(f"SELECT *{exclude} FROM {table}").fetchall()))
    return result


@pytest.fixture(scope="module")
def clean_out(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    assert _build(corpus, out).returncode == 0
    return out


@pytest.fixture(scope="module")
def clean(clean_out) -> dict[str, list[str]]:
    return _tables(clean_out)


@pytest.fixture(scope="module")
def clean_counts(clean_out) -> dict[str, dict[str, int]]:
    """Rows per document in each per-document table of a clean build."""
    with Store.in_dir(clean_out, read_only=True) as store:
        return {t: dict(store.con.execute(f"SELECT doc, count(*) FROM {t} GROUP BY doc").fetchall())
                for t in ("sentences", "tokens", "mentions")}


@pytest.mark.parametrize("point", POINTS)
def test_killed_build_leaves_a_whole_chronicle_and_the_rerun_a_clean_one(point, corpus, clean, clean_counts,
                                                                          tmp_path):
    out = tmp_path / "c"
    killed = _build(corpus, out, POINTS[point])
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    with Store.in_dir(out, read_only=True) as store:  # it opens
        docs = {r[0] for r in store.con.execute("SELECT id FROM documents").fetchall()}
        stale = store.links_stale()
        per_doc = {t: dict(store.con.execute(f"SELECT doc, count(*) FROM {t} GROUP BY doc").fetchall())
                   for t in ("sentences", "tokens", "mentions")}
        linked = store.count("entities")
    if point == "storing":
        assert len(docs) == 40 and stale  # two batches, whole; links to be made
    else:
        assert len(docs) == 60
        assert stale == (point == "linking") and linked  # entities committed; the rest of the links are not
    for table, got in per_doc.items():  # every stored document has exactly its clean analysis
        assert got == {doc: n for doc, n in clean_counts[table].items() if doc in docs}, table
    assert not (out / ".report.html.partial").exists() or point == "report"
    rerun = _build(corpus, out)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    got = _tables(out)
    # exactly the rows of a clean build, the repetition counts too: a run killed while storing leaves a mark,
    # and the re-run counts the stored documents again
    assert got == clean
    with Store.in_dir(out, read_only=True) as store:
        assert not store.links_stale()


def test_disk_full_gives_a_clear_message_and_the_chronicle_as_before(corpus, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs (not root?)")
    try:
        out = mount / "c"
        small = tmp_path / "small.jsonl"
        small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:3]))
        assert _build(small, out).returncode == 0
        before = _tables(out)
        filler = mount / "filler"
        with open(filler, "wb") as fh:  # leave the chronicle almost no room
            free = shutil.disk_usage(mount).free
            fh.write(b"\0" * max(free - 200_000, 0))
        full = _build(corpus, out)
        assert full.returncode == 3, full.stdout + full.stderr[-3000:]
        assert "No space left on device" in full.stdout + full.stderr and "Traceback" not in full.stderr
        filler.unlink()
        assert _tables(out) == before
    finally:
        subprocess.run(["umount", str(mount)], check=False)

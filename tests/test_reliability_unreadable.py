"""Unreadable input: a file or folder the user may not read is named with the reason, the rest is stored.

The tests run as root, for whom chmod 000 changes nothing, so the build runs in a forked child that has given
up root (uid/gid 65534, 'nobody'); a user who is not root runs it directly."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kroniek.build import build
from kroniek.store import Store

NOBODY = 65534
GOOD = ("Kim Jong-un reisde met de trein naar Vladivostok voor een ontmoeting met de Russische president. "
        "Het was hun eerste top in jaren, zeiden waarnemers.")


def _corpus(folder: Path) -> None:
    (folder / "good.txt").write_text(GOOD)
    (folder / "locked.txt").write_text(GOOD + " Geheim.")
    (folder / "locked.jsonl").write_text('{"text": "' + GOOD + ' Ook geheim.", "date": "2024-01-02"}\n')
    (folder / "closed").mkdir()
    (folder / "closed" / "inside.txt").write_text(GOOD + " Binnen.")
    (folder / "open").mkdir()
    (folder / "open" / "after.txt").write_text(GOOD + " Daarna.")
    for name in ("locked.txt", "locked.jsonl", "closed"):
        (folder / name).chmod(0)


def _build_as_nobody(corpus: Path, out: Path) -> None:
    """`build` in a child process without root's privileges; skips where they cannot be dropped."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, build, report how it went through the pipe
        status = b"ok"
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        except OSError as exc:
            status = f"skip: cannot drop root here ({exc})".encode()
        else:
            try:
                build([str(corpus)], out, jobs=1)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
                status = f"error: {type(exc).__name__}: {exc}".encode()
        os.write(write_end, status)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        status = fh.read().decode()
    os.waitpid(pid, 0)
    if status.startswith("skip"):
        pytest.skip(status)
    assert status == "ok", status


def test_unreadable_files_and_folders_are_named_and_the_rest_stored():
    # Not pytest's tmp_path: its parent folders are private to root, so 'nobody' could not reach the corpus.
    base = Path(tempfile.mkdtemp(prefix="kroniek-unreadable-"))
    try:
        base.chmod(0o755)
        corpus, out = base / "in", base / "out"
        corpus.mkdir()
        out.mkdir()
        out.chmod(0o777)
        _corpus(corpus)
        if os.geteuid() == 0:
            warm = base / "warm-up"  # the same kinds of files, readable: the child then imports nothing new
            warm.mkdir()
            (warm / "a.txt").write_text(GOOD)
            (warm / "b.jsonl").write_text('{"text": "' + GOOD + ' Ook.", "date": "2024-01-02"}\n')
            build([str(warm)], base / "warm-up-out", jobs=1)
            _build_as_nobody(corpus, out)
        else:
            build([str(corpus)], out, jobs=1)
        with Store.in_dir(out, read_only=True) as store:
            errors = {r["source"]: r["reason"] for r in store.layer("ingest_errors", "source")}
            sources = {r[0] for r in store.con.execute("SELECT source FROM documents").fetchall()}
        assert errors["locked.txt"] == "cannot read: Permission denied"
        assert errors["locked.jsonl"] == "cannot read: Permission denied"
        assert errors["closed"] == "cannot list folder: Permission denied"
        assert sources == {"good.txt", "open/after.txt"}
    finally:
        for path in (base / "in" / "closed", base / "in" / "locked.txt", base / "in" / "locked.jsonl"):
            if path.exists():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)

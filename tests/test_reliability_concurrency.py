"""Two commands on one chronicle at once: each works, or fails at once with exit code 3 naming the process that
holds the chronicle; none corrupts it. (DuckDB: one writing process, or any number of reading ones.)"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import EXAMPLES, ROOT, SEEDS, needs_seeds
from kroniek.cli import EXIT_STORE
from kroniek.store import Store

HOLD = "import sys; from kroniek.store import Store; s = Store.in_dir(__import__('pathlib').Path(sys.argv[1])); " \
       "print('held', flush=True); sys.stdin.read()"


def _kroniek(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kroniek", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _whole(out) -> tuple[int, int]:
    """(documents, documents without sentences): every stored document has its analysis."""
    with Store.in_dir(out, read_only=True) as store:
        docs = store.count("documents")
        bare = store.con.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                                 "(SELECT 1 FROM sentences s WHERE s.doc = d.id)").fetchone()[0]
    return docs, bare


def test_a_held_chronicle_fails_at_once_naming_the_holder(tmp_path):
    out = tmp_path / "c"
    assert _kroniek("build", str(EXAMPLES), "--out", str(out), "--jobs", "1").wait(120) == 0
    before = _whole(out)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"
        for args in (["add", str(out), str(SEEDS)], ["export", str(out), "--format", "json"], ["timeline", str(out)]):
            started = time.monotonic()
            run = _kroniek(*args)
            output, _ = run.communicate(timeout=60)
            assert run.returncode == EXIT_STORE, output
            assert f"in use by process {holder.pid}" in output, output
            assert time.monotonic() - started < 30  # at once: no waiting for the lock
    finally:
        holder.communicate("", timeout=30)
    assert _whole(out) == before  # nothing written, nothing broken


@needs_seeds
def test_two_adds_and_an_export_at_once(tmp_path):
    out = tmp_path / "c"
    assert _kroniek("build", str(EXAMPLES), "--out", str(out), "--jobs", "1").wait(120) == 0
    before = _whole(out)[0]
    runs = [_kroniek("add", str(out), str(SEEDS), "--jobs", "1"),
            _kroniek("add", str(out), str(SEEDS), "--jobs", "1"),
            _kroniek("export", str(out), "--format", "json", "--output", str(tmp_path / "e.json"))]
    results = [(run.communicate(timeout=180)[0], run.returncode) for run in runs]
    for output, code in results:
        assert code in (0, EXIT_STORE), output
        if code == EXIT_STORE:
            assert "in use by process" in output, output
    assert any(code == 0 for _, code in results[:2])
    docs, bare = _whole(out)
    assert bare == 0 and docs == before + 5  # the seeds once: whichever add ran stored them whole
    assert _kroniek("info", str(out)).wait(60) == 0

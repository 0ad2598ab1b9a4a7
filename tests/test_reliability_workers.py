"""The analysis workers of `kroniek build --jobs N` end with the build: when the main process is killed outright
(SIGKILL, the OOM killer), its workers must not run on, holding CPU, memory and the caller's pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from web_fixtures import wait_until

from conftest import EXAMPLES, ROOT

# Dies by SIGKILL at the second stored batch, after writing the pids of its worker processes to argv[1].
DIE = """
import multiprocessing, os, signal, sys
import kroniek.build, kroniek.store
kroniek.build.BATCH = 10
original, calls, pids = kroniek.store.Store.write_batch, [0], sys.argv[1]
def dying(*args, **kwargs):
    calls[0] += 1
    if calls[0] == 2:
        open(pids, "w").write(" ".join(str(p.pid) for p in multiprocessing.active_children()))
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
kroniek.store.Store.write_batch = dying
from kroniek.cli import app
sys.argv = ["kroniek", *sys.argv[2:]]
app()
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ")[-1][:1] not in ("Z", "X")  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_workers_end_when_the_build_is_killed(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"Bericht {i}.\n\n{texts[i % len(texts)]}", "date": "2020-01-01"})
                              + "\n" for i in range(60)), encoding="utf-8")
    pids = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", DIE, str(pids), "build", str(corpus), "--out", str(tmp_path / "c"),
                           "--jobs", "2", "--no-report", "--quiet"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, timeout=300)
    assert done.returncode == -9
    workers = [int(p) for p in Path(pids).read_text().split()]
    assert len(workers) == 2
    wait_until(lambda: not any(_alive(p) for p in workers), "the workers end with their build", limit=30)

"""`kroniek serve` reads a private copy of the chronicle (kroniek.web.live); the copies go when the server stops
(SIGTERM, Ctrl-C) and, when it was killed before it could clean up, when the next server starts."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from web_fixtures import ROOT, kroniek_cli, wait_until

from conftest import SEEDS, needs_seeds
from kroniek.web.live import SNAPSHOT_PREFIX, sweep_snapshots


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(folder: Path, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "kroniek", "serve", str(folder), "--port", str(port)],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc, f"http://127.0.0.1:{port}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/api/info", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def _snapshots(tmp: Path) -> list[Path]:
    return sorted(tmp.glob(SNAPSHOT_PREFIX + "*"))


@needs_seeds
def test_snapshots_go_when_the_server_stops_or_the_next_one_starts(tmp_path):
    inputs, tmp = tmp_path / "in", tmp_path / "tmp"
    inputs.mkdir()
    tmp.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], inputs)
    assert kroniek_cli("build", str(inputs), "--out", str(tmp_path / "c"), "--no-report", "--jobs", "1"
                       ).returncode == 0
    proc, url = _serve(tmp_path / "c", tmp)
    try:
        wait_until(lambda: _answers(url), "the server answers")
        assert len(_snapshots(tmp)) == 1 and _snapshots(tmp)[0].name.startswith(f"{SNAPSHOT_PREFIX}{proc.pid}-")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()[-500:]
    finally:
        proc.kill()
    assert _snapshots(tmp) == []
    killed, url = _serve(tmp_path / "c", tmp)
    try:
        wait_until(lambda: _answers(url), "the server answers")
    finally:
        killed.kill()  # SIGKILL: no chance to clean up
        killed.wait(timeout=60)
    left = _snapshots(tmp)
    assert len(left) == 1
    after, url = _serve(tmp_path / "c", tmp)
    try:
        wait_until(lambda: _answers(url), "the server answers")
        now = _snapshots(tmp)
        assert left[0] not in now and len(now) == 1  # the dead server's copy swept, its own made
    finally:
        after.send_signal(signal.SIGTERM)
        after.wait(timeout=60)


def test_a_sweep_leaves_the_copies_of_live_servers_and_other_files(tmp_path):
    mine = tmp_path / f"{SNAPSHOT_PREFIX}{os.getpid()}-abc"
    parent = tmp_path / f"{SNAPSHOT_PREFIX}{os.getppid()}-def"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f"{SNAPSHOT_PREFIX}{gone.pid}-ghi"
    other = tmp_path / "kroniek-serve-notes"
    for path in (mine, parent, dead, other):
        path.mkdir()
    assert sweep_snapshots(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (mine, parent, other))

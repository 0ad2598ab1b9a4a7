"""The web app and writers on one chronicle: `kroniek add` runs while the app serves, and the app shows the new
articles after a reload, without a restart and without an error on either side."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_fixtures import build_web_chronicle, kroniek_cli, served, wait_until

from conftest import SEEDS, needs_seeds
from kroniek.cli import EXIT_STORE
from kroniek.cli import app as cli_app
from kroniek.store import StoreError
from kroniek.web.app import create_app
from kroniek.web.live import Live, writer_pid


def _hold_write_lock(db: Path) -> subprocess.Popen:
    """Another process with the chronicle open for writing, as a long `kroniek add` has it."""
    writer = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(120)", str(db)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "open"
    return writer



@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory) -> Path:
    """A chronicle built by `kroniek build` from two seed articles; the other three are added by the tests."""
    inputs = tmp_path_factory.mktemp("first")
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, inputs / path.name)
    out = tmp_path_factory.mktemp("live") / "c"
    result = kroniek_cli("build", str(inputs), "--out", str(out), "--no-report", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return out


@needs_seeds
def test_an_article_added_while_the_app_serves_appears_after_a_reload(two_seeds, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(two_seeds, folder)
    with served(folder) as (live, client):
        assert client.get("/api/documents").json()["total"] == 2
        first = client.get("/documents").text
        third = sorted(SEEDS.glob("*.txt"))[2]
        added = kroniek_cli("add", str(folder), str(third), "--jobs", "1")
        assert added.returncode == 0, added.stderr  # the app held no lock: the writer did not wait or fail
        assert "lock" not in added.stderr.lower()
        wait_until(lambda: client.get("/api/documents").json()["total"] == 3, "the added article never showed")
        page = client.get("/documents")
        assert page.status_code == 200 and page.text != first
        assert client.get("/api/info").json()["counts"]["documents"] == 3
        assert client.get("/api/search", params={"q": third.read_text()[:400].split()[-3]}).json()["total"] >= 1
        home = client.get("/").text  # what is new since the last run, and the pages that show it
        since = re.search(r'href="/documents\?since=([^"]+)"', home).group(1).replace("%3A", ":")
        assert "New: 1 documents added" in home
        new = client.get("/api/documents", params={"since": since}).json()
        assert new["total"] == 1 and new["items"][0]["id"] not in first
        assert client.get("/api/quotes", params={"since": since}).json()["total"] <= client.get(
            "/api/quotes").json()["total"]


@needs_seeds
def test_while_a_writer_holds_the_file_the_last_state_is_served(two_seeds, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(two_seeds, folder)
    with served(folder) as (live, client):
        assert client.get("/").status_code == 200
        writer = _hold_write_lock(folder / "chronicle.duckdb")
        try:
            assert writer_pid(folder / "chronicle.duckdb") == writer.pid
            (folder / "chronicle.duckdb").touch()  # as a writer's first commit would change it
            assert not live.refresh()  # the writer holds it: nothing new is loaded, nothing is locked by us
            page = client.get("/timeline")
            assert page.status_code == 200 and "being updated" in page.text
            assert client.get("/api/documents").json()["total"] == 2
        finally:
            writer.kill()
            writer.wait()
        assert writer_pid(folder / "chronicle.duckdb") is None
        wait_until(lambda: "being updated" not in client.get("/timeline").text, "the banner stayed")
        assert live.generation.version == 2


@needs_seeds
def test_a_chronicle_being_written_gets_an_updating_page_then_the_chronicle(tmp_path):
    folder = build_web_chronicle(tmp_path / "busy")
    writer = _hold_write_lock(folder / "chronicle.duckdb")
    try:
        live = Live(folder, interval=0)  # the writer holds it: nothing to serve yet, and no error
        assert live.generation is None
        client = TestClient(create_app(live))
        page = client.get("/timeline")
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "being updated" in page.text and 'http-equiv="refresh"' in page.text
        assert "lock" not in page.text.lower() and "duckdb" not in page.text.lower()
        api = client.get("/api/timeline")
        assert api.status_code == 503 and api.headers["retry-after"] == "2" and "being written" in api.json()["detail"]
    finally:
        writer.kill()
        writer.wait()
    wait_until(lambda: client.get("/timeline").status_code == 200, "the chronicle was never served")
    assert client.get("/api/info").json()["counts"]["documents"] == 7  # five seeds and two of ours
    live.close()


def test_serve_refuses_a_missing_chronicle_or_a_file_that_is_not_one(tmp_path):
    assert CliRunner().invoke(cli_app, ["serve", str(tmp_path / "none")]).exit_code == EXIT_STORE
    (tmp_path / "chronicle.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="chronicle.duckdb"):
        Live(tmp_path)

"""`kroniek watch`: new or changed files under watched folders and feed files go to `kroniek add`."""

from __future__ import annotations

import os
import shutil

from typer.testing import CliRunner

from conftest import SEEDS, needs_seeds
from kroniek.cli import app
from kroniek.store import Store
from kroniek.watch import Watcher, watch


def test_only_new_or_changed_files_are_handed_on(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text("Eerste bericht.")
    (inbox / ".hidden.txt").write_text("verborgen")
    (inbox / "b.html.part").write_text("nog bezig")
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss/>")
    handed: list[list[str]] = []

    def arrive(_seconds: float) -> None:  # between two looks: one new file, one feed rewritten
        if len(handed) == 1:
            (inbox / "sub" / "c.txt").write_text("Tweede bericht.")
            feed.write_text("<rss><item/></rss>")
            os.utime(feed, ns=(1, 10**18))

    total = watch([inbox, feed], lambda paths: handed.append(sorted(p.name for p in paths)), 0.0, rounds=3,
                  sleep=arrive)
    assert handed == [["a.txt", "feed.xml"], ["c.txt", "feed.xml"]]  # the third look found nothing new
    assert total == 4
    assert Watcher([tmp_path / "missing"]).changed() == []


@needs_seeds
def test_watch_adds_new_articles_to_the_chronicle(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seeds[0], inbox)
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(inbox), "--out", str(tmp_path / "c"), "--no-report", "--jobs", "1",
                               "--quiet"]).exit_code == 0
    shutil.copy(seeds[1], inbox)
    shutil.copy(seeds[2], inbox)
    result = runner.invoke(app, ["watch", str(tmp_path / "c"), str(inbox), "--rounds", "1", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "2 documents added, 1 duplicates skipped" in result.output
    with Store.in_dir(tmp_path / "c", read_only=True) as store:
        assert store.count("documents") == 3
        assert store.rows("SELECT command FROM runs ORDER BY id")[-1]["command"] == "add"
    assert runner.invoke(app, ["watch", str(tmp_path / "none"), str(inbox), "--rounds", "1"]).exit_code != 0

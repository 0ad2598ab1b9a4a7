"""Corrections with `kroniek serve --edit`: a journalist confirms or rejects an event, renames an entity, hides a
document, corrects a quote's speaker; the edits are kept apart from the chronicle by stable ids, so they outlive
`kroniek add` and a rebuild; forms need the app's token and come from its own pages only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_fixtures import kroniek_cli, served, wait_until

from conftest import SEEDS, needs_seeds
from kroniek.cli import EXIT_USAGE
from kroniek.cli import app as cli_app
from kroniek.edits import EDITS_FILE, EditError, Edits
from kroniek.web.app import create_app


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _post(client: TestClient, **form: str):
    return client.post("/edits", data=form, follow_redirects=False)


@pytest.fixture
def chronicle(tmp_path) -> tuple[Path, Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, inputs / path.name)
    result = kroniek_cli("build", str(inputs), "--out", str(tmp_path / "c"), "--no-report", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return tmp_path / "c", inputs


@needs_seeds
def test_edits_are_shown_and_outlive_add_and_a_rebuild(chronicle):
    folder, inputs = chronicle
    with served(folder, edit=True) as (live, client):
        events = client.get("/api/events").json()["items"]
        assert events, "the seed build has events"
        event = events[0]["id"]
        page = client.get("/timeline").text
        token = _token(page)
        done = _post(client, token=token, target="event", key=event, action="reject", edited_by="Anna",
                     back="/timeline#ev-" + event)
        assert done.status_code == 303 and done.headers["location"] == "/timeline#ev-" + event
        row = re.search(rf'<tr id="ev-{re.escape(event)}" class="([^"]*)">', client.get("/timeline").text)
        assert "rejected" in row.group(1)
        assert client.get("/api/events/" + event).json()["review"] == "rejected"
        entity = client.get("/api/entities").json()["items"][0]
        assert _post(client, token=token, target="entity", key=entity["id"], action="rename",
                     value="Een Betere Naam", back="/").status_code == 303
        doc = client.get("/api/documents").json()["items"][0]["id"]
        assert _post(client, token=token, target="document", key=doc, action="hide", back="/").status_code == 303
        assert client.get("/api/documents").json()["total"] == 2  # hidden from the listing
        assert "hidden from the listings" in client.get(f"/documents/{doc}").text
        edits = client.get("/api/edits").json()
        assert [(e["target"], e["action"], e["edited_by"]) for e in edits] == [
            ("event", "reject", "Anna"), ("entity", "rename", None), ("document", "hide", None)]

        def applied() -> bool:
            return (client.get("/api/events/" + event).json()["review"] == "rejected"
                    and client.get("/api/entities/" + entity["id"]).json()["name"] == "Een Betere Naam"
                    and client.get("/api/documents", params={"review": "hidden"}).json()["total"] == 1)
        assert applied()
        fourth = sorted(SEEDS.glob("*.txt"))[3]
        assert kroniek_cli("add", str(folder), str(fourth), "--jobs", "1").returncode == 0
        wait_until(lambda: client.get("/api/info").json()["counts"]["documents"] == 4, "the addition never showed")
        assert applied()  # a new state of the chronicle, the same corrections
        version = live.generation.version
        (folder / "chronicle.duckdb").unlink()  # a rebuild from the same articles: the edits file stays
        shutil.rmtree(folder / "search-index")
        shutil.copy(fourth, inputs / fourth.name)
        assert kroniek_cli("build", str(inputs), "--out", str(folder), "--no-report", "--jobs", "1").returncode == 0
        wait_until(lambda: client.get("/api/info").status_code == 200 and live.generation.version > version,
               f"the rebuilt chronicle never showed ({live.error})")
        assert (folder / EDITS_FILE).is_file() and applied()


@needs_seeds
def test_edit_forms_need_the_token_and_the_apps_own_origin(chronicle):
    folder, _ = chronicle
    with served(folder, edit=True) as (live, client):
        token = _token(client.get("/timeline").text)
        event = client.get("/api/events").json()["items"][0]["id"]
        assert _post(client, token="forged", target="event", key=event, action="reject").status_code == 403
        cross = client.post("/edits", data={"token": token, "target": "event", "key": event, "action": "reject"},
                            headers={"Origin": "http://attacker.example"}, follow_redirects=False)
        assert cross.status_code == 403
        bad = _post(client, token=token, target="event", key=event, action="delete")
        assert bad.status_code == 400 and '<header class="top">' in bad.text
        away = _post(client, token=token, target="event", key=event, action="confirm", back="//attacker.example/")
        assert away.status_code == 303 and away.headers["location"] == "/"
        assert client.get("/api/edits").json()[-1]["action"] == "confirm"
        plain = TestClient(create_app(live))  # without --edit: no forms, no writing
        assert "/edits" not in plain.get("/timeline").text.split("<footer>")[0]
        assert plain.post("/edits", data={"token": token}).status_code == 404


def test_edits_reset_and_refuse_what_they_do_not_know(tmp_path):
    edits = Edits(tmp_path / EDITS_FILE)
    assert edits.latest() == {}
    edits.add("quote", "d1:10-20", "speaker", "Jansen", "Piet")
    edits.add("event", "ev-1", "confirm")
    edits.add("event", "ev-1", "reset")
    latest = edits.latest()
    assert list(latest) == [("quote", "d1:10-20")] and latest[("quote", "d1:10-20")].value == "Jansen"
    for bad in (("event", "ev-1", "delete"), ("table", "x", "hide"), ("entity", "e", "rename"),
                ("quote", "x" * 300, "speaker")):
        with pytest.raises(EditError):
            edits.add(*bad, value="Naam" if bad[2] == "speaker" else None)


def test_serve_edit_is_loopback_only(tmp_path):
    from web_fixtures import build_large_chronicle

    folder = build_large_chronicle(tmp_path / "c", n_docs=20, n_events=20, n_quotes=5, n_undated=2)
    result = CliRunner().invoke(cli_app, ["serve", str(folder), "--edit", "--host", "0.0.0.0"])
    assert result.exit_code == EXIT_USAGE and "loopback only" in result.output


@needs_seeds
def test_a_split_from_the_entity_page_moves_its_mentions_events_and_reader_links(chronicle):
    """'Pyongyang' as the city: split off North Korea on its page; the new entity has its own page, the reader
    links those mentions to it, and undo gives them back."""
    folder, _ = chronicle
    with served(folder, edit=True) as (live, client):
        page = client.get("/entities/country-kp").text
        token = _token(page)
        key = re.search(r'<option value="([^"]+\|Pyongyang)"', page).group(1).replace("&#34;", '"')
        before = client.get("/api/entities/country-kp").json()
        done = _post(client, token=token, target="split", key=key, action="split", value="Pyongyang (stad)",
                     back="/entities/country-kp")
        assert done.status_code == 303
        korea = client.get("/api/entities/country-kp").json()
        city = client.get("/api/entities/country-kp~pyongyang").json()
        assert korea["split_off"] == ["country-kp~pyongyang"] and "Pyongyang" not in korea["aliases"]
        assert city["name"] == "Pyongyang (stad)" and city["n_mentions"] + korea["n_mentions"] == before["n_mentions"]
        assert "Split off <a href=\"/entities/country-kp\">" in client.get("/entities/country-kp~pyongyang").text
        doc = city["mentions"][0]["doc"]
        marked = {m["entity"] for m in client.get(f"/api/documents/{doc}").json()["mentions"]
                  if m["text"] == "Pyongyang"}
        assert marked == {"country-kp~pyongyang"}
        assert {e["id"] for e in city["events"]} <= {e["id"] for e in before["events"]}
        itself = _post(client, token=token, target="merge", key=korea["ref"], action="merge", value="Noord-Korea")
        assert itself.status_code == 400 and "into itself" in itself.text
        unknown = _post(client, token=token, target="merge", key=korea["ref"], action="merge", value="Atlantis")
        assert unknown.status_code == 400 and "no entity" in unknown.text
        assert _post(client, token=token, target="split", key=key, action="reset", back="/").status_code == 303
        assert client.get("/api/entities/country-kp").json()["n_mentions"] == before["n_mentions"]
        assert client.get("/api/entities/country-kp~pyongyang").status_code == 404


def test_merge_and_split_edits_need_what_they_name(tmp_path):
    edits = Edits(tmp_path / EDITS_FILE)
    for bad in (("merge", "per-a@d1:0-3", "merge", None), ("split", "per-a@d1:0-3", "split", None),
                ("split", "per-a|", "split", None)):
        with pytest.raises(EditError):
            edits.add(*bad)
    edits.add("split", "per-a@d1:0-3|Jansen", "split")
    assert list(edits.latest()) == [("split", "per-a@d1:0-3|Jansen")]

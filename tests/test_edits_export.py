"""Corrections made with `serve --edit` reach the file exports: the JSON export, the HTML report and the CLI
listings show them (kroniek.export.corrections), and `kroniek edits` lists them, writes them out and re-applies
them to another build of the same articles."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import SCHEMA, SEEDS, needs_seeds
from kroniek.build import build
from kroniek.cli import EXIT_USAGE
from kroniek.cli import app as cli_app
from kroniek.edits import Edits
from kroniek.export.contract import chronicle
from kroniek.export.report import render
from kroniek.store import Store

runner = CliRunner()


def _build(tmp_path, name: str):
    out = tmp_path / name
    build([str(SEEDS)], out, jobs=1)
    return out


def _edit_seeds(out) -> dict:
    """Reject the first timeline entry, confirm the summit conflict, rename an entity with markup in the name,
    set a quote's speaker in words and hide a document; returns what was edited."""
    with Store.in_dir(out, read_only=True) as store:
        data = chronicle(store, edits={})
    event = next(t["event"] for t in data["timeline"] if t.get("event"))
    conflict = data["conflicts"][0]["id"]
    entity = next(e for e in data["entities"] if e["type"] == "PER")
    quote = data["quotes"][0]
    doc = data["documents"][-1]["id"]
    edits = Edits.beside(out)
    edits.add("event", event, "reject", edited_by="Anna")
    edits.add("conflict", conflict, "confirm", edited_by="Bram")
    edits.add("entity", entity["id"], "rename", "<b>Nieuwe</b> Naam")
    edits.add("quote", f"{quote['doc']}:{quote['start']}-{quote['end']}", "speaker", "een woordvoerder")
    edits.add("document", doc, "hide")
    return {"event": event, "conflict": conflict, "entity": entity, "quote": quote, "doc": doc}


@needs_seeds
def test_the_export_and_report_show_the_corrections(tmp_path):
    out = _build(tmp_path, "c")
    edited = _edit_seeds(out)
    with Store.in_dir(out, read_only=True) as store:
        data = chronicle(store)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))  # extra fields only
    event = next(e for e in data["events"] if e["id"] == edited["event"])
    assert event["review"] == "rejected" and event["edit"]["edited_by"] == "Anna"
    assert all(t["review"] == "rejected" for t in data["timeline"] if t.get("event") == edited["event"])
    assert next(c for c in data["conflicts"] if c["id"] == edited["conflict"])["review"] == "confirmed"
    entity = next(e for e in data["entities"] if e["id"] == edited["entity"]["id"])
    assert entity["name"] == "<b>Nieuwe</b> Naam" and entity["name_found"] == edited["entity"]["name"]
    assert edited["entity"]["name"] in entity["aliases"]
    quote = next(q for q in data["quotes"] if (q["doc"], q["start"]) == (edited["quote"]["doc"],
                                                                          edited["quote"]["start"]))
    assert (quote["speaker"], quote["speaker_text"]) == (None, "een woordvoerder")
    assert quote["speaker_found"]["speaker_text"] == edited["quote"]["speaker_text"]
    assert next(d for d in data["documents"] if d["id"] == edited["doc"])["hidden"] is True
    html = render(data, "t")
    assert f"<del>{event['summary'][:30]}" in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert "✗ rejected · Anna" in html and "✓ confirmed · Bram" in html and "hidden by an editor" in html
    assert "<b>Nieuwe</b>" not in html and "&lt;b&gt;Nieuwe&lt;/b&gt; Naam" in html  # escaped, never rendered


@needs_seeds
def test_without_edits_the_export_is_as_built(tmp_path):
    out = _build(tmp_path, "c")
    with Store.in_dir(out, read_only=True) as store:
        data = chronicle(store)
    assert not any("review" in e or "edit" in e for e in data["events"] + data["timeline"] + data["conflicts"])
    assert not any("hidden" in d for d in data["documents"])


@needs_seeds
def test_edits_move_to_another_build_of_the_same_articles(tmp_path):
    first, second = _build(tmp_path, "a"), _build(tmp_path, "b")
    _edit_seeds(first)
    listed = runner.invoke(cli_app, ["edits", str(first), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["action"] for r in rows] == ["reject", "confirm", "rename", "speaker", "hide"]
    (tmp_path / "edits.json").write_text(listed.stdout, encoding="utf-8")
    imported = runner.invoke(cli_app, ["edits", str(second), "--import", str(tmp_path / "edits.json")])
    assert imported.exit_code == 0, imported.output
    with Store.in_dir(first, read_only=True) as a, Store.in_dir(second, read_only=True) as b:
        assert Edits.beside(second).latest() == Edits.beside(first).latest()  # same times, same order
        da, db = chronicle(a), chronicle(b)
    for key in ("events", "timeline", "conflicts", "entities", "quotes"):
        assert da[key] == db[key]
    timeline = runner.invoke(cli_app, ["timeline", str(second)])
    assert "✗ rejected" in timeline.stdout


@needs_seeds
@pytest.mark.parametrize("content", ['{"not": "a list"}', '[{"target": "event", "key": "x", "action": "burn", '
                                     '"edited_at": "2026-01-01T00:00:00"}]', "[{", '[{"target": "event"}]'])
def test_a_bad_edits_file_is_refused_whole(tmp_path, content):
    out = _build(tmp_path, "c")
    Edits.beside(out).add("document", "d1", "hide")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(cli_app, ["edits", str(out), "--import", str(bad)])
    assert result.exit_code == EXIT_USAGE and "bad.json" in result.output and "nothing imported" in result.output
    assert len(Edits.beside(out).all()) == 1

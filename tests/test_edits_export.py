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
from kroniek.export.network import entity_graph
from kroniek.export.regroup import entity_ref, split_key
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


def _entity(data: dict, entity_id: str) -> dict:
    return next(e for e in data["entities"] if e["id"] == entity_id)


def _in_sources(entity: dict, event: dict, form: str | None = None) -> bool:
    """Whether a mention of the entity (written `form`, if given) lies in one of the event's sources."""
    return any(m["doc"] == s["doc"] and m["start"] < s["end"] and m["end"] > s["start"]
               for m in entity["mentions"] if form is None or m["text"] == form for s in event["sources"])


@needs_seeds
def test_a_merge_folds_one_entity_into_another_everywhere(tmp_path):
    """'Moskou' as the Russian state: the city entity merged into Russia, by what a merge edit is keyed on."""
    out = _build(tmp_path, "c")
    with Store.in_dir(out, read_only=True) as store:
        found = chronicle(store, edits={})
    moscow, russia = _entity(found, "city-moscow"), _entity(found, "country-ru")
    Edits.beside(out).add("merge", entity_ref(moscow), "merge", entity_ref(russia), edited_by="Anna")
    with Store.in_dir(out, read_only=True) as store:
        data, graph = chronicle(store), entity_graph(store)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    stub, merged = _entity(data, "city-moscow"), _entity(data, "country-ru")
    assert "city-moscow" not in graph and graph.nodes["country-ru"]["mentions"] == len(merged["mentions"])
    with Store.in_dir(out, read_only=True) as store:
        assert graph.number_of_nodes() == entity_graph(store, edits={}).number_of_nodes() - 1
    assert stub["merged_into"] == "country-ru" and stub["mentions"] == [] and stub["edit"]["edited_by"] == "Anna"
    assert len(merged["mentions"]) == len(moscow["mentions"]) + len(russia["mentions"])
    assert "Moskou" in merged["aliases"] and merged["merged"][0]["id"] == "city-moscow"
    before = {e["id"]: e for e in found["events"]}
    touched = [e for e in data["events"] if "city-moscow" in before[e["id"]]["participants"]
               + [before[e["id"]]["location"]]]
    assert touched, "the seeds have events in Moscow"
    for event in touched:
        assert "city-moscow" not in event["participants"] + [event["location"]]
        assert "country-ru" in event["participants"] + [event["location"]]
    assert not any("city-moscow" in e["participants"] or e["location"] == "city-moscow" for e in data["events"])
    listed = runner.invoke(cli_app, ["entities", str(out), "--json"])
    assert "city-moscow" not in {e["id"] for e in json.loads(listed.stdout)}
    assert "<td>Kim Jong-il, Rusland</td>" in render(data, "t")  # was 'Kim Jong-il, Moskou': who took part


@needs_seeds
def test_a_split_takes_one_written_form_off_an_entity(tmp_path):
    """'Pyongyang' as the city, not the state: its mentions split off North Korea into an entity of their own."""
    out = _build(tmp_path, "c")
    with Store.in_dir(out, read_only=True) as store:
        found = chronicle(store, edits={})
    korea = _entity(found, "country-kp")
    assert "Pyongyang" in korea["aliases"]
    Edits.beside(out).add("split", split_key(korea, "Pyongyang"), "split", "Pyongyang (de stad)")
    with Store.in_dir(out, read_only=True) as store:
        data = chronicle(store)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    city, rest = _entity(data, "country-kp~pyongyang"), _entity(data, "country-kp")
    assert city["name"] == "Pyongyang (de stad)" and city["split_from"] == "country-kp"
    assert {m["text"] for m in city["mentions"]} == {"Pyongyang"} and "Pyongyang" not in rest["aliases"]
    assert len(city["mentions"]) + len(rest["mentions"]) == len(korea["mentions"])
    events = {e["id"]: e for e in found["events"]}
    for event in data["events"]:
        was = events[event["id"]]
        if "country-kp" not in was["participants"]:
            continue
        city_only = _in_sources(korea, was, "Pyongyang") and not _in_sources(rest, was)
        assert ("country-kp~pyongyang" in event["participants"]) == _in_sources(korea, was, "Pyongyang")
        assert ("country-kp" in event["participants"]) == (not city_only)


@needs_seeds
def test_merges_and_splits_find_their_entity_by_its_mention_and_move_to_a_rebuild(tmp_path):
    first, second = _build(tmp_path, "a"), _build(tmp_path, "b")
    with Store.in_dir(first, read_only=True) as store:
        found = chronicle(store, edits={})
    beijing, china = _entity(found, "city-beijing"), _entity(found, "country-cn")
    edits = Edits.beside(first)
    # an id changed since the edit (another canonical name after `kroniek add`): the mention still finds it
    edits.add("merge", entity_ref(beijing).replace("city-beijing@", "city-peking@"), "merge", entity_ref(china))
    edits.add("merge", entity_ref(china), "merge", entity_ref(beijing))  # would close a cycle: ignored
    edits.add("merge", "per-nobody@0000:1-2", "merge", entity_ref(china))  # names no entity: applies to nothing
    edits.add("split", split_key(_entity(found, "per-donald-trump"), "Trump"), "split")
    poetin = entity_ref(_entity(found, "per-vladimir-poetin")).replace("per-vladimir-poetin@", "per-poetin@")
    edits.add("entity", poetin, "rename", "Vladimir Poetin (president)")  # a rename by reference, likewise
    listed = runner.invoke(cli_app, ["edits", str(first), "--json"])
    (tmp_path / "edits.json").write_text(listed.stdout, encoding="utf-8")
    assert runner.invoke(cli_app, ["edits", str(second), "--import", str(tmp_path / "edits.json")]).exit_code == 0
    with Store.in_dir(first, read_only=True) as a, Store.in_dir(second, read_only=True) as b:
        da, db = chronicle(a), chronicle(b)
    assert da["entities"] == db["entities"] and da["events"] == db["events"] and da["quotes"] == db["quotes"]
    assert _entity(da, "city-beijing")["merged_into"] == "country-cn"
    assert "merged_into" not in _entity(da, "country-cn")
    assert _entity(da, "per-donald-trump~trump")["name"] == "Trump"
    assert _entity(da, "per-vladimir-poetin")["name"] == "Vladimir Poetin (president)"
    assert len(da["entities"]) == len(found["entities"]) + 1

"""Exports for other tools: TimelineJS JSON, GraphML and GEXF, read back as those tools read them."""

from __future__ import annotations

import json
import shutil

import jsonschema
import networkx as nx
import pytest
from typer.testing import CliRunner
from web_fixtures import EVIL_ENTITY, XSS_IMG, XSS_SCRIPT, build_web_chronicle

from conftest import needs_seeds
from kroniek.cli import EXIT_USAGE, app
from kroniek.export.timelinejs import start_date, timelinejs
from kroniek.store import Store

# The parts of Knight Lab's TimelineJS JSON format (timeline.knightlab.com/docs/json-format.html) we write.
DATE = {"type": "object", "required": ["year"], "additionalProperties": False,
        "properties": {"year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
                       "day": {"type": "integer", "minimum": 1, "maximum": 31}}}
TEXT = {"type": "object", "required": ["headline", "text"], "additionalProperties": False,
        "properties": {"headline": {"type": "string", "minLength": 1}, "text": {"type": "string"}}}
# Every event key the format knows; anything else (a typo such as 'startDate') TimelineJS silently ignores.
EVENT_KEYS = ("start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
              "unique_id")
TIMELINEJS = {
    "type": "object", "required": ["events"], "additionalProperties": False,
    "properties": {
        "title": {"type": "object", "required": ["text"], "properties": {"text": TEXT}},
        "events": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["start_date", "text", "group"], "additionalProperties": False,
            "properties": {"start_date": DATE, "text": TEXT, "group": {"type": "string", "minLength": 1},
                           "unique_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                           "display_date": {"type": "string"},
                           **{k: {} for k in EVENT_KEYS if k not in ("start_date", "text", "group", "unique_id",
                                                                     "display_date")}}}},
        "eras": {"type": "array"}, "scale": {"enum": ["human", "cosmological"]},
    },
}


@pytest.fixture(scope="module")
def chronicle_dir(tmp_path_factory):
    return build_web_chronicle(tmp_path_factory.mktemp("tools") / "chronicle")


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def test_start_date_keeps_only_the_known_parts():
    assert start_date("2019-04-25", "day") == {"year": 2019, "month": 4, "day": 25}
    assert start_date("2019-04", "month") == {"year": 2019, "month": 4}
    assert start_date("2019-04-25", "month") == {"year": 2019, "month": 4}  # never more precise than known
    assert start_date("2019", "year") == {"year": 2019}
    assert start_date("1994", "decade") == {"year": 1990}
    assert start_date("-0044-03-15", "day") == {"year": -44, "month": 3, "day": 15}
    assert start_date("XXXX-07", "month") is None


@needs_seeds
def test_timelinejs_exports_the_curated_timeline(chronicle_dir, tmp_path):
    out = tmp_path / "timeline.json"
    _run("export", str(chronicle_dir), "--format", "timelinejs", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, TIMELINEJS)
    assert [e["start_date"] for e in data["events"]] == [{"year": 2019, "month": 4, "day": 25},
                                                         {"year": 2023, "month": 9}]
    visit = data["events"][0]
    assert visit["text"]["headline"] == "Kim Jong-un bezoekt Poetin in Vladivostok"
    assert visit["group"] == "CONSULT" and "status: planned" in visit["text"]["text"]
    assert "De Noord-Koreaanse dictator Kim Jong-un gaat donderdag" in visit["text"]["text"]


@needs_seeds
def test_timelinejs_falls_back_to_all_dated_events_and_escapes_them(chronicle_dir, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(chronicle_dir, folder)
    with Store.in_dir(folder) as store:
        store.con.execute("DELETE FROM timeline")
        data = timelinejs(store)
    jsonschema.validate(data, TIMELINEJS)
    assert len(data["events"]) == 6  # the undated event cannot be placed
    assert len({e["unique_id"] for e in data["events"]}) == 6
    father = next(e for e in data["events"] if e["unique_id"] == "ev-father-2001")
    assert father["start_date"] == {"year": 2001} and father["group"] == "TRAVEL"
    evil = next(e for e in data["events"] if e["unique_id"] == "ev-evil")
    blob = json.dumps(evil)
    assert "<script" not in blob and "<img" not in blob  # TimelineJS renders headline and text as HTML
    assert evil["text"]["headline"].startswith("&lt;script&gt;")
    assert "javascript:" not in blob  # the document's url is not a web address: no link


@needs_seeds
@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports_read_back_with_networkx(chronicle_dir, tmp_path, fmt, read):
    out = tmp_path / f"net.{fmt}"
    _run("export", str(chronicle_dir), "--format", fmt, "--output", str(out))
    graph = read(out)
    assert set(graph.nodes) == {"kim-jong-un", "vladimir-poetin", "remco-breuker", "vladivostok", EVIL_ENTITY}
    assert graph.nodes["kim-jong-un"]["label"] == "Kim Jong-un" and graph.nodes["kim-jong-un"]["type"] == "PER"
    assert graph.nodes[EVIL_ENTITY]["label"] == XSS_SCRIPT  # XML-escaped on the way out, exact on the way in
    assert float(graph.edges["kim-jong-un", "vladimir-poetin"]["weight"]) == 3.0
    assert set(graph.edges["kim-jong-un", "vladimir-poetin"]["events"].split()) == {
        "ev-visit-2019", "ev-talk-2023", "ev-letter-2022"}
    assert int(graph.nodes["kim-jong-un"]["events"]) == 4 and int(graph.nodes["vladivostok"]["mentions"]) > 0
    assert XSS_IMG not in out.read_text(encoding="utf-8")


@needs_seeds
def test_network_export_defaults_beside_the_chronicle_and_refuses_unknown_formats(chronicle_dir):
    _run("export", str(chronicle_dir), "--format", "gexf")
    assert nx.read_gexf(chronicle_dir / "network.gexf").number_of_edges() == 5
    result = CliRunner().invoke(app, ["export", str(chronicle_dir), "--format", "dot"])
    assert result.exit_code == EXIT_USAGE and "timelinejs" in result.output

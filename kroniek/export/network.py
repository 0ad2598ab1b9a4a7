"""The entity network: entities that take part in the same events, as a networkx graph, GraphML or GEXF.

Nodes are entities that appear in at least one event (as participant or location); an edge joins two that
share events, weighted by how many. Attribute values are plain strings and numbers, so Gephi and
networkx.read_graphml / read_gexf load the files as they are. A journalist's renames, merges and splits
(kroniek.edits) apply, as in the JSON export.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from kroniek.edits import Edit, Edits
from kroniek.export.regroup import by_entity, regroup
from kroniek.store import Store

FORMATS = ("graphml", "gexf")


def _event_members(store: Store) -> list[tuple[str, list[str]]]:
    rows = store.con.execute(
        "SELECT id, participants, location FROM events ORDER BY id").fetchall()
    out = []
    for event_id, participants, location in rows:
        members = list(dict.fromkeys([*(participants or []), *([location] if location else [])]))
        out.append((event_id, members))
    return out


def _mention_counts(store: Store) -> dict[str, int]:
    rows = store.con.execute("SELECT id, mentions FROM entities").fetchall()
    return {eid: len(json.loads(m)) if isinstance(m, str) else len(m or []) for eid, m in rows}


def _edited(store: Store, edits: dict[tuple[str, str], Edit]) -> tuple[dict, dict, list[tuple[str, list[str]]]]:
    """Entities (name, type), mention counts and event members as renames, merges and splits left them."""
    found = [{"id": i, "name": n, "type": t, "aliases": list(a or []), "descriptions": list(d or []),
              "mentions": json.loads(m) if isinstance(m, str) else list(m or [])}
             for i, n, t, a, d, m in store.con.execute(
                 "SELECT id, name, type, aliases, descriptions, mentions FROM entities ORDER BY id").fetchall()]
    renames = by_entity(found, edits)
    for entity in found:
        if entity["id"] in renames:
            entity["name"] = renames[entity["id"]].value
    regrouping = regroup(found, edits)
    kept = [e for e in regrouping.entities if "merged_into" not in e]
    members = []
    for event_id, participants, location, sources in store.con.execute(
            "SELECT id, participants, location, sources FROM events ORDER BY id").fetchall():
        spans = json.loads(sources) if isinstance(sources, str) else list(sources or [])
        named = [*(participants or []), *([location] if location else [])]
        members.append((event_id, regrouping.participants(named, spans) if regrouping else list(dict.fromkeys(named))))
    return ({e["id"]: (e["name"], e["type"]) for e in kept}, {e["id"]: len(e["mentions"]) for e in kept}, members)


def entity_graph(store: Store, edits: dict[tuple[str, str], Edit] | None = None) -> nx.Graph:
    """Undirected graph of entities linked by shared events; node and edge attributes for Gephi. `edits`: the
    journalist's corrections, by default those in edits.duckdb beside the chronicle."""
    edits = Edits.beside(store.path).latest() if edits is None else edits
    if any(target in ("entity", "merge", "split") for target, _ in edits):
        entities, mentions, members_of = _edited(store, edits)
    else:
        entities = {r[0]: (r[1], r[2]) for r in store.con.execute("SELECT id, name, type FROM entities").fetchall()}
        mentions, members_of = _mention_counts(store), _event_members(store)
    graph = nx.Graph(name="kroniek entity network")
    node_events: Counter[str] = Counter()
    edge_events: dict[tuple[str, str], list[str]] = {}
    for event_id, members in members_of:
        known = sorted(m for m in members if m in entities)
        node_events.update(known)
        for a, b in combinations(known, 2):
            edge_events.setdefault((a, b), []).append(event_id)
    for eid, n_events in node_events.items():
        name, etype = entities[eid]
        graph.add_node(eid, label=name, type=etype, events=n_events, mentions=mentions.get(eid, 0))
    for (a, b), events in edge_events.items():
        graph.add_edge(a, b, weight=float(len(events)), events=" ".join(events))
    return graph


def write_network(store: Store, path: Path, fmt: str) -> Path:
    """Write the entity network as GraphML or GEXF to `path`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown network format {fmt!r}: use {' or '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_graph(entity_graph(store), fh, fmt)
    return path


def write_graph(graph: nx.Graph, fh: BinaryIO, fmt: str) -> None:
    if fmt == "graphml":
        nx.write_graphml(graph, fh, encoding="utf-8")
    else:
        nx.write_gexf(graph, fh, encoding="utf-8")

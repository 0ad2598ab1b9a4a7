"""The JSON export contract (../shared/spec/chronicle.schema.json, schema version 1).

Fields the contract names are never renamed or re-typed; extra fields are allowed and added freely.
"""

from __future__ import annotations

import json
from typing import Any

from kroniek.citation import citation_label, outlet, public_source
from kroniek.edits import Edits as EditsFile
from kroniek.export import corrections
from kroniek.export.chronology import bound_undated, chronology
from kroniek.export.corrections import Edits
from kroniek.store import Store

SCHEMA_VERSION = 1


def _span(doc: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"doc": doc, "start": start, "end": end, "text": text}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or [])


def _documents(store: Store) -> list[dict]:
    out = []
    for d in store.documents():
        rng = [d["date_from"], d["date_to"]] if d["date_from"] or d["date_to"] else None
        out.append({
            "id": d["id"], "source": public_source(d["source"]), "outlet": outlet(d), "author": d.get("author"),
            "citation": citation_label(d), "title": d["title"], "language": d["language"],
            "date": d["date"], "date_precision": d["date_precision"],
            # the contract's enum has no "corpus": a corpus date is exported as inferred, and says how
            "date_source": "inferred" if d["date_source"] == "corpus" else d["date_source"],
            "date_inferred_by": d["date_source"] if d["date_source"] in ("corpus", "inferred") else None,
            "date_range": rng, "text": d["text"], "url": d["url"], "external_id": d["external_id"],
            "sentences": d["n_sentences"], "tokens": d["n_tokens"],
            "date_basis": list(d.get("date_basis") or []) or None,  # the documents a corpus date came from
        })
    return out


def _flag_disputed(events: list[dict], timeline: list[dict], conflicts: list[dict]) -> None:
    """Events and timeline entries whose sources hold a side of a conflict list that conflict's id under
    `conflicts`: a reader of the timeline sees that 'in Vladivostok' is disputed without opening another page."""
    sides: dict[str, list[tuple[int, int, str]]] = {}  # by document: one lookup per cited span, not per conflict
    for c in conflicts:
        for side in c["sides"]:
            sides.setdefault(side["doc"], []).append((side["start"], side["end"], c["id"]))
    by_event = {e["id"]: e["sources"] for e in events}
    for item in events + timeline:
        found = {cid for s in item["sources"] + by_event.get(item.get("event") or "", [])
                 for start, end, cid in sides.get(s["doc"], ()) if s["start"] <= start and end <= s["end"]}
        item["conflicts"] = sorted(found)


def _label_spans(documents: list[dict], *groups: list[dict]) -> None:
    """Every cited span names its document as people know it ('NRC · 2019-12-30'), next to the document id."""
    labels = {d["id"]: citation_label(d, with_title=False) for d in documents}
    for group in groups:
        for span in group:
            span["citation"] = labels.get(span["doc"], span["doc"][:8])


def _with_speaker_spans(rows: list[dict], spans: list[tuple[int | None, int | None]]) -> list[dict]:
    """The rows, their speaker spans noted in `spans` (not exported: corrections read them to split entities)."""
    spans.extend((r.get("speaker_start"), r.get("speaker_end")) for r in rows)
    return rows


def chronicle(store: Store, edits: Edits | None = None) -> dict[str, Any]:
    """The whole chronicle as the contract's JSON object, with the journalist's corrections applied (`edits`, by
    default those in edits.duckdb beside the chronicle: kroniek.export.corrections)."""
    speakers: dict[str, list[tuple[int | None, int | None]]] = {"quotes": [], "claims": []}
    timexes = [
        {**_span(r["doc"], r["start"], r["end"], r["text"]), "type": r["type"], "value": r["value"],
         "mod": r["mod"]}
        for r in store.layer("timexes")
    ]
    quotes = [
        {**_span(r["doc"], r["start"], r["end"], r["text"]), "speaker": r.get("speaker"),
         "speaker_text": r["speaker_text"], "cue": r["cue"], "direct": bool(r["direct"])}
        for r in _with_speaker_spans(store.layer("quotes"), speakers["quotes"])
    ]
    claims = [
        {**_span(r["doc"], r["start"], r["end"], r["text"]), "value": r["value"], "unit": r["unit"],
         "counts": r["counts"], "speaker": r.get("speaker"), "speaker_text": r["speaker_text"],
         "hedge": r["approx"], "high": r.get("high")}
        for r in _with_speaker_spans(store.layer("claims"), speakers["claims"])
    ]
    entities = [
        {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": list(r["aliases"] or []),
         "descriptions": list(r["descriptions"] or []), "mentions": _json(r["mentions"])}
        for r in store.layer("entities", order="id")
    ]
    events = [
        {"id": r["id"], "date": r["date"], "date_precision": r["date_precision"] or "unknown",
         "summary": r["summary"], "type": r["type"], "status": r["status"] or "unknown",
         "participants": list(r["participants"] or []), "location": r["location"], "sources": _json(r["sources"]),
         "on_story": r.get("on_story") is not False}
        for r in store.layer("events", order="date NULLS LAST, id")
    ]
    documents = _documents(store)
    timeline = [
        {"date": r["date"], "date_precision": r["date_precision"], "summary": r["summary"], "event": r["event"],
         "score": r["score"], "status": r["status"], "sources": _json(r["sources"])}
        for r in store.layer("timeline", order="rank")
    ]
    bound_undated(events + timeline, {d["id"]: d["date_range"][0] for d in documents
                                      if d["date_range"] and d["date_range"][0]})
    conflicts = [
        {"id": r["id"], "kind": r["kind"], "description": r["description"], "sides": _json(r["sides"])}
        for r in store.layer("conflicts", order="id")
    ]
    _flag_disputed(events, timeline, conflicts)
    errors = [{"source": public_source(r["source"]), "reason": r["reason"]}
              for r in store.layer("ingest_errors", "run, source")]
    _label_spans(documents, timexes, quotes, claims, [s for e in events + timeline for s in e["sources"]],
                 [s for c in conflicts for s in c["sides"]])
    # every event with a date or a bound, oldest first (the events' own dicts: same spans, same labels)
    full = chronology(events)
    data = {
        "schema_version": SCHEMA_VERSION,
        "documents": documents,
        "entities": entities,
        "timexes": timexes,
        "events": events,
        "timeline": timeline,
        "chronology": full,
        "quotes": quotes,
        "claims": claims,
        "conflicts": conflicts,
        "ingest_errors": errors,
    }
    return corrections.apply(data, EditsFile.beside(store.path).latest() if edits is None else edits, speakers)

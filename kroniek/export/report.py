"""The self-contained HTML report: one file, no external assets, readable offline.

All article text is untrusted: everything from the store goes through `esc` (html.escape with quotes);
nothing is inserted as markup, and the page carries a Content-Security-Policy that forbids scripts.
"""

from __future__ import annotations

import os
from collections import Counter
from html import escape
from pathlib import Path

from kroniek.citation import citation_label
from kroniek.export.chronology import grouped, review_label
from kroniek.export.contract import chronicle
from kroniek.store import Store

CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f6f6f6}.muted{color:#777}.prec{font-size:.8em;color:#555;
background:#eef;border-radius:3px;padding:0 .3em}article{border-left:3px solid #dde;padding-left:1rem;
margin:1.5rem 0}article p{white-space:pre-wrap}.err{color:#a00}mark{background:#fff3b0}
mark:target{background:#ffd54d;outline:2px solid #e0a800}.st{color:#fff;border-radius:3px;padding:0 .35em;
font-size:.8em}nav{margin:1rem 0}.disputed{color:#a35200;font-size:.9em}li:target{background:#fff3b0}
.rv{font-size:.8em;color:#355;background:#e6f2ee;border-radius:3px;padding:0 .35em}del{color:#888}
"""


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _date_cell(d: dict) -> str:
    if d["date"]:
        return f'{esc(d["date"])} <span class="prec">{esc(d["date_precision"])}, {esc(d["date_source"])}</span>'
    if d.get("date_range"):
        lo, hi = d["date_range"]
        how = d.get("date_inferred_by") or d["date_source"]
        return f'{esc(lo or "…")} – {esc(hi or "…")} <span class="prec">{esc(how)}</span>'
    return '<span class="muted">undated</span>'


def _label(d: dict) -> str:
    return d["title"] or d["text"][:90] + ("…" if len(d["text"]) > 90 else "")


STATUS_COLOURS = {"happened": "#2a7", "planned": "#27c", "speculated": "#c80", "denied": "#c33", "unknown": "#888"}


def _anchor(span: dict) -> str:
    return f"p-{span['doc']}-{span['start']}"


def _cite(spans: list[dict], docs: dict[str, dict]) -> str:
    links = []
    for s in spans:
        doc = docs.get(s["doc"])
        label = citation_label(doc, with_title=False) if doc else s["doc"][:6]
        links.append(f'<a href="#{esc(_anchor(s))}" title="{esc(s["text"][:200])}">[{esc(label)}]</a>')
    return " ".join(links)


def _status(status: str | None) -> str:
    colour = STATUS_COLOURS.get(status or "unknown", "#888")
    return f'<span class="st" style="background:{colour}">{esc(status or "unknown")}</span>'


HIDDEN = ' <span class="rv">hidden by an editor</span>'


def _reviewed(item: dict, summary: str) -> str:
    """An entry's summary (escaped) as a journalist's review left it: struck through when rejected, with the
    review, who and when beside it."""
    if not item.get("review"):
        return esc(summary)
    mark = f'<span class="rv" title="{esc((item.get("edit") or {}).get("edited_at"))}">{esc(review_label(item))}</span>'
    return f"<del>{esc(summary)}</del> {mark}" if item["review"] == "rejected" else f"{esc(summary)} {mark}"


def _marked_text(doc: dict, spans: list[dict]) -> str:
    """The document text with every cited passage marked and anchored; each piece escaped on its own."""
    text, out, pos = doc["text"], [], 0
    for s in sorted({(s["start"], s["end"]) for s in spans}):
        start, end = s
        if start < pos:  # overlapping citations: mark the first, link the later ones to its anchor
            out.append(f'<span id="{esc(_anchor({"doc": doc["id"], "start": start}))}"></span>')
            continue
        out.append(esc(text[pos:start]))
        out.append(f'<mark id="{esc(_anchor({"doc": doc["id"], "start": start}))}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n\n", "</p><p>")


def _disputed(item: dict, conflicts: dict[str, dict]) -> str:
    """A warning under an entry whose sources disagree, linking to the conflict with both sides."""
    links = [f'<a href="#{esc(cid)}">{esc(conflicts[cid]["kind"])}: '
             f'{esc(conflicts[cid]["description"].split(":")[0])}</a>'
             for cid in item.get("conflicts", []) if cid in conflicts]
    return f'<br><span class="disputed">⚠ sources disagree — {"; ".join(links)}</span>' if links else ""


def _chronology(entries: list[dict], by_id: dict[str, dict], conflicts: dict[str, dict]) -> list[str]:
    """Every dated event under its year and month, each with its status and every source cited."""
    if not entries:
        return ['<p class="muted">No dated events yet.</p>']
    parts = []
    for year in grouped(entries):
        parts.append(f"<h3>{esc(year['label'])}</h3>")
        for month in year["months"]:
            if month["month"]:
                parts.append(f"<h4>{esc(month['month'])}</h4>")
            parts.append("<ul>")
            for entry in month["entries"]:
                day = esc(entry["date"]) + " " if entry.get("date_precision") == "day" else ""
                parts.append(f"<li>{day}{_status(entry.get('status'))} {_reviewed(entry, entry['summary'])} "
                             f"{_cite(entry['sources'], by_id)}{_disputed(entry, conflicts)}</li>")
            parts.append("</ul>")
    return parts


def render(data: dict, title: str) -> str:
    docs = data["documents"]
    by_id = {d["id"]: d for d in docs}
    names = {e["id"]: e["name"] for e in data["entities"]}
    cited: dict[str, list[dict]] = {}
    for spans in ([s for t in data["timeline"] for s in t["sources"]],
                  [s for e in data["events"] for s in e["sources"]],
                  [s for c in data["conflicts"] for s in c["sides"]], data["quotes"], data["claims"]):
        for s in spans:
            cited.setdefault(s["doc"], []).append(s)
    langs = Counter(d["language"] for d in docs)
    parts = [
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>{len(docs)} documents ({esc(', '.join(f'{n} {lang}' for lang, n in langs.most_common()))}); "
        f"{len(data['entities'])} entities, {len(data['timexes'])} time expressions, {len(data['events'])} events, "
        f"{len(data['quotes'])} quotes, {len(data['claims'])} claims, {len(data['conflicts'])} conflicts.</p>",
        '<nav><a href="#timeline">Timeline</a> · <a href="#chronology">Chronology</a> · '
        '<a href="#conflicts">Conflicts</a> · <a href="#events">Events</a>'
        ' · <a href="#quotes">Quotes</a> · <a href="#documents">Documents</a> · <a href="#sources">Sources</a></nav>',
        '<h2 id="timeline">Timeline</h2>',
    ]
    conflicts = {c["id"]: c for c in data["conflicts"] if c.get("id")}
    if data["timeline"]:
        parts.append("<table><tr><th>date</th><th>what happened</th><th>sources</th></tr>")
        for entry in data["timeline"]:
            when = entry["date"] or (f"after {entry['not_before']}" if entry.get("not_before") else "undated")
            parts.append(f"<tr><td>{esc(when)} <span class=\"prec\">"
                         f"{esc(entry['date_precision'])}</span>"
                         f"</td><td>{_status(entry.get('status'))} {_reviewed(entry, entry['summary'])}"
                         f"{_disputed(entry, conflicts)}</td>"
                         f"<td>{_cite(entry['sources'], by_id)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append('<p class="muted">No dated events yet.</p>')
    parts.append('<h2 id="chronology">Chronology</h2>')
    parts.extend(_chronology(data.get("chronology") or [], by_id, conflicts))
    parts.append('<h2 id="conflicts">Where sources disagree</h2>')
    parts.append("<ul>" + "".join(
        f"<li id=\"{esc(c.get('id') or '')}\"><b>{esc(c['kind'])}</b>: {_reviewed(c, c['description'])} — "
        + " vs ".join(f"“{esc(s['text'])}” {_cite([s], by_id)}" for s in c["sides"]) + "</li>"
        for c in data["conflicts"]) + "</ul>" if data["conflicts"] else '<p class="muted">No conflicts found.</p>')
    parts.append('<h2 id="events">Events</h2>')
    if data["events"]:
        parts.append("<table><tr><th>date</th><th>type</th><th>event</th><th>who</th><th>sources</th></tr>")
        for ev in data["events"]:
            who = ", ".join(names.get(p, p) for p in ev["participants"][:5])
            parts.append(f"<tr><td>{esc(ev['date'] or 'undated')} <span class=\"prec\">"
                         f"{esc(ev['date_precision'])}</span></td><td>{esc(ev.get('type'))}</td>"
                         f"<td>{_status(ev['status'])} {_reviewed(ev, ev['summary'])}</td><td>{esc(who)}</td>"
                         f"<td>{_cite(ev['sources'], by_id)}</td></tr>")
        parts.append("</table>")
    parts.append('<h2 id="quotes">Who said what</h2>')
    if data["quotes"]:
        parts.append("<table><tr><th>speaker</th><th>quote</th><th>source</th></tr>")
        for q in sorted(data["quotes"], key=lambda q: (by_id[q["doc"]]["date"] or "9999", q["doc"], q["start"])):
            speaker = esc(names.get(q.get("speaker"), q.get("speaker_text")) or "?")
            if q.get("edit"):
                speaker += ' <span class="rv">✓ corrected</span>'
            parts.append(f"<tr><td>{speaker}</td><td>{esc(q['text'])}</td><td>{_cite([q], by_id)}</td></tr>")
        parts.append("</table>")
    parts.append('<h2 id="documents">Documents</h2><table><tr><th>date</th><th>lang</th><th>article</th>'
                 '<th>source</th></tr>')
    for d in docs:
        parts.append(f"<tr><td>{_date_cell(d)}</td><td>{esc(d['language'])}</td>"
                     f"<td><a href=\"#doc-{esc(d['id'])}\">{esc(_label(d))}</a></td>"
                     f"<td class=\"muted\">{esc(d['outlet'] or d['source'])}{HIDDEN if d.get('hidden') else ''}"
                     "</td></tr>")
    parts.append("</table>")
    if data.get("ingest_errors"):
        parts.append("<h2>Inputs that could not be read</h2><ul>")
        parts.extend(f"<li class=\"err\">{esc(e['source'])}: {esc(e['reason'])}</li>" for e in data["ingest_errors"])
        parts.append("</ul>")
    parts.append('<h2 id="sources">Sources</h2>')
    for d in docs:
        parts.append(f"<article id=\"doc-{esc(d['id'])}\"><h3>{esc(_label(d))}</h3>"
                     f"<div class=\"muted\">{esc(d['citation'])} · {_date_cell(d)} · {esc(d['source'])} · "
                     f"{esc(d['id'])}</div>"
                     f"<p>{_marked_text(d, cited.get(d['id'], []))}</p></article>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(store: Store, path: Path, title: str = "Kroniek") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")  # a run killed while writing leaves the old report whole
    partial.write_text(render(chronicle(store), title), encoding="utf-8")
    os.replace(partial, path)
    return path

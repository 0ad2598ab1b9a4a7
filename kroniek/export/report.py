"""The self-contained HTML report: one file, no external assets, readable offline.

All article text is untrusted: everything from the store goes through `esc` (html.escape with quotes);
nothing is inserted as markup, and the page carries a Content-Security-Policy that forbids scripts.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

from kroniek.export.contract import chronicle
from kroniek.store import Store

CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f6f6f6}.muted{color:#777}.prec{font-size:.8em;color:#555;
background:#eef;border-radius:3px;padding:0 .3em}article{border-left:3px solid #dde;padding-left:1rem;
margin:1.5rem 0}article p{white-space:pre-wrap}.err{color:#a00}
"""


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _date_cell(d: dict) -> str:
    if d["date"]:
        return f'{esc(d["date"])} <span class="prec">{esc(d["date_precision"])}, {esc(d["date_source"])}</span>'
    if d.get("date_range"):
        lo, hi = d["date_range"]
        return f'{esc(lo or "…")} – {esc(hi or "…")} <span class="prec">{esc(d["date_source"])}</span>'
    return '<span class="muted">undated</span>'


def _label(d: dict) -> str:
    return d["title"] or d["text"][:90] + ("…" if len(d["text"]) > 90 else "")


def render(data: dict, title: str) -> str:
    docs = data["documents"]
    langs = Counter(d["language"] for d in docs)
    parts = [
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>{len(docs)} documents ({esc(', '.join(f'{n} {lang}' for lang, n in langs.most_common()))}); "
        f"{len(data['entities'])} entities, {len(data['timexes'])} time expressions, {len(data['events'])} events, "
        f"{len(data['quotes'])} quotes, {len(data['claims'])} claims, {len(data['conflicts'])} conflicts.</p>",
    ]
    if data["timeline"]:
        parts.append("<h2>Timeline</h2><table><tr><th>date</th><th>what happened</th><th>sources</th></tr>")
        for entry in data["timeline"]:
            links = " ".join(f'<a href="#doc-{esc(s["doc"])}">{esc(s["doc"][:6])}</a>' for s in entry["sources"])
            parts.append(f"<tr><td>{esc(entry['date'])} <span class=\"prec\">{esc(entry['date_precision'])}</span>"
                         f"</td><td>{esc(entry['summary'])}</td><td>{links}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Documents</h2><table><tr><th>date</th><th>lang</th><th>article</th><th>source</th></tr>")
    for d in docs:
        parts.append(f"<tr><td>{_date_cell(d)}</td><td>{esc(d['language'])}</td>"
                     f"<td><a href=\"#doc-{esc(d['id'])}\">{esc(_label(d))}</a></td>"
                     f"<td class=\"muted\">{esc(d['source'])}</td></tr>")
    parts.append("</table>")
    if data.get("ingest_errors"):
        parts.append("<h2>Inputs that could not be read</h2><ul>")
        parts.extend(f"<li class=\"err\">{esc(e['source'])}: {esc(e['reason'])}</li>" for e in data["ingest_errors"])
        parts.append("</ul>")
    parts.append("<h2>Sources</h2>")
    for d in docs:
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in d["text"].split("\n\n"))
        parts.append(f"<article id=\"doc-{esc(d['id'])}\"><h3>{esc(_label(d))}</h3>"
                     f"<div class=\"muted\">{_date_cell(d)} · {esc(d['source'])} · {esc(d['id'])}</div>"
                     f"{paragraphs}</article>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(store: Store, path: Path, title: str = "Kroniek") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(chronicle(store), title), encoding="utf-8")
    return path

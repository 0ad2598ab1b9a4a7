"""`kroniek eval timex`: TempEval-3 style scores of the time layer on annotated data.

Gold comes as TimeML (`--timeml`: one .tml file or a folder, TempEval-3 layout: the DCT timex is the document
date, the TIMEX3 tags inside TEXT are the gold), MEANTIME CAT XML (same option; tokens joined by spaces, one
line per sentence, the CREATION_TIME timex as document date) or Kroniek's JSON Lines gold (`--gold-jsonl` with
`--articles`: `{"article_id", "dct", "split", "timexes": [{"start", "end", "type", "value", "mod", "sha1"}]}`
per line, offsets into the article's `text`, `sha1` the first 8 hex digits of the span's SHA-1 so a changed
article file is caught; no article text is stored; see bench/data/README-timex-nl.md). Strict = same extent,
relaxed = any overlap; type, value and mod accuracy are over relaxed matches (TempEval-3). docs_per_s times
the tagger alone.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from kroniek.analyze.timex import PRECISION
from kroniek.evaluate import eval_app
from kroniek.evaluate._scoring import prf
from kroniek.model import Analysis, Document, Precision, Timex


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""
    mod: str | None = None


@dataclass
class GoldDoc:
    id: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)


CAT_LAST_SENTENCE = 5  # MEANTIME annotates sentences 0-5 (title, dateline, four more)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>|&(#?\w+);")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _strip(markup: str) -> tuple[str, list[GoldTimex]]:
    """Text without tags (entities decoded) and the TIMEX3 spans in it."""
    out: list[str] = []
    pos, length = 0, 0
    open_tx: list[tuple[int, dict[str, str]]] = []
    found: list[GoldTimex] = []
    for m in _TAG.finditer(markup):
        chunk = markup[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(5) is not None:
            char = html.unescape(m.group())
            out.append(char)
            length += len(char)
        elif m.group(2) == "TIMEX3" and not m.group(1) and not m.group(4):
            open_tx.append((length, dict(_ATTR.findall(m.group(3)))))
        elif m.group(2) == "TIMEX3" and m.group(1) and open_tx:
            start, attrs = open_tx.pop()
            found.append(GoldTimex(start, length, attrs.get("type", ""), attrs.get("value", ""),
                                   mod=attrs.get("mod") or None))
    out.append(markup[pos:])
    text = "".join(out)
    for t in found:
        t.text = text[t.start:t.end]
    return text, found


def read_timeml(path: Path) -> GoldDoc:
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_m = re.search(r"<DCT>.*?value=\"([^\"]+)\".*?</DCT>", raw, re.S)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text, timexes = _strip(body.group(1) if body else "")
    return GoldDoc(path.stem, text, dct_m.group(1)[:10] if dct_m else None, timexes)


def read_cat(path: Path) -> GoldDoc:
    """MEANTIME CAT XML: the text rebuilt from tokens, gold timexes from their token anchors.

    MEANTIME annotates the title and the first sentences only (up to sentence 5): the text stops there. The
    dateline sentence holding the CREATION_TIME timex is the document date, so it is left out like a TimeML DCT."""
    root = ET.parse(path).getroot()
    tokens = list(root.iter("token"))
    sentence_of = {t.get("t_id", ""): int(t.get("sentence") or 0) for t in tokens}
    dct, dct_sentences = None, set()
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = tx.get("value")
            dct_sentences = {sentence_of.get(a.get("t_id", ""), -1) for a in tx.iter("token_anchor")}
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sentence = 0, None
    for tok in tokens:
        number = int(tok.get("sentence") or 0)
        if number > CAT_LAST_SENTENCE or number in dct_sentences:
            continue
        if sentence is not None:
            parts.append("\n" if number != sentence else " ")
            pos += 1
        sentence = number
        word = tok.text or ""
        spans[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
    text = "".join(parts)
    timexes = []
    for tx in root.iter("TIMEX3"):
        anchors = [spans[a.get("t_id", "")] for a in tx.iter("token_anchor") if a.get("t_id") in spans]
        if anchors and tx.get("functionInDocument") != "CREATION_TIME":
            s, e = min(a[0] for a in anchors), max(a[1] for a in anchors)
            timexes.append(GoldTimex(s, e, tx.get("type", ""), tx.get("value", ""), text[s:e], tx.get("mod") or None))
    return GoldDoc(root.get("doc_id") or path.stem, text, dct, timexes)


def read_gold_path(path: Path) -> list[GoldDoc]:
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    docs = []
    for f in files:
        if f.suffix == ".tml":
            docs.append(read_timeml(f))
        elif f.suffix == ".xml" and f.is_file():
            docs.append(read_cat(f))
    return docs


def read_gold_jsonl(gold: Path, articles: Path, split: str | None = None) -> list[GoldDoc]:
    """Kroniek's JSON Lines gold with offsets into the `text` of the articles file (matched on `id`).

    `split` keeps only the gold lines of that split ('dev' or 'test'); the order of the gold file is kept."""
    wanted = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if split is None or rec.get("split", "dev") == split:
                wanted[str(rec.get("article_id", rec.get("id")))] = rec
    texts = {}
    with articles.open(encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            if str(art.get("id")) in wanted:
                texts[str(art["id"])] = art
    return [_gold_doc(rec, texts[aid]) for aid, rec in wanted.items() if aid in texts]


def _gold_doc(rec: dict, art: dict) -> GoldDoc:
    text = art["text"]
    timexes = []
    for t in rec["timexes"]:
        span = text[t["start"]:t["end"]]
        if t.get("sha1") and hashlib.sha1(span.encode("utf-8")).hexdigest()[:8] != t["sha1"]:
            raise ValueError(f"gold span {t['start']}-{t['end']} of article {art['id']} does not match its text")
        timexes.append(GoldTimex(t["start"], t["end"], t["type"], t["value"], span, t.get("mod")))
    return GoldDoc(str(art["id"]), text, rec.get("dct") or art.get("published_at"), timexes)


def _document(gold: GoldDoc, lang: str) -> Document:
    dct = (gold.dct or "")[:10]
    if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", dct):  # one MEANTIME DCT is day-month-year
        dct = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    precision: Precision = PRECISION.get(len(dct), "unknown")
    return Document(id=gold.id, source=gold.id, text=gold.text, date=dct or None, date_precision=precision,
                    language=lang)


def _match(gold: list[GoldTimex], pred: list) -> tuple[int, list[tuple[GoldTimex, Timex]]]:
    """Strict matches, and relaxed one-to-one pairs (overlap; exact extents paired first)."""
    strict = {(g.start, g.end) for g in gold} & {(p.start, p.end) for p in pred}
    pairs, used = [], set()
    for g in sorted(gold, key=lambda g: (g.start, g.end) not in strict):
        for j, p in enumerate(pred):
            if j not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(j)
                break
    return len(strict), pairs


_DECADE = re.compile(r"\d{2,3}X*")


def same_value(gold: str, pred: str) -> bool:
    """Equal TIMEX3 values; a decade or century is one value written two ways ('199' in TIMEX3, '199X' in
    TimeBank and Kroniek), and the gold corpora use both."""
    if gold == pred:
        return True
    return bool(_DECADE.fullmatch(gold) and _DECADE.fullmatch(pred)) and gold.rstrip("X") == pred.rstrip("X")


def tag(docs: list[GoldDoc], lang: str, clock: Callable[[], float] = time.perf_counter) -> tuple[list[Analysis], float]:
    """Kroniek's time layer over every gold document, and the `clock` seconds of the tagger calls alone."""
    from kroniek.analyze import timex

    analyses, elapsed = [], 0.0
    for gold in docs:
        doc = _document(gold, lang)
        analysis = Analysis(doc_id=doc.id, language=lang)
        t0 = clock()
        timex.annotate(doc, analysis)
        elapsed += clock() - t0
        analyses.append(analysis)
    return analyses, elapsed


def score(docs: list[GoldDoc], lang: str, errors: Path | None = None) -> dict:
    from kroniek.analyze import timex

    timex.timex_resources(lang)  # compiling the rules is start-up, not throughput
    analyses, elapsed = tag(docs, lang)
    preds = [a.timexes for a in analyses]
    if errors is not None:
        log = [e for gold, a in zip(docs, analyses, strict=True)
               for e in _errors(gold, a, _match(gold.timexes, a.timexes)[1])]
        errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in log), encoding="utf-8")
    return {**tally(docs, preds), "docs_per_s": round(len(docs) / elapsed, 1) if elapsed else None, "language": lang}


def tally(docs: list[GoldDoc], preds: list[list]) -> dict:
    """TempEval-3 figures of predictions against the gold: strict and relaxed extent P/R/F1, and type, value
    and mod accuracy over the relaxed matches. Any tagger's output can be scored with it (bench/heideltime_bench)."""
    n_gold = n_pred = n_strict = n_relaxed = type_ok = value_ok = mod_ok = 0
    for gold, pred in zip(docs, preds, strict=True):
        strict, pairs = _match(gold.timexes, pred)
        n_gold, n_pred, n_strict, n_relaxed = (n_gold + len(gold.timexes), n_pred + len(pred),
                                               n_strict + strict, n_relaxed + len(pairs))
        type_ok += sum(g.type == p.type for g, p in pairs)
        value_ok += sum(same_value(g.value, p.value) for g, p in pairs)
        mod_ok += sum((g.mod or None) == (p.mod or None) for g, p in pairs)
    sp, sr, sf = prf(n_strict, n_pred, n_gold)
    rp, rr, rf = prf(n_relaxed, n_pred, n_gold)
    return {
        "strict_precision": round(sp, 4), "strict_recall": round(sr, 4), "strict_f1": round(sf, 4),
        "relaxed_precision": round(rp, 4), "relaxed_recall": round(rr, 4), "relaxed_f1": round(rf, 4),
        "type_accuracy": round(type_ok / n_relaxed, 4) if n_relaxed else 0.0,
        "value_accuracy": round(value_ok / n_relaxed, 4) if n_relaxed else 0.0,
        "mod_accuracy": round(mod_ok / n_relaxed, 4) if n_relaxed else 0.0,
        "documents": len(docs), "gold": n_gold, "predicted": n_pred,
    }


def _errors(gold: GoldDoc, analysis: Analysis, pairs: list) -> list[dict]:
    """Misses, spurious tags and wrong attributes of one document, for rule development."""
    out: list[dict[str, str | None]] = []
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in gold.timexes:
        if id(g) not in matched_g:
            out.append({"doc": gold.id, "kind": "missed", "gold": g.text, "type": g.type, "value": g.value})
    for p in analysis.timexes:
        if id(p) not in matched_p:
            out.append({"doc": gold.id, "kind": "spurious", "pred": p.text, "type": p.type, "value": p.value})
    for g, p in pairs:
        if (g.start, g.end, g.type, g.value, g.mod or None) != (p.start, p.end, p.type, p.value, p.mod or None):
            out.append({"doc": gold.id, "kind": "differs", "gold": g.text, "pred": p.text, "gtype": g.type,
                        "ptype": p.type, "gvalue": g.value, "pvalue": p.value, "gmod": g.mod, "pmod": p.mod,
                        "dct": gold.dct})
    return out


@eval_app.command("timex")
def timex_eval(
    timeml: Annotated[Path | None, typer.Option(
        "--timeml", help="TimeML .tml file or folder (TempEval-3 layout); MEANTIME CAT .xml files also read")] = None,
    gold_jsonl: Annotated[Path | None, typer.Option(
        "--gold-jsonl", help="Kroniek timex gold: article_id, dct, timexes with offsets; one article a line")] = None,
    articles: Annotated[Path | None, typer.Option(
        "--articles", help="JSON Lines articles (id, text, published_at) the --gold-jsonl offsets point into")] = None,
    split: Annotated[str | None, typer.Option(
        "--split", help="with --gold-jsonl: score only this split of the gold ('dev' or 'test')")] = None,
    lang: Annotated[str, typer.Option("--lang", help="language of the documents: en or nl")] = "en",
    errors: Annotated[Path | None, typer.Option(
        "--errors", help="also write every miss, spurious tag and wrong attribute to this JSON Lines file")] = None,
) -> None:
    """Time expressions: strict/relaxed extent F1, type and value accuracy (TempEval-3), documents/s."""
    if timeml is not None:
        docs = read_gold_path(timeml)
    elif gold_jsonl is not None and articles is not None:
        docs = read_gold_jsonl(gold_jsonl, articles, split)
    else:
        raise typer.BadParameter("give --timeml PATH, or --gold-jsonl FILE with --articles FILE")
    if not docs:
        raise typer.BadParameter(f"no annotated documents found in {timeml or gold_jsonl}")
    typer.echo(json.dumps(score(docs, lang, errors)))

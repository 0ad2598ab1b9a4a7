"""`kroniek eval identity --meantime DIR`: cross-document entity identity on MEANTIME (Dutch and English).

End to end, as in a build: each MEANTIME document (tokens from `output_data/<lang>/meantime.conll`, joined by
spaces, one line per sentence) goes through the recogniser and the cross-document linker
(kroniek.link.entities). The gold side is every *named* entity mention (head is a proper noun written with a
capital) with its cross-document chain (the MEANTIME instance id). A gold mention takes the entity of the
predicted mention covering its head token, else of the first predicted mention inside it; a gold mention the
recogniser missed is a singleton.

- within a language: B-cubed precision/recall/F1 of the predicted entities against the gold chains, over the gold
  named mentions of that language;
- across languages: both languages are linked together (as in a mixed corpus); a gold chain named in both
  languages is matched when the entity most of its Dutch mentions got is the entity most of its English mentions
  got (accuracy over those chains).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from kroniek.evaluate import eval_app
from kroniek.evaluate.ner import build_document

LANGS = ("nl", "en")
# The conversion marks how a chain was derived ('cross_', 'intra_', 'cross_intra_'); the rest is the MEANTIME
# instance id of list_instances.csv, one per real-world entity across documents and languages.
_CHAIN_PREFIX = re.compile(r"^(?:cross_|intra_)+")


@dataclass(frozen=True, slots=True)
class Gold:
    doc: str  # '<lang>:<conll doc key>'
    sentence: int
    tokens: tuple[int, ...]  # token indices within the sentence
    head: int
    chain: str
    text: str


def read_conll_docs(path: Path) -> dict[str, list[list[str]]]:
    """Documents (by key) as sentences of tokens, from the CoNLL-2012-like `doc sent tok word chain` file."""
    docs: dict[str, list[list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        sentences = docs.setdefault(cols[0], [])
        sent = int(cols[1])
        while len(sentences) <= sent:
            sentences.append([])
        sentences[sent].append(cols[3])
    return docs


def read_gold(path: Path, lang: str) -> list[Gold]:
    gold = []
    for m in json.loads(path.read_text(encoding="utf-8")):
        text = m["tokens_str"]
        if m["mention_head_pos"] != "PROPN" or not text[:1].isupper():
            continue
        gold.append(Gold(f"{lang}:{m['conll_doc_key']}", int(m["sent_id"]), tuple(m["tokens_number"]),
                         int(m["mention_head_id"]), _CHAIN_PREFIX.sub("", m["coref_chain"]), text))
    return gold


def bcubed(pred: dict[int, str], gold: dict[int, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering `pred` (item -> cluster) against `gold` (item -> chain)."""
    pred_members: dict[str, set[int]] = defaultdict(set)
    gold_members: dict[str, set[int]] = defaultdict(set)
    for item, c in pred.items():
        pred_members[c].add(item)
    for item, c in gold.items():
        gold_members[c].add(item)
    p = r = 0.0
    for item in gold:
        ours, theirs = pred_members[pred[item]], gold_members[gold[item]]
        both = len(ours & theirs)
        p += both / len(ours)
        r += both / len(theirs)
    n = len(gold) or 1
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _annotate(root: Path, backend: str) -> tuple[list, dict[str, list[int]], int, float]:
    """Recognise every document of both languages; (link rows, token starts per sentence per doc, tokens, s)."""
    from kroniek.analyze import entities
    from kroniek.link.entities import Row
    from kroniek.model import AnalysisSettings

    settings = AnalysisSettings(ner=backend)
    rows: list[Row] = []
    token_index: dict[str, list[int]] = {}  # doc -> flat list of token starts, with sentence offsets below
    n_tokens, elapsed = 0, 0.0
    for lang in LANGS:
        docs = read_conll_docs(root / "output_data" / lang / "meantime.conll")
        for i, (key, sentences) in enumerate(sorted(docs.items())):
            doc_id = f"{lang}:{key}"
            doc, analysis = build_document([[(t, "O") for t in s] for s in sentences], lang, i)
            t0 = time.perf_counter()
            entities.annotate(doc, analysis, settings)
            elapsed += time.perf_counter() - t0
            n_tokens += len(analysis.tokens)
            token_index[doc_id] = list(analysis.tokens.starts)
            token_index[doc_id + "#sent"] = [len(s) for s in sentences]
            for m in analysis.mentions:
                rows.append(Row(doc_id, m.start, m.end, m.text, m.type, m.norm, m.metonym_of, lang,
                                doc.text[max(0, m.start - 120):m.start], doc.text[m.end:m.end + 120]))
    return rows, token_index, n_tokens, elapsed


def _assign(gold: list[Gold], rows: list, clusters: list, token_index: dict[str, list[int]]) -> dict[int, str]:
    """Gold mention index -> predicted entity ('miss:<i>' for a mention no predicted mention covers)."""
    entity_of = {(r.doc, r.start): str(ci) for ci, c in enumerate(clusters) for r in c.rows}
    by_doc: dict[str, list] = defaultdict(list)
    for r in rows:
        by_doc[r.doc].append(r)
    out: dict[int, str] = {}
    for gi, g in enumerate(gold):
        starts = token_index.get(g.doc)
        if starts is None:
            out[gi] = f"miss:{gi}"
            continue
        offset = sum(token_index[g.doc + "#sent"][:g.sentence])
        toks = [offset + t for t in g.tokens if offset + t < len(starts)]
        if not toks:
            out[gi] = f"miss:{gi}"
            continue
        lo = starts[toks[0]]
        hi = starts[toks[-1] + 1] - 1 if toks[-1] + 1 < len(starts) else 10**9
        head = starts[offset + g.head] if offset + g.head < len(starts) else lo
        inside = [r for r in by_doc[g.doc] if r.start < hi and r.end > lo]
        covering = [r for r in inside if r.start <= head < r.end]
        best = (covering or inside or [None])[0]
        key = (best.doc, best.start) if best else None
        out[gi] = entity_of.get(key, f"miss:{gi}") if key else f"miss:{gi}"
    return out


def score(root: Path, backend: str = "builtin") -> dict:
    from kroniek.link.entities import _clusters

    rows, token_index, n_tokens, elapsed = _annotate(root, backend)
    result: dict = {"backend": backend}
    gold_all: dict[str, list[Gold]] = {
        lang: read_gold(root / "output_data" / lang / "entities_mentions.json", lang) for lang in LANGS}
    t0 = time.perf_counter()
    for lang in LANGS:
        gold = gold_all[lang]
        lang_rows = [r for r in rows if r.lang == lang]
        pred = _assign(gold, lang_rows, _clusters(lang_rows), token_index)
        p, r, f = bcubed(pred, {i: g.chain for i, g in enumerate(gold)})
        found = sum(1 for v in pred.values() if not v.startswith("miss:"))
        result[lang] = {"bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f, 4),
                        "named_mentions": len(gold), "chains": len({g.chain for g in gold}),
                        "recognised": round(found / len(gold), 4) if gold else 0.0}
    both = gold_all["nl"] + gold_all["en"]
    pred = _assign(both, rows, _clusters(rows), token_index)
    p, r, f = bcubed(pred, {i: g.chain for i, g in enumerate(both)})
    votes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: {"nl": Counter(), "en": Counter()})
    for i, g in enumerate(both):
        if not pred[i].startswith("miss:"):
            votes[g.chain][g.doc.split(":", 1)[0]][pred[i]] += 1
    shared = {c for c in {g.chain for g in gold_all["nl"]} & {g.chain for g in gold_all["en"]}}
    matched = sum(1 for c in shared if votes[c]["nl"] and votes[c]["en"]
                  and votes[c]["nl"].most_common(1)[0][0] == votes[c]["en"].most_common(1)[0][0])
    result["cross_language"] = {"accuracy": round(matched / len(shared), 4) if shared else 0.0,
                                "chains_in_both": len(shared), "matched": matched,
                                "joint_bcubed_f1": round(f, 4), "joint_bcubed_precision": round(p, 4),
                                "joint_bcubed_recall": round(r, 4)}
    result["tokens"] = n_tokens
    result["ner_tokens_per_s"] = round(n_tokens / elapsed) if elapsed else None
    result["link_seconds"] = round(time.perf_counter() - t0, 3)
    return result


@eval_app.command("identity")
def identity_cmd(
    meantime: Annotated[Path, typer.Option("--meantime", help="meantime-coref-nl-en folder (with output_data/)")],
    ner: Annotated[str, typer.Option("--ner", help="backend: auto, builtin, frog or spacy:<pipeline>")] = "builtin",
) -> None:
    """B-cubed of cross-document identity per language, and Dutch-English chain matching accuracy."""
    if not (meantime / "output_data").is_dir():
        raise typer.BadParameter(f"no output_data/ in {meantime}", param_hint="--meantime")
    typer.echo(json.dumps(score(meantime, ner), ensure_ascii=False))

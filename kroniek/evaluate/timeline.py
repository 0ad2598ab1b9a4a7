"""`kroniek eval timeline --t17 DIR`: timeline summarisation on Timeline17-layout data, scored with tilse.

For every set (`<set>/articles.json` with {uid, dct, text}, `<set>/*.timeline.json` with {date, text}), the
articles are segmented and time-tagged, and a timeline is built per gold timeline with as many dates as the
gold and as many sentences per date as the gold's average (rounded), from the articles published inside the
gold's time span and over that span (the news-tls protocol, behind the published figures). Scores:
alignment-based ROUGE-1/2 F (tilse's `align_date_content_costs_many_to_one`, Martschat & Markert 2017, the
original ROUGE-1.5.5 with stemming and stop words removed) and date F1. `seconds` (wall clock) and
`cpu_seconds` (one core's time) are the cost of building the timelines of a set, analysis included, scoring
excluded. A set with a gold timeline but no articles.json is named under `skipped`.
"""

from __future__ import annotations

import importlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kroniek.analyze.events import lexicon
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.evaluate import eval_app
from kroniek.ingest.document import make_document
from kroniek.model import Analysis, Document, Timex
from kroniek.resources import language_resources
from kroniek.timeline import DatedSentence, Settings, from_analysis, summarise
from kroniek.timeline.dates import tag_dates

Gold = dict[str, list[str]]  # ISO day -> summary sentences
METRICS = ("ar1_f", "ar2_f", "date_f1")
# Timeline17 texts are Penn-Treebank tokenised: give the tagger and the splitter ordinary brackets and quotes.
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": "“", "''": "”"}
_PTB_RE = re.compile("|".join(map(re.escape, _PTB)))
_GOLD_SENTENCE = re.compile(r"\s{2,}")  # the packaging joins a date's sentences with two spaces


def regex_time_layer(doc: Document, analysis: Analysis) -> None:
    """The fallback time layer: kroniek.timeline.dates.tag_dates (English calendar dates, weekdays, yesterday)."""
    analysis.timexes.extend(Timex(s, e, doc.text[s:e], "DATE", v) for s, e, v in tag_dates(doc.text, doc.date))


def _time_layer(name: str = "auto") -> tuple[str, Callable[[Document, Analysis], None]]:
    """Kroniek's time layer (kroniek.analyze.timex) when installed and asked for, else the date regexes."""
    if name in ("auto", "timex"):
        try:
            return "timex", importlib.import_module("kroniek.analyze.timex").annotate
        except ModuleNotFoundError as exc:
            if name == "timex":
                raise typer.BadParameter("kroniek.analyze.timex is not available", param_hint="--time-layer") from exc
    return "regex", regex_time_layer


def read_gold(path: Path) -> Gold:
    gold: Gold = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        sents = [s.strip() for s in _GOLD_SENTENCE.split(item["text"]) if s.strip()]
        gold.setdefault(item["date"][:10], []).extend(sents)
    return gold


def documents(articles: list[dict], name: str) -> list[Document]:
    docs = []
    for a in articles:
        text = _PTB_RE.sub(lambda m: _PTB[m.group(0)], a.get("text") or "")
        if text.strip():
            doc = make_document(source=f"{name}/{a.get('uid')}", text=text, date=a.get("dct"))
            docs.append(replace(doc, language="en"))
    return docs


def dated_sentences(docs: list[Document], time_layer: Callable | None, bounds: bool = True) -> list[DatedSentence]:
    """Segmentation and the time layer only: the other layers do not feed the timeline summariser. With
    `bounds`, a time expression after an anchor preposition of the language ('since', 'after') dates nothing."""
    out: list[DatedSentence] = []
    for doc in docs:
        bounding = lexicon(doc.language).anchor_prepositions if bounds else frozenset()
        sentences = split_sentences(doc.text, language_resources(doc.language))
        analysis = Analysis(doc_id=doc.id, language=doc.language, sentences=sentences,
                            tokens=tokenize(doc.text, sentences))
        if time_layer:
            time_layer(doc, analysis)
        out.extend(from_analysis(doc, analysis, bounding))
    return out


def settings_for(gold: Gold, gold_span: bool, base: Settings | None = None) -> Settings:
    per_date = round(sum(map(len, gold.values())) / len(gold))
    span = (min(gold), max(gold)) if gold_span else (None, None)
    return replace(base or Settings(), dates=len(gold), per_date=max(1, per_date), precisions=("day",),
                   start=span[0], end=span[1])


def predict(sentences: list[DatedSentence], cfg: Settings) -> Gold:
    return {e.date: [s.text for s in e.sentences] for e in summarise(sentences, cfg)}


def _tilse():
    try:
        from tilse.data.timelines import GroundTruth, Timeline
        from tilse.evaluation import rouge
    except ImportError as exc:
        raise typer.BadParameter(
            "scoring needs the `tilse` package (pip install tilse) and Debian's libxml-parser-perl for its ROUGE; "
            f"import failed: {exc}", param_hint="--t17") from exc
    return GroundTruth, Timeline, rouge


def score(pred: Gold, gold: Gold) -> dict[str, float]:
    ground_truth_cls, timeline_cls, rouge = _tilse()

    def timeline(tl: Gold):
        return timeline_cls({date.fromisoformat(d): sents for d, sents in tl.items()})

    truth = ground_truth_cls([timeline(gold)])
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    scores = evaluator.evaluate_align_date_content_costs_many_to_one(timeline(pred), truth)
    shared = len(set(pred) & set(gold))
    p, r = (shared / len(pred) if pred else 0.0), shared / len(gold)
    return {"ar1_f": scores["rouge_1"]["f_score"], "ar2_f": scores["rouge_2"]["f_score"],
            "date_f1": 2 * p * r / (p + r) if p + r else 0.0}


def read_golds(folder: Path) -> dict[str, Gold]:
    return {p.name.split(".")[0]: read_gold(p) for p in sorted(folder.glob("*.timeline.json"))}


def read_articles(folder: Path, golds: dict[str, Gold] | None = None) -> list[dict]:
    """The set's articles; with golds, only those published inside some gold timeline's span: news-tls reads
    no article outside [first gold date, last gold date] (time_span_extension 0 for T17)."""
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    if golds:
        spans = [(min(g), max(g)) for g in golds.values()]
        articles = [a for a in articles if any(lo <= (a.get("dct") or "")[:10] <= hi for lo, hi in spans)]
    return articles


def in_input_span(sentences: list[DatedSentence], gold: Gold) -> list[DatedSentence]:
    lo, hi = min(gold), max(gold)
    return [s for s in sentences if s.published and lo <= s.published[:10] <= hi]


def evaluate_set(folder: Path, gold_span: bool = True, base: Settings | None = None,
                 time_layer: Callable | None = None) -> dict[str, dict[str, float]]:
    """One result per gold timeline of the set (most sets have one). With gold_span (the news-tls protocol),
    the input is the articles published inside the gold's span and the dates are limited to it."""
    golds = read_golds(folder)
    started, cpu = time.perf_counter(), time.process_time()
    articles = read_articles(folder, golds if gold_span else None)
    sentences = dated_sentences(documents(articles, folder.name), time_layer)
    predictions = {name: predict(in_input_span(sentences, gold) if gold_span else sentences,
                                 settings_for(gold, gold_span, base)) for name, gold in golds.items()}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    results = {}
    for name, gold in golds.items():
        key = folder.name if len(golds) == 1 else f"{folder.name}/{name}"
        results[key] = {k: round(v, 4) for k, v in score(predictions[name], gold).items()}
        results[key]["seconds"] = round(seconds / len(golds), 2)
        results[key]["cpu_seconds"] = round(cpu / len(golds), 2)  # one core's share: the machine may be shared
        results[key]["articles"] = len(articles)
    return results


def evaluate(root: Path, gold_span: bool = True, base: Settings | None = None, time_layer: str = "auto") -> dict:
    _tilse()  # fail before the work, not after it
    layer_name, layer = _time_layer(time_layer)
    sets: dict[str, dict[str, float]] = {}
    skipped = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if not any(folder.glob("*.timeline.json")):
            continue
        if not (folder / "articles.json").is_file():
            skipped.append(folder.name)
            continue
        sets.update(evaluate_set(folder, gold_span, base, layer))
    keys = (*METRICS, "seconds", "cpu_seconds")
    mean = {k: round(sum(s[k] for s in sets.values()) / len(sets), 4) for k in keys} if sets else {}
    return {"sets": sets, "mean": mean, "skipped": skipped, "time_layer": layer_name, "gold_span": gold_span}


@eval_app.command("timeline")
def timeline_eval(
    t17: Annotated[Path, typer.Option("--t17", help="Timeline17-layout folder: <set>/articles.json, *.timeline.json")],
    gold_span: Annotated[bool, typer.Option(
        help="Only articles published and dates inside the gold timeline's span (news-tls protocol)")] = True,
    time_layer: Annotated[str, typer.Option(help="auto (Kroniek's timex layer if installed, else regex), timex, regex")]
    = "auto",
) -> None:
    """Timeline summarisation: AR1-F, AR2-F (tilse, align m:1), date F1 and seconds per set and on average."""
    if not t17.is_dir():
        raise typer.BadParameter(f"{t17} is not a folder", param_hint="--t17")
    typer.echo(json.dumps(evaluate(t17, gold_span, time_layer=time_layer)))

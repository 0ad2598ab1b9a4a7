"""Build or extend a chronicle: ingest, analyse new documents in a process pool, store in batches."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path

import numpy as np

from kroniek.analyze import analyze, boilerplate
from kroniek.analyze.segment import split_sentences
from kroniek.citation import file_label, public_source
from kroniek.ingest import IngestOptions, iter_documents
from kroniek.link import run_linkers
from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Document, IngestError
from kroniek.ner import BackendUnavailable
from kroniek.resources import FALLBACK, language_resources
from kroniek.store import Store

MAX_NAMED = 100_000  # sources of this run's documents kept to name what a later input duplicates
PROGRESS_EVERY = 8  # analyses between progress reports
BATCH = 256  # documents per transaction: small enough to lose little on a crash, big enough to be fast
_RECORD = re.compile(r"(?::row \d+|:\d+|\[\d+\]|#.*)$")  # the record inside an input file


@dataclass
class BuildReport:
    added: int = 0
    duplicates: int = 0  # already stored, or seen twice in this run
    errors: list[IngestError] = field(default_factory=list)
    duplicate_of: list[tuple[str, str]] = field(default_factory=list)  # (skipped input, stored document id)
    duplicate_sources: dict[str, str] = field(default_factory=dict)  # stored document id -> its source

    @property
    def failed(self) -> int:
        return len(self.errors)


Progress = Callable[[int, int], None]  # (documents handled so far, of which failed)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def _new_documents(
    batch: list[Document | IngestError], store: Store, seen: set[str], report: BuildReport
) -> tuple[list[Document], list[IngestError]]:
    """Split a batch into documents not stored or seen yet, and ingestion errors; count the duplicates."""
    errors = [item for item in batch if isinstance(item, IngestError)]
    docs = [item for item in batch if isinstance(item, Document)]
    stored = store.has_document(d.id for d in docs)
    if stored:
        report.duplicate_sources.update(store.sources_of(stored))
    new = []
    for doc in docs:
        if doc.id in stored or doc.id in seen:
            report.duplicates += 1
            report.duplicate_of.append((doc.source, doc.id))
        else:
            seen.add(doc.id)
            new.append(doc)
            if len(report.duplicate_sources) < MAX_NAMED:
                report.duplicate_sources.setdefault(doc.id, doc.source)
    return new, errors


def group_of(doc: Document) -> str:
    """Whose furniture a document shares: its outlet, else its input file (one export is usually one outlet)."""
    return _group(doc.outlet, doc.source)


def _group(outlet: str | None, source: str) -> str:
    return outlet or "file:" + file_label(_RECORD.sub("", source))


COUNTS_PENDING = "counts_pending"  # meta key: a run counting repetitions has stored documents, not yet its counts


def _count_units(inputs: list[str], options: IngestOptions, store: Store) -> dict[str, Counter]:
    """Documents per group (key None) and per recurring sentence hash, over the new inputs (a first, cheap pass:
    reading and splitting, no analysis) plus what the store holds. stdin cannot be read twice: left out."""
    min_words = boilerplate.rules(FALLBACK).min_words
    res = language_resources(FALLBACK)
    groups: dict[str, array] = {}
    totals: Counter = Counter()
    pending = store.marked(COUNTS_PENDING)  # a run died after storing documents, before its counts
    for group, text in _countable(inputs, options, store, pending):
        totals[group] += 1
        lead, hashes = boilerplate.unit_hashes(text, split_sentences(text, res), min_words)
        pairs = groups.setdefault(group, array("q"))
        for h in hashes:
            pairs.extend((h, lead))
    counts: dict[str, Counter] = {}
    for group, flat in groups.items():
        unique = np.unique(np.frombuffer(flat, dtype=np.int64).reshape(-1, 2), axis=0)  # a lead counts once
        values, leads = np.unique(unique[:, 0], return_counts=True)
        counts[group] = Counter(dict(zip(values.tolist(), leads.tolist(), strict=True)))
    stored_counts = [] if pending else store.con.execute("SELECT grp, hash, docs FROM unit_counts").fetchall()
    for group, hash_, docs in stored_counts:
        counts.setdefault(group, Counter())[hash_] += docs
    for group, n in totals.items():
        counts.setdefault(group, Counter())[None] += n
    return counts


def _countable(inputs: list[str], options: IngestOptions, store: Store, recount: bool) -> Iterator[tuple[str, str]]:
    """(group, text) of every input document not stored yet, and with `recount` of every stored one as well (its
    counts died with a killed run, so the store's counts cannot be added to: all are counted again)."""
    quiet = replace(options, detect_language=False, on_notice=lambda _notice: None)
    seen: set[str] = set()
    for batch in _batches(iter_documents([i for i in inputs if i != "-"], quiet), BATCH):
        docs = [d for d in batch if isinstance(d, Document) and d.id not in seen]
        stored = store.has_document(d.id for d in docs)
        for doc in docs:
            if doc.id not in stored and doc.id not in seen:
                seen.add(doc.id)
                yield group_of(doc), doc.text
    if recount:
        cursor = store.con.cursor().execute("SELECT source, outlet, text FROM documents ORDER BY id")
        while rows := cursor.fetchmany(BATCH):
            for source, outlet, text in rows:
                yield _group(outlet, source), text


def _furniture(counts: dict[str, Counter]) -> dict[str, boilerplate.Furniture]:
    out = {}
    for group, c in counts.items():
        hashes = {h: n for h, n in c.items() if h is not None}
        found = boilerplate.furniture_of(hashes, c.get(None, 0))
        if found[0]:
            out[group] = found
    return out


def _store_counts(store: Store, counts: dict[str, Counter]) -> None:
    """Keep group sizes and the hashes seen twice or more, for the next `add` (singletons are dropped)."""
    rows = [(g, h, n) for g, c in counts.items() for h, n in c.items() if h is None or n >= 2]
    store.con.begin()
    store.con.execute("DELETE FROM unit_counts")
    if rows:
        store.con.executemany("INSERT INTO unit_counts VALUES (?, ?, ?)", rows)
    store.unmark(COUNTS_PENDING)
    store.con.commit()


PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def die_with_parent(parent: int) -> None:
    """A worker's first act: end when the build's process ends, even by SIGKILL (Linux: the parent-death
    signal), rather than run on, holding CPU, memory and the caller's pipes. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before the signal was armed
        os._exit(1)



def analyze_or_reason(doc: Document, furniture: boilerplate.Furniture, settings: AnalysisSettings) -> Analysis | str:
    """The document's analysis, or why it failed: a defect met on one article (a rule that cannot handle its
    text) names that article and leaves the rest of the run to go on, like input that cannot be read."""
    try:
        return analyze(doc, furniture, settings)
    except BackendUnavailable:
        raise  # the user's choice of recogniser cannot run: the whole run's setting, not this article's defect
    except Exception as err:  # noqa: BLE001 - any failure of one document's analysis is reported, not fatal
        return f"analysis failed: {type(err).__name__}: {str(err)[:200]}"

def build(
    inputs: Iterable[str],
    out: Path,
    *,
    jobs: int | None = None,
    options: IngestOptions | None = None,
    command: str = "build",
    on_progress: Progress | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    repetition: bool = True,
    settings: AnalysisSettings = DEFAULT_SETTINGS,
) -> BuildReport:
    """Add every new document of `inputs` to the chronicle in `out`; return what happened. With `repetition`,
    a first pass counts recurring sentences per outlet so analysis can skip them as furniture."""
    inputs = list(inputs)
    jobs = jobs or default_jobs()
    options = replace(options or IngestOptions(), detect_language=False)
    report = BuildReport()
    seen: set[str] = set()
    with Store.in_dir(out) as store:
        run = store.start_run(command, [public_source(i) for i in inputs])  # no folder layout in the store
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) \
            if jobs > 1 else None
        recorded = [0]  # duplicates written to the store so far

        def finish(new: list[Document], errors: list[IngestError], analyses: Iterable[Analysis | str]) -> None:
            analysed, kept = [], []
            for doc, analysis in zip(new, analyses, strict=True):  # progress as each arrives, not per batch
                if isinstance(analysis, str):  # the analysis failed: named, not stored, the run goes on
                    errors = [*errors, IngestError(doc.source, analysis)]
                    continue
                analysed.append(analysis)
                kept.append(doc)
                if on_progress and len(analysed) % PROGRESS_EVERY == 0:
                    on_progress(report.added + len(analysed) + report.duplicates + report.failed, report.failed)
            new = [replace(d, language=a.language) for d, a in zip(kept, analysed, strict=True)]
            store.write_batch(new, analysed, run)
            store.record_errors(errors, run)
            store.record_duplicates(report.duplicate_of[recorded[0]:], run)
            recorded[0] = len(report.duplicate_of)
            report.added += len(new)
            report.errors.extend(errors)
            for err in errors:
                if on_error:
                    on_error(err)
            if on_progress:
                on_progress(report.added + report.duplicates + report.failed, report.failed)

        counts = _count_units(inputs, options, store) if repetition else {}
        if counts:  # until they are stored, a kill leaves the mark and the next run counts the store again
            store.mark(COUNTS_PENDING)
        furniture = _furniture(counts)
        run_one = partial(analyze_or_reason, settings=settings)  # a module function and a record: workers unpickle
        complete = False
        try:
            pending = None
            for batch in _batches(iter_documents(inputs, options), BATCH):
                new, errors = _new_documents(batch, store, seen, report)
                known = [furniture.get(group_of(d), boilerplate.NO_FURNITURE) for d in new]
                # Workers analyse this batch while the main process stores the previous one.
                analyses = pool.map(run_one, new, known, chunksize=8) if pool else map(run_one, new, known)
                if pending:
                    finish(*pending)
                pending = (new, errors, analyses)
            if pending:
                finish(*pending)
            complete = True
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
            store.finish_run(run, report.added, report.duplicates, report.failed)
            if counts and complete:  # the counts cover every new document: stored only once they all are
                _store_counts(store, counts)
        if store.needs_linking(report.added):
            run_linkers(store)
    return report

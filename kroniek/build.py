"""Build or extend a chronicle: ingest, analyse new documents in a process pool, store in batches."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from kroniek.analyze import analyze
from kroniek.ingest import IngestOptions, iter_documents
from kroniek.link import run_linkers
from kroniek.model import Analysis, Document, IngestError
from kroniek.store import Store

MAX_NAMED = 100_000  # sources of this run's documents kept to name what a later input duplicates
BATCH = 256  # documents per transaction: small enough to lose little on a crash, big enough to be fast


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


def build(
    inputs: Iterable[str],
    out: Path,
    *,
    jobs: int | None = None,
    options: IngestOptions | None = None,
    command: str = "build",
    on_progress: Progress | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> BuildReport:
    """Add every new document of `inputs` to the chronicle in `out`; return what happened."""
    inputs = list(inputs)
    jobs = jobs or default_jobs()
    options = replace(options or IngestOptions(), detect_language=False)
    report = BuildReport()
    seen: set[str] = set()
    with Store.in_dir(out) as store:
        run = store.start_run(command, inputs)
        pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
        recorded = [0]  # duplicates written to the store so far

        def finish(new: list[Document], errors: list[IngestError], analyses: Iterable[Analysis]) -> None:
            analysed = list(analyses)
            new = [replace(d, language=a.language) for d, a in zip(new, analysed, strict=True)]
            store.write_batch(new, analysed, run)
            store.record_errors(errors, run)
            store.record_duplicates(report.duplicate_of[recorded[0]:], run)
            recorded[0] = len(report.duplicate_of)
            report.added += len(new)
            report.errors.extend(errors)
            for err in errors if on_error else ():
                on_error(err)
            if on_progress:
                on_progress(report.added + report.duplicates + report.failed, report.failed)

        try:
            pending = None
            for batch in _batches(iter_documents(inputs, options), BATCH):
                new, errors = _new_documents(batch, store, seen, report)
                # Workers analyse this batch while the main process stores the previous one.
                analyses = pool.map(analyze, new, chunksize=8) if pool else map(analyze, new)
                if pending:
                    finish(*pending)
                pending = (new, errors, analyses)
            if pending:
                finish(*pending)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
            store.finish_run(run, report.added, report.duplicates, report.failed)
        if report.added or not store.count("entities"):
            run_linkers(store)
    return report

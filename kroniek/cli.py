"""The `kroniek` command line. Thin: parse arguments, call the library, print.

Exit codes: 0 all inputs read; 1 some inputs could not be read (the rest is stored); 2 usage error;
3 the chronicle cannot be opened or written.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kroniek import __version__
from kroniek.build import BuildReport, build
from kroniek.citation import citation_label, outlet, public_source
from kroniek.edits import EditError, Edits, from_json
from kroniek.evaluate import eval_app, load_kinds
from kroniek.export.chronology import grouped, render_by_date, render_timeline, review_label
from kroniek.export.contract import chronicle
from kroniek.export.report import write_report
from kroniek.export.tables import export_tables
from kroniek.ingest import IngestOptions
from kroniek.ingest.records import FieldMap, Notice
from kroniek.link.timeline import DEFAULT_SENTENCES, default_dates, documents, event_scores
from kroniek.link.timeline import select as select_timeline
from kroniek.model import AnalysisSettings, IngestError
from kroniek.spark.cli import spark_app  # imports pyspark only when a spark command runs
from kroniek.store import DB_NAME, Store, StoreError

NerOpt = Annotated[str, typer.Option("--ner", help="entity recogniser: auto, builtin, frog or spacy:<pipeline>")]
# The reading options that build, add and watch share (one declaration, one help text).
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", help="worker processes (default: cores)")]
FieldOpt = Annotated[list[str], typer.Option("--field", help="record field mapping KEY=NAME, e.g. text=body (keys: id, "
                                             "title, text, date, url, source, author; date=none: undated on "
                                             "purpose). Usual column names are found without it")]
FormatOpt = Annotated[str | None, typer.Option("--format", help="force a reader: text, html, feed, json, jsonl, csv, "
                                               "tsv")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="largest single-article file")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q")]
MAX_BYTES = 20 * 1024 * 1024


def _choose_ner(name: str, quiet: bool) -> AnalysisSettings:
    """Check the entity recogniser; the settings carry the choice to the analysis (and its worker processes)."""
    from kroniek import ner
    try:
        ner.check(name)
    except ner.BackendUnavailable as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    if not quiet:
        err_console.print(f"entity recogniser: {ner.describe_choice(name)}", highlight=False)
    return AnalysisSettings(ner=name)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

app = typer.Typer(
    help="Kroniek: a sourced chronicle from a pile of news articles.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
load_kinds()
app.add_typer(eval_app, name="eval")
app.add_typer(spark_app, name="spark")

ChronicleArg = Annotated[Path, typer.Argument(help="chronicle folder (or .duckdb file)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def _fail(message: str, code: int) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _open(path: Path) -> Store:
    try:
        return Store.in_dir(path, read_only=True)
    except StoreError as exc:
        raise _fail(str(exc), EXIT_STORE) from exc


def _print_error(err: IngestError) -> None:
    err_console.print(f"skipped {err.source}: {err.reason}", highlight=False, markup=False)


def _print_notice(notice: Notice) -> None:
    err_console.print(f"note: {notice.source}: {notice.message}", highlight=False, markup=False)


def _run_build(inputs: list[str], out: Path, jobs: int | None, fields: list[str], fmt: str | None,
               max_bytes: int, command: str, quiet: bool, settings: AnalysisSettings) -> BuildReport:
    try:
        options = IngestOptions(fields=FieldMap.parse(fields), max_bytes=max_bytes, format=fmt,
                                on_notice=_print_notice)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    started = time.perf_counter()
    # On a terminal only: a log file or pipe gets the summary lines, not a redrawn bar.
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn(
        "{task.completed:,} articles"), _RateColumn(), TimeElapsedColumn(), console=err_console,
        disable=quiet or not err_console.is_terminal, transient=True)
    with progress:
        task = progress.add_task("analysing", total=None)
        try:
            report = build(
                inputs, out, jobs=jobs, options=options, command=command,
                on_progress=lambda done, failed: progress.update(task, completed=done),
                on_error=_print_error, settings=settings,
            )
        except StoreError as exc:
            raise _fail(str(exc), EXIT_STORE) from exc
        except (duckdb.Error, OSError) as exc:  # disk full, or the chronicle's folder gone: what was committed stays
            raise _fail(f"could not write the chronicle in {out} ({exc}); it holds what was stored before", EXIT_STORE
                        ) from exc
    seconds = time.perf_counter() - started
    if not quiet:
        rate = f", {(report.added + report.duplicates) / seconds:.1f} articles/s" if seconds >= 1 else ""
        err_console.print(
            f"{report.added} documents added, {report.duplicates} duplicates skipped, {report.failed} inputs failed "
            f"({seconds:.1f} s{rate}) → {out / DB_NAME if out.suffix != '.duckdb' else out}", highlight=False)
        _print_duplicates(report)
    return report


SHOWN_DUPLICATES = 10


def _print_duplicates(report: BuildReport) -> None:
    """Each skipped input with the document it repeats: 'b.txt = a.txt (document 1f3a…)', a few, then a pointer."""
    if not report.duplicate_of:
        return
    with_sources = dict(report.duplicate_sources)
    for source, doc in report.duplicate_of[:SHOWN_DUPLICATES]:
        first = with_sources.get(doc, "a stored document")
        err_console.print(f"  duplicate: {public_source(source)} = {public_source(first)} (document {doc[:8]})",
                          highlight=False, markup=False)
    if len(report.duplicate_of) > SHOWN_DUPLICATES:
        err_console.print(f"  … and {len(report.duplicate_of) - SHOWN_DUPLICATES} more: kroniek documents DIR "
                          "--duplicates", highlight=False, markup=False)


class _RateColumn(ProgressColumn):
    """Articles per second since the start (rich's own speed column smooths over too short a window)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0
        return Text(f"{task.completed / elapsed:,.1f} articles/s" if elapsed > 1 and task.completed else "")


@app.command("build")
def build_cmd(
    inputs: Annotated[list[str], typer.Argument(help="files, folders (read recursively) or - for stdin")],
    out: Annotated[Path, typer.Option("--out", "-o", help="chronicle folder")] = Path("chronicle"),
    jobs: JobsOpt = None,
    field: FieldOpt = [],  # noqa: B006
    fmt: FormatOpt = None,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    report: Annotated[bool, typer.Option("--report/--no-report", help="write DIR/report.html")] = True,
    quiet: QuietOpt = False,
    ner: NerOpt = "auto",
) -> None:
    """Create or update the chronicle in DIR from INPUTs; analyses only documents not stored yet."""
    settings = _choose_ner(ner, quiet)
    result = _run_build(inputs, out, jobs, field, fmt, max_bytes, "build", quiet, settings)
    if report:
        with _open(out) as store:
            try:
                path = write_report(store, (out if out.suffix != ".duckdb" else out.parent) / "report.html")
            except OSError as exc:  # disk full: the chronicle is whole, the old report too (written aside)
                raise _fail(f"could not write the report ({exc}); the chronicle is stored", EXIT_STORE) from exc
        if not quiet:
            err_console.print(f"report → {path}", highlight=False)
    raise typer.Exit(EXIT_PARTIAL if result.failed else EXIT_OK)


@app.command("add")
def add_cmd(
    chronicle_dir: ChronicleArg,
    inputs: Annotated[list[str], typer.Argument(help="files, folders or - for stdin")],
    jobs: JobsOpt = None,
    field: FieldOpt = [],  # noqa: B006
    fmt: FormatOpt = None,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    quiet: QuietOpt = False,
    ner: NerOpt = "auto",
) -> None:
    """Add new documents to an existing chronicle and analyse only those."""
    settings = _choose_ner(ner, quiet)
    _open(chronicle_dir).close()  # must exist already: `build` creates
    result = _run_build(inputs, chronicle_dir, jobs, field, fmt, max_bytes, "add", quiet, settings)
    raise typer.Exit(EXIT_PARTIAL if result.failed else EXIT_OK)


@app.command("watch")
def watch_cmd(
    chronicle_dir: ChronicleArg,
    inputs: Annotated[list[Path], typer.Argument(help="folders and feed files (RSS/Atom, JSON Lines, ...) to watch")],
    interval: Annotated[float, typer.Option("--interval", help="seconds between looks", min=0.1)] = 60.0,
    rounds: Annotated[int | None, typer.Option("--rounds", help="stop after this many looks (default: never)",
                                               min=1)] = None,
    jobs: JobsOpt = None,
    field: FieldOpt = [],  # noqa: B006
    fmt: FormatOpt = None,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    quiet: QuietOpt = False,
    ner: NerOpt = "auto",
) -> None:
    """Add new articles as they arrive: every --interval seconds, the new or changed files under the folders and
    the changed feed files go to `kroniek add` (stored entries are skipped as duplicates). Runs until stopped."""
    from kroniek.watch import watch

    settings = _choose_ner(ner, quiet)
    _open(chronicle_dir).close()  # must exist already: `build` creates

    def add(paths: list[Path]) -> None:
        if not quiet:
            err_console.print(f"{time.strftime('%H:%M:%S')} {len(paths)} new or changed: "
                              f"{', '.join(p.name for p in paths[:5])}{' …' if len(paths) > 5 else ''}",
                              highlight=False)
        _run_build([str(p) for p in paths], chronicle_dir, jobs, field, fmt, max_bytes, "add", quiet, settings)

    try:
        watch(inputs, add, interval, rounds)
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


@app.command("info")
def info_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """What the chronicle holds: record counts, languages, date span, runs."""
    with _open(chronicle_dir) as store:
        counts = {t: store.count(t) for t in ("documents", "sentences", "tokens", "timexes", "mentions",
                                              "entities", "quotes", "claims", "event_mentions", "events",
                                              "timeline", "conflicts", "ingest_errors")}
        languages = dict(store.con.execute(
            "SELECT language, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall())
        span = store.con.execute("SELECT min(date), max(date) FROM documents").fetchone() or (None, None)
        undated = (store.con.execute("SELECT count(*) FROM documents WHERE date IS NULL").fetchone() or (0,))[0]
        runs = store.count("runs")
    info = {"path": str(store.path), "counts": counts, "languages": languages,
            "dates": {"first": span[0], "last": span[1], "undated": undated}, "runs": runs}
    if as_json:
        out_console.print_json(data=info)
        return
    table = Table(title=f"Kroniek chronicle {store.path}", show_header=False)
    for key, value in counts.items():
        table.add_row(key, f"{value:,}")
    table.add_row("languages", ", ".join(f"{k}: {v}" for k, v in languages.items()))
    table.add_row("dates", f"{span[0]} … {span[1]} ({undated} undated)")
    table.add_row("runs", str(runs))
    out_console.print(table)


def _emit(rows: list[dict], columns: list[str], title: str, as_json: bool, empty: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    if not rows:
        err_console.print(empty, highlight=False)
        return
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        if "date" in columns and row.get("date") is None and row.get("not_before"):
            row = {**row, "date": f"after {row['not_before']}"}
        if "status" in columns and row.get("conflicts"):  # its sources disagree: `kroniek conflicts` has both sides
            row = {**row, "status": f"{row.get('status')} ⚠ disputed"}
        if row.get("review"):  # a journalist's review (kroniek edits)
            row = {**row, "status": f"{row.get('status') or ''} {review_label(row)}".strip()}
        table.add_row(*[_cell(row.get(c)) for c in columns])
    out_console.print(table)


def _cell(value: object) -> str:
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _cited_docs(value)
        return ", ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


def _cited_docs(spans: list[dict]) -> str:
    """Each cited document once, in order of first citation, with how many passages it gives:
    'NRC · 2019-12-30 ×3' (the outlet and date; the document id when the span carries no citation label)."""
    counts: dict[str, int] = {}
    for span in spans:
        doc = str(span.get("citation") or str(span.get("doc", ""))[:8])
        counts[doc] = counts.get(doc, 0) + 1
    return ", ".join(doc if n == 1 else f"{doc} ×{n}" for doc, n in counts.items())


def _label_sources(store: Store, rows: list[dict]) -> None:
    """Cited spans computed outside the export contract get its citation labels ('NRC · 2019-12-30')."""
    docs = {d["id"]: citation_label(d, with_title=False)
            for d in store.rows("SELECT id, source, outlet, date FROM documents")}
    for row in rows:
        for span in row.get("sources") or []:
            span.setdefault("citation", docs.get(span.get("doc"), str(span.get("doc", ""))[:8]))


def _section(chronicle_dir: Path, key: str) -> list[dict]:
    with _open(chronicle_dir) as store:
        return chronicle(store)[key]


_DUPLICATES_SQL = """
SELECT u.source AS input, u.doc AS duplicates, d.source AS stored_as, d.outlet, d.date, d.title, u.run
FROM duplicates u LEFT JOIN documents d ON d.id = u.doc ORDER BY u.run, u.source"""


@app.command("documents")
def documents_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    as_json: JsonOpt = False,
    duplicates: Annotated[bool, typer.Option("--duplicates", help="list the inputs skipped as duplicates, each "
                                             "with the stored document it repeats")] = False,
) -> None:
    """List the documents with their outlet, date, its precision and where it came from."""
    with _open(chronicle_dir) as store:
        if duplicates:
            rows = store.rows(_DUPLICATES_SQL)
            for row in rows:
                row["input"], row["stored_as"] = public_source(row["input"]), public_source(row["stored_as"])
            _emit(rows, ["input", "duplicates", "stored_as", "outlet", "date", "run"], "inputs skipped as duplicates",
                  as_json, "no duplicates skipped")
            return
        rows = store.documents(with_text=False)
    for row in rows:
        row["added_at"] = str(row["added_at"])
        row["outlet"], row["source"] = outlet(row), public_source(row["source"])
        if not row["date"] and (row["date_from"] or row["date_to"]):  # a range: inferred from the text or corpus
            row["date"] = f"{row['date_from'] or '…'} – {row['date_to'] or '…'}"
    _emit(rows, ["id", "date", "date_precision", "date_source", "language", "outlet", "title", "source"],
          "documents", as_json, "no documents yet")


@app.command("timeline")
def timeline_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    as_json: JsonOpt = False,
    dates: Annotated[int | None, typer.Option(
        "--dates", "-n", help="number of key dates (default: as built: the whole stated story for a corpus of "
        "up to 30 documents, 20 key dates above)")] = None,
    sentences: Annotated[int | None, typer.Option("--sentences", "-s", help="source sentences per date")] = None,
) -> None:
    """The story's key dates, oldest first, each with a summary of source sentences and their citations."""
    with _open(chronicle_dir) as store:
        if dates is None and sentences is None:
            rows = chronicle(store)["timeline"]
        else:
            events = event_scores(store)
            n = dates if dates is not None else default_dates(documents(store), events)
            rows = select_timeline(events, n, sentences or DEFAULT_SENTENCES)
            _label_sources(store, rows)
        names = _short_names(store)
    if as_json or not rows:
        _emit(rows, [], "timeline", as_json, "no timeline yet: the chronicle has no dated events")
        return
    sys.stdout.write(render_timeline(rows, out_console.width, names))


@app.command("events")
def events_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    as_json: JsonOpt = False,
    by_date: Annotated[bool, typer.Option(
        "--by-date", help="the full chronology: every dated event, grouped by year and month, each cited")] = False,
) -> None:
    """Events, each once with all its sources: date at its precision, type, status, participants, place."""
    if not by_date:
        _emit(_section(chronicle_dir, "events"), ["date", "date_precision", "type", "status", "summary", "sources"],
              "events", as_json, "no events yet")
        return
    with _open(chronicle_dir) as store:
        entries = chronicle(store)["chronology"]
        names = _short_names(store)
    if as_json:
        sys.stdout.write(json.dumps(grouped(entries), ensure_ascii=False, indent=1, default=str) + "\n")
    elif not entries:
        err_console.print("no dated events yet", highlight=False)
    else:
        sys.stdout.write(render_by_date(entries, out_console.width, names))


def _short_names(store: Store) -> dict[str, str]:
    """Each document by a short name for the sources line: its title, else 'outlet · date' or its file."""
    return {d["id"]: d.get("title") or citation_label(d, with_title=False)
            for d in store.rows("SELECT id, source, outlet, date, title FROM documents")}


@app.command("entities")
def entities_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """People, organisations and places, one per real-world entity, with aliases."""
    listed = [e for e in _section(chronicle_dir, "entities") if "merged_into" not in e]  # merged by an editor
    _emit(listed, ["id", "name", "type", "aliases", "descriptions"], "entities", as_json, "no entities yet")


@app.command("quotes")
def quotes_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    as_json: JsonOpt = False,
    speaker: Annotated[str | None, typer.Option("--speaker", help="one speaker's statements, oldest first")] = None,
) -> None:
    """Who said what, with the source span."""
    if speaker:
        with _open(chronicle_dir) as store:
            rows = _speaker_quotes(store, speaker)
        _emit(rows, ["date", "doc", "speaker_text", "speaker_name", "cue", "direct", "text"], f"quotes: {speaker}",
              as_json, f"no quotes by {speaker}")
        return
    _emit(_section(chronicle_dir, "quotes"), ["doc", "speaker_text", "cue", "direct", "text"], "quotes",
          as_json, "no quotes yet")


_SPEAKER_SQL = """
SELECT d.date, q.doc, q.speaker_text, substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start)
       AS speaker_name, q.cue, q.direct, q.text
FROM quotes q JOIN documents d ON d.id = q.doc LEFT JOIN entities e ON e.id = q.speaker
WHERE lower(q.speaker_text) LIKE $n
   OR lower(substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start)) LIKE $n
   OR lower(e.name) LIKE $n OR len(list_filter(coalesce(e.aliases, []), lambda a: lower(a) LIKE $n)) > 0
ORDER BY d.date NULLS LAST, q.doc, q.start"""


def _speaker_quotes(store: Store, name: str) -> list[dict]:
    """Statements whose surface speaker, named mention or linked entity (name, aliases) matches `name`."""
    cur = store.con.execute(_SPEAKER_SQL, {"n": f"%{name.lower()}%"})
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


@app.command("claims")
def claims_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """Numbers claimed in the sources: value, unit, what is counted, who claims it."""
    _emit(_section(chronicle_dir, "claims"), ["doc", "value", "unit", "counts", "speaker_text", "text"], "claims",
          as_json, "no claims yet")


@app.command("conflicts")
def conflicts_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """Where sources disagree on a place, date, number or participant."""
    _emit(_section(chronicle_dir, "conflicts"), ["kind", "description", "sides"], "conflicts", as_json,
          "no conflicts found")


@app.command("timexes")
def timexes_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """Time expressions with their TIMEX3 values."""
    _emit(_section(chronicle_dir, "timexes"), ["doc", "text", "type", "value"], "time expressions", as_json,
          "no time expressions yet")


@app.command("errors")
def errors_cmd(chronicle_dir: ChronicleArg = Path("chronicle"), as_json: JsonOpt = False) -> None:
    """Inputs that could not be read, with the reason, over all runs."""
    _emit(_section(chronicle_dir, "ingest_errors"), ["source", "reason"], "inputs that failed", as_json,
          "no failed inputs")


@app.command("export")
def export_cmd(
    chronicle_dir: ChronicleArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, parquet, timelinejs, graphml or "
                                     "gexf")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (json) or folder (csv, parquet); "
                                                "json goes to stdout without it")] = None,
) -> None:
    """Write the chronicle: JSON (the schema contract) or one CSV/Parquet file per table."""
    with _open(chronicle_dir) as store:
        if fmt == "json":
            text = json.dumps(chronicle(store), ensure_ascii=False, indent=1)
            if output is None:
                sys.stdout.write(text + "\n")
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(text + "\n", encoding="utf-8")
        elif fmt in ("csv", "parquet"):
            folder = output or (store.path.parent / f"export-{fmt}")
            paths = export_tables(store, folder, fmt)
            err_console.print(f"{len(paths)} tables → {folder}", highlight=False)
        elif fmt in ("timelinejs", "graphml", "gexf"):
            _export_for_tools(store, fmt, output)
        else:
            raise _fail(f"unknown format {fmt!r}: use json, csv, parquet, timelinejs, graphml or gexf", EXIT_USAGE)


def _export_for_tools(store: Store, fmt: str, output: Path | None) -> None:
    """TimelineJS JSON (stdout without --output), or the entity network as GraphML/GEXF for Gephi."""
    if fmt == "timelinejs":
        from kroniek.export.timelinejs import timelinejs
        text = json.dumps(timelinejs(store), ensure_ascii=False, indent=1)
        if output is None:
            sys.stdout.write(text + "\n")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    else:
        from kroniek.export.network import write_network
        output = write_network(store, output or store.path.parent / f"network.{fmt}", fmt)
    err_console.print(f"{fmt} → {output}", highlight=False)


@app.command("edits")
def edits_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    as_json: JsonOpt = False,
    import_file: Annotated[Path | None, typer.Option(
        "--import", help="re-apply the edits of a JSON file (as `--json` or /api/edits write it) to this chronicle")
    ] = None,
) -> None:
    """The journalist's corrections made with `serve --edit` (kept in edits.duckdb beside the chronicle), oldest
    first; `--json` writes them to move to another build of the same articles, `--import` reads them back."""
    path = chronicle_dir.parent if chronicle_dir.suffix == ".duckdb" else chronicle_dir
    if not (path / DB_NAME).is_file():
        raise _fail(f"no chronicle in {path}", EXIT_USAGE)
    edits = Edits.beside(path)
    if import_file is not None:
        try:
            rows = json.loads(import_file.read_text(encoding="utf-8"))
            if not isinstance(rows, list):
                raise EditError("the file holds no list of edits")
            n = edits.insert([from_json(r) for r in rows])
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, EditError) as exc:
            raise _fail(f"{import_file}: {str(exc)[:200]} (nothing imported)", EXIT_USAGE) from None
        err_console.print(f"{n} edits imported into {edits.path}", highlight=False)
        return
    _emit([{"target": e.target, "key": e.key, **e.public()} for e in edits.all()],
          ["edited_at", "target", "key", "action", "value", "edited_by"], "edits", as_json,
          "no edits (make them with kroniek serve --edit)")


@app.command("report")
def report_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    title: Annotated[str, typer.Option("--title")] = "Kroniek",
) -> None:
    """Write the self-contained HTML report (default DIR/report.html)."""
    with _open(chronicle_dir) as store:
        path = write_report(store, output or store.path.parent / "report.html", title)
    err_console.print(f"report → {path}", highlight=False)


@app.command("serve")
def serve_cmd(
    chronicle_dir: ChronicleArg = Path("chronicle"),
    host: Annotated[str, typer.Option("--host", help="address to listen on; other machines can reach the app "
                                      "only if you give a public one")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p")] = 8000,
    title: Annotated[str, typer.Option("--title")] = "Kroniek",
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="a Host name the app may be reached by besides --host and loopback (repeatable)")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="let the journalist correct the chronicle in the pages "
                                       "(loopback only; corrections go to edits.duckdb beside the chronicle)")] = False,
) -> None:
    """Browse the chronicle in a read-only web app, with a JSON API under /api. `kroniek add` can write the
    chronicle while it is served: new articles show after a reload."""
    from kroniek.web.serve import open_live, run
    try:
        live = open_live(chronicle_dir)
    except StoreError as exc:
        raise _fail(str(exc), EXIT_STORE) from exc
    err_console.print(f"serving {live.path} at http://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    try:
        run(live, host, port, title, tuple(allow_host or ()), edit)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    out_console.print(__version__)


if __name__ == "__main__":
    app()

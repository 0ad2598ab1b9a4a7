"""A small chronicle for the web app and tool-export tests, independent of the analysis layers' output.

The five seed articles are ingested and segmented, then entities, mentions, time expressions, quotes, claims,
events, a timeline and a conflict are written by hand with offsets found in the seed texts. An extra article of
our own carries script and event-handler payloads in every field the pages show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from conftest import SEEDS
from kroniek.analyze.segment import split_sentences, tokenize
from kroniek.ingest import iter_documents
from kroniek.model import Analysis, Document
from kroniek.resources import language_resources
from kroniek.store import Store
from kroniek.web.app import create_app
from kroniek.web.live import Live

XSS_SCRIPT = '<script>alert("kroniek")</script>'
XSS_IMG = "<img src=x onerror=alert(1)>"
EVIL_ID = "e0000000000000000000000000000bad"
EVIL_ENTITY = 'ent-"><script>x</script>'
EVIL_TEXT = (f"Burgemeester {XSS_SCRIPT} Jansen zei dinsdag: \"Dit is {XSS_IMG} onacceptabel.\"\n\n"
             f"Volgens de politie kwamen er 300 mensen op af {XSS_IMG}.")

ENGLISH_ID = "e0000000000000000000000000000e01"
ENGLISH_TEXT = ("The North Korean leader and the Russian president met in Vladivostok on Thursday.\n\n"
                "Officials described the meetings as friendly and businesslike.")

LAYER_TABLES = ("timexes", "mentions", "quotes", "claims", "event_mentions", "entities", "events", "timeline",
                "conflicts")


class Texts:
    """Find spans in the stored documents by the seed's number and the words."""

    def __init__(self, docs: dict[str, tuple[str, str]]) -> None:
        self.docs = docs  # seed prefix -> (doc id, text)

    def span(self, seed: str, words: str, nth: int = 0) -> dict:
        doc_id, text = self.docs[seed]
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return {"doc": doc_id, "start": start, "end": start + len(words), "text": words}

    def all(self, seed: str, words: str) -> list[dict]:
        doc_id, text = self.docs[seed]
        out, start = [], text.find(words)
        while start >= 0:
            out.append({"doc": doc_id, "start": start, "end": start + len(words), "text": words})
            start = text.find(words, start + 1)
        return out

    def sentence(self, seed: str, words: str) -> dict:
        """The span from `words` to the end of its sentence (the next full stop)."""
        doc_id, text = self.docs[seed]
        start = text.index(words)
        end = text.index(".", start) + 1
        return {"doc": doc_id, "start": start, "end": end, "text": text[start:end]}


def _analysis(doc: Document) -> Analysis:
    sentences = split_sentences(doc.text, language_resources(doc.language))
    return Analysis(doc_id=doc.id, language=doc.language, sentences=sentences, tokens=tokenize(doc.text, sentences))


def _insert(store: Store, table: str, rows: list[dict]) -> None:
    for row in rows:
        names = ", ".join(f'"{k}"' for k in row)
        marks = ", ".join("?" for _ in row)
        store.con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))


def build_web_chronicle(out: Path, evil: bool = True) -> Path:
    """Write the fixture chronicle into `out`; return the folder."""
    docs = [d for d in iter_documents([str(SEEDS)]) if isinstance(d, Document)]
    docs.append(Document(id=ENGLISH_ID, source="leaders-meet.txt", text=ENGLISH_TEXT,
                         title="Leaders meet in Vladivostok", date="2019-04-25", date_precision="day",
                         date_source="metadata", language="en"))
    if evil:
        docs.append(Document(id=EVIL_ID, source=f"evil{XSS_IMG}.txt", text=EVIL_TEXT, title=XSS_SCRIPT,
                             date="2019-03-12", date_precision="day", date_source="metadata", language="nl",
                             url=f"javascript:alert(1)//{XSS_SCRIPT}"))
    with Store.in_dir(out) as store:
        run = store.start_run("test", [str(SEEDS)])
        store.write_batch(docs, [_analysis(d) for d in docs], run)
        for table in LAYER_TABLES:  # whatever the installed annotators found: replaced by known rows
            store.con.execute(f"DELETE FROM {table}")
        texts = Texts({Path(d.source).name[:3]: (d.id, d.text) for d in docs})
        _fill(store, texts, evil)
    return out


def _entity(eid: str, name: str, etype: str, aliases: list[str], descriptions: list[str],
            mentions: list[dict]) -> dict:
    return {"id": eid, "name": name, "type": etype, "aliases": aliases, "descriptions": descriptions,
            "mentions": json.dumps(mentions)}


def _fill(store: Store, t: Texts, evil: bool) -> None:
    kim = t.all("002", "Kim Jong-un") + t.all("001", "Kim Jong-un") + t.all("000", "Kim Jung-un")
    poetin = t.all("002", "Poetin") + t.all("001", "Poetin") + t.all("000", "Poetin") + t.all("004", "Poetin")
    breuker = t.all("002", "Breuker") + t.all("003", "Breuker")
    vlad = t.all("002", "Vladivostok") + t.all("001", "Vladivostok")
    entities = [
        _entity("kim-jong-un", "Kim Jong-un", "PER", ["Kim Jong-un", "Kim Jung-un"],
                ["Noord-Koreaanse leider", "dictator"], kim),
        _entity("vladimir-poetin", "Vladimir Poetin", "PER", ["Poetin", "Vladimir Poetin"], ["Russische president"],
                poetin),
        _entity("remco-breuker", "Remco Breuker", "PER", ["Breuker", "Remco Breuker"], ["hoogleraar Korea Studies"],
                breuker),
        _entity("vladivostok", "Vladivostok", "GPE", ["Vladivostok"], [], vlad),
    ]
    mentions = [{**m, "type": e["type"], "sentence": 0, "entity": e["id"]}
                for e in entities for m in json.loads(e["mentions"])]
    timexes = [{**t.span("002", "donderdag"), "type": "DATE", "value": "2019-04-25"},
               {**t.span("002", "2001"), "type": "DATE", "value": "2001"}]
    quote_002 = t.span("002", "Het is een ontmoeting die op korte termijn is geregeld, wat duidt op "
                              "veiligheidszorgen bij Kim Jong-un")
    quotes = [
        {**quote_002, "speaker_text": "Breuker", "cue": "zegt", "direct": True, "speaker": "remco-breuker"},
        {**t.span("000", "Wij hebben altijd de beslissingen van Vladimir Poetin gesteund"), "speaker_text":
         "de Noord-Koreaanse leider", "cue": "aldus", "direct": True, "speaker": "kim-jong-un"},
    ]
    claims = [
        {**t.span("002", "zo'n tienduizend Noord-Koreaanse arbeiders"), "value": 10000.0, "unit": None,
         "counts": "Noord-Koreaanse arbeiders", "approx": "zo'n", "speaker_text": "Breuker",
         "speaker": "remco-breuker"},
        {**t.span("001", "zo'n 4 uur"), "value": 4.0, "unit": "hours", "counts": "duur van de bijeenkomst",
         "approx": "zo'n"},
        {**t.span("000", "Vier uur"), "value": 4.0, "unit": "hours", "counts": "duur van het gesprek"},
    ]
    ev_visit = t.sentence("002", "De Noord-Koreaanse dictator Kim Jong-un gaat donderdag")
    ev_talk = [t.sentence("000", "Vier uur lang spraken"), t.sentence("001", "De bijeenkomst tussen Kim Jong-un")]
    events = [
        {"id": "ev-visit-2019", "date": "2019-04-25", "date_precision": "day",
         "summary": "Kim Jong-un bezoekt Poetin in Vladivostok", "type": "CONSULT", "status": "planned",
         "participants": ["kim-jong-un", "vladimir-poetin"], "location": "vladivostok",
         "sources": json.dumps([ev_visit])},
        {"id": "ev-talk-2023", "date": "2023-09", "date_precision": "month",
         "summary": "Kim en Poetin spreken vier uur met elkaar", "type": "CONSULT", "status": "happened",
         "participants": ["kim-jong-un", "vladimir-poetin"], "location": None, "sources": json.dumps(ev_talk)},
        {"id": "ev-father-2001", "date": "2001", "date_precision": "year",
         "summary": "Kim Jong-il bezoekt Rusland per trein", "type": "TRAVEL", "status": "happened",
         "participants": [], "location": None, "sources": json.dumps([t.sentence("002", "Zijn vader, Kim Jong-il")])},
        {"id": "ev-letter-2022", "date": "2022-08", "date_precision": "month",
         "summary": "Poetin schrijft Kim een hartelijke brief", "type": "COMMUNICATE", "status": "happened",
         "participants": ["vladimir-poetin", "kim-jong-un"], "location": None,
         "sources": json.dumps([t.sentence("004", "In een hartelijke brief")])},
        {"id": "ev-breuker", "date": "2019-04", "date_precision": "month",
         "summary": "Breuker duidt de ontmoeting", "type": "COMMENT", "status": "happened",
         "participants": ["remco-breuker", "kim-jong-un"], "location": None, "sources": json.dumps([quote_002])},
        {"id": "ev-pyongyang", "date": None, "date_precision": "unknown",
         "summary": "Poetin gaat naar Noord-Korea", "type": "TRAVEL", "status": "speculated",
         "participants": ["vladimir-poetin"], "location": None,
         "sources": json.dumps([t.sentence("003", "Het tweetal gaat mogelijk")])},
    ]
    timeline = [
        {"rank": 0, "date": "2019-04-25", "date_precision": "day", "summary": events[0]["summary"],
         "event": "ev-visit-2019", "score": 2.0, "sources": events[0]["sources"]},
        {"rank": 1, "date": "2023-09", "date_precision": "month", "summary": events[1]["summary"],
         "event": "ev-talk-2023", "score": 3.0, "sources": events[1]["sources"]},
    ]
    conflicts = [{"id": "c-name-kim", "kind": "name_variant", "description": "Kim Jong-un of Kim Jung-un?",
                  "sides": json.dumps([t.span("000", "Kim Jung-un"), t.span("001", "Kim Jong-un")])}]
    if evil:
        _evil_rows(entities, mentions, quotes, claims, events, conflicts, t)
    for table, rows in (("entities", entities), ("mentions", mentions), ("timexes", timexes), ("quotes", quotes),
                        ("claims", claims), ("events", events), ("timeline", timeline), ("conflicts", conflicts)):
        _insert(store, table, rows)


def _evil_rows(entities: list, mentions: list, quotes: list, claims: list, events: list, conflicts: list,
               t: Texts) -> None:
    """Payloads in every field a page shows, with offsets into the evil article."""
    def span(words: str) -> dict:
        start = EVIL_TEXT.index(words)
        return {"doc": EVIL_ID, "start": start, "end": start + len(words), "text": words}

    script, img = span(XSS_SCRIPT), span(XSS_IMG)
    entities.append(_entity(EVIL_ENTITY, XSS_SCRIPT, "PER", [XSS_IMG, XSS_SCRIPT], [XSS_IMG], [script, img]))
    mentions += [{**script, "type": "PER", "sentence": 0, "entity": EVIL_ENTITY},
                 {**img, "type": "MISC", "sentence": 0, "entity": EVIL_ENTITY, "norm": XSS_IMG}]
    quotes.append({**span(f"Dit is {XSS_IMG} onacceptabel."), "speaker_text": XSS_SCRIPT, "cue": XSS_IMG,
                   "direct": True, "speaker": EVIL_ENTITY})
    claims.append({**span("300 mensen"), "value": 300.0, "unit": XSS_IMG, "counts": XSS_SCRIPT,
                   "speaker_text": XSS_IMG, "approx": XSS_SCRIPT})
    events.append({"id": "ev-evil", "date": "2019-03-12", "date_precision": "day", "summary": f"{XSS_SCRIPT} {XSS_IMG}",
                   "type": XSS_IMG, "status": "happened", "participants": [EVIL_ENTITY, "vladimir-poetin"],
                   "location": None, "sources": json.dumps([span(f"Burgemeester {XSS_SCRIPT} Jansen")])})
    conflicts.append({"id": "c-evil", "kind": XSS_IMG, "description": XSS_SCRIPT,
                      "sides": json.dumps([img, t.span("002", "Vladivostok")])})


# --- a large chronicle, generated: the web app at the size of a real archive ----------------------------

OUTLETS = ("NRC", "Trouw", "AD", "de Volkskrant")
STATUSES = ("happened", "planned", "speculated", "denied")
EARLY = ("1700", "1915", "1945-05", "1961", "1989-11-09", "1991", "2001", "2006-06", "2011", "2015-03-02")
LATE = ("2030", "2031-06", "2040", "2050", "2050-01-01")


def build_large_chronicle(out: Path, n_docs: int = 1400, n_events: int = 1100, n_quotes: int = 3000,
                          n_undated: int = 50) -> Path:
    """A generated chronicle about the size of dpgmedia2019 (1,366 documents, ~1,100 events): our own words,
    dates mostly in 2019 with early and late outliers (EARLY, LATE) and undated events, four outlets."""
    import pyarrow as pa

    from kroniek.store import DB_NAME

    people = [f"p{k:02d}" for k in range(60)]
    docs, mentions, events, quotes = [], [], [], []
    for i in range(n_docs):
        day = date(2019, 1, 1) + timedelta(days=i % 365)
        person = people[i % len(people)]
        text = (f"Persoon {person} sprak op {day.isoformat()} over onderwerp {i % 37}. "
                f"\"Dit is bericht {i} en het gaat goed\", zei {person}.")
        docs.append({"id": f"d{i:05d}", "source": f"gen/{i:05d}.txt", "title": f"Bericht {i} over onderwerp {i % 37}",
                     "language": "en" if i % 5 == 0 else "nl", "date": day.isoformat(), "date_precision": "day",
                     "date_source": "metadata", "text": text, "n_chars": len(text), "n_sentences": 2,
                     "n_tokens": len(text.split()), "added_at": datetime(2026, 1, 1), "run": 1,
                     "outlet": OUTLETS[i % len(OUTLETS)]})
        start = text.index(person)
        mentions.append({"doc": f"d{i:05d}", "start": start, "end": start + len(person), "text": person,
                         "type": "PER", "sentence": 0, "entity": person})
    for j in range(n_events):
        doc = docs[j % n_docs]
        if j < len(EARLY) + len(LATE):
            when = (EARLY + LATE)[j]
        elif j >= n_events - n_undated:
            when = None
        else:
            when = doc["date"]
        precision = "unknown" if when is None else {4: "year", 7: "month"}.get(len(when), "day")
        events.append({"id": f"ev-{j:05d}", "date": when, "date_precision": precision,
                       "summary": f"Gebeurtenis {j} met {people[j % 60]}", "type": ("MEET", "SAY", "VOTE")[j % 3],
                       "status": STATUSES[j % 4], "participants": [people[j % 60], people[(j + 1) % 60]],
                       "location": None, "sources": json.dumps([{"doc": doc["id"], "start": 0, "end": 20,
                                                                 "text": doc["text"][:20]}])})
    for k in range(n_quotes):
        doc = docs[k % n_docs]
        start = doc["text"].index('"') + 1
        end = doc["text"].index('"', start)
        quotes.append({"doc": doc["id"], "start": start, "end": end, "text": doc["text"][start:end],
                       "speaker_text": people[(k % n_docs) % 60], "cue": "zei", "direct": True,
                       "speaker": people[(k % n_docs) % 60]})
    entities = [{"id": p, "name": f"Persoon {p}", "type": "PER", "aliases": [p], "descriptions": [],
                 "mentions": json.dumps([{"doc": m["doc"], "start": m["start"], "end": m["end"]}
                                         for m in mentions if m["entity"] == p])} for p in people]
    timeline = [{"rank": r, "date": events[r * 40 + 20]["date"], "date_precision": "day",
                 "summary": events[r * 40 + 20]["summary"], "event": events[r * 40 + 20]["id"], "score": 1.0,
                 "sources": events[r * 40 + 20]["sources"]} for r in range(20) if r * 40 + 20 < n_events]
    with Store.in_dir(out) as store:
        for table, rows in (("documents", docs), ("mentions", mentions), ("events", events), ("quotes", quotes),
                            ("entities", entities), ("timeline", timeline)):
            if not rows:
                continue
            batch = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
            store.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")
    assert (out / DB_NAME).is_file()
    return out


ROOT = Path(__file__).resolve().parent.parent


def kroniek_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI in its own process, as a journalist runs it beside `kroniek serve`."""
    return subprocess.run([sys.executable, "-m", "kroniek", *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def wait_until(condition: Callable, what: str, limit: float = 60.0):
    """Poll until `condition()` is truthy (a bound on waiting for the background reload, not a timing)."""
    deadline = time.monotonic() + limit
    while not (value := condition()):
        assert time.monotonic() < deadline, what
        time.sleep(0.1)
    return value


@contextmanager
def served(folder: Path, **app_options) -> Iterator[tuple[Live, TestClient]]:
    """The app over a live chronicle folder (reloaded on every look), closed afterwards."""
    live = Live(folder, interval=0)
    try:
        with TestClient(create_app(live, **app_options)) as client:
            yield live, client
    finally:
        live.close()

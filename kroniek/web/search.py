"""Full-text search over a chronicle's documents with tantivy, stemmed per language.

Each document's text goes into the field of its language (`text_nl`, `text_en`, or `text_other` unstemmed), and
a query is parsed against all of them, so 'ontmoetingen' finds 'ontmoeten' in Dutch articles and 'meetings'
finds 'meeting' in English ones. The index is built once per chronicle into a folder beside chronicle.duckdb
and rebuilt only when the documents table changed (its fingerprint is kept in the folder); where that folder
cannot be written, the index lives in memory.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tantivy

from kroniek.store import Store

INDEX_DIR = "search-index"
FINGERPRINT = "fingerprint.txt"
INDEX_VERSION = "1"  # bump when the schema or the analysers change
# language code -> Snowball stemmer name in tantivy; other languages are lower-cased and folded only
STEMMERS = {"nl": "dutch", "en": "english"}
LANGS = (*STEMMERS, "other")


@dataclass(frozen=True, slots=True)
class Hit:
    doc: str
    score: float
    fragment: str  # plain text; highlight ranges are character offsets into it
    highlights: tuple[tuple[int, int], ...]


def _analyzer(stemmer: str | None) -> tantivy.TextAnalyzer:
    builder = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
               .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()))
    if stemmer:  # folding first so 'officiele' and 'officiële' stem alike
        builder = builder.filter(tantivy.Filter.stemmer(stemmer))
    return builder.build()


def _field(lang: str) -> str:
    return f"text_{lang}"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for lang in LANGS:
        sb.add_text_field(_field(lang), stored=True, tokenizer_name=f"kr_{lang}")
    return sb.build()


def _register(index: tantivy.Index) -> None:
    for lang in LANGS:
        index.register_tokenizer(f"kr_{lang}", _analyzer(STEMMERS.get(lang)))


def fingerprint(store: Store) -> str:
    """Changes whenever a document is added or removed (ids hashed, count and last addition)."""
    row = store.con.execute(
        "SELECT count(*), coalesce(bit_xor(hash(id)), 0), max(added_at) FROM documents").fetchone() or (0, 0, None)
    return f"{INDEX_VERSION}:{row[0]}:{row[1]}:{row[2]}"


def _fill(index: tantivy.Index, store: Store) -> None:
    writer = index.writer(heap_size=64_000_000, num_threads=1)
    cur = store.con.execute("SELECT id, language, coalesce(title, ''), text FROM documents")
    while batch := cur.fetchmany(500):
        for doc_id, language, title, text in batch:
            lang = language if language in STEMMERS else "other"
            body = f"{title}\n\n{text}" if title else text
            writer.add_document(tantivy.Document(id=doc_id, **{_field(lang): body}))
    writer.commit()
    writer.wait_merging_threads()


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _build_on_disk(folder: Path, store: Store, stamp: str) -> tantivy.Index:
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(tmp))
    _register(index)
    _fill(index, store)
    (tmp / FINGERPRINT).write_text(stamp, encoding="utf-8")
    del index
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)  # a reader never sees a half-built index under the real name
    return _open(folder)


def _open(folder: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(folder))
    _register(index)
    index.reload()
    return index


def _byte_to_char(text: str, ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """tantivy reports highlight ranges in UTF-8 bytes; the page needs characters."""
    raw = text.encode("utf-8")
    return tuple((len(raw[:a].decode("utf-8", "ignore")), len(raw[:b].decode("utf-8", "ignore"))) for a, b in ranges)


class SearchIndex:
    """A searchable index of one chronicle's documents."""

    def __init__(self, index: tantivy.Index, languages: dict[str, str], rebuilt: bool) -> None:
        self.index, self.languages, self.rebuilt = index, languages, rebuilt
        self.schema = index.schema
        self.fields = [_field(lang) for lang in LANGS]
        self.searcher = index.searcher()
        # answers kept per index, so an index the app stopped serving takes them with it
        self.search = lru_cache(maxsize=2048)(self.search_uncached)

    @classmethod
    def for_store(cls, store: Store, folder: Path | None = None) -> SearchIndex:
        """Open the index beside the store, building it first when missing or stale."""
        folder = folder or store.path.parent / INDEX_DIR
        stamp = fingerprint(store)
        languages = dict(store.con.execute("SELECT id, language FROM documents").fetchall())
        marker = folder / FINGERPRINT
        if marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
            try:
                return cls(_open(folder), languages, rebuilt=False)
            except ValueError:
                pass  # unreadable index: build a new one
        if _writable(folder.parent):
            return cls(_build_on_disk(folder, store, stamp), languages, rebuilt=True)
        index = tantivy.Index(_schema())
        _register(index)
        _fill(index, store)
        index.reload()
        return cls(index, languages, rebuilt=True)

    def search_uncached(self, query: str, limit: int = 20, offset: int = 0) -> tuple[int, tuple[Hit, ...]]:
        """Total number of matching documents and the hits of this page, best first."""
        if not query.strip():
            return 0, ()
        parsed, _errors = self.index.parse_query_lenient(query, self.fields)
        result = self.searcher.search(parsed, limit=limit, offset=offset, count=True)
        generators: dict[str, tantivy.SnippetGenerator] = {}
        hits = []
        for score, address in result.hits:
            doc = self.searcher.doc(address)
            doc_id = doc["id"][0]
            lang = self.languages.get(doc_id)
            field = _field(lang if lang in STEMMERS else "other")
            if field not in generators:
                generators[field] = tantivy.SnippetGenerator.create(self.searcher, parsed, self.schema, field)
                generators[field].set_max_num_chars(240)
            snippet = generators[field].snippet_from_doc(doc)
            fragment = snippet.fragment()
            ranges = [(r.start, r.end) for r in snippet.highlighted()]
            if not fragment:  # matched a field without a snippet: show the opening instead
                fragment = (doc.get_first(field) or "")[:240]
            hits.append(Hit(doc_id, float(score), fragment, _byte_to_char(fragment, ranges)))
        return getattr(result, "count", 0) or 0, tuple(hits)

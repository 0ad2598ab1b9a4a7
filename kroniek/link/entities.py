"""Entity identity across documents: one `entities` row per real-world entity, with every alias.

1. Gazetteer keys first: mentions whose recogniser attached a key ('country:KP', 'city:Moscow') share it, so
   'Noord-Korea', 'North Korea' and the typo 'Nood-Korea' are one entity, and metonyms ('Pyongyang wil ...',
   'het Kremlin') carry their state's key and join the state.
2. People: within a document a one-word mention ('Breuker', 'Kim', 'Jong-un') joins the full name it is part of
   (the most mentioned one if several fit). Across documents full names are compared only inside blocks that
   share the consonant skeleton of the last name part (no all-pairs comparison), with transliteration-aware
   part matching (kroniek.ner.names) that keeps 'Kim Jong-un', 'Kim Jong-il' and 'Kim Yo-jong' apart. A
   one-word name from a document without a full name joins a full name only when exactly one fits.
3. Other names (kroniek.link.names): one entity per normalised surface form (without determiner, possessive and
   legal form: 'The Bank of America Corporation' is 'Bank of America'), whatever type each mention got; then an
   acronym joins the name it abbreviates ('General Motors (GM)', or initials that fit exactly one name), a longer
   name joins the name it starts with ('Northrop Grumman' -> 'Northrop', 'Dow Jones Industrial Average' -> 'Dow
   Jones') unless the rest is a place or an organisation of its own ('Ford Australia', 'UN Security Council'), and
   a name qualified by a known organisation joins the bare name ('UN Security Council' -> 'Security Council'). A
   lone head word ('Court', 'Kamer', 'Universiteit') is no short form: 'Court of Session' and 'Court of Justice',
   'Eerste Kamer' and 'Tweede Kamer' would otherwise fold into one entity through it. Instead it refers back: it
   joins the last longer name with that head word before it in its document ('the Supreme Court ... the Court').
Canonical names prefer the full form most used; roles and appositions are kept as descriptions. Finally quote and
claim speakers are set from the mention covering their speaker offsets.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache

import pyarrow as pa

from kroniek.link.clusters import POSSESSIVE as _POSSESSIVE
from kroniek.link.clusters import Cluster, Row, determiner
from kroniek.link.names import bare_head, name_clusters, resolve_bare_heads
from kroniek.link.names import name_key as _name_key
from kroniek.ner.describe import descriptions
from kroniek.ner.lexicon import fold, lexicon
from kroniek.ner.names import is_part_of, name_parts, names_match, parts_match, skeleton
from kroniek.resources import LANGUAGES
from kroniek.store import Store

_CONTEXT = 120
_ARTICLE_ROOM = 4  # characters a speaker span may hold before the place that speaks ('the ')
BATCH_ROWS = 50_000  # rows fetched at a time: DuckDB's result and its Python copy are never both whole
DOMINANT_SHARE = 0.8  # a lone surname joins the full name named in this share of the documents of those it fits
DOMINANT_MENTIONS = 3  # ... and in at least this many documents


def _read(store: Store) -> list[Row]:
    sql = f"""
        SELECT m.doc, m.start, m."end", m.text, m.type, m.norm, m.metonym_of, d.language,
               substr(d.text, greatest(m.start - {_CONTEXT}, 0) + 1, least(m.start, {_CONTEXT})),
               substr(d.text, m."end" + 1, {_CONTEXT})
        FROM mentions m JOIN documents d ON d.id = m.doc
        ORDER BY m.doc, m.start"""
    # One string object per distinct document id, type, key and language: DuckDB hands out a new one per row,
    # and at a few hundred thousand mentions the copies are a good part of this step's memory.
    shared: dict[str, str] = {}

    def one(value):
        return value if value is None else shared.setdefault(value, value)

    rows = []
    cur = store.con.execute(sql)
    while batch := cur.fetchmany(BATCH_ROWS):
        for doc, start, end, text, typ, norm, metonym_of, lang, left, right in batch:
            rows.append(Row(one(doc), start, end, text, one(typ), one(norm), one(metonym_of), one(lang), left, right))
    return rows


def person_parts(row: Row) -> list[str]:
    """Name part keys of a person mention without a function word of its language that the recogniser left in
    front ('Bij Baudet' after a headline with no full stop is Baudet); particles stay ('Van Aalst')."""
    cues = lexicon().lang(row.lang)
    words = row.text.split()
    while len(words) > 1 and fold(words[0]) in cues.stopwords and fold(words[0]) not in cues.particles \
            and fold(words[0]) not in cues.surname_starts:
        words = words[1:]
    return name_parts(" ".join(words))


def local_people(doc_rows: list[Row]) -> tuple[list[Cluster], list[tuple[str, list[Row]]]]:
    """One document's person mentions (in offset order) -> its people with a full name, and the one-word
    names that fit none of them (name part -> rows)."""
    local: list[Cluster] = []
    for row in doc_rows:
        parts = person_parts(row)
        if len(parts) < 2:
            continue
        target = next((c for c in local if names_match(c.parts, parts)), None)
        if target is None:
            target = Cluster("PER", parts=parts)
            local.append(target)
        target.rows.append(row)
    pending: dict[str, list[Row]] = defaultdict(list)
    for row in doc_rows:
        parts = person_parts(row)
        if len(parts) != 1:
            continue
        fits = [c for c in local if is_part_of(parts[0], c.parts)]
        if not fits and parts[0].endswith("s") and len(parts[0]) > 4:  # the genitive 'Ruttes' of Mark Rutte
            fits = [c for c in local if parts_match(parts[0][:-1], c.parts[-1])]
        if fits:
            max(fits, key=lambda c: len(c.rows)).rows.append(row)
        else:
            pending[parts[0]].append(row)
    return local, list(pending.items())


def block_key(cluster: Cluster) -> str:
    """People are compared across documents only inside the block of their last name part's skeleton."""
    return skeleton(cluster.parts[-1])


def merge_block(clusters: list[Cluster]) -> list[Cluster]:
    """The document people of one block, in document order -> the cross-document people, in order of creation
    (a person joins the first earlier one whose name matches; the fuller name is kept)."""
    merged: list[Cluster] = []
    for cluster in clusters:
        same = next((c for c in merged if names_match(c.parts, cluster.parts)), None)
        if same is None:
            merged.append(cluster)
        else:
            same.add(cluster.rows)
            if len(cluster.parts) > len(same.parts):
                same.parts = cluster.parts
    return merged


def attach_singles(full: list[Cluster], singles: list[tuple[str, list[Row]]]) -> list[Cluster]:
    """One-word names join the one full name they fit (adding to `full`); the others become people of their
    own, one per name part. Only clusters sharing the part's skeleton can fit, so this runs per skeleton too."""
    by_part: dict[str, list[Cluster]] = defaultdict(list)  # last-part skeleton lookup for one-word names
    for cluster in full:
        by_part[skeleton(cluster.parts[-1])].append(cluster)
    orphans: dict[str, Cluster] = {}
    own = {id(c): len({r.doc for r in c.rows}) for c in full}  # documents naming the full name itself
    for key, rows_ in singles:
        target = _the_one_fit(key, by_part, own)
        if target is None and key.endswith("s") and len(key) > 4:
            # The genitive 'Ruttes' of Mark Rutte, in a document that does not name him: only for a name the
            # corpus establishes ('Ruttes' could be a surname of its own).
            target = _the_one_fit(key[:-1], by_part, own, established=True)
        if target is not None:
            target.add(rows_)
        else:
            orphans.setdefault(key, Cluster("PER", parts=[key])).add(rows_)
    return list(orphans.values())


def _the_one_fit(key: str, by_part: dict[str, list[Cluster]], own: dict[int, int],
                 established: bool = False) -> Cluster | None:
    """The full name a lone surname stands for in the corpus: the only one it fits, or the one named in
    DOMINANT_SHARE of the documents of all it fits (Mark Rutte beside a stray 'Rutte-III' or 'Bij Rutte'); None
    when several people share it in earnest (Frenkie and Luuk de Jong). `established`: even one fit must be
    named in DOMINANT_MENTIONS documents."""
    fits = [c for c in by_part.get(skeleton(key), []) if is_part_of(key, c.parts[-1:])]
    if len(fits) <= 1 and not established:
        return fits[0] if fits else None
    if not fits:
        return None
    best = max(fits, key=lambda c: own[id(c)])
    if best.parts[-1] != key:
        return None  # only the surname as written ('Mao' is no 'May', however close in transliteration)
    if own[id(best)] < DOMINANT_MENTIONS:
        return None  # 'Daniel Schwaab Ajax' once, beside 'Van Ajax' once: no name the corpus establishes
    return best if own[id(best)] >= DOMINANT_SHARE * sum(own[id(c)] for c in fits) else None


def _person_clusters(rows: list[Row]) -> list[Cluster]:
    by_doc: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc].append(row)
    people: list[Cluster] = []  # every document's people, in document order
    singles: list[tuple[str, list[Row]]] = []
    for doc_rows in by_doc.values():
        local, pending = local_people(doc_rows)
        people.extend(local)
        singles.extend(pending)
    blocks: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in people:
        blocks[block_key(cluster)].append(cluster)
    kept = {id(c) for block in blocks.values() for c in merge_block(block)}
    full = _join_initialled([c for c in people if id(c) in kept])  # cross-document people, in order of creation
    return full + attach_singles(full, singles)


def _join_initialled(full: list[Cluster]) -> list[Cluster]:
    """A name with its surname cut to an initial ('Gökmen T.', as Dutch papers write suspects) joins the one
    full name with the same given names and a surname of that initial ('Gökmen Tanis'); with two, neither."""
    by_given: dict[tuple[str, ...], list[Cluster]] = defaultdict(list)
    for cluster in full:
        if len(cluster.parts) >= 2 and len(cluster.parts[-1]) > 1:
            by_given[tuple(cluster.parts[:-1])].append(cluster)
    gone: set[int] = set()
    for cluster in full:
        if len(cluster.parts) < 2 or len(cluster.parts[-1]) != 1:
            continue
        fits = [c for c in by_given.get(tuple(cluster.parts[:-1]), []) if c.parts[-1][0] == cluster.parts[-1]]
        if len(fits) == 1:
            fits[0].add(cluster.rows)
            gone.add(id(cluster))
    return [c for c in full if id(c) not in gone]


def _clusters(rows: list[Row]) -> list[Cluster]:
    keyed: dict[tuple[str, str], Cluster] = {}
    people: list[Row] = []
    names: list[Row] = []
    # One surface form is a person or not across the corpus, by majority: 'Adam Air' typed PER in one article and
    # ORG in another (or in the other language) must still become one entity.
    votes: dict[str, Counter[bool]] = defaultdict(Counter)
    for row in rows:
        if not row.norm:
            votes[_name_key(row.text, row.lang)][row.type == "PER"] += 1
    compounds: list[Row] = []
    for row in rows:
        if row.norm and row.norm.startswith("demonym:"):
            continue  # 'Russische' describes, it does not mention Russia as an actor
        if row.norm and row.norm.startswith("compound:"):
            compounds.append(row)
            continue
        if row.norm:
            typ = "LOC" if row.norm.startswith("loc:") else ("ORG" if row.norm.startswith("seat:") else "GPE")
            keyed.setdefault(("norm", row.norm), Cluster(typ)).rows.append(row)
        elif (row.type == "PER") if len(votes[key := _name_key(row.text, row.lang)]) < 2 else \
                votes[key][True] > votes[key][False]:
            people.append(row)
        else:
            names.append(row)
    named = name_clusters(names)
    resolve_bare_heads(named)
    clusters = list(keyed.values()) + [c for c in named if c.rows] + _person_clusters(people)
    _attach_compounds(compounds, clusters)
    return clusters


def _attach_compounds(compounds: list[Row], clusters: list[Cluster]) -> None:
    """'VN-sancties', 'Airbus-machines': a compound mention joins the entity of its name part, when that name
    is an entity of its own; it adds no alias and does not create an entity."""
    if not compounds:
        return
    lex = lexicon()
    by_key: dict[str, Cluster] = {}
    for cluster in clusters:
        for row in cluster.rows:
            by_key.setdefault(row.norm or _name_key(row.text, row.lang), cluster)
    for row in compounds:
        part = (row.norm or "").split(":", 1)[1]
        place = lex.places.get(part)
        target = by_key.get(place.key) if place else by_key.get(lex.translations.get(part, part))
        if target is not None:
            target.rows.append(row)


def _canonical(cluster: Cluster) -> str:
    """The full form used most: most words first (people), then most mentions, then longest."""
    named = [r for r in cluster.rows if not _is_compound(r)] or cluster.rows
    # a lone head word that joined by reference ('the Court') never names the longer name it refers to
    if any(bare_head(_name_key(r.text, r.lang), r.lang) for r in named):
        named = [r for r in named if " " in _name_key(r.text, r.lang)] or named
    literal = [r.text for r in named if not r.metonym_of] or [r.text for r in named]
    counts = Counter(_POSSESSIVE.sub("", determiner().sub("", t)) for t in literal)
    if cluster.type == "PER":
        most_parts = max(len(t.split()) for t in counts)
        counts = Counter({t: n for t, n in counts.items() if len(t.split()) == most_parts})
    return max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def id_base(cluster: Cluster, name: str) -> str:
    """An entity's id before making it unique: its gazetteer key, else its type and name."""
    norms = {r.norm for r in cluster.rows if r.norm and not _is_compound(r)}
    base = (norms.pop().replace(":", "-").lower() if len(norms) == 1 else f"{cluster.type.lower()}-{_slug(name)}")
    return _slug(base) if len(norms) != 1 else re.sub(r"[^a-z0-9-]+", "-", base).strip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, ...: the biggest cluster (see `link`) keeps the bare id."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _entity_id(cluster: Cluster, name: str, taken: set[str]) -> str:
    return unique_id(id_base(cluster, name), taken)


def _is_compound(row: Row) -> bool:
    return bool(row.norm and row.norm.startswith("compound:"))


def _metonym_alias(row: Row) -> str:
    """'het Kremlin' as written (with its article), for marking the alias as a metonym."""
    article = _definite().search(row.left)
    return f"{article.group(1)} {row.text}" if article else row.text


@cache
def _definite() -> re.Pattern:
    """A definite article of any language's resources right before a name ('het Kremlin')."""
    from kroniek.ner.lexicon import _read_json

    words = sorted({w for lang in LANGUAGES for w in _read_json(lang).get("definite_articles", ())}, key=len,
                   reverse=True)
    return re.compile(rf"\b({'|'.join(map(re.escape, words))})\s+$", re.IGNORECASE) if words else re.compile(r"(?!)")


def _descriptions(cluster: Cluster) -> list[str]:
    if cluster.type != "PER":
        # A capital or seat of power that stood for the state ('Pyongyang wil ...', 'het Kremlin'), marked so
        # a reader sees why a city name is an alias of a country.
        metonyms = Counter(_metonym_alias(r) for r in cluster.rows if r.metonym_of)
        return [f"{alias} (metonym)" for alias, _ in metonyms.most_common()]
    found: Counter[str] = Counter()
    for row in cluster.rows:
        found.update(descriptions(row.left, row.right, row.lang))
    return [d for d, _ in found.most_common()]


def entity_fields(cluster: Cluster, name: str) -> tuple[str, str, list[str], list[str], str]:
    """The entities row of a cluster after its id: name, type, aliases, descriptions, mentions (JSON)."""
    aliases = sorted({r.text for r in cluster.rows if not _is_compound(r)}, key=lambda a: (a != name, a))
    spans = [{"doc": r.doc, "start": r.start, "end": r.end, "text": r.text}
             | ({"metonym": True} if r.metonym_of else {}) | ({"compound": True} if _is_compound(r) else {})
             for r in sorted(cluster.rows, key=lambda r: (r.doc, r.start))]
    return (name, cluster.type, aliases, _descriptions(cluster),
            json.dumps(spans, ensure_ascii=False, separators=(",", ":")))


ENTITY_COLUMNS = ("id", "name", "type", "aliases", "descriptions", "mentions")


def link(store: Store) -> None:
    rows = _read(store)
    taken: set[str] = set()
    entities: list[tuple] = []
    assign: list[tuple[str, int, int, str]] = []
    for cluster in sorted(_clusters(rows), key=lambda c: -len(c.rows)):
        name = _canonical(cluster)
        ident = _entity_id(cluster, name, taken)
        entities.append((ident, *entity_fields(cluster, name)))
        assign.extend((r.doc, r.start, r.end, ident) for r in cluster.rows)
    # Column batches through Arrow, not executemany: DuckDB inserts parameter rows one at a time (20 s of the
    # 22 s this step took on 1,400 articles).
    store.replace_rows("entities", dict(zip(ENTITY_COLUMNS, map(list, zip(*entities, strict=True)), strict=True))
                       if entities else {})
    store.con.execute("UPDATE mentions SET entity = NULL")
    if assign:
        _assign = pa.table(dict(zip(("doc", "start", "end", "entity"), map(list, zip(*assign, strict=True)),
                                    strict=True)))  # noqa: F841 - read by DuckDB's replacement scan below
        store.con.execute("""UPDATE mentions SET entity = a.entity FROM _assign a
                             WHERE mentions.doc = a.doc AND mentions.start = a.start AND mentions."end" = a."end" """)
    for table in ("quotes", "claims"):
        _set_speakers(store, table)


def _set_speakers(store: Store, table: str) -> None:
    """The entity of the named mention overlapping each speaker span (a person preferred, then the longest). A
    place speaks only where it opens the span, after at most an article ('Moscow said', 'the United States'): a
    place in a modifier ('critics from across Britain', 'de rechtbank in Utrecht') is not who spoke, while an
    organisation there is ('a spokesman for the BBC')."""
    store.con.execute(f"""
        UPDATE {table} SET speaker = (
            SELECT m.entity FROM mentions m
            WHERE m.doc = {table}.doc AND m.entity IS NOT NULL
              AND m.start < {table}.speaker_end AND m."end" > {table}.speaker_start
              AND (m.type NOT IN ('GPE', 'LOC') OR m.start <= {table}.speaker_start + {_ARTICLE_ROOM})
            ORDER BY (m.type = 'PER') DESC, m."end" - m.start DESC LIMIT 1)
        WHERE speaker_start IS NOT NULL""")

"""The cross-document steps in Spark SQL: entity identity, event clustering, conflicts, timeline.

They read the Parquet tables of `kroniek spark build` and write the same tables as the embedded linkers
(`entities`, `events`, `conflicts`, `timeline`, and `mentions.entity`, `quotes.speaker`, `claims.speaker`,
`event_mentions.event` filled in), with the same records: Spark SQL does the joins, the counting and the
blocking (a shuffle by blocking key), and inside each block the very functions of `kroniek.link` run, so no
rule is implemented twice. Nothing compares all pairs:
- entities: gazetteer keys are a GROUP BY; people are clustered per document, then compared only within the
  block of their last name part's consonant skeleton, and one-word names are attached per skeleton; other
  names are unified on the driver over their distinct surface forms (the vocabulary, not the mentions);
- events: document events are compared only when they share (type, year, person) or (type, year,
  participant, place), which every pair the linker merges does; the merged pairs' connected components (by
  label propagation) are the linker's clusters;
- conflicts: per event (place, date) and per counted concept and unit within a 62-day window (quantity);
- timeline: scores in Spark SQL, then the selection over the strongest events only (fetched until enough).
Each stage is written to Parquet under OUT/_link before the next reads it, so no Python step runs twice.
"""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from kroniek import rows as store_rows
from kroniek.link import conflicts as lc
from kroniek.link import entities as le
from kroniek.link import events as lv
from kroniek.link import names as ln
from kroniek.link import timeline as lt
from kroniek.ner.lexicon import fold, lexicon
from kroniek.spark.tables import LINKED, UPDATED

WORK = "_link"
CONTEXT = le._CONTEXT


@dataclass
class LinkReport:
    counts: dict[str, int]
    seconds: dict[str, float]


def _path(base: str, *names: str) -> str:
    return "/".join([base.rstrip("/"), *names])


class Stages:
    """Writes each stage's result to Parquet and reads it back: Spark then never recomputes a Python step."""

    def __init__(self, spark: SparkSession, out: str) -> None:
        self.spark, self.out = spark, out

    def table(self, name: str) -> DataFrame:
        return self.spark.read.parquet(_path(self.out, name))

    def save(self, name: str, frame: DataFrame) -> DataFrame:
        path = _path(self.out, WORK, name)
        frame.write.mode("overwrite").parquet(path)
        return self.spark.read.parquet(path)


def _struct(schema: pa.Schema) -> str:
    return from_arrow_schema(schema).simpleString()[len("struct<"):-1]


def _arrow(fn: Callable[[list[dict]], list[dict]], schema: pa.Schema) -> Callable[[pa.Table], pa.Table]:
    """A function of a block's rows (dicts) as an applyInArrow function: arrow keeps NULLs and ints exact."""
    def run(table: pa.Table) -> pa.Table:
        return pa.Table.from_pylist(fn(table.to_pylist()), schema=schema)
    return run


def _grouped(frame: DataFrame, keys: list, fn: Callable[[list[dict]], list[dict]], schema: pa.Schema) -> DataFrame:
    return frame.groupBy(*keys).applyInArrow(_arrow(fn, schema), _struct(schema))


def _as_store(frame: DataFrame, table: str) -> DataFrame:
    """Exactly the store's columns, in its order and of its types."""
    spark_schema = from_arrow_schema(store_rows.schemas()[table])
    return frame.select(*[F.col(f"`{f.name}`").cast(f.dataType).alias(f.name) for f in spark_schema.fields])


# --- entities ---------------------------------------------------------------------------------------------

FACTS = pa.schema([("rid", pa.int64()), ("key", pa.string()), ("acronym", pa.string()), ("acronym_raw", pa.string())])


def _facts(batches):
    """Per mention: its surface key and the acronym that follows it in brackets ('General Motors (GM)')."""
    for batch in batches:
        out = {"rid": [], "key": [], "acronym": [], "acronym_raw": []}
        for rid, text, lang, right in zip(*(batch.column(c).to_pylist() for c in ("rid", "text", "lang", "right")),
                                          strict=True):
            acronym = ln.ACRONYM_AFTER.match(right or "")
            out["rid"].append(rid)
            out["key"].append(ln.name_key(text, lang))
            out["acronym"].append(fold(acronym.group(1)) if acronym else None)
            out["acronym_raw"].append(acronym.group(1) if acronym else None)
        yield pa.RecordBatch.from_pydict(out, schema=FACTS)


def _row(r: dict, **override) -> le.Row:
    values: dict[str, Any] = {f: r.get(f) for f in le.Row.__slots__}
    values.update(override)
    return le.Row(**{f: values[f] for f in le.Row.__slots__})


LOCAL = pa.schema([("rid", pa.int64()), ("doc", pa.string()), ("local", pa.int32()), ("seq", pa.int32()),
                   ("single", pa.string()), ("single_idx", pa.int32()), ("parts", pa.list_(pa.string())),
                   ("block", pa.string())])


def _local_people(records: list[dict]) -> list[dict]:
    """One document's people (kroniek.link.entities.local_people); each row tagged with its place in them."""
    records.sort(key=lambda r: (r["start"], r["rid"]))
    by_id = {}
    doc_rows = []
    for r in records:
        row = _row(r, left=None, right=None)
        by_id[id(row)] = r["rid"]
        doc_rows.append(row)
    local, pending = le.local_people(doc_rows)
    out = []
    for i, cluster in enumerate(local):
        for seq, row in enumerate(cluster.rows):
            out.append({"rid": by_id[id(row)], "doc": row.doc, "local": i, "seq": seq, "single": None,
                        "single_idx": None, "parts": cluster.parts, "block": le.block_key(cluster)})
    for i, (key, key_rows) in enumerate(pending):
        for seq, row in enumerate(key_rows):
            out.append({"rid": by_id[id(row)], "doc": row.doc, "local": None, "seq": seq, "single": key,
                        "single_idx": i, "parts": None, "block": le.skeleton(key)})
    return out


MERGED = pa.schema([("doc", pa.string()), ("local", pa.int32()), ("pdoc", pa.string()), ("plocal", pa.int32()),
                    ("parts", pa.list_(pa.string()))])


def _merge_block(records: list[dict]) -> list[dict]:
    """The document people of one skeleton block, in document order, merged (kroniek.link.entities.merge_block)."""
    records.sort(key=lambda r: (r["doc"], r["local"]))
    # merge_block reads only the parts; the rows stand in for the document people as (doc, local) pairs.
    clusters = [le.Cluster("PER", rows=cast(list, [(r["doc"], r["local"])]), parts=list(r["parts"]))
                for r in records]
    out: list[dict] = []
    for person in le.merge_block(clusters):
        pairs = cast(list[tuple[str, int]], person.rows)
        pdoc, plocal = pairs[0]
        out.extend({"doc": d, "local": n, "pdoc": pdoc, "plocal": plocal, "parts": person.parts}
                   for d, n in pairs)
    return out


ATTACHED = pa.schema([("single", pa.string()), ("pdoc", pa.string()), ("plocal", pa.int32())])


def _attach(records: list[dict]) -> list[dict]:
    """One skeleton's full names and one-word names: which full name each one-word name joins, if any
    (kroniek.link.entities.attach_singles; the answer depends on the name part alone)."""
    full = [le.Cluster("PER", rows=[], parts=list(r["parts"])) for r in records if r["single"] is None]
    owners = [(r["pdoc"], r["plocal"]) for r in records if r["single"] is None]
    singles = [r["single"] for r in records if r["single"] is not None]
    le.attach_singles(full, [(key, [key]) for key in singles])
    out = [{"single": key, "pdoc": None, "plocal": None} for key in singles]
    index = {key: i for i, key in enumerate(singles)}
    for (pdoc, plocal), cluster in zip(owners, full, strict=True):
        for key in cluster.rows:
            out[index[key]] |= {"pdoc": pdoc, "plocal": plocal}
    return out


ENTITY = pa.schema([("cluster", pa.string()), ("category", pa.int32()), ("pos_doc", pa.string()),
                    ("pos_a", pa.int64()), ("pos_b", pa.int64()), ("size", pa.int64()), ("base", pa.string()),
                    ("name", pa.string()), ("type", pa.string()), ("aliases", pa.list_(pa.string())),
                    ("descriptions", pa.list_(pa.string())), ("mentions", pa.string())])


def _keyed_type(norm: str) -> str:
    return "LOC" if norm.startswith("loc:") else ("ORG" if norm.startswith("seat:") else "GPE")


def _entity(records: list[dict]) -> list[dict]:
    """One cluster's mentions, in the order the embedded linker holds them -> its entities row (without id)."""
    records.sort(key=lambda r: (r["o_phase"], r["o_doc"], r["o_a"], r["o_doc2"], r["o_b"]))
    first = records[0]
    category = first["category"]
    rows_ = [_row(r) for r in records]
    own = [row for row, r in zip(rows_, records, strict=True) if r["o_phase"] != 2]  # typed before compounds join
    typ = _keyed_type(first["norm"]) if category == 0 else ("PER" if category >= 2 else ln.name_type(own))
    cluster = le.Cluster(typ, rows=rows_)
    name = le._canonical(cluster)
    name_, type_, aliases, descriptions, spans = le.entity_fields(cluster, name)
    return [{"cluster": first["cluster"], "category": category, "pos_doc": first["pos_doc"], "pos_a": first["pos_a"],
             "pos_b": first["pos_b"], "size": len(rows_), "base": le.id_base(cluster, name), "name": name_,
             "type": type_, "aliases": aliases, "descriptions": descriptions, "mentions": spans}]


def _name_groups(spark: SparkSession, names: DataFrame) -> DataFrame:
    """Surface key -> the first key of its group (kroniek.link.entities._name_clusters), decided on the driver
    from one row per distinct (key, text, language, bracketed acronym): the rule looks at nothing else."""
    facts = (names.groupBy("key", "text", "lang", "acronym_raw")
             .agg(F.min(F.struct("doc", "start")).alias("first"))
             .join(names.groupBy("key").agg(F.min(F.struct("doc", "start")).alias("key_first")), "key")
             .orderBy("key_first", "first").collect())
    reduced = [le.Row(doc="", start=0, end=0, text=f.text, type="MISC", norm=None, metonym_of=None, lang=f.lang,
                      left="", right=f"({f.acronym_raw})" if f.acronym_raw else "") for f in facts]
    first_of: dict[str, tuple[str, int]] = {}
    for f in facts:
        first_of.setdefault(f.key, (f.key_first.doc, f.key_first.start))
    mapping: list[tuple[str, str]] = []
    for cluster in ln.name_clusters(reduced):
        keys = {ln.name_key(r.text, r.lang) for r in cluster.rows}
        group = min(keys, key=lambda k: first_of[k])
        mapping.extend((k, group) for k in keys)
    return spark.createDataFrame(mapping or [("", "")], "key string, name_group string").where("key != ''")


def link_entities(st: Stages) -> dict[str, int]:
    spark = st.spark
    docs = st.table("documents").select(F.col("id").alias("doc"), F.col("language").alias("lang"), "text")
    mentions = st.save("mentions_rid", st.table("mentions").withColumn("rid", F.monotonically_increasing_id()))
    rows = (mentions.join(docs.withColumnRenamed("text", "dtext"), "doc")
            .select("rid", "doc", "start", "end", "text", "type", "norm", "metonym_of", "lang",
                    F.expr(f"substring(dtext, greatest(start - {CONTEXT}, 0) + 1, least(start, {CONTEXT}))")
                    .alias("left"),
                    F.expr(f"substring(dtext, `end` + 1, {CONTEXT})").alias("right")))
    facts = rows.select("rid", "text", "lang", "right").mapInArrow(_facts, from_arrow_schema(FACTS))
    rows = st.save("entity_rows", rows.join(facts, "rid"))
    # one surface form is a person or not across the corpus, by majority (as in kroniek.link.entities._clusters)
    votes = (rows.where("coalesce(norm, '') = ''").groupBy("key")
             .agg(F.sum(F.expr("CAST(type = 'PER' AS INT)")).alias("per"),
                  F.sum(F.expr("CAST(type != 'PER' AS INT)")).alias("other")))
    rows = rows.join(votes, "key", "left").withColumn("kind", F.expr(
        "CASE WHEN norm LIKE 'demonym:%' THEN 'skip' WHEN norm LIKE 'compound:%' THEN 'compound' "
        "WHEN coalesce(norm, '') != '' THEN 'keyed' "
        "WHEN (CASE WHEN (per > 0) AND (other > 0) THEN per > other ELSE type = 'PER' END) THEN 'person' "
        "ELSE 'name' END"))
    rows = st.save("entity_kinds", rows)

    keyed = (rows.where("kind = 'keyed'")
             .withColumn("first", F.min(F.struct("doc", "start")).over(_window("norm")))
             .select("rid", F.concat(F.lit("k:"), "norm").alias("cluster"), F.lit(0).alias("category"),
                     F.col("first.doc").alias("pos_doc"), F.col("first.start").cast("long").alias("pos_a"),
                     F.lit(0).cast("long").alias("pos_b"), *_order(0, "doc", "start")))

    names = rows.where("kind = 'name' AND key != ''")
    groups = _name_groups(spark, names)
    key_first = names.groupBy("key").agg(F.min(F.struct("doc", "start")).alias("key_first"))
    group_first = (key_first.join(groups, "key").groupBy("name_group")
                   .agg(F.min("key_first").alias("group_first")))
    # rows of one name group: by their key's first appearance, then in document order
    named = (names.join(groups, "key").join(key_first, "key").join(group_first, "name_group")
             .select("rid", F.concat(F.lit("n:"), "name_group").alias("cluster"), F.lit(1).alias("category"),
                     F.col("group_first.doc").alias("pos_doc"), F.col("group_first.start").cast("long").alias("pos_a"),
                     F.lit(0).cast("long").alias("pos_b"), *_order(0, "key_first.doc", "key_first.start", "doc",
                                                                   "start")))

    people = _people(st, rows.where("kind = 'person'"))
    assigned = st.save("entity_assign_", keyed.unionByName(named).unionByName(people))
    assigned = st.save("entity_assign", assigned.unionByName(_compounds(assigned, rows)))
    clusters = _grouped(assigned.join(rows, "rid"), ["cluster"], _entity, ENTITY)
    clusters = st.save("entity_clusters", clusters.withColumn(
        "n", F.row_number().over(_window("base", order=[F.desc("size"), "category", "pos_doc", "pos_a", "pos_b"]))))
    clusters = _unique_ids(st, clusters)
    st.save("entities", _as_store(clusters, "entities"))
    ids = clusters.select("cluster", "id")
    entity_of = assigned.join(ids, "cluster").select("rid", F.col("id").alias("entity"))
    linked = mentions.drop("entity").join(entity_of, "rid", "left")
    linked = st.save("mentions", _as_store(linked.orderBy("doc", "start", "rid"), "mentions"))
    for table in ("quotes", "claims"):
        st.save(table, _as_store(_speakers(st.table(table), linked).orderBy("doc", "start", "end"), table))
    return {"entities": clusters.count()}


def _order(phase: int, doc: str, a: str, doc2: str | None = None, b: str | None = None) -> list:
    """The order of a mention within its cluster, as the embedded linker appends them: (phase, doc, a, doc2, b)."""
    return [F.lit(phase).alias("o_phase"), F.col(doc).alias("o_doc"), F.col(a).cast("long").alias("o_a"),
            (F.col(doc2) if doc2 else F.lit("")).alias("o_doc2"),
            (F.col(b) if b else F.lit(0)).cast("long").alias("o_b")]


TARGET = pa.schema([("rid", pa.int64()), ("target", pa.string())])


def _targets(batches):
    """A compound's name part as the key its entity is found under (kroniek.link.entities._attach_compounds):
    a known place's gazetteer key, else the part, translated."""
    lex = lexicon()
    for batch in batches:
        out = {"rid": batch.column("rid").to_pylist(), "target": []}
        for norm in batch.column("norm").to_pylist():
            part = norm.split(":", 1)[1]
            place = lex.places.get(part)
            out["target"].append(place.key if place else lex.translations.get(part, part))
        yield pa.RecordBatch.from_pydict(out, schema=TARGET)


def _compounds(assigned: DataFrame, rows: DataFrame) -> DataFrame:
    """'VN-sancties': a compound mention joins the first entity (in the linker's order) holding its name part's
    key; it creates none. Its rows come after the entity's own."""
    owned = (assigned.join(rows.select("rid", "norm", "key"), "rid")
             .select(F.expr("CASE WHEN coalesce(norm, '') != '' THEN norm ELSE key END").alias("target"),
                     F.struct("category", "pos_doc", "pos_a", "pos_b", "cluster").alias("owner"))
             .groupBy("target").agg(F.min("owner").alias("owner")))
    compounds = rows.where("kind = 'compound'")
    targets = compounds.select("rid", "norm").mapInArrow(_targets, from_arrow_schema(TARGET))
    return (compounds.select("rid", "doc", "start").join(targets, "rid").join(owned, "target")
            .select("rid", F.col("owner.cluster").alias("cluster"), F.col("owner.category").alias("category"),
                    F.col("owner.pos_doc").alias("pos_doc"), F.col("owner.pos_a").alias("pos_a"),
                    F.col("owner.pos_b").alias("pos_b"), *_order(2, "doc", "start")))


def _window(*keys: str, order: list | None = None):
    from pyspark.sql import Window

    window = Window.partitionBy(*keys)
    return window.orderBy(*order) if order else window


def _people(st: Stages, persons: DataFrame) -> DataFrame:
    """Person rows -> their cluster, category (2 full name, 3 one-word name of its own), position and order."""
    local = st.save("people_local", _grouped(
        persons.select("rid", "doc", "start", "end", "text", "type", "norm", "metonym_of", "lang"),
        ["doc"], _local_people, LOCAL))
    full = local.where("local IS NOT NULL").select("doc", "local", "parts", "block").distinct()
    merged = st.save("people_merged", _grouped(full, ["block"], _merge_block, MERGED))
    creators = (merged.where("doc = pdoc AND local = plocal")
                .select("pdoc", "plocal", "parts", F.expr("parts[size(parts) - 1]").alias("last")))
    singles = local.where("single IS NOT NULL").select("single").distinct()
    skeletons = st.save("people_skeletons", _skeleton_keys(creators, singles))
    attached = _grouped(skeletons, ["skel"], _attach, ATTACHED)
    in_full = (local.where("local IS NOT NULL").join(merged.select("doc", "local", "pdoc", "plocal"), ["doc", "local"])
               .select("rid", F.concat(F.lit("p:"), "pdoc", F.lit(":"), "plocal").alias("cluster"),
                       F.lit(2).alias("category"), F.col("pdoc").alias("pos_doc"),
                       F.col("plocal").cast("long").alias("pos_a"), F.lit(0).cast("long").alias("pos_b"),
                       *_order(0, "doc", "local", None, "seq")))
    single_rows = local.where("single IS NOT NULL").join(attached, "single")
    first_single = (single_rows.groupBy("single").agg(F.min(F.struct("doc", "single_idx")).alias("first")))
    single_rows = single_rows.join(first_single, "single").select(
        "rid", F.expr("CASE WHEN pdoc IS NULL THEN concat('o:', single) ELSE concat('p:', pdoc, ':', plocal) END")
        .alias("cluster"),
        F.expr("CASE WHEN pdoc IS NULL THEN 3 ELSE 2 END").alias("category"),
        F.expr("CASE WHEN pdoc IS NULL THEN first.doc ELSE pdoc END").alias("pos_doc"),
        F.expr("CAST(CASE WHEN pdoc IS NULL THEN first.single_idx ELSE plocal END AS BIGINT)").alias("pos_a"),
        F.lit(0).cast("long").alias("pos_b"), *_order(1, "doc", "single_idx", None, "seq"))
    return in_full.unionByName(single_rows)


SKELETON = pa.schema([("skel", pa.string()), ("single", pa.string()), ("pdoc", pa.string()), ("plocal", pa.int32()),
                      ("parts", pa.list_(pa.string()))])


def _skeleton_keys(creators: DataFrame, singles: DataFrame) -> DataFrame:
    """Full names by the skeleton of their last part, one-word names by their own: the blocks of `_attach`."""
    def keyed(batches):
        for batch in batches:
            records = batch.to_pylist()
            out = [{"skel": le.skeleton(r["last"] if r.get("last") is not None else r["single"]),
                    "single": r.get("single"), "pdoc": r.get("pdoc"), "plocal": r.get("plocal"),
                    "parts": r.get("parts")} for r in records]
            yield pa.RecordBatch.from_pylist(out, schema=SKELETON)
    both = creators.select(F.lit(None).cast("string").alias("single"), "pdoc", "plocal", "parts", "last").unionByName(
        singles.select("single", F.lit(None).cast("string").alias("pdoc"), F.lit(None).cast("int").alias("plocal"),
                       F.lit(None).cast("array<string>").alias("parts"), F.lit(None).cast("string").alias("last")))
    return both.mapInArrow(keyed, from_arrow_schema(SKELETON))


def _unique_ids(st: Stages, clusters: DataFrame) -> DataFrame:
    """`base`, `base-2`, ... by size (kroniek.link.entities.unique_id). In SQL by rank within the base; should a
    numbered id meet another base (rare), the driver numbers them in order, exactly as the embedded linker."""
    clusters = clusters.withColumn("id", F.expr("CASE WHEN n = 1 THEN base ELSE concat(base, '-', n) END"))
    if clusters.select("id").distinct().count() == clusters.count():
        return clusters
    ordered = clusters.orderBy(F.desc("size"), "category", "pos_doc", "pos_a", "pos_b").select("cluster", "base")
    taken: set[str] = set()
    ids = [(r.cluster, le.unique_id(r.base, taken)) for r in ordered.toLocalIterator()]
    fixed = st.spark.createDataFrame(ids, "cluster string, id string")
    return st.save("entity_ids", clusters.drop("id").join(fixed, "cluster"))


def _speakers(table: DataFrame, mentions: DataFrame) -> DataFrame:
    """The entity of the named mention overlapping each speaker span, a person preferred, then the longest;
    a place only where it opens the span (kroniek.link.entities._set_speakers)."""
    spans = table.where("speaker_start IS NOT NULL").select("doc", "speaker_start", "speaker_end").distinct()
    found = (spans.join(mentions.where("entity IS NOT NULL").select("doc", "start", "end", "type", "entity"), "doc")
             .where("start < speaker_end AND `end` > speaker_start")
             .where(f"type NOT IN ('GPE', 'LOC') OR start <= speaker_start + {le._ARTICLE_ROOM}")
             .withColumn("n", F.row_number().over(_window(
                 "doc", "speaker_start", "speaker_end",
                 order=[F.desc(F.expr("type = 'PER'")), F.desc(F.expr("`end` - start")), "start"])))
             .where("n = 1").select("doc", "speaker_start", "speaker_end", F.col("entity").alias("speaker")))
    return table.drop("speaker").join(found, ["doc", "speaker_start", "speaker_end"], "left")


# --- events -------------------------------------------------------------------------------------------------

EVENT = pa.schema([("id", pa.string()), ("date", pa.string()), ("date_precision", pa.string()),
                   ("summary", pa.string()), ("type", pa.string()), ("status", pa.string()),
                   ("participants", pa.list_(pa.string())), ("location", pa.string()), ("sources", pa.string()),
                   ("docs", pa.int64()), ("mentions", pa.int64()), ("timex_dated", pa.bool_()), ("stated", pa.bool_()),
                   ("from_undated", pa.bool_()),
                   ("assign", pa.list_(pa.struct([("doc", pa.string()), ("start", pa.int32())])))])


DOC_EVENT = pa.schema([("doc", pa.string()), ("i", pa.int32()), ("node", pa.string()), ("type", pa.string()),
                       ("year", pa.string()), ("persons", pa.list_(pa.string())),
                       ("participants", pa.list_(pa.string())), ("places", pa.list_(pa.string())),
                       ("day", pa.string()), ("blob", pa.binary())])


def _doc_events(records: list[dict]) -> list[dict]:
    """One document's event mentions -> its document events (kroniek.link.events.doc_events), pickled."""
    records.sort(key=lambda r: r["start"])
    keys = {}
    for r in records:
        for k in (r.pop("keyed") or []):
            keys[(r["doc"], k["start"], k["end"])] = (k["key"], k["type"], k["text"])
        r["participants"] = [list(p) for p in r["participants"]] if r["participants"] is not None else None
    return [{"doc": ev.doc, "i": i, "node": f"{ev.doc}:{i:08d}", "type": ev.type,
             "year": ev.date[:4] if ev.date else None, "persons": sorted(ev.persons),
             "participants": list(ev.participants), "places": list(ev.places), "day": lv.stated_day(ev),
             "blob": pickle.dumps(ev, protocol=pickle.HIGHEST_PROTOCOL)}
            for i, ev in enumerate(lv.doc_events(records, keys))]


EDGE = pa.schema([("a", pa.string()), ("b", pa.string())])


def _mergeable(batches):
    """Candidate pairs -> the pairs kroniek.link.events merges."""
    for batch in batches:
        out = {"a": [], "b": []}
        for a, b, blob_a, blob_b in zip(*(batch.column(c).to_pylist() for c in ("a", "b", "blob_a", "blob_b")),
                                        strict=True):
            if lv._mergeable(pickle.loads(blob_a), pickle.loads(blob_b)):
                out["a"].append(a)
                out["b"].append(b)
        yield pa.RecordBatch.from_pydict(out, schema=EDGE)


def _candidates(doc_events: DataFrame) -> DataFrame:
    """Pairs that could merge, found through blocking keys instead of all pairs of a (type, year) block: two
    document events merge only when they share a person (both naming people) or a participant and a place or a
    stated day, so sharing (type, year, person), (type, year, participant, place) or (type, year, participant,
    day) is necessary."""
    dated = doc_events.where("year IS NOT NULL").withColumn("block", F.concat_ws("|", "type", "year"))
    by_person = (dated.select("node", "block", F.explode("persons").alias("person"))
                 .select("node", F.concat_ws("|", F.lit("P"), "block", "person").alias("bkey")))
    by_place = (dated.select("node", "block", F.explode("participants").alias("participant"), "places")
                .select("node", "block", "participant", F.explode("places").alias("place"))
                .select("node", F.concat_ws("|", F.lit("Q"), "block", "participant", "place").alias("bkey")))
    by_day = (dated.where("day IS NOT NULL").select("node", "block", "day", F.explode("participants").alias("p"))
              .select("node", F.concat_ws("|", F.lit("D"), "block", "p", "day").alias("bkey")))
    keys = by_person.unionByName(by_place).unionByName(by_day)
    return (keys.alias("x").join(keys.alias("y"), "bkey").where("x.node < y.node")
            .select(F.col("x.node").alias("a"), F.col("y.node").alias("b")).distinct())


def _components(st: Stages, edges: DataFrame) -> DataFrame:
    """Connected components of the merge graph (what the union-find of kroniek.link.events.cluster yields),
    by propagating the smallest node id (the first document event, in the linker's order) until stable."""
    both = st.save("event_edges", edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))))
    labels = st.save("event_labels_0", both.select(F.col("a").alias("node")).distinct()
                     .withColumn("label", F.col("node")))
    for step in range(1, 200):
        spread = both.join(labels.withColumnRenamed("node", "a"), "a").select(F.col("b").alias("node"), "label")
        new = st.save(f"event_labels_{step}", labels.unionByName(spread).groupBy("node")
                      .agg(F.min("label").alias("label")))
        changed = new.join(labels.withColumnRenamed("label", "old"), "node").where("label != old").count()
        labels = new
        if not changed:
            break
    return labels


def _events_of_cluster(records: list[dict]) -> list[dict]:
    """The document events of one component, in the linker's order -> its event
    (kroniek.link.events.event_record), with the mentions it takes; none if the linker would drop it."""
    records.sort(key=lambda r: r["node"])
    members = [pickle.loads(r["blob"]) for r in records]
    event = lv.event_record(members)
    if not lv.kept(event):
        return []
    return [{**{k: event[k] for k in ("id", "date", "date_precision", "summary", "type", "status",
                                      "participants", "location", "docs", "mentions", "timex_dated",
                                      "stated", "from_undated")},
             "sources": json.dumps(event["sources"], ensure_ascii=False),
             "assign": [{"doc": m["doc"], "start": m["start"]} for ev in members for m in ev.mentions]}]


def link_events(st: Stages) -> dict[str, int]:
    em, docs = st.table("event_mentions"), st.table("documents")
    sentences, quotes, mentions = st.table("sentences"), st.table("quotes"), st.table(_path(WORK, "mentions"))
    rows = (em.drop("event").alias("m")
            .join(docs.select(F.col("id").alias("doc"), F.col("date").alias("doc_date"), "language",
                              F.col("text").alias("dtext")), "doc")
            .join(sentences.select("doc", F.col("idx").alias("sentence"), F.col("start").alias("s_start"),
                                   F.col("end").alias("s_end")), ["doc", "sentence"])
            .withColumn("sentence_text", F.expr("substring(dtext, s_start + 1, s_end - s_start)")).drop("dtext"))
    quoted = (rows.select("doc", "s_start", "s_end").distinct()
              .join(quotes.select("doc", F.col("start").alias("q_start"), F.col("end").alias("q_end")), "doc")
              .where("q_start < s_end AND q_end > s_start").select("doc", "s_start", "s_end").distinct()
              .withColumn("quoted", F.lit(True)))
    rows = rows.join(quoted, ["doc", "s_start", "s_end"], "left").fillna(False, ["quoted"])
    keyed = mentions.select("doc", "start", "end", F.expr("coalesce(entity, 'text:' || lower(text))").alias("key"),
                            "type", "text")
    named = (rows.select("doc", "start", F.explode("participants").alias("p"))
             .select("doc", F.col("start").alias("em_start"), F.col("p")[0].alias("start"), F.col("p")[1].alias("end"))
             .unionByName(rows.where("location_start IS NOT NULL").select(
                 "doc", F.col("start").alias("em_start"), F.col("location_start").alias("start"),
                 F.col("location_end").alias("end")))
             .join(keyed, ["doc", "start", "end"])
             .groupBy("doc", "em_start")
             .agg(F.collect_list(F.struct("start", "end", "key", "type", "text")).alias("keyed"))
             .withColumnRenamed("em_start", "start"))
    rows = rows.join(named, ["doc", "start"], "left")
    cols = ["doc", "start", "end", "trigger", "type", "status", "sentence", "date", "date_precision", "date_source",
            "location_start", "location_end", "participants", "s_start", "s_end", "doc_date", "language",
            "sentence_text", "quoted", "keyed"]
    doc_events = st.save("doc_events", _grouped(rows.select(*cols), ["doc"], _doc_events, DOC_EVENT))
    blobs = doc_events.select("node", "blob")
    pairs = (_candidates(doc_events)
             .join(blobs.select(F.col("node").alias("a"), F.col("blob").alias("blob_a")), "a")
             .join(blobs.select(F.col("node").alias("b"), F.col("blob").alias("blob_b")), "b"))
    edges = pairs.select("a", "b", "blob_a", "blob_b").mapInArrow(_mergeable, from_arrow_schema(EDGE))
    labels = _components(st, edges)
    clustered = (doc_events.join(labels, "node", "left")
                 .select(F.coalesce("label", "node").alias("cluster"), "node", "blob"))
    events = st.save("events_full", _grouped(clustered, ["cluster"], _events_of_cluster, EVENT))
    # on_story is the timeline step's to mark (a small corpus's events off its story, link.timeline.mark_story)
    st.save("events", _as_store(events.withColumn("on_story", F.lit(None).cast("boolean")), "events"))
    assign = events.select(F.col("id").alias("event"), F.explode("assign").alias("a")).select(
        "event", F.col("a.doc").alias("doc"), F.col("a.start").alias("start"))
    linked = em.drop("event").join(assign, ["doc", "start"], "left")
    st.save("event_mentions", _as_store(linked.orderBy("doc", "start"), "event_mentions"))
    return {"events": events.count()}


# --- conflicts ----------------------------------------------------------------------------------------------

CONFLICT = pa.schema([("id", pa.string()), ("kind", pa.string()), ("description", pa.string()), ("sides", pa.string())])


def _conflicts(fn: Callable[[list[dict]], list[dict]], order: tuple[str, ...], records: list[dict]) -> list[dict]:
    records.sort(key=lambda r: tuple(r[k] for k in order))
    for r in records:
        for hidden in [k for k in r if k.startswith("_")]:
            r.pop(hidden)
    return [{**c, "sides": json.dumps(c["sides"], ensure_ascii=False)} for c in fn(records)]


CONCEPT = pa.schema([("rid", pa.int64()), ("concept", pa.string())])


def _concepts(batches):
    for batch in batches:
        yield pa.RecordBatch.from_pydict(
            {"rid": batch.column("rid").to_pylist(),
             "concept": [lc.concept_of(c) for c in batch.column("counts").to_pylist()]}, schema=CONCEPT)


def link_conflicts(st: Stages) -> dict[str, int]:
    em, mentions = st.table(_path(WORK, "event_mentions")), st.table(_path(WORK, "mentions"))
    entities, events = st.table(_path(WORK, "entities")), st.table(_path(WORK, "events"))
    em = _with_actors(em, mentions)
    place_rows = (em.where(f"event IS NOT NULL AND status = 'happened' AND {lc.NOT_STATEMENT}").alias("em")
                  .join(mentions.alias("m"), F.expr("m.doc = em.doc AND m.start = em.location_start AND "
                                                    "m.`end` = em.location_end"))
                  .join(entities.alias("e"), F.expr("e.id = m.entity"), "left")
                  .join(events.alias("ev"), F.expr("ev.id = em.event"))
                  .select(F.col("em.event").alias("event"), F.col("em.doc").alias("doc"),
                          F.col("em.location_start").alias("start"), F.col("em.location_end").alias("end"),
                          F.col("m.text").alias("text"),
                          F.expr("coalesce(m.entity, 'text:' || lower(m.text))").alias("place"),
                          F.col("e.name").alias("name"), F.col("e.aliases").alias("aliases"),
                          F.col("ev.summary").alias("summary"), F.col("em.start").alias("_em_start"),
                          F.col("em.date").alias("day"), F.expr("em.date_source = 'timex'").alias("day_stated"),
                          F.col("em.actors").alias("actors")))
    places = _grouped(place_rows, ["event"], partial(_conflicts, lc.places_disagree, ("event", "doc", "_em_start")),
                      CONFLICT)
    timexes = st.table("timexes")
    dated = f"event IS NOT NULL AND date_source = 'timex' AND date_precision = 'day' AND {lc.NOT_STATEMENT}"
    date_rows = (em.where(dated).alias("em")
                 .join(timexes.alias("t"), F.expr("t.doc = em.doc AND t.start = em.timex_start"))
                 .select(F.col("em.event").alias("event"), F.col("em.doc").alias("doc"), F.col("em.date").alias("date"),
                         F.col("t.start").alias("start"), F.col("t.end").alias("end"), F.col("t.text").alias("text"),
                         F.lower(F.col("em.trigger")).alias("trigger"), F.col("em.actors").alias("actors")))
    dates = _grouped(date_rows, ["event"], partial(_conflicts, lc.dates_disagree, ("event", "doc", "start")), CONFLICT)
    quantities = _grouped(_claim_rows(st, mentions), ["concept", "unit"],
                          partial(_conflicts, lc.quantities_disagree, ("_rid",)), CONFLICT)
    found = st.save("conflicts", _as_store(places.unionByName(dates).unionByName(quantities), "conflicts"))
    return {"conflicts": found.count()}


def _with_actors(em: DataFrame, mentions: DataFrame) -> DataFrame:
    """ACTORS_SQL of kroniek.link.conflicts: the persons and organisations near each event mention."""
    actors = (em.select("doc", "start", "sentence").alias("e")
              .join(mentions.where("entity IS NOT NULL AND type IN ('PER', 'ORG')").alias("a"), "doc")
              .where(f"a.sentence BETWEEN e.sentence - {lc.ACTOR_SENTENCES} AND e.sentence")
              .groupBy(F.col("doc"), F.col("e.start").alias("start")).agg(F.collect_set("a.entity").alias("actors")))
    return em.join(actors, ["doc", "start"], "left")


def _claim_rows(st: Stages, mentions: DataFrame) -> DataFrame:
    """QUANTITY_SQL of kroniek.link.conflicts: each dated claim with the places and entities named, the events
    mentioned, the persons and organisations with their offsets and the dates stated in its sentence."""
    claims = st.table(_path(WORK, "claims")).withColumn("rid", F.monotonically_increasing_id())
    claims = st.save("claims_rid", claims.join(st.table("documents").select(F.col("id").alias("doc"), "date"), "doc")
                     .where("date IS NOT NULL"))
    sentences = st.table("sentences").select("doc", F.col("start").alias("s_start"), F.col("end").alias("s_end"))
    in_sentence = (claims.select("rid", "doc", "start", "end").alias("c").join(sentences.alias("s"), "doc")
                   .where("s.s_start <= c.start AND c.`end` <= s.s_end").select("rid", "doc", "s_start", "s_end"))

    def named(records: DataFrame, where: str, value: str, name: str, distinct: bool) -> DataFrame:
        found = (in_sentence.alias("c").join(records.where(where).alias("m"), "doc")
                 .where("m.start >= c.s_start AND m.`end` <= c.s_end"))
        collect = F.collect_set if distinct else F.collect_list
        return found.groupBy("rid").agg(collect(F.expr(value)).alias(name))

    entity = "coalesce(m.entity, 'text:' || lower(m.text))"
    places = named(mentions, "type IN ('LOC', 'GPE') AND metonym_of IS NULL", entity, "places", False)
    subjects = named(mentions, "entity IS NOT NULL AND type <> 'MISC'", "m.entity", "subjects", True)
    events = named(st.table(_path(WORK, "event_mentions")), f"event IS NOT NULL AND {lc.NOT_STATEMENT}", "m.event",
                   "events", True)
    holders = named(mentions, "entity IS NOT NULL AND (type IN ('PER', 'ORG') OR metonym_of IS NOT NULL)",
                    "concat(cast(m.start AS string), ':', m.entity)", "holders", True)
    dates = named(st.table("timexes"), "type = 'DATE' AND value RLIKE '^[0-9]{4}'", "m.value", "dates", True)
    concepts = claims.select("rid", "counts").mapInArrow(_concepts, from_arrow_schema(CONCEPT))
    joined = claims
    for extra in (places, subjects, holders, events, dates):
        joined = joined.join(extra, "rid", "left")
    return (joined.join(concepts, "rid").where("concept IS NOT NULL")
            .select("doc", "start", "end", "text", "value", "unit", "counts", "approx", "date", "places", "subjects",
                    "holders", "events", "dates", "concept", F.col("rid").alias("_rid")))


# --- timeline -----------------------------------------------------------------------------------------------

def link_timeline(st: Stages, n_dates: int | None = -1, per_date: int = lt.DEFAULT_SENTENCES) -> dict[str, int]:
    """Scores in Spark SQL; the selection (kroniek.link.timeline.select) over the strongest events, fetched in
    growing numbers until the selection is decided inside what was fetched. `n_dates` -1 chooses by the
    corpus's size as the embedded build does (kroniek.link.timeline.default_dates)."""
    events = st.table(_path(WORK, "events_full")).drop("assign")
    if n_dates == -1:
        n_dates = lt.default_dates(st.table("documents").count(), [])
    if n_dates is None:  # a small corpus: every stated event, all of them fetched
        everything = [_scored(r.asDict(recursive=True)) for r in events.orderBy("id").collect()]
        _mark_story(st, everything)
        entries = lt.select(everything, None, lt.WHOLE_STORY_SENTENCES)
    else:
        entries = _key_dates(events, n_dates, per_date)
    timeline = st.spark.createDataFrame(
        [(i, e["date"], e["date_precision"], e["summary"], e["event"], e["score"],
          json.dumps(e["sources"], ensure_ascii=False), e["status"]) for i, e in enumerate(entries)],
        from_arrow_schema(store_rows.schemas()["timeline"]))
    st.save("timeline", timeline.coalesce(1))
    return {"timeline": len(entries)}


def _mark_story(st: Stages, events: list[dict]) -> None:
    """The whole story's marks (kroniek.link.timeline.mark_story) over a small corpus fetched whole; the events
    off the story are marked in the events table, as the embedded build does."""
    docs = {r["id"]: (r["text"], r["language"]) for r in st.table("documents").select("id", "text", "language")
            .collect()}
    sentences: dict[str, list[tuple[int, int]]] = {}
    for row in st.table("sentences").select("doc", "start", "end").collect():
        sentences.setdefault(row["doc"], []).append((row["start"], row["end"]))
    off = lt.mark_story(docs, sentences, events)
    if off:
        rows = [r.asDict(recursive=True) for r in st.table("events").collect()]  # a small corpus: a few rows
        for r in rows:
            r["on_story"] = False if r["id"] in off else r["on_story"]
        schema = from_arrow_schema(store_rows.schemas()["events"])
        st.save("events", st.spark.createDataFrame([tuple(r[f.name] for f in schema.fields) for r in rows],
                                                   schema).coalesce(1))


def _key_dates(events: DataFrame, n_dates: int, per_date: int) -> list[dict]:
    weights = ", ".join(f"'{k}', {v}" for k, v in lt.TYPE_WEIGHT.items())
    statuses = ", ".join(f"'{k}', {v}" for k, v in lt.STATUS_WEIGHT.items())
    events = events.withColumn("approx", F.expr(
        f"(2.0 * docs + ln(1 + mentions) + 0.5 * least(size(coalesce(participants, array())), 4) "
        f"+ CASE WHEN timex_dated THEN 1.0 ELSE 0.0 END + coalesce(map({weights})[type], 0.3)) "
        f"* coalesce(map({statuses})[status], 0.5)"))
    dated = events.where("date IS NOT NULL").orderBy(F.desc("approx"), "id")
    total, fetch = dated.count(), 4 * n_dates * lt.MAX_EVENTS_PER_DATE + 100
    while True:
        candidates = [_scored(r.asDict(recursive=True)) for r in dated.limit(fetch).collect()]
        chosen = lt._choose(candidates, n_dates)
        # Unfetched events weigh at most the lightest fetched one (plus rounding): once every chosen event is
        # heavier than that, no unfetched event could have come before them, and the choice is the full one.
        bound = min((lt.weight(c) for c in candidates), default=0.0) + 0.01
        if fetch >= total or (len(chosen) == n_dates and all(lt.weight(c) > bound for c in chosen)):
            break
        fetch *= 4
    floor = min((lt.weight(c) for c in chosen), default=0.0)
    undated = [_scored(r.asDict(recursive=True)) for r in
               events.where(F.expr(f"date IS NULL AND approx >= {floor - 0.01}")).orderBy("id").collect()]
    return lt.select(candidates + undated, n_dates, per_date)


def _scored(event: dict) -> dict:
    event["sources"] = json.loads(event["sources"])
    event["score"] = lt.score(event)
    return event


# --- the whole step -----------------------------------------------------------------------------------------

STEPS = (("entities", link_entities), ("events", link_events), ("conflicts", link_conflicts),
         ("timeline", link_timeline))


def _jvm(spark: SparkSession) -> Any:
    """The session's JVM gateway (set once the context has started, which a session guarantees)."""
    jvm = spark.sparkContext._jvm
    if jvm is None:
        raise RuntimeError("the Spark context has no JVM")
    return jvm


def _swap(spark: SparkSession, out: str, names: tuple[str, ...]) -> None:
    """Move the linked tables from OUT/_link over the build's, on whatever file system OUT is."""
    jvm = _jvm(spark)
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    for name in names:
        hpath = jvm.org.apache.hadoop.fs.Path
        src, dst = hpath(_path(out, WORK, name)), hpath(_path(out, name))
        fs = dst.getFileSystem(conf)
        fs.delete(dst, True)
        if not fs.rename(src, dst):
            raise OSError(f"cannot move {src} to {dst}")
    fs = jvm.org.apache.hadoop.fs.Path(_path(out, WORK))
    fs.getFileSystem(conf).delete(fs, True)


def link(spark: SparkSession, out: str) -> LinkReport:
    """Run every cross-document step over the Parquet tables in `out` and replace them with the linked ones."""
    st = Stages(spark, out)
    counts, seconds = {}, {}
    for name, step in STEPS:
        started = time.perf_counter()
        counts.update(step(st))
        seconds[name] = time.perf_counter() - started
    _swap(spark, out, UPDATED + LINKED)
    return LinkReport(counts, seconds)


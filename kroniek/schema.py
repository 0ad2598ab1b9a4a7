"""The chronicle's schema: its tables, their columns, and which per-document layer fills which table.

Kept apart from the store so that the row builders (rows.py) and the store (store.py) both read it without
importing each other.
"""

from __future__ import annotations

from kroniek.model import Claim, EventMention, Mention, Quote, Timex

SCHEMA_VERSION = 1
DB_NAME = "chronicle.duckdb"

# Per-document layers: table name -> (Analysis attribute, record class). Column order = dataclass order.
LAYERS = {
    "timexes": ("timexes", Timex),
    "mentions": ("mentions", Mention),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
    "event_mentions": ("events", EventMention),
}

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, title VARCHAR, language VARCHAR NOT NULL,
    date VARCHAR, date_precision VARCHAR NOT NULL, date_source VARCHAR NOT NULL,
    date_from VARCHAR, date_to VARCHAR, url VARCHAR, external_id VARCHAR, encoding VARCHAR,
    text VARCHAR NOT NULL, n_chars INTEGER NOT NULL, n_sentences INTEGER NOT NULL, n_tokens INTEGER NOT NULL,
    added_at TIMESTAMP NOT NULL, run INTEGER NOT NULL, outlet VARCHAR, author VARCHAR,
    text_from VARCHAR, text_to VARCHAR, date_basis VARCHAR[]);
CREATE TABLE IF NOT EXISTS sentences (
    doc VARCHAR NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, boilerplate BOOLEAN);
CREATE TABLE IF NOT EXISTS tokens (
    doc VARCHAR NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS timexes (
    doc VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, value VARCHAR, mod VARCHAR);
CREATE TABLE IF NOT EXISTS mentions (
    doc VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, sentence INTEGER,
    norm VARCHAR, metonym_of VARCHAR, entity VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    doc VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, speaker_text VARCHAR, cue VARCHAR,
    direct BOOLEAN, speaker_start INTEGER, speaker_end INTEGER, speaker VARCHAR);
CREATE TABLE IF NOT EXISTS claims (
    doc VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, value DOUBLE, unit VARCHAR,
    counts VARCHAR, speaker_text VARCHAR, approx VARCHAR, speaker_start INTEGER, speaker_end INTEGER,
    high DOUBLE, speaker VARCHAR);
CREATE TABLE IF NOT EXISTS event_mentions (
    doc VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, trigger VARCHAR, type VARCHAR,
    status VARCHAR, sentence INTEGER, date VARCHAR, date_precision VARCHAR, date_source VARCHAR,
    timex_start INTEGER, location_start INTEGER, location_end INTEGER, participants INTEGER[][], event VARCHAR);
CREATE TABLE IF NOT EXISTS entities (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL, aliases VARCHAR[],
    descriptions VARCHAR[], mentions JSON);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, date VARCHAR, date_precision VARCHAR, summary VARCHAR, type VARCHAR,
    status VARCHAR, participants VARCHAR[], location VARCHAR, sources JSON, on_story BOOLEAN);
CREATE TABLE IF NOT EXISTS timeline (
    rank INTEGER, date VARCHAR, date_precision VARCHAR, summary VARCHAR, event VARCHAR, score DOUBLE,
    sources JSON, status VARCHAR);
CREATE TABLE IF NOT EXISTS conflicts (
    id VARCHAR, kind VARCHAR, description VARCHAR, sides JSON);
CREATE TABLE IF NOT EXISTS ingest_errors (
    source VARCHAR NOT NULL, reason VARCHAR NOT NULL, run INTEGER NOT NULL, logged_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS duplicates (
    source VARCHAR NOT NULL, doc VARCHAR NOT NULL, run INTEGER NOT NULL, logged_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS unit_counts (
    grp VARCHAR NOT NULL, hash BIGINT, docs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, command VARCHAR, inputs VARCHAR[], started TIMESTAMP, finished TIMESTAMP,
    added INTEGER, duplicates INTEGER, failed INTEGER);
"""
# Columns added after a chronicle may have been built: an older store gains them (empty) when opened to write.
MIGRATE = """
ALTER TABLE documents ADD COLUMN IF NOT EXISTS outlet VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS author VARCHAR;
ALTER TABLE sentences ADD COLUMN IF NOT EXISTS boilerplate BOOLEAN;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS text_from VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS text_to VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS date_basis VARCHAR[];
ALTER TABLE events ADD COLUMN IF NOT EXISTS on_story BOOLEAN;
"""

# Tables a user can list and export, in export order.
TABLES = (
    "documents", "sentences", "tokens", "timexes", "mentions", "quotes", "claims", "event_mentions",
    "entities", "events", "timeline", "conflicts", "ingest_errors", "duplicates", "runs",
)

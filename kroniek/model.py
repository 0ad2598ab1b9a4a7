"""The records Kroniek passes between stages.

Every record is a plain, picklable dataclass so the per-document analysis can run in a process pool
(and later inside Spark executors) without shared state. Offsets are 0-based character offsets into
`Document.text`, end exclusive.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["PER", "ORG", "GPE", "LOC", "EVENT", "MISC"]
Precision = Literal["day", "month", "year", "decade", "unknown"]
EventStatus = Literal["happened", "planned", "speculated", "denied", "unknown"]
DateSource = Literal["metadata", "header", "text", "inferred", "corpus", "none"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article after ingestion: its text without any header, and what is known about it."""

    id: str  # content hash: the same text is the same document
    source: str  # input path relative to the folder given (`path:row 3` for records inside a file), or URL
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 truncated to its precision
    date_precision: Precision = "unknown"
    date_source: DateSource = "none"
    date_range: tuple[str | None, str | None] | None = None
    language: str = "und"
    url: str | None = None
    external_id: str | None = None  # the id the source gave it, if any
    encoding: str | None = None  # detected encoding of the raw bytes, if decoded from bytes
    outlet: str | None = None  # publisher / newspaper / site as the record names it: what citations show
    author: str | None = None


@dataclass(frozen=True, slots=True)
class IngestError:
    """A source that could not be read, and why. Reported, stored, never fatal for the run."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the paragraph (blank-line separated block) it sits in
    boilerplate: bool = False  # page furniture (caption, credit, prompt, tags): every annotator skips it


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    sentence: int


class Tokens:
    """The tokens of a document as three int arrays: cheap to build, to pickle between processes and to store.

    Behaves as a sequence of Token records for annotators that want objects."""

    __slots__ = ("starts", "ends", "sentences")

    def __init__(self, starts: Iterable[int] = (), ends: Iterable[int] = (), sentences: Iterable[int] = ()) -> None:
        self.starts, self.ends, self.sentences = array("i", starts), array("i", ends), array("i", sentences)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> Token:
        return Token(self.starts[i], self.ends[i], self.sentences[i])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.starts, self.ends, self.sentences)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tokens) and (self.starts, self.ends, self.sentences) == (
            other.starts, other.ends, other.sentences)

    def __getstate__(self) -> tuple:
        return self.starts, self.ends, self.sentences

    def __setstate__(self, state: tuple) -> None:
        self.starts, self.ends, self.sentences = state


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: EntityType
    sentence: int
    norm: str | None = None  # normalised key for cross-document identity (backend-specific), if known
    metonym_of: str | None = None  # e.g. 'Pyongyang' standing for the North Korean state: that state's name


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker_text: str | None
    cue: str | None
    direct: bool
    speaker_start: int | None = None  # offsets of the speaker's named mention the quote is resolved to
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    counts: str | None
    speaker_text: str | None = None
    approx: str | None = None  # 'circa', 'meer dan', 'about', ... as written
    speaker_start: int | None = None
    speaker_end: int | None = None
    high: float | None = None  # the upper end of a range ('10 tot 15'); value is its lower end


@dataclass(frozen=True, slots=True)
class EventMention:
    start: int
    end: int
    text: str
    trigger: str
    type: str | None
    status: EventStatus
    sentence: int
    date: str | None = None  # ISO date truncated to its precision
    date_precision: Precision = "unknown"
    date_source: str | None = None  # 'timex' (an expression in the sentence) or 'document' (the document date)
    timex_start: int | None = None  # offset of the time expression the date came from
    location_start: int | None = None  # the place mention (offsets into the text), if any
    location_end: int | None = None
    participants: tuple[tuple[int, int], ...] = ()  # (start, end) of participant mentions


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """Choices that change what analysis produces, passed to `analyze()` with the document (so analysis stays a
    function of its arguments, in a local pool or on a cluster): `ner` names the entity recogniser (kroniek.ner)."""

    ner: str = "auto"


DEFAULT_SETTINGS = AnalysisSettings()


@dataclass(slots=True)
class Analysis:
    """Everything the per-document analysis finds in one document; later layers fill the lists."""

    doc_id: str
    language: str = "und"  # the document's language as analysed (detected here when ingestion left it open)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: Tokens = field(default_factory=Tokens)
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    # An undated document's date as worked out from its text (the time layer): the earliest it can have been
    # written, at the precision the text gives; never a made-up day.
    inferred_date: str | None = None
    inferred_precision: Precision = "unknown"
    inferred_range: tuple[str | None, str | None] | None = None

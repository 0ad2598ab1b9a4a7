"""The time layer's resources: rules, calendar names and word lists of resources/<lang>/timex.json, compiled
once per language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from babel.dates import get_day_names, get_month_names

from kroniek.analyze.numbers import number_pattern
from kroniek.resources import resolve, resource_json

Ref = tuple[int, int | None, int | None]  # (year, month, day); None where the document date is less precise
PAST, NONE, FUTURE = -1, 0, 1
UNDER = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX"}
TIME_UNITS = {"H": "H", "MIN": "M", "S": "S", "QH": "M"}
SENT_END = re.compile(r"[.!?\n]\s")


@dataclass(frozen=True)
class Rule:
    regex: re.Pattern[str]
    type: str
    norm: str


@dataclass(frozen=True)
class TimexResources:
    lang: str
    rules: tuple[Rule, ...]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]  # name -> ISO weekday 1..7
    units: dict[str, str]
    seasons: dict[str, str]
    parts: dict[str, str]
    rel: dict[str, int]
    mods: dict[str, str | None]
    ago: dict[str, int]
    ordinals: dict[str, int]
    decades: dict[str, int]
    refs: dict[str, str | None]
    sets: dict[str, str]
    one: frozenset[str]
    future_re: re.Pattern[str]
    past_re: re.Pattern[str]
    anchors_re: re.Pattern[str] | None
    anchors: dict[str, str]
    triggers: frozenset[str]  # words every expression holds at least one of (besides digits)
    starters: frozenset[str]  # words an expression may start with before its trigger ('the', 'last', 'early')
    mods_outside: frozenset[str]  # modifiers that set `mod` but stay outside the extent (TimeML: 'about')
    quarter_context: re.Pattern[str] | None  # a sentence about quarterly figures: 'a year earlier' is a quarter
    quarter_context_document: bool = False  # English earnings reports name the quarter once, not in every sentence
    vague_duration: str = "PXY"  # 'a while', 'een tijdje' (TimeBank writes PXX)
    decade_x: bool = True  # 'the 1990s' as 199X (TimeBank mixes 199X and 199; TIMEX3 itself writes 199)
    clock_on_narrative_day: bool = False  # '... op Koningsdag. Van 18.00 tot 21.00 uur': the day last named
    untensed_weekday: int = -1  # a weekday in a sentence with no tense cue: past (English) or future (Dutch)
    anaphoric_year: frozenset[str] = frozenset()  # 'maart van dat jaar': the year last named
    this_weekend_past: frozenset[str] = frozenset()  # 'dit weekend' in the past tense: the one just gone
    centuries: dict[str, int] = field(default_factory=dict)
    holidays: dict[str, str] = field(default_factory=dict)  # name -> MM-DD
    clock_words: dict[str, str] = field(default_factory=dict)  # 'noon' -> '12:00'
    ago_deictic: frozenset[str] = frozenset()  # 'geleden', 'ago': counted from the document date, not the narrative
    unit_suffixes: dict[str, str] = field(default_factory=dict)  # 'jarige' (tienjarige) -> 'Y'


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().rstrip("."))


def _calendar(lang: str, d: dict) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Month and weekday names from CLDR (wide and abbreviated), plus the resource file's extras."""
    months = {str(n).lower(): i for i, n in get_month_names("wide", locale=lang).items()}
    full = list(months)
    months.update({str(n).lower().rstrip("."): i for i, n in get_month_names("abbreviated", locale=lang).items()})
    months.update(d.get("months_extra", {}))
    weekdays = {str(n).lower(): i + 1 for i, n in get_day_names("wide", locale=lang).items()}
    weekdays.update(d.get("weekdays_extra", {}))
    return months, weekdays, full


def _fragments(d: dict, months: dict[str, int], full: list[str], weekdays: dict[str, int]) -> dict[str, str]:
    lang_num = number_pattern(d["_lang"])
    abbrev = [m for m in months if m not in full]
    frag = {
        "MONTH": f"(?:{_alt(full)}|(?:{_alt(abbrev)})\\.?)",
        "MONTHFULL": f"(?:{_alt(full)})",
        "WEEKDAY": f"(?:{_alt(list(weekdays))})",
        "NUM": f"(?:{lang_num})",
        "ONE": f"(?:{_alt(d['one'])})",
        "FUZZY": f"(?:{_alt(d['fuzzy'])})",
        "UNIT": f"(?:{_alt(list(d['units']))})",
        "SEASON": f"(?:{_alt(list(d['seasons']))})",
        "PART": f"(?:{_alt(list(d['parts_of_day']))})",
        "REL": f"(?:{_alt(list(d['rel']))})",
        "MOD": f"(?:{_alt(list(d['mods']))})",
        "AGO": f"(?:{_alt(list(d['ago']))})",
        "ORD": f"(?:{_alt(list(d['ordinals']))})",
        "DECADE": f"(?:{_alt(list(d['decades']))})",
        "REF": f"(?:{_alt([k for k, v in d['refs'].items() if v])})",
        "SET": f"(?:{_alt(list(d['sets']))})",
        "EVERY": f"(?:{_alt(d['every'])})",
        "CENTURY": f"(?:{_alt(list(d.get('centuries', {})) or ['(?!)'])})",
        "HOLIDAY": f"(?:{_alt(list(d.get('holidays', {})) or ['(?!)'])})",
    }
    frag.update(d["fragments"])
    return frag


def _expand(pattern: str, frag: dict[str, str], depth: int = 0) -> str:
    out = re.sub(r"\{([A-Z]+)\}", lambda m: frag.get(m.group(1), m.group(0)), pattern)
    return out if out == pattern or depth > 4 else _expand(out, frag, depth + 1)


def _words_re(words: list[str], suffix: str | None = None) -> re.Pattern[str]:
    alts = _alt(words) + (f"|{suffix}" if suffix else "")
    return re.compile(rf"(?<![\w'])(?:{alts})(?!\w)", re.IGNORECASE)


@cache
def timex_resources(lang: str) -> TimexResources:
    """Compiled rules and lexicons of one language, built once per process."""
    lang = resolve(lang)
    d = resource_json(lang, "timex.json")
    d["_lang"] = lang
    months, weekdays, full = _calendar(lang, d)
    frag = _fragments(d, months, full, weekdays)
    rules = tuple(
        Rule(re.compile(rf"(?<![\w'-])(?:{_expand(r['p'], frag)})(?![\w])", re.IGNORECASE), r["type"], r["norm"])
        for r in d["rules"]
    )
    anchors = {norm_key(k): v for k, v in d.get("anchors", {}).items()}
    return TimexResources(
        lang=lang, rules=rules, months=months, ambiguous_months=frozenset(d.get("month_lowercase_ambiguous", [])),
        weekdays=weekdays, units={k.lower(): v for k, v in d["units"].items()}, seasons=d["seasons"],
        parts=d["parts_of_day"], rel=d["rel"], mods=d["mods"], ago=d["ago"], ordinals=d["ordinals"],
        decades=d["decades"], refs={norm_key(k): v for k, v in d["refs"].items()},
        sets={norm_key(k): v for k, v in d["sets"].items()}, one=frozenset(d["one"]),
        future_re=_words_re(d["tense"]["future"]),
        past_re=_words_re(d["tense"]["past"], d["tense"].get("past_suffix")),
        anchors_re=re.compile(rf"(?<!\w)(?:{_alt(list(d.get('anchors', {})))})(?!\w)", re.IGNORECASE)
        if anchors else None,
        anchors=anchors,
        triggers=_triggers(d, months, weekdays),
        starters=_starters(d),
        quarter_context=re.compile(d["quarter_context"], re.IGNORECASE) if d.get("quarter_context") else None,
        quarter_context_document=d.get("quarter_context_scope") == "document",
        mods_outside=frozenset(norm_key(w) for w in d.get("mods_outside_extent", [])),
        vague_duration=d.get("vague_duration", "PXY"),
        decade_x=d.get("decade_x", True),
        clock_on_narrative_day=d.get("clock_on_narrative_day", False),
        untensed_weekday=FUTURE if d.get("untensed_weekday") == "future" else PAST,
        anaphoric_year=frozenset(d.get("anaphoric_year", [])),
        clock_words={k.lower(): v for k, v in d.get("clock_words", {}).items()},
        ago_deictic=frozenset(norm_key(w) for w in d.get("ago_deictic", [])),
        unit_suffixes={k.lower(): v for k, v in d.get("unit_suffixes", {}).items()},
        this_weekend_past=frozenset(d.get("this_weekend_past", [])),
        centuries=d.get("centuries", {}),
        holidays={norm_key(k): v for k, v in d.get("holidays", {}).items()},
    )


def _starters(d: dict) -> frozenset[str]:
    words = set(d.get("starters", []))
    for key in (*d["mods"], *d["rel"], *d["fuzzy"], *d["one"], *d["every"], *d["ordinals"], *d["refs"], *d["sets"],
                *d.get("centuries", {})):
        words.update(re.findall(r"\w+|[^\w\s]", key.lower()))
    return frozenset(words)


def _triggers(d: dict, months: dict[str, int], weekdays: dict[str, int]) -> frozenset[str]:
    """Words that anchor a search: an expression holds one of them or a digit, so rules only try near them."""
    words = set(months) | set(weekdays) | set(d["units"]) | set(d["seasons"]) | set(d["parts_of_day"])
    words |= set(d["decades"]) | set(d.get("triggers", []))
    # a weekday compounded with a part of the day ('vrijdagmiddag') is one word; the weekday rule reads it
    words |= {w + p for w in weekdays for p in d["parts_of_day"]}
    words |= {re.findall(r"[^\W\d_]+", k)[-1] for k in d.get("holidays", {})}
    for key in (*d["refs"], *d["sets"], *d["ago"]):
        words.add(re.findall(r"[^\W\d_]+", key)[-1])
    return frozenset(w.lower() for w in words)


"""The time layer: time expressions found and normalised to TIMEX3 values against the document date.

Rules are data (resources/<lang>/timex.json), month and weekday names come from CLDR via babel; this module is
the engine, in the manner of HeidelTime: every rule's regex runs over the text, overlapping matches keep the
longest, and each match's named groups are normalised by the rule's `norm` function. Resolution respects the
precision of the document date: in a document dated to the month, 'donderdag' is that month, never a day.
Weekdays, bare months and seasons take their direction from the tense of the sentence around them.

`infer_date(doc, timexes, lang)` dates an undated document: the latest absolute date it refers to in the past
tense (or the latest named historical anchor it mentions) is the earliest the document can have been written.
"""

from __future__ import annotations

import json
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources as importlib_resources

from babel.dates import get_day_names, get_month_names

from kroniek.analyze.numbers import number_pattern, number_resources, parse_number
from kroniek.model import Analysis, Document, Timex
from kroniek.resources import FALLBACK, LANGUAGES

Ref = tuple[int, int | None, int | None]  # (year, month, day); None where the document date is less precise
PAST, NONE, FUTURE = -1, 0, 1
UNDER = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX"}
TIME_UNITS = {"H": "H", "MIN": "M", "S": "S", "QH": "M"}
_SENT_END = re.compile(r"[.!?\n]\s")


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


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _norm_key(text: str) -> str:
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
    if lang not in LANGUAGES:
        lang = FALLBACK
    path = importlib_resources.files("kroniek.resources").joinpath(lang, "timex.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    d["_lang"] = lang
    months, weekdays, full = _calendar(lang, d)
    frag = _fragments(d, months, full, weekdays)
    rules = tuple(
        Rule(re.compile(rf"(?<![\w'-])(?:{_expand(r['p'], frag)})(?![\w])", re.IGNORECASE), r["type"], r["norm"])
        for r in d["rules"]
    )
    anchors = {_norm_key(k): v for k, v in d.get("anchors", {}).items()}
    return TimexResources(
        lang=lang, rules=rules, months=months, ambiguous_months=frozenset(d.get("month_lowercase_ambiguous", [])),
        weekdays=weekdays, units={k.lower(): v for k, v in d["units"].items()}, seasons=d["seasons"],
        parts=d["parts_of_day"], rel=d["rel"], mods=d["mods"], ago=d["ago"], ordinals=d["ordinals"],
        decades=d["decades"], refs={_norm_key(k): v for k, v in d["refs"].items()},
        sets={_norm_key(k): v for k, v in d["sets"].items()}, one=frozenset(d["one"]),
        future_re=_words_re(d["tense"]["future"]),
        past_re=_words_re(d["tense"]["past"], d["tense"].get("past_suffix")),
        anchors_re=re.compile(rf"(?<!\w)(?:{_alt(list(d.get('anchors', {})))})(?!\w)", re.IGNORECASE)
        if anchors else None,
        anchors=anchors,
        triggers=_triggers(d, months, weekdays),
        starters=_starters(d),
        quarter_context=re.compile(d["quarter_context"], re.IGNORECASE) if d.get("quarter_context") else None,
        quarter_context_document=d.get("quarter_context_scope") == "document",
        mods_outside=frozenset(_norm_key(w) for w in d.get("mods_outside_extent", [])),
        vague_duration=d.get("vague_duration", "PXY"),
        decade_x=d.get("decade_x", True),
        clock_on_narrative_day=d.get("clock_on_narrative_day", False),
        untensed_weekday=FUTURE if d.get("untensed_weekday") == "future" else PAST,
        anaphoric_year=frozenset(d.get("anaphoric_year", [])),
        this_weekend_past=frozenset(d.get("this_weekend_past", [])),
        centuries=d.get("centuries", {}),
        holidays={_norm_key(k): v for k, v in d.get("holidays", {}).items()},
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
    words |= {re.findall(r"[^\W\d_]+", k)[-1] for k in d.get("holidays", {})}
    for key in (*d["refs"], *d["sets"], *d["ago"]):
        words.add(re.findall(r"[^\W\d_]+", key)[-1])
    return frozenset(w.lower() for w in words)


# --- dates and their arithmetic at the precision the reference allows ------------------------------------------

def document_ref(doc: Document) -> Ref | None:
    """The document date as (year, month, day), cut to its precision; None when there is none."""
    if not doc.date or doc.date_precision in ("unknown", "decade"):
        return None
    m = re.match(r"(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?", doc.date)
    if not m:
        return None
    y, mo, dd = int(m.group(1)), m.group(2), m.group(3)
    month = int(mo) if mo and doc.date_precision in ("month", "day") else None
    day = int(dd) if dd and month and doc.date_precision == "day" else None
    return y, month, day


def fmt(y: int | None, m: int | None = None, d: int | None = None) -> str:
    if y is None:
        return "XXXX" + ("-XX" if m is not None else "") + ("-XX" if d is not None else "")
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def shift(ref: Ref | None, unit: str, n: int) -> str:
    """The value `n` units from `ref`, at the unit's granularity but never finer than `ref` allows."""
    if ref is None:
        return UNDER.get(unit, "XXXX-XX-XX")
    y, m, d = ref
    if unit in ("Y", "DE", "CE"):
        n = n * {"Y": 1, "DE": 10, "CE": 100}[unit]
        return str(y + n) if unit == "Y" else (f"{(y + n) // 10}X" if unit == "DE" else f"{(y + n) // 100}")
    if m is None:
        return str(y) if abs(n) < 12 or unit != "M" else str(y + n // 12)
    if unit == "M":
        return fmt(*_add_months(y, m, n))
    if unit == "Q":
        q = (m - 1) // 3 + n
        return f"{y + q // 4:04d}-Q{q % 4 + 1}"
    if d is None or not 1 <= d <= monthrange(y, m)[1]:
        return fmt(y, m)  # weeks and days need a day: stay at the month
    day = date(y, m, d)
    if unit in ("W", "WE"):
        w = _week(day + timedelta(weeks=n))
        return w + "-WE" if unit == "WE" else w
    if unit == "D":
        return (day + timedelta(days=n)).isoformat()
    return day.isoformat()


def _ref_of(value: str) -> Ref | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?", value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


# --- context: tense around an expression ---------------------------------------------------------------------

def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start),
             text.rfind("! ", 0, start))
    m = _SENT_END.search(text, end)
    return lo + 1, (m.start() + 1 if m else len(text))


def tense(text: str, start: int, end: int, res: TimexResources) -> int:
    """PAST, FUTURE or NONE from the tense cue nearest the expression in its sentence: the one before it first
    (the governing verb usually precedes: 'said Friday', 'will meet on Thursday'), else the one after."""
    lo, hi = _sentence_window(text, start, end)
    before: tuple[int, int] = (-1, NONE)
    after: tuple[int, int] = (10**9, NONE)
    for regex, direction in ((res.future_re, FUTURE), (res.past_re, PAST)):
        for m in regex.finditer(text, lo, hi):
            if m.end() <= start and m.end() > before[0]:
                before = (m.end(), direction)
            elif m.start() >= end and m.start() < after[0]:
                after = (m.start(), direction)
    return before[1] if before[1] != NONE else after[1]


# --- normalisers: one per rule family -------------------------------------------------------------------------

@dataclass
class Ctx:
    text: str
    ref: Ref | None
    anchor: Ref | None  # the last resolved date before the expression (narrative time), else the document date
    res: TimexResources
    start: int
    end: int
    last_year: int | None = None  # the year of the last date named before the expression ('dat jaar')

    def direction(self) -> int:
        return tense(self.text, self.start, self.end, self.res)

    def year_back(self, base: Ref | None, years: int) -> str:
        """`years` back from `base`; in a sentence about quarterly figures, the last quarter that many years back."""
        regex = self.res.quarter_context
        if regex is not None and base is not None and base[1] is not None:
            lo, hi = (0, len(self.text)) if self.res.quarter_context_document else \
                _sentence_window(self.text, self.start, self.end)
            if regex.search(self.text, lo, hi):
                return shift(base, "Q", -1 - 4 * years)
        return shift(base, "Y", -years)


Norm = tuple[str, str, str | None] | None  # (type, value, mod) or None to drop the match


def _mod(g: dict[str, str | None], res: TimexResources) -> str | None:
    return res.mods.get(_norm_key(g["mod"])) if g.get("mod") else None


def _year(text: str) -> int:
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if len(text) == 2 else y


def _month_year(month: int, ctx: Ctx) -> int | None:
    """The year of a month named without one: the occurrence nearest the document date, where going against the
    tense of the sentence costs three months ('in september' said in April is last September if past tense)."""
    if ctx.ref is None:
        return None
    y, m, _ = ctx.ref
    if m is None:
        return y
    direction = ctx.direction()

    def cost(year: int) -> int:
        diff = (year * 12 + month) - (y * 12 + m)
        against = (diff > 0 and direction == PAST) or (diff < 0 and direction == FUTURE)
        return abs(diff) + (3 if against else 0)

    return min((y, y - 1, y + 1), key=cost)


def _weekday_year(year: int, month: int, day: int, iso: int | None) -> int:
    """'zondag 22 september' without a year: of the nearest years, the one where that day is that weekday."""
    for y in (year, year + 1, year - 1):
        if iso and day <= monthrange(y, month)[1] and date(y, month, day).isoweekday() == iso:
            return y
    return year


def _spelled_year(g: dict, lang: str) -> str | None:
    """'nineteen ninety-six' (century and year words, as read out on radio) or 'two thousand' as digits."""
    if g.get("yc") and g.get("yy"):
        cent, rest = parse_number(g["yc"], lang), parse_number(g["yy"], lang)
        return str(int(cent * 100 + rest)) if cent and rest is not None else None
    n = parse_number(g["yw"], lang) if g.get("yw") else None
    return str(int(n)) if n and n == int(n) and 1000 <= n <= 2100 else None


def norm_date(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    if g.get("yc") or g.get("yw"):
        year = _spelled_year(g, ctx.res.lang)
        if year is None:
            return None
        g = {**g, "year": year}
    mod = _mod(g, res)
    if g.get("season") and not g.get("year"):  # 'na de zomer': the one the tense points to
        return typ, _season_year(res.seasons[g["season"].lower()], ctx.direction(), ctx), mod
    if g.get("season"):
        return typ, f"{_year(g['year'])}-{res.seasons[g['season'].lower()]}", mod
    month = None
    if g.get("month"):
        name = g["month"].lower().rstrip(".")
        if name.isdigit():
            month = int(name)
        else:
            if name in res.ambiguous_months and g["month"][0].islower():
                return None  # 'may', 'march' as verbs
            month = res.months.get(name)
        if not month or month > 12:
            return None
    if g.get("year") and month is None:
        return typ, str(_year(g["year"])), mod
    year = _year(g["year"]) if g.get("year") else _month_year(month, ctx)
    day = int(re.match(r"\d+", g["day"]).group()) if g.get("day") else None
    if g.get("weekday") and day and month and year and not g.get("year"):
        year = _weekday_year(year, month, day, res.weekdays.get(g["weekday"].lower()))
    if day is not None and not 1 <= day <= monthrange(year or 2000, month or 1)[1]:
        return None  # '31 februari' is no date
    if year is None:
        return typ, "XXXX-" + f"{month:02d}" + (f"-{day:02d}" if day else ""), mod
    return typ, fmt(year, month, day), mod


def norm_decade(g: dict, ctx: Ctx, typ: str) -> Norm:
    x = "X" if ctx.res.decade_x else ""
    mod = _mod({"mod": g.get("mod") or g.get("mod2")}, ctx.res)  # 'de late jaren negentig'
    if g.get("year"):
        return typ, g["year"][:3] + x, mod
    digit = int(g["dec"]) if g.get("dec") else ctx.res.decades[g["decword"].lower()]
    century = "19"
    if g.get("dec") and digit == 0:
        century = "20"
    return typ, f"{century}{digit}{x}", mod


def norm_century(g: dict, ctx: Ctx, typ: str) -> Norm:
    """'de 21ste eeuw' is 20 (TIMEX3 writes a century by its first two digits)."""
    n = int(g["cent"]) if g.get("cent") else ctx.res.centuries.get(g["centword"].lower())
    return (typ, f"{n - 1:02d}", _mod(g, ctx.res)) if n else None


def norm_holiday(g: dict, ctx: Ctx, typ: str) -> Norm:
    """A named calendar day ('Koningsdag'): its date in the year the tense points to, like a bare '27 april'."""
    month, day, *weekday = ctx.res.holidays[_norm_key(g["holiday"])].split("-")
    year = _month_year(int(month), ctx)
    if year is not None and ctx.ref and ctx.ref[1] == int(month) and ctx.ref[2]:
        year = ctx.ref[0]  # this month's holiday: this year's, whatever the tense
    if weekday:  # 'MM-n-w': the n-th ISO weekday w of the month (Thanksgiving: 11-4-4)
        if year is None:
            return typ, f"XXXX-{month}", None
        first = date(year, int(month), 1).isoweekday()
        day = str(1 + (int(weekday[0]) - first) % 7 + 7 * (int(day) - 1))
    return typ, (fmt(year, int(month), int(day)) if year else f"XXXX-{month}-{day}"), None


def norm_quarter(g: dict, ctx: Ctx, typ: str) -> Norm:
    q = ctx.res.ordinals[g["ord"].lower()]
    if g.get("year"):
        return typ, f"{_year(g['year'])}-Q{q}", None
    year = ctx.ref[0] if ctx.ref else None
    if year is not None and g.get("rel"):
        year += ctx.res.rel[g["rel"].lower()]
    elif year is not None and ctx.ref[1] and q > (ctx.ref[1] - 1) // 3 + 1 and ctx.direction() != FUTURE:
        year -= 1  # a quarter still to come, spoken of without a future cue: last year's (results are reported)
    return typ, (f"{year}-Q{q}" if year is not None else f"XXXX-Q{q}"), None


def _weekday_value(iso: int, ctx: Ctx, rel: int | None) -> str:
    if ctx.ref is None or ctx.ref[2] is None:
        if ctx.ref is None:
            return f"XXXX-WXX-{iso}"
        return fmt(ctx.ref[0], ctx.ref[1])  # a month- or year-dated document: never invent a day
    y, m, d = ctx.ref
    today = date(y, m, d)
    delta = iso - today.isoweekday()
    direction = rel if rel is not None else ctx.direction()
    if direction == NONE:
        direction = ctx.res.untensed_weekday
    if rel == 0:  # 'this Friday': the one in this week
        return (today + timedelta(days=delta)).isoformat()
    if direction == FUTURE:
        return (today + timedelta(days=delta if delta >= 0 else delta + 7)).isoformat()
    if rel == PAST and delta >= 0 or delta > 0:
        delta -= 7
    return (today + timedelta(days=delta)).isoformat()


def norm_weekday(g: dict, ctx: Ctx, typ: str) -> Norm:
    iso = ctx.res.weekdays[g["weekday"].lower()]
    rel = ctx.res.rel.get(g["rel"].lower()) if g.get("rel") else None
    value = _weekday_value(iso, ctx, rel)
    if g.get("part"):
        part = ctx.res.parts.get(g["part"].lower())
        return (typ, f"{value}T{part}" if len(value) == 10 else value, _mod(g, ctx.res)) if part else (typ, value, None)
    return typ, value, _mod(g, ctx.res)


def _season_year(season: str, n: int, ctx: Ctx) -> str:
    if ctx.ref is None:
        return f"XXXX-{season}"
    y, m, _ = ctx.ref
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    if n < 0:
        y -= 1 if m is None or m < first + 3 else 0
    elif n > 0:
        y += 1 if m is None or m >= first else 0
    return f"{y}-{season}"


def norm_rel(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    mod = _mod(g, res)
    if g.get("relyear"):  # 'June last year', '28 maart van dat jaar'
        month = res.months[g["month"].lower()]
        if g["relyear"].lower() in res.anaphoric_year:
            year = ctx.last_year
        else:
            year = ctx.ref[0] + res.rel.get(g["relyear"].lower(), 0) if ctx.ref else None
        day = int(re.match(r"\d+", g["day"]).group()) if g.get("day") else None
        if day is not None and not 1 <= day <= monthrange(year or 2000, month)[1]:
            return None
        return typ, fmt(year, month, day) if year else f"XXXX-{month:02d}", mod
    n = res.rel.get(g["rel"].lower(), 0)
    if g.get("month"):
        month = res.months[g["month"].lower()]
        if ctx.ref is None:
            return typ, f"XXXX-{month:02d}", mod
        y, m, _ = ctx.ref
        if n < 0 and (m is None or month >= m):
            y -= 1
        elif n > 0 and (m is None or month <= m):
            y += 1
        return typ, fmt(y, month), mod
    unit = g["unit"].lower()
    if unit in res.seasons:
        return typ, _season_year(res.seasons[unit], n, ctx), mod
    code = res.units.get(unit, "Y")
    if code == "WE" and g["rel"].lower() in res.this_weekend_past and _weekend_past(ctx):
        n = -1  # 'dit weekend was het raak', written on a weekday: the weekend just gone
    return typ, shift(ctx.ref, code, n), mod


def _weekend_past(ctx: Ctx) -> bool:
    if ctx.ref is None or ctx.ref[2] is None or ctx.direction() != PAST:
        return False
    return date(*ctx.ref).isoweekday() < 6  # type: ignore[arg-type]


def _quantity(text: str, ctx: Ctx) -> float | None:
    t = text.lower().strip()
    if t in ctx.res.one:
        return 1.0
    if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
        return float(t.replace(",", "."))
    if m := re.fullmatch(r"(\d+)\s+1/2", t):
        return int(m.group(1)) + 0.5
    return parse_number(t, ctx.res.lang)


def norm_ago(g: dict, ctx: Ctx, typ: str) -> Norm:
    unit = ctx.res.units[g["unit"].lower()]
    n = _quantity(g["num"], ctx)
    direction = ctx.res.ago[_norm_key(g["dir"])]
    anchored = _norm_key(g["dir"]) not in ("ago", "geleden", "from now", "hence")
    base = ctx.anchor if anchored else ctx.ref
    if n is not None and unit == "Y" and n != int(n) and (n * 12) % 1 == 0:
        unit, n = "M", n * 12  # 'anderhalf jaar geleden': eighteen months back
    if n is None or n != int(n):
        value = {"Y": "PAST_REF", "D": "PAST_REF"}.get(unit, "PAST_REF") if direction < 0 else "FUTURE_REF"
        return typ, value, _mod(g, ctx.res)
    if unit in TIME_UNITS:
        unit = "D"
        n = 0
    if unit == "Y" and direction < 0:
        return typ, ctx.year_back(base, int(n)), _mod(g, ctx.res)
    return typ, shift(base, unit, direction * int(n)), _mod(g, ctx.res)


def _duration(n: float | None, unit: str) -> str:
    small = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "MIN")}
    if n is not None and n != int(n) and unit in small and (n * small[unit][0]) % 1 == 0:
        n, unit = n * small[unit][0], small[unit][1]  # 'een half jaar' is P6M, 'een half uur' PT30M
    amount = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    if unit == "QH":
        return "PT" + ("X" if n is None else str(int(n * 15))) + "M"
    if unit in TIME_UNITS:
        return f"PT{amount}{TIME_UNITS[unit]}"
    if unit in ("DE", "CE") and n is not None:
        return _duration(n * (10 if unit == "DE" else 100), "Y")  # TimeML writes a decade as P10Y
    return f"P{amount}{ {'Q': 'Q', 'WE': 'WE'}.get(unit, unit)}"


def norm_duration(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    unit_word = (g.get("unit") or "").lower()
    suffix = {"jarige": "Y", "daagse": "D", "urige": "H", "weekse": "W", "maandse": "M"}
    unit = suffix.get(unit_word) or res.units.get(unit_word)
    if g.get("num") is None and "fuzzy" in g:
        if unit is None:
            return typ, res.vague_duration if not unit_word else "PX", _mod(g, res)
        return typ, _duration(None, unit), _mod(g, res)
    n = _quantity(g["num"], ctx) if g.get("num") else 1.0  # no number: one ('the past year')
    if n is None or unit is None or n > 10_000:
        return None
    if unit == "Q":
        unit, n = "M", n * 3
    return typ, _duration(n, unit), "APPROX" if g.get("approx") else _mod(g, res)  # 'een jaar of zestig'


def _offset(code: str, ctx: Ctx) -> str:
    """'+1D', '-1DTNI', 'A+1D' (from the narrative anchor), '-1Y' to a value."""
    m = re.fullmatch(r"(A?)([+-]\d+)([A-Z]+?)(T[A-Z]{2})?", code)
    if not m:
        return code
    base = ctx.anchor if m.group(1) else ctx.ref
    value = shift(base, m.group(3), int(m.group(2)))
    if m.group(4):
        value += m.group(4) if len(value) == 10 else ""
    return value


def norm_ref(g: dict, ctx: Ctx, typ: str) -> Norm:
    code = ctx.res.refs.get(_norm_key(g["ref"]))
    if not code:
        return None
    if code.endswith("_REF"):
        return typ, code, _mod(g, ctx.res)
    if code == "LAST_YEAR":  # 'dat jaar': the year last named
        return typ, str(ctx.last_year) if ctx.last_year else "XXXX", _mod(g, ctx.res)
    value = ctx.year_back(ctx.ref, 1) if code == "-1Y" else _offset(code, ctx)
    return ("TIME" if "T" in code[1:] and "T" in value else typ), value, _mod(g, ctx.res)


def norm_set(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    if g.get("ref"):
        return typ, res.sets[_norm_key(g["ref"])], None
    if g.get("month"):  # 'each July'
        return typ, f"XXXX-{res.months[g['month'].lower()]:02d}", None
    unit = g["unit"].lower()
    if unit in res.weekdays:  # 'every Friday', 'Tuesday nights'
        part = res.parts.get((g.get("part") or "").lower().rstrip("s"))
        return typ, f"XXXX-WXX-{res.weekdays[unit]}" + (f"T{part}" if part else ""), None
    if unit in res.seasons:
        return typ, f"XXXX-{res.seasons[unit]}", None
    if unit in res.parts:  # 'elke avond'
        return typ, f"XXXX-XX-XXT{res.parts[unit]}", None
    n = _quantity(g["num"], ctx) if g.get("num") else 1.0
    code = res.units.get(unit)
    return (typ, _duration(n, code), None) if code and n else None


def norm_time(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    day = ctx.anchor if res.clock_on_narrative_day else ctx.ref
    if g.get("weekday"):
        day = _ref_of(_weekday_value(res.weekdays[g["weekday"].lower()], ctx, None))
    elif g.get("ref"):
        day = _ref_of(_offset(res.refs.get(g["ref"].lower()) or "+0D", ctx))
    base = fmt(*day) if day and day[2] else "XXXX-XX-XX"
    hour_text = (g.get("hour") or "").lower()
    if hour_text in ("noon",):
        return typ, f"{base}T12:00", None
    if hour_text in ("midnight", "middernacht"):
        return typ, f"{base}T24:00", None
    if not g.get("hour") and g.get("part"):
        return typ, f"{base}T{res.parts[g['part'].lower()]}", None
    hour = int(hour_text) if hour_text.isdigit() else _quantity(hour_text, ctx)
    if hour is None or hour > 24:
        return None
    hour = int(hour)
    ampm = (g.get("ampm") or "").lower()
    part = (g.get("part") or "").lower()
    if (ampm.startswith("p") or part.startswith(("avond", "middag", "evening", "afternoon"))) and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    zulu = "Z" if (g.get("tz") or "").upper() in ("UTC", "GMT") else ""
    return typ, f"{base}T{hour:02d}:{int(g.get('minute') or 0):02d}{zulu}", None


NORMS: dict[str, Callable[[dict, Ctx, str], Norm]] = {
    "date": norm_date, "decade": norm_decade, "quarter": norm_quarter, "weekday": norm_weekday, "rel": norm_rel,
    "ago": norm_ago, "duration": norm_duration, "ref": norm_ref, "set": norm_set, "time": norm_time,
    "century": norm_century, "holiday": norm_holiday,
}


# --- the annotator ------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")
# digits that can hold a time expression by themselves: a year, a clock time, a numeric date, '10 a.m.'
_DIGIT_TRIGGER = re.compile(r"(?<![\d.,])(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}(?:[:./-]\d|\s*[ap]\.?m\b)|\d\d'?s\b")
LOOKBACK = 6  # tokens before a trigger where an expression may start ('the last twenty four hours')


_WORD = re.compile(r"[^\W\d_]+")
_BACK = 80  # characters before a trigger searched for the start of its expression


def _starts(text: str, res: TimexResources) -> list[int]:
    """Offsets where an expression may start: a trigger word or digit, or a starter word, number word or
    punctuation within LOOKBACK tokens before one. Rules are tried only there, anchored: far fewer attempts
    than scanning every rule over every position."""
    lower = text.lower()
    triggers = res.triggers
    found = [m.start() for m in _WORD.finditer(lower) if m.group() in triggers]
    found += [m.start() for m in _DIGIT_TRIGGER.finditer(lower)]
    word_re = number_resources(res.lang).word_re
    starts: set[int] = set(found)
    for p in found:
        lo = max(0, p - _BACK)
        back = [(m.start(), m.group()) for m in _TOKEN.finditer(lower, lo, p)][-LOOKBACK:]
        for start, word in reversed(back):
            if not (word in res.starters or word[0].isdigit() or not word[0].isalnum() or word in triggers
                    or word_re.fullmatch(word)):
                break  # an ordinary word: no expression starts before it and reaches the trigger
            starts.add(start)
    return sorted(starts)


def _candidates(text: str, res: TimexResources) -> list[tuple[int, int, int, re.Match[str]]]:
    """Every rule match as (start, end, rule index, match), the extent narrowed to group 't' where a rule has one."""
    found = []
    rules = [(i, r.regex.match, "t" in r.regex.groupindex) for i, r in enumerate(res.rules)]
    for pos in _starts(text, res):
        for i, match, narrowed in rules:
            m = match(text, pos)
            if m is None:
                continue
            s, e = m.span("t") if narrowed and m.group("t") is not None else m.span()
            if e > s:
                found.append((s, e, i, m))
    return found


def _select(found: list[tuple[int, int, int, re.Match[str]]],
            valid: Callable[[tuple[int, int, int, re.Match[str]]], bool]) -> list[tuple[int, int, int, re.Match[str]]]:
    """Longest first, then earliest rule; no overlaps. A match its rule cannot normalise ('31 februari') gives way
    to the shorter ones inside it."""
    found.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in found:
        if any(c[0] < e and s < c[1] for s, e in taken) or not valid(c):
            continue
        taken.append((c[0], c[1]))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


ANCHORED = ("ago", "ref", "time")  # rule families whose value may count from the narrative anchor


def _normalise(c: tuple[int, int, int, re.Match[str]], text: str, ref: Ref | None, anchor: Ref | None,
               res: TimexResources, last_year: int | None = None) -> Timex | None:
    s, e, i, m = c
    rule = res.rules[i]
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    if groups.get("mod") and _norm_key(groups["mod"]) in res.mods_outside:
        s = m.end("mod")
        while text[s] in " -":
            s += 1
    result = NORMS[rule.norm](groups, Ctx(text, ref, anchor, res, s, e, last_year), rule.type)
    if result is None:
        return None
    typ, value, mod = result
    return Timex(s, e, text[s:e], typ, value, mod)  # type: ignore[arg-type]


def tag(text: str, lang: str, ref: Ref | None) -> list[Timex]:
    """The time expressions of `text`, normalised against `ref` (the document date at its precision).

    Expressions are normalised in text order, so 'de dag erna' counts from the last day named before it."""
    res = timex_resources(lang)
    out: list[Timex] = []
    anchor = ref
    first: dict[int, Timex | None] = {}  # normalised against the document date while selecting

    def valid(c: tuple[int, int, int, re.Match[str]]) -> bool:
        first[id(c)] = _normalise(c, text, ref, ref, res)
        return first[id(c)] is not None

    last_year: int | None = None
    for c in _select(_candidates(text, res), valid):
        norm = res.rules[c[2]].norm
        again = (anchor != ref and norm in ANCHORED) or (last_year is not None and norm in ("rel", "ref"))
        timex = _normalise(c, text, ref, anchor, res, last_year) if again else first[id(c)]
        if timex is None:
            continue
        out.append(timex)
        if timex.type in ("DATE", "TIME") and (r := _ref_of(timex.value)) is not None:
            last_year = r[0]
            if r[2] is not None:
                anchor = r
    return out


def annotate(doc: Document, analysis: Analysis) -> None:
    lang = analysis.language if analysis.language in LANGUAGES else doc.language
    analysis.timexes = tag(doc.text, lang, document_ref(doc))
    if doc.date is None:
        inferred = infer_date(doc.text, analysis.timexes, lang)
        if inferred is not None:
            analysis.inferred_date, analysis.inferred_precision = inferred
            analysis.inferred_range = (inferred[0], None)


# --- dating an undated document -----------------------------------------------------------------------------------

_ABSOLUTE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
PRECISION = {4: "year", 7: "month", 10: "day"}


def _later(a: str, b: str | None) -> bool:
    """Whether `a` starts after `b` (compared on what both state: '2019-04' is later than '2019')."""
    if b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] > b[:n] or (a[:n] == b[:n] and len(a) > len(b))


def infer_date(text: str, timexes: list[Timex], lang: str) -> tuple[str, str] | None:
    """(lower bound, precision): the latest absolute date referred to in the past tense, or the latest named
    historical anchor in the text. Never finer than what the text states, so never a made-up day."""
    res = timex_resources(lang)
    best: str | None = None
    for t in timexes:
        if t.type != "DATE" or not _ABSOLUTE.fullmatch(t.value):
            continue
        if tense(text, t.start, t.end, res) == FUTURE:
            continue
        if _later(t.value, best):
            best = t.value
    if res.anchors_re is not None:
        for m in res.anchors_re.finditer(text):
            value = res.anchors.get(_norm_key(m.group()))
            if value and _later(value, best):
                best = value
    return (best, PRECISION[len(best)]) if best else None

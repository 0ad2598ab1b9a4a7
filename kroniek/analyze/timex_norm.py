"""The time layer's normalisers of calendar dates (dates, decades, centuries, holidays, quarters, weekdays): from a
match's named groups to a TIMEX3 type, value and mod."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from kroniek.analyze.numbers import parse_number
from kroniek.analyze.timex_dates import fmt, leading_int, sentence_window, shift, tense
from kroniek.analyze.timex_resources import FUTURE, NONE, PAST, Ref, TimexResources, norm_key

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
    near: Ref | None = None  # the last date named, at any precision: what 'een dag eerder' counts from

    def day_base(self, unit: str) -> Ref | None:
        """The narrative anchor 'N units earlier/later' counts from: days and weeks from the last date named, at
        its precision ('in oktober ... een dag eerder' is in October, 'in 2016 ... drie dagen later' in 2016, not
        days from the article); longer units from the last day named (a month named says too little for 'a year
        earlier'). 'The next day' and 'that day' keep the last day named: with a month anchor they lowered
        Timeline17 (AR2-F of H1N1_bbc)."""
        return self.near if unit in ("D", "W") and self.near is not None else self.anchor

    def direction(self) -> int:
        return tense(self.text, self.start, self.end, self.res)

    def year_back(self, base: Ref | None, years: int) -> str:
        """`years` back from `base`; in a sentence about quarterly figures, the last quarter that many years back."""
        regex = self.res.quarter_context
        if regex is not None and base is not None and base[1] is not None:
            lo, hi = (0, len(self.text)) if self.res.quarter_context_document else \
                sentence_window(self.text, self.start, self.end)
            if regex.search(self.text, lo, hi):
                return shift(base, "Q", -1 - 4 * years)
        return shift(base, "Y", -years)


Norm = tuple[str, str, str | None] | None  # (type, value, mod) or None to drop the match


def modifier(g: dict[str, str | None], res: TimexResources) -> str | None:
    return res.mods.get(norm_key(g["mod"] or "")) if g.get("mod") else None


def _year(text: str) -> int:
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if len(text) == 2 else y


def _month_year(month: int, ctx: Ctx, day: int | None = None) -> int | None:
    """The year of a month named without one: the occurrence nearest the document date, where going against the
    tense of the sentence costs three months ('in september' said in April is last September if past tense)."""
    if ctx.ref is None:
        return None
    y, m, d = ctx.ref
    if m is None:
        return y
    direction = ctx.direction()

    def cost(year: int) -> float:
        diff = (year * 12 + month) - (y * 12 + m)
        against = (diff > 0 and direction == PAST) or (diff < 0 and direction == FUTURE)
        # Months equally far both ways ('29 oktober' said on 3 April): the nearer day decides.
        days = abs(diff * 31 + (day - d)) / 1000 if day and d and abs(diff) == 6 else 0
        return abs(diff) + (3 if against else 0) + days

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


def _month(text: str, res: TimexResources) -> int | None:
    """The month a name or number stands for; None for no month ('13', or 'may' and 'march' as verbs)."""
    name = text.lower().rstrip(".")
    if name.isdigit():
        month = int(name)
    elif name in res.ambiguous_months and text[0].islower():
        return None
    else:
        month = res.months.get(name, 0)
    return month if 1 <= month <= 12 else None


def _year_of(g: dict, month: int | None, day: int | None, ctx: Ctx) -> int | None:
    """The year written, else the one the month and a weekday ('zondag 22 september') point to."""
    if g.get("year"):
        return _year(g["year"])
    year = _month_year(month or 1, ctx, day)
    if g.get("weekday") and day and month and year:
        year = _weekday_year(year, month, day, ctx.res.weekdays.get(g["weekday"].lower()))
    return year


def norm_date(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    if g.get("yc") or g.get("yw"):
        spelled = _spelled_year(g, ctx.res.lang)
        if spelled is None:
            return None
        g = {**g, "year": spelled}
    mod = modifier(g, res)
    if g.get("season") and not g.get("year"):  # 'na de zomer': the one the tense points to
        return typ, season_year(res.seasons[g["season"].lower()], ctx.direction(), ctx), mod
    if g.get("season"):
        return typ, f"{_year(g['year'])}-{res.seasons[g['season'].lower()]}", mod
    month = _month(g["month"], res) if g.get("month") else None
    if g.get("month") and month is None:
        return None
    if g.get("year") and month is None:
        return typ, str(_year(g["year"])), mod
    day = leading_int(g["day"]) if g.get("day") else None
    year = _year_of(g, month, day, ctx)
    if day is not None and not 1 <= day <= monthrange(year or 2000, month or 1)[1]:
        return None  # '31 februari' is no date
    if year is None:
        return typ, "XXXX-" + f"{month:02d}" + (f"-{day:02d}" if day else ""), mod
    return typ, fmt(year, month, day), mod


def norm_decade(g: dict, ctx: Ctx, typ: str) -> Norm:
    x = "X" if ctx.res.decade_x else ""
    mod = modifier({"mod": g.get("mod") or g.get("mod2")}, ctx.res)  # 'de late jaren negentig'
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
    return (typ, f"{n - 1:02d}", modifier(g, ctx.res)) if n else None


def norm_holiday(g: dict, ctx: Ctx, typ: str) -> Norm:
    """A named calendar day ('Koningsdag'): its date in the year the tense points to, like a bare '27 april'."""
    month, day, *weekday = ctx.res.holidays[norm_key(g["holiday"])].split("-")
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
    elif year is not None and ctx.ref and ctx.ref[1] and q > (ctx.ref[1] - 1) // 3 + 1 and ctx.direction() != FUTURE:
        year -= 1  # a quarter still to come, spoken of without a future cue: last year's (results are reported)
    return typ, (f"{year}-Q{q}" if year is not None else f"XXXX-Q{q}"), None


def weekday_value(iso: int, ctx: Ctx, rel: int | None) -> str:
    if ctx.ref is None or ctx.ref[2] is None:
        if ctx.ref is None:
            return f"XXXX-WXX-{iso}"
        return fmt(ctx.ref[0], ctx.ref[1])  # a month- or year-dated document: never invent a day
    y, m, d = ctx.ref
    today = date(y, m or 1, d or 1)
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
    value = weekday_value(iso, ctx, rel)
    if g.get("part"):
        part = ctx.res.parts.get(g["part"].lower())
        if not part:
            return typ, value, None
        return typ, f"{value}T{part}" if len(value) == 10 else value, modifier(g, ctx.res)
    return typ, value, modifier(g, ctx.res)


def season_year(season: str, n: int, ctx: Ctx) -> str:
    if ctx.ref is None:
        return f"XXXX-{season}"
    y, m, _ = ctx.ref
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    if n < 0:
        y -= 1 if m is None or m < first + 3 else 0
    elif n > 0:
        y += 1 if m is None or m >= first else 0
    return f"{y}-{season}"

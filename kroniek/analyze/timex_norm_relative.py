"""The time layer's normalisers of relative expressions ('vorige week', 'drie dagen geleden', durations, sets, clock
times): from a match's named groups to a TIMEX3 type, value and mod."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from kroniek.analyze.numbers import parse_number
from kroniek.analyze.timex_dates import Ref, fmt, leading_int, ref_of, shift

# --- normalisers: one per rule family -------------------------------------------------------------------------
from kroniek.analyze.timex_norm import Ctx, Norm, modifier, season_year, weekday_value
from kroniek.analyze.timex_resources import PAST, TIME_UNITS, UNDER, norm_key


def norm_rel(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    mod = modifier(g, res)
    if g.get("relyear"):  # 'June last year', '28 maart van dat jaar'
        month = res.months[g["month"].lower()]
        if g["relyear"].lower() in res.anaphoric_year:
            year = ctx.last_year
        else:
            year = ctx.ref[0] + res.rel.get(g["relyear"].lower(), 0) if ctx.ref else None
        day = leading_int(g["day"]) if g.get("day") else None
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
        return typ, season_year(res.seasons[unit], n, ctx), mod
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
    direction = ctx.res.ago[norm_key(g["dir"])]
    anchored = norm_key(g["dir"]) not in ctx.res.ago_deictic
    base = ctx.day_base(unit) if anchored else ctx.ref
    if n is not None and unit == "Y" and n != int(n) and (n * 12) % 1 == 0:
        unit, n = "M", n * 12  # 'anderhalf jaar geleden': eighteen months back
    if n is not None and unit == "W" and n != int(n):
        return typ, _week_around(base, round(direction * n * 7)), modifier(g, ctx.res)
    if n is None or n != int(n):
        value = {"Y": "PAST_REF", "D": "PAST_REF"}.get(unit, "PAST_REF") if direction < 0 else "FUTURE_REF"
        return typ, value, modifier(g, ctx.res)
    if unit in TIME_UNITS:
        unit = "D"
        n = 0
    if unit == "Y" and direction < 0:
        return typ, ctx.year_back(base, int(n)), modifier(g, ctx.res)
    return typ, shift(base, unit, direction * int(n)), modifier(g, ctx.res)


def _week_around(base: Ref | None, days: int) -> str:
    """'anderhalve week geleden': the week holding the day so many days away, since no day is stated."""
    day = ref_of(shift(base, "D", days))
    return shift(day, "W", 0) if day else UNDER["W"]  # no day to count from (an undated article): unknown


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


PM_PARTS = ("AF", "EV")  # TIMEX3 parts of the day after noon: '3 uur 's middags' is 15:00


def norm_duration(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    unit_word = (g.get("unit") or "").lower()
    unit = res.unit_suffixes.get(unit_word) or res.units.get(unit_word)
    if g.get("num") is None and "fuzzy" in g:
        if unit is None:
            return typ, res.vague_duration if not unit_word else "PX", modifier(g, res)
        return typ, _duration(None, unit), modifier(g, res)
    n = _quantity(g["num"], ctx) if g.get("num") else 1.0  # no number: one ('the past year')
    if n is None or unit is None or n > 10_000:
        return None
    if unit == "Q":
        unit, n = "M", n * 3
    return typ, _duration(n, unit), "APPROX" if g.get("approx") else modifier(g, res)  # 'een jaar of zestig'


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
    code = ctx.res.refs.get(norm_key(g["ref"]))
    if not code:
        return None
    if code.endswith("_REF"):
        return typ, code, modifier(g, ctx.res)
    if code == "LAST_YEAR":  # 'dat jaar': the year last named
        return typ, str(ctx.last_year) if ctx.last_year else "XXXX", modifier(g, ctx.res)
    value = ctx.year_back(ctx.ref, 1) if code == "-1Y" else _offset(code, ctx)
    return ("TIME" if "T" in code[1:] and "T" in value else typ), value, modifier(g, ctx.res)


def norm_set(g: dict, ctx: Ctx, typ: str) -> Norm:
    res = ctx.res
    if g.get("ref"):
        return typ, res.sets[norm_key(g["ref"])], None
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
        day = ref_of(weekday_value(res.weekdays[g["weekday"].lower()], ctx, None))
    elif g.get("ref"):
        day = ref_of(_offset(res.refs.get(g["ref"].lower()) or "+0D", ctx))
    base = fmt(*day) if day and day[2] else "XXXX-XX-XX"
    hour_text = (g.get("hour") or "").lower()
    if hour_text in res.clock_words:
        return typ, f"{base}T{res.clock_words[hour_text]}", None
    if not g.get("hour") and g.get("part"):
        return typ, f"{base}T{res.parts[g['part'].lower()]}", None
    hour = int(hour_text) if hour_text.isdigit() else _quantity(hour_text, ctx)
    if hour is None or hour > 24:
        return None
    hour = int(hour)
    ampm = (g.get("ampm") or "").lower()
    part = (g.get("part") or "").lower()
    if (ampm.startswith("p") or (res.parts.get(part) or res.parts.get(part.rstrip("s"))) in PM_PARTS) and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    zulu = "Z" if (g.get("tz") or "").upper() in ("UTC", "GMT") else ""
    return typ, f"{base}T{hour:02d}:{int(g.get('minute') or 0):02d}{zulu}", None

"""Time expressions in running text, resolved against the document's own date.

"mercredi", "hier soir", "le 9 septembre", "jeudi 1er juin", "juillet dernier", "last
week": news narrates events relative to its publication day. This module finds those
expressions (French and English) with their character span in ``Document.text`` and
resolves each one at the precision the anchor allows:

- a weekday or "hier" needs the publication day; with only its month they stay
  unresolved (the expression is kept, with ``iso=None``);
- a day and month without a year take the year that puts them nearest the anchor;
- with no anchor at all, a weekday written with its day and month ("jeudi 1er juin")
  still implies the year: the latest one, up to ``today``, where that day falls on that
  weekday (``basis="weekday"``, an inference, flagged as such).

A regex grammar, not dateparser: dateparser costs ~80 ms a string here and resolves
relative words against the machine clock. Every pattern is anchored on a weekday, a
month name or a deictic word, and French weekday/month words written with a capital in
mid-sentence are refused: French writes them lower case, so "Mai Lan", "Mars 2020" (the
rover), "Robinson et Vendredi" or "Sud Ouest Dimanche" are names, not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from recoupe.meta.dates import DateMatch, find_dates
from recoupe.model import DateValue, Document, Precision, TimeExpression
from recoupe.stage import DocStage

_WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBER = {w: i for names in (_WEEKDAYS_FR, _WEEKDAYS_EN) for i, w in enumerate(names)}

_MONTHS_FR = (
    "janvier",
    "février|fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août|aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre|decembre",
)
_MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Abbreviations count only with their full stop ("13 sept.", "Sept. 9"): bare, "sept"
# is also the French seven and "jan", "mar" are names.
_ABBREVIATIONS = (
    "janv|jan",
    "févr|fevr|fév|fev|feb",
    "mar",
    "avr|apr",
    "",
    "",
    "juil|jul",
    "aug",
    "sept|sep",
    "oct",
    "nov",
    "déc|dec",
)
_MONTH_NUMBER: dict[str, int] = {}
for _number, _names in enumerate(zip(_MONTHS_FR, _MONTHS_EN, _ABBREVIATIONS, strict=True), 1):
    for _name in "|".join(_names).split("|"):
        if _name:
            _MONTH_NUMBER[_name] = _number


def _alternation(groups: Iterable[str]) -> str:
    names = [w for group in groups for w in group.split("|") if w]
    return "|".join(sorted(set(names), key=len, reverse=True))  # longest first


_WD_FR = _alternation(_WEEKDAYS_FR)
_WD_EN = _alternation(_WEEKDAYS_EN)
_MO_FR = _alternation(_MONTHS_FR)
_MO_EN = _alternation(_MONTHS_EN)
_ABBR = rf"(?:{_alternation(_ABBREVIATIONS)})\."
_MONTH_ANY = rf"(?:{_MO_FR}|{_MO_EN}|{_ABBR})"
_DAY = r"(?<![\d,.])(?P<day>1er|premier|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_APOS = "['’]"
_PART_FR = r"(?:\s+(?:matin|soir|après-midi|midi))?"
_PART_EN = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "ten": 10,
}
_COUNT = rf"(?P<n>\d{{1,3}}|{_alternation(_NUMBERS)})"
# "ce soir-là", "cette nuit-là": the narrative's day, not the page's.
_NOT_THAT = r"(?!\s*-\s*là)"

# (kind, language, pattern). The kind says how an expression resolves (``_RESOLVERS``);
# the language which texts it applies to ("": both). Lookarounds keep whole words.
_GRAMMAR: tuple[tuple[str, str, str], ...] = (
    # ce vendredi 2 juin, jeudi 1er juin, le 9 septembre, 13 sept., on 9 September
    (
        "day_month",
        "",
        rf"(?<!\w)(?:(?P<ce>ce|cette|this)\s+)?(?:(?P<wd>{_WD_FR}|{_WD_EN}),?\s+)?(?:the\s+)?"
        rf"{_DAY}\s+(?:of\s+)?(?P<mname>{_MONTH_ANY})(?!\w)"
        r"(?:\s+(?P<rel>dernier|derniers|prochain|prochains))?(?!\w)(?!\s*\d)",
    ),
    # September 9, Wednesday, Sept. 13
    (
        "day_month",
        "en",
        rf"(?<!\w)(?:(?P<wd>{_WD_EN}),?\s+)?(?P<mname>{_MO_EN}|{_ABBR})\s+{_DAY}(?!\w)"
        r"(?!,?\s*\d)",
    ),
    # juillet 2023, en février 2022, July 2023
    (
        "month_year",
        "",
        rf"(?<!\w)(?P<mname>{_MO_FR}|{_MO_EN})\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)(?!\d)",
    ),
    # juillet dernier, mai prochain; last July, next May
    ("month_rel", "fr", rf"(?<!\w)(?P<mname>{_MO_FR})\s+(?P<rel>dernier|prochain)(?!\w)"),
    ("month_rel", "en", rf"(?<!\w)(?P<rel>last|next)\s+(?P<mname>{_MO_EN})(?!\w)"),
    # en juillet, début mai, mi-août (only after such a word: "mai" alone is too often a
    # name); not before a number: "mai 68" is May 1968, not this year's May.
    (
        "month",
        "fr",
        rf"(?:(?<!\w)(?:en|début|fin|courant|depuis|dès|jusqu{_APOS}en|mois\s+de)\s+|mi-)"
        rf"(?P<mname>{_MO_FR})(?!\w)(?!\s*-?\d)",
    ),
    (
        "month",
        "en",
        rf"(?<!\w)(?:in|since|until|early|late|mid-?|during)\s+(?P<mname>{_MO_EN})(?!\w)(?!\s*\d)",
    ),
    # mercredi, ce mercredi, mercredi soir, mercredi dernier, mercredi 13
    (
        "weekday",
        "fr",
        rf"(?<!\w)(?:(?P<ce>ce)\s+)?(?P<wd>{_WD_FR}){_PART_FR}"
        rf"(?:\s+(?P<rel>dernier|prochain))?(?:\s+(?P<dom>[12]\d|3[01]|0?[1-9]|1er)(?!\w))?"
        rf"(?!\w){_NOT_THAT}",
    ),
    # on Wednesday, last Wednesday, Wednesday night
    ("weekday", "en", rf"(?<!\w)(?:(?P<rel>last|next|this)\s+)?(?P<wd>{_WD_EN}){_PART_EN}(?!\w)"),
    # hier, avant-hier, hier soir, aujourd'hui, demain matin, ce matin, cette nuit
    (
        "day_offset",
        "fr",
        rf"(?<![\w-])(?P<w>avant-hier|après-demain|hier|aujourd{_APOS}hui|demain){_PART_FR}(?!\w)"
        rf"|(?<!\w)(?P<w0>ce\s+matin|ce\s+midi|cet\s+après-midi|ce\s+soir|cette\s+nuit"
        rf"|la\s+nuit\s+dernière)(?!\w){_NOT_THAT}",
    ),
    (
        "day_offset",
        "en",
        r"(?<!\w)(?P<w>yesterday|today|tomorrow|tonight)" + _PART_EN + r"(?!\w)"
        r"|(?<!\w)(?P<w0>this\s+morning|this\s+afternoon|this\s+evening|last\s+night)(?!\w)",
    ),
    # la semaine dernière, le mois prochain, l'an dernier, cette année, ce mois-ci
    (
        "period",
        "fr",
        rf"(?<!\w)(?:(?P<unit>la\s+semaine|le\s+mois|l{_APOS}an|l{_APOS}année)\s+"
        r"(?P<rel>dernière|dernier|passée|passé|prochaine|prochain)"
        r"|(?P<this>cette\s+semaine|ce\s+mois-ci|cette\s+année))(?!\w)",
    ),
    # "the past year" is the last twelve months, not the previous calendar year: not here.
    (
        "period",
        "en",
        r"(?<!\w)(?:(?P<rel>last|next)\s+(?P<unit>week|month|year)"
        r"|(?P<this>this\s+week|this\s+month|this\s+year))(?!\w)",
    ),
    # il y a trois jours, il y a deux ans; three days ago. "Deux jours plus tard" counts
    # from the narrated event, not from the page: not resolvable here, not matched.
    (
        "ago",
        "fr",
        rf"(?<!\w)il\s+y\s+a\s+{_COUNT}\s+(?P<unit>jours?|semaines?|mois|ans|années?)(?!\w)",
    ),
    ("ago", "en", rf"(?<!\w){_COUNT}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago(?!\w)"),
)
# The patterns run on the lower-cased text: case-insensitive matching costs Python's re
# three to four times more (0.35 against 0.10 ms an article for the trigger pass below).
# Case still matters ("Mai Lan"): ``_accept`` reads it in the original text, at the same
# offsets. The IGNORECASE twins serve the rare text whose length lower() changes ("İ").
_PATTERNS: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (kind, lang, re.compile(pattern), re.compile(pattern, re.IGNORECASE))
    for kind, lang, pattern in _GRAMMAR
)

# Every pattern contains one of these words. Patterns run only in windows around them:
# a pass of this one alternation costs ~0.1 ms on a 2,900-character orangesum-fr article
# (6 triggers, 14% of the text in windows), while the fifteen patterns over the whole
# text cost several ms.
_TRIGGER_WORDS = (
    rf"(?<!\w)(?:{_WD_FR}|{_WD_EN}|{_MO_FR}|{_MO_EN}|{_ABBR}|hier|aujourd|demain|yesterday"
    r"|today|tomorrow|tonight|matin|midi|soir|nuit|morning|afternoon|evening|night"
    r"|semaine|mois|l['’]an|année|week|month|year|ago|il\s+y\s+a)(?!\w)"
)
_TRIGGER = re.compile(_TRIGGER_WORDS)
_TRIGGER_ANY_CASE = re.compile(_TRIGGER_WORDS, re.IGNORECASE)
# Widest reach of a pattern before its trigger word ("il y a quatorze " is before
# "jours", "ce vendredi 12 " before "juin") and after it ("mercredi après-midi
# dernier 13"): measured on the grammar's longest forms, with margin.
_BEFORE = 30
_AFTER = 40

# Words around a weekday that make it a name or a feast, not a day of this week.
_NOT_BEFORE = re.compile(r"(?:journal\s+du|black|cyber|super|the)\s+$", re.IGNORECASE)
_NOT_AFTER = re.compile(
    r"\s*(?:gras|saint|de\s+pâques|de\s+pentecôte|des\s+rameaux)(?!\w)", re.IGNORECASE
)
# "le monde de demain", "la France d'aujourd'hui": figurative, not a day.
_FIGURATIVE_BEFORE = re.compile(r"(?:\bde\s+|\bd['’])$", re.IGNORECASE)
_FIGURATIVE = frozenset({"demain", "hier", "aujourd'hui", "aujourd’hui"})
_SENTENCE_END = frozenset('\n.!?:;«»"“”(—–-•|')


# A weekday is resolved forward, on or after the page's day, when its clause speaks of
# the future: a future auxiliary or modal, "prévu", "dès", "d'ici", "jusqu'à", or a verb
# in the simple future ("se réunira", "se tiendra", "rouvriront"). Looked for in the
# same sentence, up to _FUTURE_REACH characters before the weekday. Measured with the
# weekday check of ``recoupe eval dates`` (a weekday written with its date, resolved
# without the date), on orangesum-fr pages 500-1500, other than the page's own day (310
# cases): 0.742 correct without the cue, 0.823 with it; a reach of 30, 50, 80 characters
# gave 0.813, 0.823, 0.816; looking after the weekday too, 0.819 (the next clause's verbs
# mislead). On the evaluation's own 500 pages (88 cases): 0.738 -> 0.818.
_FUTURE = re.compile(
    r"(?<!\w)(?:doit|doivent|devra|devront|devrait|devraient|va|vont|sera|seront|aura"
    r"|auront|pourra|pourront|prévue?s?|programmée?s?|attendue?s?|dès|d['’]ici"
    r"|jusqu['’](?:à|au)|à\s+partir\s+d[eu]|will|shall|due|scheduled|expected|until"
    r"|[a-zà-ÿ]{2,}(?:era|ira|dra|ront))(?!\w)",
    re.IGNORECASE,
)
_FUTURE_REACH = 50
_CLAUSE_END = re.compile(r"[.!?;\n]")


def _future(text: str, start: int) -> bool:
    before = text[max(0, start - _FUTURE_REACH) : start]
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    return _FUTURE.search(before, ends[-1] if ends else 0) is not None


@dataclass(frozen=True, slots=True)
class Found:
    """An expression matched in the text, not yet resolved (``resolve`` does that)."""

    start: int
    end: int
    kind: str
    fields: dict[str, str]
    absolute: DateValue | None = None


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _french_case_ok(text: str, pos: int) -> bool:
    """French writes weekdays and months lower case: a capital mid-sentence is a name."""
    return text[pos].islower() or _sentence_start(text, pos)


def _accept(text: str, kind: str, lang: str, m: re.Match[str]) -> bool:
    groups = m.groupdict()
    if kind == "day_month" and lang == "":
        return True  # a day number before the month: a date in either language, any case
    for name in ("wd", "mname"):
        if not groups.get(name):
            continue
        word = text[m.start(name) : m.end(name)]  # m may run on the lower-cased text
        lower = word.lower()
        if lang == "en" or lower in _WEEKDAYS_EN or lower in _MONTHS_EN:
            # English capitalises them: "may", "march" and "august" lower case are words.
            if not word[0].isupper():
                return False
        elif not (_french_case_ok(text, m.start(name)) or groups.get("ce")):
            return False
    before = text[max(0, m.start() - 12) : m.start()]
    if kind == "weekday" and (_NOT_BEFORE.search(before) or _NOT_AFTER.match(text, m.end())):
        return False
    if kind == "day_offset":
        word = (groups.get("w") or "").lower()
        if word in _FIGURATIVE and _FIGURATIVE_BEFORE.search(before):
            return False
        if word == "today" and before.lower().endswith("usa "):
            return False
    return True


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    n = len(text)
    for m in trigger.finditer(text):
        start, end = max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER)
        # A window must not cut a word: "(?!\w)" at a cut would match mid-word.
        while end < n and (text[end].isalnum() or text[end] in "'’-"):
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_expressions(
    text: str, language: str | None = None, dates: list[DateMatch] | None = None
) -> list[Found]:
    """Every time expression in ``text``, in text order, longest first where they overlap.

    ``language``: "fr" or "en" keeps that language's words; another code keeps only
    absolute dates (German "hier" means "here"); None (unknown) keeps both.
    ``dates``: ``find_dates(text)`` when the caller has it already.
    """
    absolute = find_dates(text) if dates is None else dates
    candidates = [Found(d.start, d.end, "absolute", {}, d.value) for d in absolute]
    langs = {"", language} if language in ("fr", "en") else {"", "fr", "en"}
    if language is not None and language not in ("fr", "en"):
        langs = set()
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)
    haystack = lowered if same_offsets else text
    windows = _windows(haystack, _TRIGGER if same_offsets else _TRIGGER_ANY_CASE) if langs else []
    for kind, lang, pattern, any_case in _PATTERNS:
        if lang not in langs:
            continue
        regex = pattern if same_offsets else any_case
        for start, end in windows:
            for m in regex.finditer(haystack, start, end):
                if not _accept(text, kind, lang, m):
                    continue
                fields = {k: text[m.start(k) : m.end(k)] for k, v in m.groupdict().items() if v}
                if kind == "weekday" and _future(text, m.start()):
                    fields["future"] = "future"
                s, e = m.span()
                if kind == "month":  # the word before ("en", "début") is context, not date
                    s = m.start("mname")
                candidates.append(Found(s, e, kind, fields))
    # Longest first, then absolute dates before the rest, then leftmost.
    candidates.sort(key=lambda f: (-(f.end - f.start), f.kind != "absolute", f.start))
    taken: list[Found] = []
    for f in candidates:
        if all(f.end <= t.start or t.end <= f.start for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


# ---------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The document's date as an interval of days, and how precise it is."""

    lo: dt.date
    hi: dt.date
    precision: Precision

    @property
    def day(self) -> dt.date | None:
        return self.lo if self.precision in ("day", "minute") else None

    @property
    def month(self) -> int | None:  # months since year 0, for month arithmetic
        return self.lo.year * 12 + self.lo.month - 1 if self.precision != "year" else None

    @classmethod
    def of(cls, value: DateValue | None) -> _Anchor | None:
        if value is None:
            return None
        try:
            year = int(value.iso[:4])
            if value.precision == "year":
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
            month = int(value.iso[5:7])
            if value.precision == "month":
                return cls(dt.date(year, month, 1), _month_end(year, month), "month")
            day = dt.date(year, month, int(value.iso[8:10]))
        except ValueError:
            return None
        return cls(day, day, value.precision)


# (iso, precision, basis)
_Resolved = tuple[str | None, Precision | None, str]
_UNRESOLVED: _Resolved = (None, None, "unresolved")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _from_month_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _interval(lo: dt.date, hi: dt.date) -> tuple[str | None, Precision | None]:
    """An interval of days at the finest precision that covers it whole."""
    if lo == hi:
        return lo.isoformat(), "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return lo.isoformat()[:7], "month"
    if lo.year == hi.year:
        return str(lo.year), "year"
    return None, None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _distance(day: dt.date, anchor: _Anchor) -> int:
    if day < anchor.lo:
        return (anchor.lo - day).days
    return max(0, (day - anchor.hi).days)


def _day_number(word: str) -> int:
    return 1 if word.lower() in ("1er", "premier") else int(word)


def _resolve_day_month(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    month = _MONTH_NUMBER[f.fields["mname"].lower().rstrip(".")]
    day = _day_number(f.fields["day"])
    wd = f.fields.get("wd")
    weekday = _WEEKDAY_NUMBER[wd.lower()] if wd else None
    rel = (f.fields.get("rel") or "").lower()
    past = rel.startswith("dernier")
    if anchor is not None:
        dates = [
            d
            for year in range(anchor.lo.year - 1, anchor.hi.year + 2)
            if (d := _date(year, month, day)) is not None
        ]
        if past:  # "le 26 mai dernier": the latest one before the page
            dates = [d for d in dates if d <= anchor.hi and d != anchor.day]
        elif rel:  # "les 13 et 14 juin prochains": the first one after it
            dates = [d for d in dates if d >= anchor.lo and d != anchor.day]
        # A weekday written with the date picks among the nearby years when one fits it.
        fitting = [d for d in dates if weekday is None or d.weekday() == weekday] or dates
        if not fitting:
            return _UNRESOLVED
        if rel:
            best = max(fitting) if past else min(fitting)
        else:
            best = min(fitting, key=lambda d: (_distance(d, anchor), d))
        return best.isoformat(), "day", "anchor"
    if weekday is None:
        return _UNRESOLVED
    # The weekday calendar repeats within 28 years (40 covers 29 February too).
    for year in range(today.year, today.year - 40, -1):
        d = _date(year, month, day)
        if d is not None and d.weekday() == weekday:
            return d.isoformat(), "day", "weekday"
    return _UNRESOLVED


def _resolve_weekday(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    weekday = _WEEKDAY_NUMBER[f.fields["wd"].lower()]
    rel = (f.fields.get("rel") or "").lower()
    dom = f.fields.get("dom")
    if anchor is None:
        return _UNRESOLVED
    if dom is not None:
        # "mercredi 13": the one Wednesday 13th within a month of the anchor, if only one.
        number = _day_number(dom)
        span = (anchor.hi - anchor.lo).days + 62
        start = anchor.lo - dt.timedelta(days=31)
        days = [start + dt.timedelta(days=i) for i in range(span + 1)]
        fits = [d for d in days if d.day == number and d.weekday() == weekday]
        if len(fits) == 1:
            return fits[0].isoformat(), "day", "anchor"
        if anchor.day is None:
            return _UNRESOLVED
    day = anchor.day
    if day is None:
        return _UNRESOLVED
    if rel in ("prochain", "next"):  # strictly after the page's day
        ahead = (weekday - day.weekday()) % 7 or 7
        return (day + dt.timedelta(days=ahead)).isoformat(), "day", "anchor"
    if "future" in f.fields and not rel:  # "se réunira samedi": on or after the page's day
        ahead = (weekday - day.weekday()) % 7
        return (day + dt.timedelta(days=ahead)).isoformat(), "day", "anchor"
    back = (day.weekday() - weekday) % 7
    if rel in ("dernier", "last") and back == 0:
        back = 7
    # Past-tense news: a bare weekday is the latest such day on or before publication.
    return (day - dt.timedelta(days=back)).isoformat(), "day", "anchor"


_DAY_OFFSETS = {
    "avant-hier": -2,
    "hier": -1,
    "yesterday": -1,
    "last night": -1,
    "la nuit dernière": 0,  # the night that ended on the publication morning
    "demain": 1,
    "tomorrow": 1,
    "après-demain": 2,
}


def _resolve_day_offset(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    word = " ".join((f.fields.get("w") or f.fields.get("w0") or "").lower().split())
    if anchor is None or anchor.day is None:
        return _UNRESOLVED
    # "ce matin", "ce soir", "cette nuit", "aujourd'hui", "tonight": the publication day.
    offset = _DAY_OFFSETS.get(word, 0)
    return (anchor.day + dt.timedelta(days=offset)).isoformat(), "day", "anchor"


def _rel_sign(rel: str) -> int:
    return -1 if rel.startswith(("dern", "pass", "last")) else 1


def _unit(word: str) -> str:
    w = word.lower()
    if w.startswith(("semaine", "week")):
        return "week"
    if w.startswith(("mois", "month")):
        return "month"
    if w.startswith(("jour", "day")):
        return "day"
    return "year"  # an, année, year


def _shift(unit: str, n: int, anchor: _Anchor) -> _Resolved:
    day, month = anchor.day, anchor.month
    if unit == "day" and day is not None:
        return (day + dt.timedelta(days=n)).isoformat(), "day", "anchor"
    if unit == "week" and day is not None:
        monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=n)
        iso, precision = _interval(monday, monday + dt.timedelta(days=6))
        return (iso, precision, "anchor") if iso else _UNRESOLVED
    if unit == "month" and month is not None:
        return _from_month_index(month + n), "month", "anchor"
    if unit == "year":
        return f"{anchor.lo.year + n:04d}", "year", "anchor"
    return _UNRESOLVED


def _resolve_period(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    if anchor is None:
        return _UNRESOLVED
    if "this" in f.fields:
        return _shift(_unit(f.fields["this"].split()[-1].removesuffix("-ci")), 0, anchor)
    unit = _unit(f.fields["unit"].split()[-1].split("'")[-1].split("’")[-1])
    return _shift(unit, _rel_sign(f.fields["rel"]), anchor)


def _resolve_ago(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    if anchor is None:
        return _UNRESOLVED
    raw = f.fields["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBERS[raw]
    return _shift(_unit(f.fields["unit"]), -n, anchor)


def _resolve_month(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    month = _MONTH_NUMBER[f.fields["mname"].lower()]
    rel = (f.fields.get("rel") or "").lower()
    if anchor is None:
        return _UNRESOLVED
    current = anchor.month
    if current is None:  # a year anchor: that year's month, unless "dernier"/"prochain"
        return (f"{anchor.lo.year:04d}-{month:02d}", "month", "anchor") if not rel else _UNRESOLVED
    candidates = [(current // 12 + dy) * 12 + month - 1 for dy in (-1, 0, 1)]
    if rel:
        sign = _rel_sign(rel)
        candidates = [c for c in candidates if (c - current) * sign > 0]
        best = max(candidates) if sign < 0 else min(candidates)
    else:
        best = min(candidates, key=lambda c: (abs(c - current), c))
    return _from_month_index(best), "month", "anchor"


def _resolve_month_year(f: Found, anchor: _Anchor | None, today: dt.date) -> _Resolved:
    month = _MONTH_NUMBER[f.fields["mname"].lower()]
    return f"{int(f.fields['year']):04d}-{month:02d}", "month", "absolute"


_RESOLVERS: dict[str, Callable[[Found, _Anchor | None, dt.date], _Resolved]] = {
    "day_month": _resolve_day_month,
    "weekday": _resolve_weekday,
    "day_offset": _resolve_day_offset,
    "period": _resolve_period,
    "ago": _resolve_ago,
    "month": _resolve_month,
    "month_rel": _resolve_month,
    "month_year": _resolve_month_year,
}


def resolve(
    found: Found, text: str, anchor: DateValue | None, today: dt.date | None = None
) -> TimeExpression:
    """One found expression resolved against ``anchor`` (the document's date)."""
    snippet = text[found.start : found.end]
    if found.absolute is not None:
        value = found.absolute
        return TimeExpression(
            found.start, found.end, snippet, value.iso, value.precision, "absolute", "absolute"
        )
    iso, precision, basis = _RESOLVERS[found.kind](
        found, _Anchor.of(anchor), today or dt.date.today()
    )
    return TimeExpression(found.start, found.end, snippet, iso, precision, basis, found.kind)


def resolve_all(
    text: str,
    anchor: DateValue | None,
    today: dt.date | None = None,
    language: str | None = None,
) -> list[TimeExpression]:
    """Every time expression in ``text``, resolved against ``anchor`` where it allows.

    ``today`` bounds the year a weekday implies when there is no anchor (default: the
    machine's date); ``language`` as in ``find_expressions``.
    """
    today = today or dt.date.today()
    return [resolve(f, text, anchor, today) for f in find_expressions(text, language)]


def latest_day(expressions: list[TimeExpression]) -> str | None:
    """The latest fully resolved day among absolute and weekday-implied expressions."""
    days = [
        e.iso[:10]
        for e in expressions
        if e.iso and e.precision in ("day", "minute") and e.basis in ("absolute", "weekday")
    ]
    return max(days) if days else None


class TimexStage(DocStage):
    """Fills ``timex``: the text's time expressions, resolved against ``meta.published``.

    It runs after splitting, so that each part of a split page is read against its own
    date (a live-blog post's minute) and, for an undated page, dated by its own text.
    When a document has no date at all, the latest day its text names in full ("jeudi
    1er juin" implies its year; a date with its year) dates it at MONTH precision, with
    source "text_latest": news is published after the events it tells, normally within
    weeks, so the month is what that evidence supports. The expressions that need an
    anchor are then resolved against that month. Done on a whole page, this dated the
    Vostochny summit story of seed 002 by the June podcast glued under it; per part, the
    summit story stays undated and the podcast gets June 2023.

    After ``meta.language``: a page found to be in another language than French or
    English keeps only its absolute dates (German "hier" is "here").
    ``today`` bounds the year a weekday implies (default: the machine's date).
    """

    name: ClassVar[str] = "meta.timex"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "meta.published", "meta.language"})
    provides: ClassVar[frozenset[str]] = frozenset({"timex", "meta.published"})

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today

    def process(self, doc: Document) -> Document:
        today = self.today or dt.date.today()
        meta = doc.meta
        found = find_expressions(doc.text, meta.language)
        expressions = [resolve(f, doc.text, meta.published, today) for f in found]
        if meta.published is None:
            latest = latest_day(expressions)
            if latest is not None:
                meta.published = DateValue(latest[:7], "month", "text_latest")
                expressions = [
                    e if e.iso else resolve(f, doc.text, meta.published, today)
                    for f, e in zip(found, expressions, strict=True)
                ]
        doc.timex = expressions
        return doc

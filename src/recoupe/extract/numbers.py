"""Quantity expressions in French and English text. Pure: text in, quantities out.

"plus de 580", "1 200", "1,5 million", "une vingtaine", "des dizaines de", "12 à 15",
"entre 12 et 15", "19 des 21", "30 %", "deux heures", "a dozen", "more than 1,200".
Dates ("le 9 septembre", "en 2019"), times ("07h42"), ordinals ("75e", "1er"), codes
("T-122", "Su-34", "G7") and anaphoric "les deux" are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recoupe.extract.lexicon import Quantities, quantities

# Years standing alone are dates, not counts. 1900-2100 covers the news archive; a 4-digit
# number in that range followed by a counted noun ("2000 soldats") is still a count.
YEAR_MIN, YEAR_MAX = 1900, 2100
_YEAR_CONTEXT = frozenset(
    [
        "en",
        "depuis",
        "de",
        "dès",
        "avant",
        "après",
        "fin",
        "début",
        "mi",
        "courant",
        "in",
        "since",
        "of",
        "by",
        "until",
        "from",
        "to",
        "été",
        "printemps",
        "automne",
        "hiver",
    ]
)
# "les deux dirigeants", "the two leaders": a reference to things already named.
_ANAPHORIC = frozenset(
    [
        "les",
        "des",
        "ces",
        "ses",
        "leurs",
        "nos",
        "vos",
        "mes",
        "the",
        "these",
        "those",
        "their",
        "both",
    ]
)
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*"


@dataclass(slots=True)
class Quantity:
    start: int  # the whole expression, qualifier and unit included
    end: int
    value: float
    value_max: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    number_end: int = 0  # where the number (or its range/total) ends: counted noun after


@cache
def _patterns(english: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    q = quantities()
    words = sorted(q.numbers, key=len, reverse=True)
    word = "|".join(re.escape(w) for w in words)
    # "quarante et un", "vingt-et-une", "twenty-one": 'un'/'one' only after a tens word.
    compound = (
        rf"(?:{word})(?:(?:-|\s+et\s+|-et-|\s+)(?:{word}))*"
        r"(?:(?:\s+et\s+|-et-|-)(?:une|un|one)(?![\w-]))?"
    )
    mult = "|".join(re.escape(m) for m in sorted(q.multipliers, key=len, reverse=True))
    approx = "|".join(re.escape(a) for a in sorted(q.approx, key=len, reverse=True))
    atom = (
        rf"(?P<approx>(?:une?|a|des|plusieurs|quelques|several|many)\s+(?:{approx})s?"
        rf"|(?:{approx})s(?=\s+of\b))"
        rf"|(?P<num>(?:{_DIGITS}|(?<![\w-])(?:{compound})(?![\w-])|(?:un|une|a|one)(?=\s+(?:{mult})\b))"
        rf"(?:\s+(?:{mult})\b)?)"
    )
    number = re.compile(rf"(?<![\w.,-])(?:{atom})", re.IGNORECASE)
    single = re.compile(
        rf"(?:{_DIGITS}|(?:{compound})|(?:un|une|a|one))(?:\s+(?:{mult})\b)?", re.IGNORECASE
    )
    return number, single


def find_quantities(text: str, english: bool = False) -> list[Quantity]:
    q = quantities()
    number, single = _patterns(english)
    out: list[Quantity] = []
    pos = 0
    while True:
        m = number.search(text, pos)
        if m is None:
            return out
        pos = m.end()
        found = _read(text, m, q, single, english)
        if found is not None and out and _is_conversion(text, out[-1], found):
            pos = max(pos, found.end)
            continue
        if found is not None:
            out.append(found)
            pos = max(pos, found.end)


def _is_conversion(text: str, previous: Quantity, found: Quantity) -> bool:
    """ "30 miles (48 km)": the figure in parentheses restates the one before in another
    unit; it is not a second claim."""
    between = text[previous.end : found.start]
    return bool(
        previous.unit and found.unit and re.fullmatch(r"\s*\(\s*(?:soit\s+|about\s+)?", between)
    )


def _read(
    text: str, m: re.Match[str], q: Quantities, single: re.Pattern[str], english: bool
) -> Quantity | None:
    start, end = m.start(), m.end()
    after = text[end : end + 40]
    before = text[max(0, start - 40) : start].lower()
    if m.group("approx"):
        head = m.group("approx").lower().split()
        base = q.approx.get(head[-1].rstrip("s"), 0.0) or q.approx.get(head[-1], 0.0)
        if head[0] in ("une", "un", "a"):  # une vingtaine: about 20
            quantity = Quantity(start, end, base, None, "environ" if not english else "about")
        else:  # des dizaines de: a range of tens
            quantity = Quantity(start, end, 2 * base, 9 * base, " ".join(head))
        return _with_unit(text, quantity, q)
    raw = m.group("num")
    if _not_a_count(text, start, end, raw, before, after, q):
        return None
    value = parse_number(raw, english, q)
    if value is None:
        return None
    quantity = Quantity(start, end, value)
    # Ranges "12 à 15", "12-15", "entre 12 et 15"; totals "19 des 21", "19 of 21".
    link = re.match(r"\s*(à|-|–|to|et|and|des|sur|of)\s*", after, re.IGNORECASE)
    if link:
        second = single.match(text, end + link.end())
        word = link.group(1).lower()
        ok = word not in ("et", "and") or re.search(r"(entre|between)\s+$", before)
        if (
            second
            and ok
            and not _not_a_count(
                text, second.start(), second.end(), second.group(), "", text[second.end() :][:40], q
            )
        ):
            other = parse_number(second.group(), english, q)
            if other is not None and word in ("des", "sur", "of"):
                if other > value:
                    quantity.qualifier = f"{'of' if english else 'sur'} {second.group()}"
                    quantity.end = second.end()
            elif other is not None and other > value:
                quantity.value_max = other
                quantity.end = second.end()
    quantity.number_end = quantity.end
    qualifier = _qualifier_before(before, q)
    if qualifier:
        quantity.start -= len(qualifier[1])
        quantity.qualifier = (
            qualifier[0]
            if quantity.qualifier is None
            else (f"{qualifier[0]}; {quantity.qualifier}")
        )
    return _with_unit(text, quantity, q)


def _not_a_count(
    text: str, start: int, end: int, raw: str, before: str, after: str, q: Quantities
) -> bool:
    nxt = after.split()[0].strip(",.;:").lower() if after.strip() else ""
    prev = before.split()[-1].strip(",.;:") if before.strip() else ""
    if nxt in q.months or prev in q.months:
        return True  # "9 septembre", "June 19"
    following = [w.strip(",.;:").lower() for w in after.split()[:3]]
    if (
        len(following) == 3
        and following[0] in ("au", "et", "à", "-", "–", "to", "and")
        and following[2] in q.months
    ):
        return True  # the first day of "du 5 au 6 mai", "5 to 6 May"
    plain = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    # Ids and timestamps leak from page code ("1718775858"); news writes big counts with
    # separators or "millions"/"milliards", never 10+ bare digits. A leading zero is a
    # time or a code ("07", "00").
    if raw.isdigit() and (len(raw) >= 10 or (raw[0] == "0" and len(raw) > 1)):
        return True
    if plain in ("0", "00"):
        return True
    if re.match(r"(?:e|er|ère|ème|eme|nd|st|rd|th|h\d*|°)\b", after, re.IGNORECASE):
        return True  # ordinals and times glued on: 75e, 1er, 07h42, 21st
    if re.match(r"[.:]\d{2}\b", text[end : end + 3]) or re.match(r"\d{1,2}[.:]\d{2}$", raw):
        return True  # 07.19, 10:15
    if end < len(text) and (
        text[end].isalpha() or (text[end] == "-" and text[end + 1 : end + 2].isdigit())
    ):
        return True  # "G7a", "34-M"
    last_word = prev.lower()
    if not raw[0].isdigit() and last_word in _ANAPHORIC:
        return True  # les deux dirigeants
    # "2 000" with a thousands space is a count: years are written without one.
    if raw.isdigit() and len(raw) == 4 and YEAR_MIN <= int(raw) <= YEAR_MAX:
        return last_word in _YEAR_CONTEXT or not re.match(r"\s+[a-zà-ÿ]", after)
    return False


def parse_number(raw: str, english: bool, q: Quantities) -> float | None:
    try:
        return _parse_number(raw, english, q)
    except _NotANumber:
        return None


def _parse_number(raw: str, english: bool, q: Quantities) -> float | None:
    """ "1 200" -> 1200, "1,5 million" -> 1.5e6 (French decimal comma), "1,200" -> 1200 in
    English, "vingt-cinq" -> 25, "deux millions" -> 2e6."""
    parts = raw.lower().split()
    factor = 1.0
    if parts and parts[-1] in q.multipliers:
        factor = q.multipliers[parts[-1]]
        parts = parts[:-1]
    body = " ".join(parts)
    if not body:
        return factor
    if body in ("un", "une", "a", "one"):
        return factor
    if body[0].isdigit():
        digits = body.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if english:
            digits = digits.replace(",", "")
        elif digits.count(".") and "," not in digits and re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
            digits = digits.replace(".", "")  # "1.200" written with dots in French
        else:
            digits = digits.replace(",", ".")
        try:
            return float(digits) * factor
        except ValueError:
            return None
    current = 0.0
    for n in _number_words(body, q):
        if n == 100:
            current = max(current, 1.0) * 100
        else:
            current += n
    return current * factor if body else None


def _number_words(body: str, q: Quantities) -> list[float]:
    """The values of the number words in "quatre-vingt-dix" (90, not 4 + 20 + 10) or
    "quarante et un": the longest lexicon entry at each point, hyphens kept, so the
    lexicon's compounds ("soixante-dix", "quatre-vingt") win over their parts."""
    words = [w for w in re.split(r"[-\s]+", body) if w]
    values: list[float] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            phrase = "-".join(words[i:j])
            if phrase in q.numbers:
                values.append(q.numbers[phrase])
                i = j
                break
        else:
            if words[i] in ("et", "and"):
                i += 1
            elif words[i] in ("un", "une", "one") and values:  # "et un", "-et-une"
                values.append(1.0)
                i += 1
            else:
                raise _NotANumber(body)
    return values


class _NotANumber(ValueError):
    pass


def _qualifier_before(before: str, q: Quantities) -> tuple[str, str] | None:
    """The qualifier written just before, and the exact text it takes there."""
    for qual in q.qualifiers:
        m = re.search(rf"(?<![\w']){re.escape(qual)}\s*$", before)
        if m:
            return qual, before[m.start() :]
    return None


def _with_unit(text: str, quantity: Quantity, q: Quantities) -> Quantity:
    tail = text[quantity.end : quantity.end + 30]
    if not quantity.number_end:
        quantity.number_end = quantity.end
    # "70-year-old": English glues the unit on with a hyphen.
    m = re.match(
        r"(?:-(?=[a-z])|\s*(?:de\s+|d'|of\s+)?)(?:(?:derni|prochain|last|next|past)\w*\s+)?",
        tail,
    )
    rest = tail[m.end() :] if m else tail
    for unit in sorted(q.units, key=len, reverse=True):
        if rest.lower().startswith(unit) and (
            not unit[-1].isalpha() or not rest[len(unit) : len(unit) + 1].isalnum()
        ):
            # "de" before a unit only for money and measures: "2 millions de dollars";
            # "10 de plus" is not a unit.
            quantity.unit = q.units[unit]
            quantity.end += (m.end() if m else 0) + len(unit)
            return quantity
    if quantity.start > 0 and text[quantity.start - 1] in "$€£":  # "$5 million"
        quantity.unit = q.units.get(text[quantity.start - 1])
        quantity.start -= 1
    return quantity

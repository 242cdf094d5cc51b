"""One name per person within a document. Pure: no spaCy.

A news article names a person in full once ("Vladimir Poutine") and then shortens:
"Poutine", "V. Poutine", "M. Poutine"; Korean names are shortened to the family name
written first ("Kim" after "Kim Jong-un"). ``assign_canonical`` fills
``Mention.canonical`` so that all these forms carry the full one.

Places, organisations and the rest are only unified by spelling (case, hyphens, accents):
"Corée" and "Corée du Nord" are different places, so no partial matching for them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recoupe.model import Mention


@cache
def person_titles() -> frozenset[str]:
    """Honorifics from data/person_titles.tsv ("M.", "Mme", "Mr"...)."""
    lines = resources.files("recoupe").joinpath("data/person_titles.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in lines.splitlines() if ln and not ln.startswith("#")]
    return frozenset(r[0] for r in rows[1:])


def _fold(word: str) -> str:
    """Compare words without case or accents: "Choïgou" == "choigou"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(slots=True)
class _Name:
    surface: str  # the name as written, titles dropped
    words: tuple[str, ...]  # folded words; hyphens split ("jong-un" -> "jong", "un")
    initials: tuple[str, ...]  # folded first letters of words written as "V."


def _parse(text: str) -> _Name:
    parts = text.split()
    while parts and parts[0] in person_titles():
        parts = parts[1:]
    surface = " ".join(parts) if parts else text
    words: list[str] = []
    initials: list[str] = []
    for p in parts:
        if len(p) <= 3 and p.endswith(".") and p[0].isalpha():  # "V.", "J.-P."
            initials.append(_fold(p[0]))
        else:
            words.extend(w for w in _fold(p).replace("-", " ").split() if w)
    return _Name(surface, tuple(words), tuple(initials))


def _is_full(name: _Name) -> bool:
    return len(name.words) >= 2 and not name.initials


def _covers(full: _Name, short: _Name) -> bool:
    """Can ``short`` be a shortening of ``full``? Its words appear in ``full`` in order,
    and its initials are the first letters of the full form's words before them."""
    if not short.words or len(short.words) > len(full.words):
        return False
    if short.words == full.words:
        return True
    n = len(short.words)
    tails = [i for i in range(len(full.words) - n + 1) if full.words[i : i + n] == short.words]
    if not tails:
        return False
    if short.initials:
        i = tails[-1]
        before = [w[0] for w in full.words[:i]]
        return before[-len(short.initials) :] == list(short.initials)
    # A bare "Kim" or "Poutine": the family name (last word, or first for names written
    # family-first) or the first name alone. A middle word alone is too weak a match.
    i = tails[0]
    return i == 0 or i + n == len(full.words)


def assign_canonical(mentions: list[Mention]) -> None:
    """Fill ``canonical`` on every mention in place."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.label, []).append(m)
    for label, group in groups.items():
        if label == "PER":
            _resolve_people(group)
        else:
            _resolve_by_spelling(group)


def _spelling_key(name: _Name) -> str:
    return " ".join(name.words)


def _resolve_by_spelling(group: list[Mention]) -> None:
    """Same folded spelling -> the most frequent surface (first seen on a tie)."""
    parsed = [_parse(m.text) for m in group]
    surfaces: dict[str, Counter[str]] = {}
    for name in parsed:
        surfaces.setdefault(_spelling_key(name), Counter())[name.surface] += 1
    for m, name in zip(group, parsed, strict=True):
        # Counter.most_common keeps insertion order on ties: the first spelling seen wins.
        m.canonical = surfaces[_spelling_key(name)].most_common(1)[0][0]


def _resolve_people(group: list[Mention]) -> None:
    parsed = [_parse(m.text) for m in group]
    _resolve_by_spelling(group)  # "Kim Jong Un" and "Kim Jong-un": one spelling
    fulls: dict[str, tuple[_Name, str]] = {}
    mentions_per_full: Counter[str] = Counter()
    for m, name in zip(group, parsed, strict=True):
        if _is_full(name):
            key = _spelling_key(name)
            fulls.setdefault(key, (name, m.canonical))
            mentions_per_full[key] += 1
    for m, name in zip(group, parsed, strict=True):
        candidates = [k for k, (full, _) in fulls.items() if _covers(full, name)]
        if not candidates:
            continue
        # "Kim Jong" is itself a shortening of "Kim Jong-un": keep only the longest forms.
        candidates = [
            k
            for k in candidates
            if not any(o != k and _covers(fulls[o][0], fulls[k][0]) for o in candidates)
        ]
        # Several full forms fit "Kim" (Kim Jong-un, Kim Yo-jong): the one the article
        # names most is the one it shortens; then the longest, as the brief asks.
        best = max(candidates, key=lambda k: (mentions_per_full[k], len(fulls[k][0].words)))
        m.canonical = fulls[best][1]

"""Name and phrase normalisation shared by the check stages: transliteration keys, and
the exonym gazetteer (data/gazetteer.tsv) that gives one key to a place, organisation or
person under its French, English and local names."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from recoupe.text import name_key

# Transliteration spellings that French and English news write differently for one
# Cyrillic, Arabic or Persian sound, folded to one form (applied in order, per word):
# Tchernihiv/Chernihiv, Choïgou/Shoigu, Prigojine/Prigozhin, Ahmadinedjad/Ahmadinejad,
# Mikhaïl/Mikhail, Poutine/Putin, Guerassimov/Gerasimov, Sinouar/Sinwar, Zelenskyy/Zelenski.
# Chosen on tests/gold/entity_variants.tsv (written for this): each rule merges pairs there
# and splits none of its "apart" pairs.
_FOLDS = (
    ("đ", "dj"),
    ("tch", "ch"),
    ("sh", "ch"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("dh", "d"),
    ("ph", "f"),
    ("ou", "u"),
    ("w", "u"),
    ("y", "i"),
    ("ii", "i"),  # Aliyev -> aliiev -> aliev, as Aliev, before "ie" folds either
    ("ie", "e"),
)
_GUE = re.compile(r"gu(?=[ei])")  # French "gu" before e/i is a hard g: Evgueni/Yevgeny
_DOUBLE = re.compile(r"(.)\1+")  # Raïssi/Raisi, Zaporijjia/Zaporijia, Mohammed/Mohamed
# Arabic article and filiation: al-Assad/el-Assad, ben Salmane/bin Salman/ibn Salman.
_ARTICLES = frozenset({"al", "el", "ad", "ed", "as", "es", "ach", "ech"})
_FILIATION = {"ben": "bin", "ibn": "bin", "bin": "bin"}


_POSSESSIVE = re.compile(r"['\u2019]s$")


def variant_key(name: str) -> str:
    """A key two transliterations of one name share: name_key, then the French/English
    spelling differences folded (see _FOLDS), doubled letters single, a French final -e
    dropped (Poutine/Putin, Salmane/Salman), Arabic articles dropped. Words shorter than
    three letters are kept as written ("Kim Jong Un", "Xi"). An English possessive is not
    part of the name (the English tagger keeps it: "the Continental Organisation's")."""
    words = []
    for word in name_key(_POSSESSIVE.sub("", name.strip())).split():
        if word in _ARTICLES:
            continue
        if word in _FILIATION:
            words.append(_FILIATION[word])
            continue
        if len(word) < 3:
            words.append(word)
            continue
        w = _GUE.sub("g", word)
        for a, b in _FOLDS:
            w = w.replace(a, b)
        w = _DOUBLE.sub(r"\1", w)
        if len(w) > 4 and w.endswith("e"):
            w = w[:-1]
        elif len(w) > 5 and w.endswith("er"):  # Alexander/Alexandre -> alexandr
            w = w[:-2] + "r"
        words.append(w)
    return " ".join(words)


def contains_phrase(haystack_key: str, needle_key: str) -> bool:
    """Whether ``needle_key`` occurs in ``haystack_key`` on word boundaries (both keys)."""
    if not needle_key:
        return False
    return f" {needle_key} " in f" {haystack_key} "


# --- Exonyms: one place, organisation or person under its French and English names ---

_ARTICLE = re.compile(r"^(?:le|la|les|l['’]|the)\s*", re.I)
# Acronyms this short are matched on their exact capitals (see data/gazetteer.tsv).
_SHORT = 3


@dataclass(frozen=True)
class _Gazetteer:
    keys: dict[tuple[bool, str], str]  # (is a person row, variant key) -> canonical key
    short: dict[str, str]  # exact short acronym ("UN") -> canonical key
    names: dict[str, str]  # canonical key -> the French name


@cache
def _gazetteer() -> _Gazetteer:
    text = resources.files("recoupe.data").joinpath("gazetteer.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    keys: dict[tuple[bool, str], str] = {}
    short: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        person = row["type"] == "PER"
        canonical = variant_key(row["fr"])
        names[canonical] = row["fr"]
        aliases = [row["fr"], row["en"], *filter(None, (row["variants"] or "").split("|"))]
        for alias in aliases:
            compact = alias.replace(".", "").strip()
            if len(compact) <= _SHORT:
                _add(short, compact, canonical, alias)
            else:
                _add(keys, (person, variant_key(alias)), canonical, alias)
    return _Gazetteer(keys, short, names)


def _add(table: dict[Any, str], key: object, canonical: str, alias: str) -> None:
    if table.setdefault(key, canonical) != canonical:
        raise ValueError(f"gazetteer.tsv: {alias!r} names two rows")


def gazetteer_key(name: str, person: bool) -> str | None:
    """The canonical key of ``name`` when the gazetteer knows it under any rendering
    ("Beijing", "Pékin", "Peking" -> "pekin"); a person's row only for a person."""
    gz = _gazetteer()
    bare = _ARTICLE.sub("", name.strip())
    if len(compact := bare.replace(".", "").strip()) <= _SHORT:
        return gz.short.get(compact) if not person else None
    # With its article first: "La Haye", "The Hague" are names; "l'Otan" is "Otan".
    return gz.keys.get((person, variant_key(name))) or gz.keys.get((person, variant_key(bare)))


def entity_key(name: str, label: str) -> str:
    """The key corpus entities are grouped by: the gazetteer's canonical key when it knows
    the name, else the transliteration key (variant_key)."""
    return gazetteer_key(name, label == "PER") or variant_key(name)


def gazetteer_name(key: str) -> str | None:
    """The French name of a canonical gazetteer key ("pekin" -> "Pékin")."""
    return _gazetteer().names.get(key)

"""Text normalisation shared by every stage: NFC, typographic apostrophes, shingles."""

from __future__ import annotations

import re
import unicodedata

# Typographic apostrophes make spaCy's French sm model emit junk entities (qu’, d’, n’);
# the measurements in shared/notes showed normalising them removes the junk at no cost.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009\u2007]+")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """NFC and one kind of apostrophe. Length-preserving for the apostrophes, so spans
    computed on the result are valid on an NFC input."""
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits), for shingles and overlap measures."""
    return [w.lower() for w in _WORD.findall(text)]


def shingles(text: str, n: int = 5) -> set[str]:
    """Word n-gram shingles of ``text`` (the whole text when shorter than n words)."""
    toks = words(text)
    if len(toks) < n:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def name_key(name: str) -> str:
    """A comparison key for names: casefolded, accent-free, apostrophes, hyphens and
    spaces unified: "Kim Jong-un" -> "kim jong un", "l'Élysée" -> "l elysee"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(cleaned.split())


# A role phrase next to the name of who holds it, and what may stand between them: "la
# ministre des Transports, Hélène Sauvade" / "le ministre Firmin Leclos" / "la porte-parole
# du ministère, la colonelle Irène Valdec" (role, then name, a rank or honorific between)
# and "Hélène Sauvade, ministre" / ", la ministre" (name, then role), at most
# ROLE_NAME_GAP characters apart. Shared by extract/speakers.py (quote speakers) and
# check/roles.py (roles across the corpus), which may not import each other.
ROLE_NAME_GAP = 30
# The determiner a role phrase starts with ("la ministre", "son porte-parole", "the
# Chinese leader"): dropped before the role is compared with a list or with the text.
ROLE_DETERMINER = re.compile(
    r"^(?:la|le|les|l'|l\u2019|son|sa|ses|leur|leurs|cette|ce|the|its|their|his|her)\s*", re.I
)
_RANKS = (
    r"(?:g[ée]n[ée]rale?|colonelle?|lieutenante?-colonelle?|lieutenante?|commandante?|"
    r"capitaine|amirale?|sergente?|adjudante?|docteure?|professeure?|ma[iî]tre|"
    r"general|colonel|lieutenant|commander|captain|admiral|sergeant|doctor|professor)"
)
ROLE_THEN_NAME = re.compile(
    rf"^,?\s*(?:(?:la|le|l'|the)\s*{_RANKS}\s+)?(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr)?\s*$",
    re.I,
)
NAME_THEN_ROLE = re.compile(r"^\s*,\s*(?:la|le|l'|the)?\s*$", re.I)

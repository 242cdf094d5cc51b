"""Interested parties (data/party_roles.csv): who a claim's attribution speaks for."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recoupe.check.names import contains_phrase
from recoupe.text import name_key

# Words that open an attribution without changing who it is: "le Kremlin" is "Kremlin".
_LEADING = {"le", "la", "les", "l", "the", "un", "une", "a", "selon", "according", "to", "d", "de"}


@dataclass(frozen=True, slots=True)
class Party:
    pattern: str  # the pattern's key (casefolded, accent-free)
    party: str
    kind: str


@cache
def parties() -> tuple[Party, ...]:
    """The party patterns, longest first (a specific pattern wins over a short one)."""
    text = resources.files("recoupe.data").joinpath("party_roles.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = [
        Party(name_key(row["pattern"]), row["party"].strip(), row["kind"].strip())
        for row in csv.DictReader(lines)
        if row.get("pattern")
    ]
    return tuple(sorted(rows, key=lambda p: (-len(p.pattern), p.pattern)))


def party_of(attribution: str | None) -> Party | None:
    """The interested party an attribution names, if any."""
    if not attribution:
        return None
    key = name_key(attribution)
    for party in parties():
        if contains_phrase(key, party.pattern):
            return party
    return None


def source_key(attribution: str | None) -> str | None:
    """One key per source, so "le ministère russe de la Défense" and "la Défense russe"
    (one party, one kind) or "selon l'AFP" and "AFP" count as one."""
    if not attribution:
        return None
    party = party_of(attribution)
    if party is not None:
        return f"party:{party.party}:{party.kind}"
    words = name_key(attribution).split()
    while words and words[0] in _LEADING:
        words = words[1:]
    return " ".join(words) or None

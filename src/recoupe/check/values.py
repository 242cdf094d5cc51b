"""What a claimed number allows: "plus de 580" is any value from 580 up, "près de 580"
is 580 within a tolerance, "12 à 15" is that range. Two claims agree when what they
allow overlaps."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recoupe.check.names import contains_phrase
from recoupe.model import Claim
from recoupe.text import name_key

AT_LEAST, AT_MOST, ABOUT = "at_least", "at_most", "about"


@cache
def qualifier_bounds() -> tuple[tuple[str, str], ...]:
    """(phrase key, bound) from data/claim_qualifiers.tsv, longest phrase first."""
    text = resources.files("recoupe.data").joinpath("claim_qualifiers.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("phrase\t"):
            continue
        phrase, bound = line.split("\t")[:2]
        rows.append((name_key(phrase), bound.strip()))
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def bound_of(qualifier: str | None) -> str | None:
    """The bound a qualifier puts on the value; None for a bare number."""
    if not qualifier or not qualifier.strip():
        return None
    key = name_key(qualifier)
    for phrase, bound in qualifier_bounds():
        if contains_phrase(key, phrase):
            return bound
    return ABOUT


@dataclass(frozen=True, slots=True)
class Allowed:
    low: float
    high: float

    def overlaps(self, other: Allowed) -> bool:
        # Float noise only; an open bound ("plus de 2 heures": high = inf) must not make
        # the slack infinite, or every claim would overlap it.
        finite = [abs(v) for v in (self.low, self.high, other.low, other.high) if math.isfinite(v)]
        slack = 1e-9 * max([1.0, *finite])
        return self.low <= other.high + slack and other.low <= self.high + slack


def allowed(claim: Claim, tolerance: float) -> Allowed | None:
    """The values a claim allows; None when it carries no number. A bare number is
    exact; a hedged one ("selon des estimations") is read as "about"."""
    if claim.value is None or math.isnan(claim.value):
        return None
    value = claim.value
    if claim.value_max is not None and not math.isnan(claim.value_max):
        low, high = sorted((value, claim.value_max))
        return Allowed(low, high)
    bound = bound_of(claim.qualifier)
    if bound is None and claim.hedged:
        bound = ABOUT
    if bound == AT_LEAST:
        return Allowed(value, math.inf)
    if bound == AT_MOST:
        return Allowed(-math.inf if value < 0 else 0.0, value)
    if bound == ABOUT:
        margin = abs(value) * tolerance
        return Allowed(value - margin, value + margin)
    return Allowed(value, value)


def render_number(value: float) -> str:
    """580 -> "580", 1200 -> "1 200" (French thousands), 2.5 -> "2,5"."""
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def render_claim(claim: Claim) -> str:
    """The claimed value as a reader would say it: "plus de 580", "12 à 15 km"."""
    if claim.value is None:
        return "?"
    number = render_number(claim.value)
    if claim.value_max is not None:
        number = f"{number} à {render_number(claim.value_max)}"
    if claim.unit:
        number = f"{number}{'' if claim.unit == '%' else ' '}{claim.unit}".replace("%", " %")
    if claim.qualifier and claim.qualifier.strip():
        number = f"{claim.qualifier.strip()} {number}"
    return " ".join(number.split())

"""Machine-translation flag: is this page an engine's translation of another page?

A journalist must know it: a translated page is not an independent French source, its
quotes are re-translations (their wording drifts), and its calques can change a meaning.
Nothing in a translated page says so; the evidence is in what the engine left behind:

- the page furniture it translated with the article: JavaScript whose keywords became
  French ("pour (i = 0"), interface strings no French site writes ("envisager de passer
  à un navigateur Web"). Cleaning removed them from the text, so they are read in
  ``doc.removed`` as well as in the text;
- calques and errors in the prose ("comme ayant déclaré" for "quoted as saying", a
  missing elision);
- English quoting convention: a quotation running over several paragraphs reopens with
  « at each paragraph without ever closing, which French typography does not do.

The markers live in ``data/mt_markers.tsv`` (editable). One strong marker flags the
document; weak markers need two different kinds, because each alone occurs in careless
native writing. The flag and its evidence (the matched passages) go to ``meta.extra``;
the children of a split page inherit them (the whole page went through the engine).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar, Literal

from recoupe.model import Document
from recoupe.stage import DocStage

Strength = Literal["strong", "weak"]
Where = Literal["text", "removed", "any"]

# How many passages of evidence are kept: enough to judge, short enough to display.
MAX_EVIDENCE = 5
_EVIDENCE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Marker:
    strength: Strength
    where: Where
    kind: str
    regex: re.Pattern[str]
    why: str


def parse_markers(text: str, origin: str = "<string>") -> list[Marker]:
    markers: list[Marker] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise ValueError(f"{origin}:{number}: expected 5 tab-separated fields")
        strength, where, kind, pattern, why = (f.strip() for f in fields)
        if strength not in ("strong", "weak") or where not in ("text", "removed", "any"):
            raise ValueError(f"{origin}:{number}: bad strength or where: {strength!r} {where!r}")
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{origin}:{number}: bad regex: {exc}") from exc
        markers.append(Marker(strength, where, kind, regex, why))  # type: ignore[arg-type]
    return markers


@functools.cache
def load_markers() -> tuple[Marker, ...]:
    text = resources.files("recoupe.data").joinpath("mt_markers.tsv").read_text("utf-8")
    return tuple(parse_markers(text, "mt_markers.tsv"))


_QUOTE_MARK = re.compile(r"[«»]")


def reopened_quotes(text: str) -> list[int]:
    """Offsets of « that open while a quotation is already open (no » in between)."""
    found: list[int] = []
    depth = 0
    for m in _QUOTE_MARK.finditer(text):
        if m.group() == "«":
            if depth:
                found.append(m.start())
            depth = 1
        else:
            depth = 0
    return found


@dataclass(frozen=True, slots=True)
class Evidence:
    strength: Strength
    kind: str
    passage: str


def _excerpt(text: str, start: int, end: int) -> str:
    return " ".join(text[start : min(end, start + _EVIDENCE_CHARS)].split())


def find_evidence(text: str, removed_texts: list[str]) -> list[Evidence]:
    found: list[Evidence] = []
    sources: dict[str, list[str]] = {"text": [text], "removed": removed_texts}
    for marker in load_markers():
        places = (
            [*sources["text"], *sources["removed"]]
            if marker.where == "any"
            else sources[marker.where]
        )
        for place in places:
            m = marker.regex.search(place)
            if m:
                found.append(
                    Evidence(marker.strength, marker.kind, _excerpt(place, m.start(), m.end()))
                )
                break
    # Two reopenings at least: one can be a typo.
    reopened = reopened_quotes(text)
    if len(reopened) >= 2:
        at = reopened[0]
        found.append(Evidence("weak", "quote_convention", _excerpt(text, max(0, at - 30), at + 30)))
    return found


def is_translated(evidence: list[Evidence]) -> bool:
    if any(e.strength == "strong" for e in evidence):
        return True
    return len({e.kind for e in evidence if e.strength == "weak"}) >= 2


class TranslationStage(DocStage):
    """Sets ``meta.extra["machine_translated"]`` to "likely" with the evidence in
    ``meta.extra["translation_evidence"]`` (passages joined by " | "), or leaves both
    unset. Runs before splitting so that a page's children inherit the flag."""

    name: ClassVar[str] = "meta.translation"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"meta.machine_translated"})

    def process(self, doc: Document) -> Document:
        # The page's furniture: what cleaning removed, and the byline the page declared
        # ("par Revue de presse étrangère (traduction automatique)").
        furniture = [r.text for r in doc.removed]
        if doc.meta.extra.get("author"):
            furniture.append(doc.meta.extra["author"])
        evidence = find_evidence(doc.text, furniture)
        doc.meta.extra.pop("machine_translated", None)
        doc.meta.extra.pop("translation_evidence", None)
        if is_translated(evidence):
            doc.meta.extra["machine_translated"] = "likely"
            doc.meta.extra["translation_evidence"] = " | ".join(
                f"{e.kind}: {e.passage}" for e in evidence[:MAX_EVIDENCE]
            )
        return doc

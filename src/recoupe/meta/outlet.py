"""Outlet, bylines and wire agencies.

The outlet comes from what the input said, else the URL's domain (data/outlets.csv),
else the site name the cleaner found, else the bare domain. Bylines and agencies come
from the author metadata and from signature lines at the top or bottom of the text
("Par Marie Dupont", "Marie Dupont avec AFP", "(AFP)", a last line "Benjamin Milkoff").
Agencies are kept apart from bylines: an AFP dispatch rewritten by two outlets is one
source, not two, and check/ needs to know that. In the body, only people speaking to an
agency ("a déclaré à l'AFP") count; "selon Reuters" is a citation, not a credit.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar
from urllib.parse import urlsplit

from recoupe.model import Document
from recoupe.stage import DocStage

# How many lines at each end of the text can hold a signature. Bylines sit on the first
# two or three lines of a page, credits on the last three or four; further in, a short
# line is a heading or a caption.
_HEAD_LINES = 3
_TAIL_LINES = 4
_MAX_SIGNATURE_CHARS = 120  # a signature is short; a sentence that names an author is not one
_MAX_NAME_WORDS = 5  # "Jean-Baptiste de La Rochefoucauld" is 4 words (hyphens join)
_DATELINE_CHARS = 300  # "MOSCOU (AFP) - ..." sits in the first sentence

_PREFIX = re.compile(
    r"^(?:par|by|texte|text|source|sources|avec|with|de notre envoyée?\s+spéciale?"
    r"|von|por|door|ein beitrag von|un article de)\b\s*:?\s*",
    re.I,
)
_SEPARATORS = re.compile(
    r"\s*(?:\bavec\b|\bwith\b|\bet\b|\band\b|/|,|;|\||&|\s[-–—]\s|^[-–—]\s|\(|\)|:|\bpour\b|\bfor\b)\s*",
    re.I,
)
_CREDIT_LINE = re.compile(r"photo|crédit|credit|©|\(c\)|getty|image|illustration|vidéo|video", re.I)
_PARENTHESES = re.compile(r"\(([^()]{1,60})\)")
_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "d'",
        "le",
        "la",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "ben",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "y",
        "e",
    ]
)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞŒ][\w'’.-]*$")
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}$")  # labels, then a top-level domain
_NOT_FIRST = frozenset(["le", "la", "les", "l'", "the", "un", "une", "a", "an"])
# Top-level domains that end "names" made from a site's domain ("Facebook Com").
_DOMAIN_ENDINGS = frozenset(["com", "de", "at", "ch", "fr", "org", "net", "uk", "it", "es", "be"])


@dataclass(frozen=True, slots=True)
class _Lexicons:
    outlets: dict[str, str]  # domain -> name
    outlet_names: frozenset[str]  # lower-cased names, never a byline
    agencies: dict[str, str]  # alias -> canonical (case-sensitive)
    junk: frozenset[str]  # whole candidates, lower-cased
    junk_words: frozenset[str]  # words that never appear in a person's name


def _data_lines(name: str) -> list[str]:
    text = resources.files("recoupe").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def lexicons() -> _Lexicons:
    outlets: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO("\n".join(_data_lines("outlets.csv")))):
        outlets[row["domain"].strip().lower()] = row["name"].strip()
    agencies: dict[str, str] = {}
    for line in _data_lines("agencies.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for alias in names:
            agencies[alias] = names[0]
    junk: set[str] = set()
    junk_words: set[str] = set()
    for line in _data_lines("byline_junk.txt"):
        if line.startswith("~"):
            junk_words.add(line[1:].lower())
        else:
            junk.add(line.lower())
    return _Lexicons(
        outlets=outlets,
        outlet_names=frozenset(n.lower() for n in outlets.values()),
        agencies=agencies,
        junk=frozenset(junk),
        junk_words=frozenset(junk_words),
    )


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without "www."/"m."/"amp.", lower-cased, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    if not _HOST.match(host):
        return None
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


def outlet_for_domain(domain: str) -> str | None:
    """The outlet's name for a domain or any of its parent domains, else None."""
    outlets = lexicons().outlets
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        name = outlets.get(".".join(labels[i:]))
        if name is not None:
            return name
    return None


def agency_of(segment: str) -> str | None:
    """The canonical agency a signature segment names ("AFP", "Associated Press"), or None."""
    return lexicons().agencies.get(segment.strip().strip(".").strip())


def is_person_name(candidate: str, single_ok: bool = False) -> bool:
    """A plausible person's name: 2-5 words, capitalised (particles allowed), no digits,
    not an agency, an outlet, or a word from the junk list ("Photo", "Rédaction").

    ``single_ok``: one capitalised word is a name too ("Heiko", a blogger's pen name).
    Only for the author the page declares in its metadata: there a single word is what
    the site calls its author; in running text it is as likely a heading or a place.
    On trafilatura-eval, refusing them lost 60 of the 538 annotated authors."""
    lex = lexicons()
    text = candidate.strip()
    low = text.lower()
    if not text or any(ch.isdigit() for ch in text) or low in lex.junk or low in lex.outlet_names:
        return False
    if agency_of(text) is not None:
        return False
    words = text.split()
    fewest = 1 if single_ok else 2
    if not fewest <= len(words) <= _MAX_NAME_WORDS or words[0].lower() in _NOT_FIRST:
        return False
    if len(words) == 1 and len(text) < 3:
        return False
    if len(words) > 1 and words[-1].lower().strip(".") in _DOMAIN_ENDINGS:
        return False  # "Hessenschau De": a domain name that a CMS title-cased
    if len(words) > 1 and words[-2:] == ["e", "V"]:
        return False  # "Bundesverband WindEnergie e V": a registered association
    capitalised = 0
    for word in words:
        w = word.lower()
        if w in lex.junk_words or w.strip(".") in lex.junk_words:
            return False
        if _NAME_WORD.match(word):
            capitalised += 1
        elif w not in _PARTICLES:
            return False
    return capitalised >= min(2, len(words))


def split_signature(line: str, declared: bool = False) -> tuple[list[str], list[str]] | None:
    """("Marie Dupont avec AFP") -> (["Marie Dupont"], ["AFP"]). None when the line is not
    made only of names and agencies: then it is text, not a signature."""
    prefixed = _PREFIX.match(line.strip()) is not None
    body = _PREFIX.sub("", line.strip()).strip(" .-–—")
    segments = [s.strip(" .") for s in _SEPARATORS.split(body)]
    segments = [_PREFIX.sub("", s).strip() for s in segments if s and s.strip(" .")]
    if not segments:
        return None
    people: list[str] = []
    agencies: list[str] = []
    outlet_names = lexicons().outlet_names
    for segment in segments:
        agency = agency_of(segment)
        if agency is not None:
            agencies.append(agency)
        elif is_person_name(segment, single_ok=declared):
            people.append(" ".join(segment.split()))
        elif segment.lower() in outlet_names:
            continue  # "Le Monde avec AFP": the outlet is known from elsewhere
        elif prefixed and segment[:1].islower():
            continue  # "Par X, envoyée spéciale à Kiev": a role after the name
        else:
            return None
    if not people and not agencies:
        return None
    return people, agencies


def _dateline_agencies(text: str) -> list[str]:
    """Agencies in parentheses in the first sentence: "MOSCOU (AFP) - ...", "(Reuters) -"."""
    found: list[str] = []
    for m in _PARENTHESES.finditer(text[:_DATELINE_CHARS]):
        if _CREDIT_LINE.search(m.group(1)):
            continue
        parts = [p.strip() for p in re.split(r"[/,]| et | and ", m.group(1)) if p.strip()]
        names = [agency_of(p) for p in parts]
        if parts and all(names):
            found.extend(n for n in names if n)
    return found


# Someone speaking TO an agency means the agency did the reporting: "a indiqué à l'AFP",
# "contacté par l'AFP", "a appris l'AFP", "told Reuters". The text is then (a rewrite of)
# that agency's dispatch, whoever publishes it. "Selon l'AFP" / "according to Reuters" is
# a citation by another newsroom and is left out on purpose.
_REPORTING_CUE = (
    r"(?:\bà\s+l'(?:agence\s+)?|\bà\s+(?:l'agence\s+)?|\bauprès\s+de\s+l'|"
    r"\b(?:contactée?s?|interrogée?s?|jointe?s?|sollicitée?s?)\s+par\s+(?:l'agence\s+)?l?'?|"
    r"\bappris\s+l'|\bsollicitations\s+de\s+l'|"
    r"\b(?:told|speaking\s+to|interview\s+with)\s+(?:the\s+)?)"
)


@functools.cache
def _reporting_pattern() -> re.Pattern[str]:
    aliases = sorted(lexicons().agencies, key=len, reverse=True)
    names = "|".join(re.escape(a) for a in aliases)
    # The cue ignores case ("Contacté par"); agency names do not ("AP" is not "ap").
    return re.compile(rf"(?i:{_REPORTING_CUE})(?P<agency>{names})(?![\w-])")


def reporting_agencies(text: str) -> list[str]:
    """Agencies the text shows reporting (people speaking to them), in order found."""
    lex = lexicons()
    found: list[str] = []
    for m in _reporting_pattern().finditer(text):
        name = lex.agencies[m["agency"]]
        if name not in found:
            found.append(name)
    return found


@dataclass(slots=True)
class Signatures:
    bylines: list[str]
    agencies: list[str]


def find_signatures(
    text: str, author: str | None = None, furniture: Sequence[str] = ()
) -> Signatures:
    """Bylines and agencies from author metadata and the text's signature lines.

    ``furniture``: lines cleaning removed because the outlet repeats them on many pages
    ("Le Monde avec AFP" under every wire story): still signatures, read like the text's
    own last lines."""
    bylines: list[str] = []
    agencies: list[str] = []

    def add(people: list[str], wires: list[str]) -> None:
        bylines.extend(p for p in people if p not in bylines)
        agencies.extend(a for a in wires if a not in agencies)

    if author:
        parts = [p for p in re.split(r"\s*[;\n]\s*", author) if p.strip()]
        for part in parts:
            # A one-word author is a name only when it stands alone: a list of single
            # words ("Kirche; Leben; Münster; Germany") is the page's keywords.
            parsed = split_signature(part, declared=len(parts) == 1)
            if parsed is not None:
                add(*parsed)

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    tail = lines[-_TAIL_LINES:] if len(lines) > _HEAD_LINES else []
    tail = [*tail, *(line.strip() for line in furniture if line.strip())]
    for position, line in enumerate(head + tail):
        if len(line) > _MAX_SIGNATURE_CHARS or _CREDIT_LINE.search(line):
            continue
        parsed = split_signature(line)
        if parsed is None:
            continue
        people, wires = parsed
        prefixed = _PREFIX.match(line) is not None
        is_last = position == len(head) + len(tail) - 1
        # A line of names alone is a signature only with "Par"/"By", next to an agency,
        # or as the very last line ("Benjamin Milkoff"); elsewhere it may be a heading.
        if wires or prefixed or (is_last and len(people) == 1):
            add(people, wires)
    add([], _dateline_agencies(text))
    add([], reporting_agencies(text))
    return Signatures(bylines, agencies)


# An outlet that is a news agency by its name ("Agence France-Presse", "Agence
# Continentale de Presse (ACP)", "Anadolu Agency", "Kyodo News Agency"); the agencies of
# data/agencies.txt are recognised by name besides.
_AGENCY_OUTLET = re.compile(r"\bagence\b|\bagency\b|\bnews service\b|\bwire service\b", re.I)

_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[^\n|,;.]{2,40})", re.I)


def _outlet_named(candidate: str) -> str | None:
    """The outlets.csv name for ``candidate`` (case-insensitive), else None."""
    low = " ".join(candidate.split()).lower().strip(" .-–—")
    for name in lexicons().outlets.values():
        if name.lower() == low:
            return name
    return None


def signed_outlet(text: str, removed: list[str]) -> str | None:
    """An outlet that signs the text itself, for pages with no URL or site name (plain
    text, pasted copies): a signature line "Le Monde avec AFP" among the text's first or
    last lines, or a copyright notice "© Le Figaro 2023" that cleaning removed. Only names
    from data/outlets.csv count: any capitalised words could be a person."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in [*lines[:_HEAD_LINES], *lines[-_TAIL_LINES:]]:
        if len(line) > _MAX_SIGNATURE_CHARS:
            continue
        body = _PREFIX.sub("", line).strip(" .-–—")
        for segment in _SEPARATORS.split(body):
            name = _outlet_named(segment) if segment else None
            if name:
                return name
    for piece in removed:
        for m in _COPYRIGHT.finditer(piece):
            name = _outlet_named(re.sub(r"\s*\d{4}\s*$", "", m["name"]))
            if name:
                return name
    return None


class OutletStage(DocStage):
    """Fills ``meta.outlet``, ``meta.bylines`` and ``meta.agencies``."""

    name: ClassVar[str] = "meta.outlet"
    # 2: one-word declared authors, organisation authors refused, outlet from an in-text
    # signature, repeated signatures read from the outlet's furniture, agency_feed.
    version: ClassVar[int] = 2
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"meta.outlet", "meta.bylines", "meta.agencies"})

    def setup(self) -> None:
        _reporting_pattern()  # read the data files once per worker, not on the first document

    def process(self, doc: Document) -> Document:
        meta = doc.meta
        furniture = [r.text for r in doc.removed if r.reason == "outlet_furniture"]
        if not meta.outlet:
            domain = domain_of(meta.url)
            known = outlet_for_domain(domain) if domain else None
            site = meta.extra.get("site_name", "").strip() or None
            meta.outlet = known or site or domain
        if not meta.outlet:
            meta.outlet = signed_outlet(
                "\n".join([doc.text, *furniture]), [r.text for r in doc.removed]
            )
        if meta.outlet and (agency_of(meta.outlet) or _AGENCY_OUTLET.search(meta.outlet)):
            # An agency's own dispatch: dedup takes it as the original of the reprints.
            meta.extra["agency_feed"] = "yes"
        found = find_signatures(doc.text, meta.extra.get("author"), furniture)
        meta.bylines = list(dict.fromkeys([*meta.bylines, *found.bylines]))
        meta.agencies = list(dict.fromkeys([*meta.agencies, *found.agencies]))
        return doc

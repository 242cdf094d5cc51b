"""Roles and titles resolved to the person who holds them, across the corpus.

"Le chef du Kremlin", "la ministre française de l'Économie", "the Chinese leader" name an
office (data/role_titles.tsv: a role key is a country and an office). Who holds it is read
from the corpus text, never from a list (holders change): wherever a role phrase stands
right next to a person's name ("le président colombien Alvaro Uribe", "Xi Jinping, the
Chinese leader"; the adjacency rule of extract.speakers.person_in_role), that is evidence
that the person holds the role. A role phrase with no name beside it then takes the
holder its document names, else its event's documents, else its story's: the narrowest
scope that names one, and only when that scope names a single person for the role (two
candidates: we do not guess).

A role without a country ("le Premier ministre" or "le chef de l'État") takes only evidence
without a country either ("le Premier ministre François Fillon"): French news leaves the
country out for France's offices, so "le président de la République" in a story that names
"le président colombien Alvaro Uribe" is not Uribe (measured on tests/gold/roles-rpm2.tsv:
letting a country-less role take the one holder of any country cost that error and won one
case). A role with a country takes evidence with that country, and country-less evidence
of a person the corpus elsewhere names with that country ("le président Nicolas Sarkozy"
counts for "le président français" once "le président français Nicolas Sarkozy" is seen).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from recoupe.model import Corpus, Document, Mention
from recoupe.text import NAME_THEN_ROLE, ROLE_DETERMINER, ROLE_NAME_GAP, ROLE_THEN_NAME

PERSON = "PER"
# A role held before or after the time of the text is not the current holder's: "l'ancien
# président français", "the former Israeli prime minister", "la future Première ministre".
# ("vice-président", "ex-Premier ministre" never match: a phrase must not follow a hyphen.)
_NOT_NOW = re.compile(
    r"(?<!\w)(?:ancien|ancienne|ex|futur|future|former|late|then|feu|defunt|defunte|"
    r"candidat|candidate)\s*$"
)
# ...and so is one the words after it put in the past: "le ministre de l'Agriculture d'alors",
# "le Premier ministre déchu", "the prime minister at the time".
_NOT_NOW_AFTER = re.compile(
    r"\s*(?:d'alors|de l'epoque|dechue?|renversee?|destituee?|at the time|ousted)(?![\w-])"
)
# Offices a role may borrow evidence from when its own office has none in scope: "the
# Israeli leader" is the holder of whichever top office the story names (only if one).
_BORROW = {"leader": ("head_of_state", "head_of_government")}


@dataclass(frozen=True)
class _Office:
    office: str
    country: str
    needs: str  # "", "country" or "name" (see data/role_titles.tsv)


@dataclass(frozen=True)
class _Lexicon:
    offices: dict[tuple[str, str], list[_Office]]  # (lang, folded phrase) -> offices
    nationality: dict[str, str]  # folded adjective -> country code
    patterns: dict[str, re.Pattern[str]]  # lang -> every role phrase
    nat: re.Pattern[str]


@dataclass
class RoleMention:
    """A role phrase in a document and the entity of the person resolved for it."""

    doc_id: str
    start: int
    end: int
    office: str
    country: str  # "" when the phrase names none
    entity_id: str | None = None
    scope: str = ""  # how it was resolved: adjacent, document, event, story


class _Fold(dict[int, str]):
    """str.translate table folding one character to one: lowercase, accent dropped, curly
    apostrophe straight; filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        low = char.lower()
        base = unicodedata.normalize("NFKD", low if len(low) == 1 else char)[:1] or char
        self[code] = "'" if base in "’ʼ" else base
        return self[code]


_FOLD = _Fold()


def fold(text: str) -> str:
    """Lowercased, accents and curly apostrophes removed, one character for one: offsets
    into the folded text are offsets into ``text``."""
    return text.translate(_FOLD)


def _words(phrase: str) -> list[str]:
    return [re.escape(w).replace("'", "'\\s*").replace("\\-", "[-\\s]") for w in phrase.split()]


@cache
def _lexicon() -> _Lexicon:
    text = resources.files("recoupe.data").joinpath("role_titles.tsv").read_text("utf-8")
    rows = list(
        csv.DictReader([ln for ln in text.splitlines() if not ln.startswith("#")], delimiter="\t")
    )
    nationality = {fold(r["phrase"]): r["key"] for r in rows if r["kind"] == "nationality"}
    nat = "|".join(re.escape(a) for a in sorted(nationality, key=len, reverse=True))
    offices: dict[tuple[str, str], list[_Office]] = defaultdict(list)
    alternatives: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in rows:
        if r["kind"] != "office":
            continue
        phrase = " ".join(fold(r["phrase"]).split())
        offices[(r["lang"], phrase)].append(_Office(r["key"], r["country"], r["needs"]))
        if len(offices[(r["lang"], phrase)]) > 1:
            continue
        words = _words(phrase)
        # Nationalities are masked as "§§§" before matching (find_roles): one slot pattern
        # instead of the whole list of adjectives twice in each of hundreds of phrases
        # (compiling that took a second).
        if r["lang"] == "en":  # "the Chinese leader", "Russian foreign minister"
            body = r"(?:§+\s+)?" + r"\s+".join(words)
        else:  # "ministre colombien de la Défense", "Premier ministre israélien"
            rest = "".join(rf"\s+{w}" for w in words[1:])
            body = rf"{words[0]}(?:\s+§+)?{rest}(?:\s+§+)?"
        alternatives[r["lang"]].append((len(phrase), body))
    patterns = {
        lang: re.compile(
            r"(?<![\w-])(?:" + "|".join(b for _, b in sorted(alts, reverse=True)) + r")(?![\w-])"
        )
        for lang, alts in alternatives.items()
    }
    return _Lexicon(
        dict(offices), nationality, patterns, re.compile(rf"(?<![\w-])(?:{nat})(?![\w-])")
    )


def find_roles(text: str, language: str | None) -> list[tuple[int, int, _Office]]:
    """Role phrases in ``text``: (start, end, office with the country it names). Phrases
    that need a country and have none, and held-before/after roles, are left out; "name"
    phrases are kept (the caller keeps them only as evidence)."""
    lex = _lexicon()
    folded = fold(text)
    nats = list(lex.nat.finditer(folded))
    masked = list(folded)
    for m in nats:
        masked[m.start() : m.end()] = "§" * (m.end() - m.start())
    folded = "".join(masked)
    langs = [language] if language in lex.patterns else sorted(lex.patterns)
    found: list[tuple[int, int, _Office]] = []
    for lang in langs:
        for match in lex.patterns[lang].finditer(folded):
            if _NOT_NOW.search(folded[max(0, match.start() - 12) : match.start()]):
                continue
            if _NOT_NOW_AFTER.match(folded, match.end()):
                continue
            countries = [
                lex.nationality[m.group()]
                for m in nats
                if match.start() <= m.start() and m.end() <= match.end()
            ]
            phrase = " ".join(match.group().replace("§", " ").replace("' ", "'").split())
            for office in lex.offices.get((lang, phrase), []):
                country = office.country or (countries[0] if countries else "")
                if office.needs == "country" and not countries:
                    continue
                if office.needs == "name" and countries:
                    continue
                found.append(
                    (match.start(), match.end(), _Office(office.office, country, office.needs))
                )
    return found


def _holder(
    doc: Document, start: int, end: int, persons: list[Mention], before_name: bool = False
) -> Mention | None:
    """The person named right beside the role phrase at start:end.

    A name after the phrase is tried first ("Lundi, le Premier ministre François Fillon":
    Fillon, not the "Lundi" a tagger took for a person). A name before it must have two
    words at least: a lone word there is mostly the end of another phrase ("le cabinet
    Morvan, le chef de l'Etat" names someone else; on tests/gold/roles-rpm2.tsv all such
    evidence was wrong). With ``before_name`` (a bare "président"), only a name that
    follows after a space counts ("le président Sarkozy", not "du président, Paul Ferrand"
    or "Henri Vasseur, président de la Semav")."""
    text = doc.text
    after = [
        m
        for m in persons
        if 0 <= m.start - end <= ROLE_NAME_GAP
        and (
            text[end : m.start].isspace()
            if before_name
            else ROLE_THEN_NAME.match(text[end : m.start])
        )
    ]
    before = [
        m
        for m in persons
        if 0 <= start - m.end <= ROLE_NAME_GAP
        and len(m.text.split()) >= 2
        and NAME_THEN_ROLE.match(text[m.end : start])
    ]
    if before_name:
        before = []
    return min(after, key=lambda m: m.start, default=None) or max(
        before, key=lambda m: m.end, default=None
    )


def _scopes(
    corpus: Corpus, doc_ids: Iterable[str] | None = None
) -> dict[str, list[tuple[str, set[str]]]]:
    """For each document (of ``doc_ids``, default all), its wider scopes in order: its
    event's documents, its story's."""
    ids = list(corpus.documents) if doc_ids is None else list(doc_ids)
    wanted = set(ids)
    # Only the events and stories of those documents: a run redoing a few documents of a
    # big store builds no set for every story.
    events = [e for e in corpus.events if not wanted.isdisjoint(e.document_ids)]
    event_of = {did: e.document_ids for e in events for did in e.document_ids}
    stories = {e.story_id for e in events if e.story_id}
    by_id = {e.id: e for e in corpus.events} if stories else {}
    story_docs: dict[str, set[str]] = {}
    for story in corpus.stories:
        if story.id in stories:
            docs = {d for eid in story.event_ids if eid in by_id for d in by_id[eid].document_ids}
            for did in docs:
                story_docs[did] = docs
    scopes: dict[str, list[tuple[str, set[str]]]] = {}
    for did in ids:
        scopes[did] = [("document", {did})]
        if did in event_of:
            scopes[did].append(("event", set(event_of[did])))
        if did in story_docs:
            scopes[did].append(("story", story_docs[did]))
    return scopes


def document_roles(
    doc: Document, entity_of: Callable[[Mention], str | None] | None = None
) -> tuple[list[RoleMention], list[RoleMention]]:
    """The role phrases of ``doc``: (evidence, phrases). Evidence is a phrase with a person
    named beside it, carrying that person's entity (``entity_of`` a mention, by default
    its ``entity_id``); phrases are those a holder may be asked for (not "name" ones)."""
    ids = entity_of or (lambda m: m.entity_id)
    persons = [m for m in doc.entities if m.label == PERSON and ids(m)]
    evidence: list[RoleMention] = []
    phrases: list[RoleMention] = []
    for start, end, office in find_roles(doc.text, doc.meta.language):
        holder = _holder(doc, start, end, persons, office.needs == "name")
        role = RoleMention(doc.id, start, end, office.office, office.country)
        if holder is not None:
            role.entity_id, role.scope = ids(holder), "adjacent"
            evidence.append(role)
        if office.needs != "name":
            phrases.append(role)
    return evidence, phrases


Countries = dict[tuple[str | None, str], set[str]]


def known_countries(evidence: Iterable[RoleMention], into: Countries | None = None) -> Countries:
    """(person entity, office) -> the countries evidence gives that person in that office
    ("le président français Nicolas Sarkozy"), added to ``into`` when given."""
    countries: Countries = {} if into is None else into
    for e in evidence:
        if e.country:
            countries.setdefault((e.entity_id, e.office), set()).add(e.country)
    return countries


def with_known_countries(
    evidence: list[RoleMention], countries: Mapping[tuple[str | None, str], set[str]]
) -> list[RoleMention]:
    """Evidence without a country ("le président Nicolas Sarkozy") also counts with the
    country the corpus gives the same person in the same office elsewhere ("le président
    français Nicolas Sarkozy"), when it gives one only: a person's nationality does not
    change with the date, so the whole corpus may tell it."""
    extra = []
    for e in evidence:
        known = countries.get((e.entity_id, e.office), set())
        if not e.country and len(known) == 1:
            extra.append(replace(e, country=next(iter(known))))
    return evidence + extra


class RoleResolver:
    """The corpus's evidence of who holds which role, and the resolution of a role phrase
    from it (see the module docstring).

    ``RoleResolver(corpus)`` reads every analysed document and resolves every role phrase
    (``mentions``). A stage that redoes part of a corpus passes ``evidence`` (a document id
    -> that document's evidence, asked only for the documents a resolution looks at),
    ``countries`` (``known_countries`` over the whole corpus) and ``doc_ids`` (the
    documents whose roles it resolves); ``mentions`` is then left empty."""

    def __init__(
        self,
        corpus: Corpus,
        evidence: Callable[[str], list[RoleMention]] | None = None,
        countries: Mapping[tuple[str | None, str], set[str]] | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> None:
        self.mentions: list[RoleMention] = []
        self._evidence: dict[str, list[RoleMention]] = {}  # doc id -> holders (extended)
        if evidence is None:
            found: dict[str, list[RoleMention]] = {}
            for doc in corpus.analysed():
                found[doc.id], phrases = document_roles(doc)
                self.mentions.extend(phrases)
            countries = known_countries(e for roles in found.values() for e in roles)
            self._evidence = {d: with_known_countries(r, countries) for d, r in found.items()}
            self._source: Callable[[str], list[RoleMention]] = lambda _: []
        else:
            self._source = evidence
        # Not ``countries or {}``: a mapping read lazily may be empty until looked into.
        self._countries = countries if countries is not None else {}
        self._scopes = _scopes(corpus, doc_ids)
        self._resolved: dict[tuple[str, str, str], tuple[str | None, str]] = {}
        for role in self.mentions:
            if role.entity_id is None:
                self.resolve(role)

    def evidence(self, doc_id: str) -> list[RoleMention]:
        """The holders ``doc_id`` names, with the countries the corpus knows them by."""
        if doc_id not in self._evidence:
            self._evidence[doc_id] = with_known_countries(self._source(doc_id), self._countries)
        return self._evidence[doc_id]

    def resolve(self, role: RoleMention) -> str | None:
        """The holder's entity for ``role`` from the narrowest scope naming one."""
        key = (role.doc_id, role.office, role.country)
        if key not in self._resolved:  # a story's evidence is read once per role, not per quote
            self._resolved[key] = (None, "")
            for scope, docs in self._scopes.get(role.doc_id, [("document", {role.doc_id})]):
                seen = [e for d in sorted(docs) for e in self.evidence(d)]
                candidates = _candidates(role, seen)
                if len(candidates) == 1:
                    self._resolved[key] = (next(iter(candidates)), scope)
                if candidates:  # found, or two holders in this scope: no guess, none wider
                    break
        role.entity_id, role.scope = self._resolved[key]
        return role.entity_id

    def phrase_role(self, text: str, language: str | None, doc_id: str) -> RoleMention | None:
        """When ``text`` (a quote speaker, a mention) is a role phrase and nothing else but
        a determiner ("la porte-parole du gouvernement"), the role resolved in ``doc_id``'s
        scopes (its entity_id stays None when no scope names the holder)."""
        role = role_of_phrase(text, language)
        if role is None:
            return None
        self.resolve(role := replace(role, doc_id=doc_id))
        return role


def role_of_phrase(text: str, language: str | None) -> RoleMention | None:
    """The role ``text`` is, when it is a role phrase and nothing else but a determiner."""
    core = ROLE_DETERMINER.sub("", text.strip()).strip(" ,.;:")
    for start, end, office in find_roles(core, language):
        if office.needs != "name" and start == 0 and end == len(core):
            return RoleMention("", 0, 0, office.office, office.country)
    return None


def _candidates(role: RoleMention, evidence: list[RoleMention]) -> set[str | None]:
    """Holders in ``evidence`` for the role with its country ("" matches ""): its own office
    first, then the offices it may borrow from, taken together (two holders: ambiguous)."""
    for offices in ((role.office,), _BORROW.get(role.office, ())):
        same = [e for e in evidence if e.office in offices]
        exact = {e.entity_id for e in same if e.country == role.country}
        if exact:
            return exact
    return set()

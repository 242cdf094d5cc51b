"""Facts: the claims of one event about the same quantity, aligned, with a status.

Claims align when they are about the same thing: the same counted lemma, or lemmas of
one predicate family ("morts" and "tués", data/claim_heads.tsv), in the same unit (no unit
is a count; hours and minutes compare in seconds, km and miles in metres); with a
compatible predicate (soldiers killed vs soldiers deployed: the ``predicate`` the parse
gave) and time frame (a daily toll vs a cumulative one). A claim whose predicate or frame
is unknown joins the one known predicate (frame) of its group; where several are known it
stays apart. Heads nobody checks ("prises", "degrés") and the parts of a total ("dont 255
sur l'axe de Donetsk") make no fact. A measure (a duration, a distance) makes a fact only
with the verb that says what it measures ("a duré"). What makes the status is the number of *independent origins*: the
documents of one near-duplicate group are one origin, documents crediting the same wire
agency are one, claims attributed to the same source are one (union-find over claims,
so these chain). Then, in this order:
- party_claim: every origin's claims are attributed to an interested party;
- contradicted: two independent origins whose values cannot both be true, or one
  document giving incompatible values from two different sources ("officiellement trois
  morts ... selon les services municipaux, 5 morts");
- corroborated: two or more independent origins, all compatible;
- single_source: one origin (reprints add evidence, not origins).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import ClassVar

from recoupe.check.parties import party_of, source_key
from recoupe.check.values import Allowed, allowed, render_claim, render_number
from recoupe.model import FACT_STATUSES, Claim, Corpus, Document, Fact, FactStatus, stable_id
from recoupe.stage import CorpusStage
from recoupe.text import name_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Evidence:
    claim: Claim
    doc: Document
    allowed: Allowed | None  # in the base unit of its dimension (seconds, metres, kg)
    places: frozenset[str] = frozenset()  # places named in the claim's sentence


def _places(doc: Document, claim: Claim) -> frozenset[str]:
    """Place names in the sentence of a claim: a digest ("Dans nos 5 actus") gives "deux
    civils tués" in Belgorod and "neuf personnes tuées" in Senegal; they are not one toll."""
    span = next((s for s in doc.sentences if s.start <= claim.start < s.end), None)
    lo, hi = (span.start, span.end) if span else (claim.start, claim.end)
    return frozenset(
        name_key(m.text)
        for m in doc.entities
        if m.label in ("LOC", "GPE") and lo <= m.start and m.end <= hi and name_key(m.text)
    )


def _same_place(x: _Evidence, y: _Evidence) -> bool:
    """Two claims of one text may be about one thing unless both name places, and
    different ones."""
    return not (x.places and y.places and not x.places & y.places)


# Units of one dimension compare once converted: "plus de 2 heures" against "40 minutes".
_BASE: dict[str, tuple[str, float]] = {
    "seconde": ("s", 1.0),
    "second": ("s", 1.0),
    "minute": ("s", 60.0),
    "heure": ("s", 3600.0),
    "hour": ("s", 3600.0),
    "jour": ("s", 86400.0),
    "day": ("s", 86400.0),
    "semaine": ("s", 604800.0),
    "week": ("s", 604800.0),
    "mois": ("s", 2629800.0),  # a mean month, 365.25 / 12 days
    "month": ("s", 2629800.0),
    "an": ("s", 31557600.0),
    "year": ("s", 31557600.0),
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "mile": ("m", 1609.344),
    "kg": ("kg", 1.0),
    "tonne": ("kg", 1000.0),
}


@dataclass(frozen=True, slots=True)
class Heads:
    """data/claim_heads.tsv as check reads it (extract/claims.py reads its own rows)."""

    families: dict[str, str]  # counted lemma -> predicate family (mort, tué -> killed)
    predicates: frozenset[str]  # the family names
    not_checkable: frozenset[str]
    measures: frozenset[str]  # verbs whose measured figure is a fact: durer, last


@cache
def heads() -> Heads:
    text = resources.files("recoupe.data").joinpath("claim_heads.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = [r + [""] * (4 - len(r)) for r in rows[1:]]
    families = {r[0]: r[3].strip() for r in rows if r[2] in ("state", "noun")}
    return Heads(
        families=families,
        predicates=frozenset(r[3].strip() for r in rows if r[2] in ("state", "verb", "noun")),
        not_checkable=frozenset(r[0] for r in rows if r[2] == "not_checkable"),
        measures=frozenset(r[0] for r in rows if r[2] == "measure"),
    )


# Nouns that count anyone: with a predicate family they are that family's count. Not
# "soldats" or "civils": "120 soldats tués" is not the toll "3 morts" of the civilians.
_ANYONE = frozenset({"personne", "gens", "individu", "people", "person"})


# Amounts whose thing the parse cannot name ("l'État injecte 10,5 milliards d'euros",
# "une zone de 4,6 km2"): the same amount in several texts of an event is one fact.
_AMOUNTS = frozenset({"EUR", "USD", "GBP", "RUB", "UAH", "km2", "ha"})


def _same_amounts(items: list[_Evidence], tolerance: float) -> list[tuple[str, list[_Evidence]]]:
    """Amounts of one unit chained when within ``tolerance`` of each other ("4,9
    milliards", "près de 5 milliards"), kept when two documents or more give them: one
    text's amount alone is not known to be about anything another text says."""
    ordered = sorted(items, key=lambda e: (e.claim.value or 0.0, e.claim.id))
    runs: list[list[_Evidence]] = []
    for item in ordered:
        value = item.claim.value or 0.0
        last = runs[-1][-1].claim.value if runs else None
        # Half the "près de" tolerance: on rpm2 T07_C1 a 10% chain ran "4,9 milliards"
        # (the loss) into "5,5 milliards" (a capital increase) through "près de 5".
        if last is not None and value <= last * (1 + tolerance / 2):
            runs[-1].append(item)
        else:
            runs.append([item])
    return [
        (f"amount:{render_number(run[0].claim.value or 0.0)}", run)
        for run in runs
        if len({e.doc.id for e in run}) >= 2
    ]


def _what(claim: Claim) -> tuple[str, str] | None:
    """What a claim is about, as (thing, unit dimension); None when it makes no fact."""
    counted = (claim.counted or "").strip().casefold()
    unit = (claim.unit or "").strip()
    dimension = _BASE[unit][0] if unit in _BASE else unit
    if claim.part_of is not None:
        return None  # a part of a total; the total is the fact
    if counted:
        if counted in heads().not_checkable:
            return None
        family = heads().families.get(counted)
        if family is None and counted in _ANYONE and claim.predicate in heads().predicates:
            family = claim.predicate  # "tuant trois personnes" is "3 morts"
        return (f"~{family}" if family else counted), dimension
    if unit and claim.predicate and claim.predicate.split(":")[0] in heads().measures:
        return f"measure:{claim.predicate}", dimension
    return None


def _scaled(claim: Claim, tolerance: float) -> Allowed | None:
    found = allowed(claim, tolerance)
    factor = _BASE[claim.unit][1] if claim.unit in _BASE else 1.0
    if found is None or factor == 1.0:
        return found
    return Allowed(found.low * factor, found.high * factor)


def _split(items: list[_Evidence], facet: str) -> dict[str, list[_Evidence]]:
    """Claims of one thing split by a facet (predicate family or frame). Unknown values
    join the one known value; with several known, they stay apart under ''."""

    def value(e: _Evidence) -> str:
        return str(getattr(e.claim, facet) or "")

    known = sorted({value(e) for e in items} - {""})
    out: dict[str, list[_Evidence]] = defaultdict(list)
    for e in items:
        v = value(e)
        out[v or (known[0] if len(known) == 1 else "")].append(e)
    return out


class FactStage(CorpusStage):
    name: ClassVar[str] = "check.facts"
    requires: ClassVar[frozenset[str]] = frozenset({"claims"})

    def __init__(self, tolerance: float = 0.1) -> None:
        # "près de 580" / "environ 580" allow 580 +/- this fraction. 10%: "près de 600"
        # for 580 is a 3% gap, "environ 30" for 24 a 25% gap (a real disagreement).
        self.tolerance = tolerance

    def run(self, corpus: Corpus) -> None:
        """Facts of the events in scope (every event in a full run), and the claims of
        their documents aligned; claims of documents in no event make no fact."""
        scoped = corpus.in_scope()
        event_of = {doc_id: ev.id for ev in corpus.events_in_scope() for doc_id in ev.document_ids}
        docs = _redone(corpus, scoped, event_of)
        things: dict[tuple[str, str, str], list[_Evidence]] = defaultdict(list)
        amounts: dict[tuple[str, str], list[_Evidence]] = defaultdict(list)
        for doc in docs:
            for claim in doc.claims:
                claim.fact_id = None
                claim.conflicts_with = claim.consistency = None
                event_id = event_of.get(doc.id)
                if event_id is None:
                    log.debug("%s: not in any event, its claims make no fact", doc.id)
                    continue
                what = _what(claim)
                item = _Evidence(claim, doc, _scaled(claim, self.tolerance), _places(doc, claim))
                if what is not None:
                    things[(event_id, *what)].append(item)
                elif claim.unit in _AMOUNTS and claim.part_of is None and claim.value:
                    amounts[(event_id, claim.unit)].append(item)
        for (event_id, unit), items in amounts.items():
            for thing, same in _same_amounts(items, self.tolerance):
                things[(event_id, thing, unit)] = same
        groups: dict[tuple[str, ...], list[_Evidence]] = {}
        for key, items in things.items():
            for pred, by_pred in _split(items, "predicate").items():
                for frame, group in _split(by_pred, "frame").items():
                    groups[(*key, pred, frame)] = group
        roots = _Roots(corpus, {d.id: d for d in scoped})
        facts = [
            self._fact(key, sorted(ev, key=lambda e: e.claim.id), roots, corpus.origin_of)
            for key, ev in sorted(groups.items())
        ]
        for doc in docs:
            _breakdowns(doc, self.tolerance)
        rank = {status: i for i, status in enumerate(FACT_STATUSES)}
        corpus.facts = sorted(facts, key=lambda f: (rank[f.status], f.event_id, f.id))

    def _fact(
        self,
        key: tuple[str, ...],
        evidence: list[_Evidence],
        roots: _Roots,
        origin_of: dict[str, str],
    ) -> Fact:
        event_id, thing, dimension, pred, frame = key
        # The id keeps its old parts when no predicate or frame splits the thing, so
        # stores written before predicates existed keep their fact ids.
        extra = [p for p in (pred, frame) if p]
        fact_id = stable_id(event_id, thing, dimension, *extra, prefix="fa-")
        for item in evidence:
            item.claim.fact_id = fact_id
        _two_values(evidence)
        origins = _origins(evidence, roots, origin_of)
        status, note = _status(origins)
        counted = Counter(
            (e.claim.counted or "").strip() for e in evidence if e.claim.counted
        ).most_common(1)
        # A measure is named by what it measures ("durer:discussion" -> discussion), an
        # amount by its unit.
        label = counted[0][0] if counted else thing.removeprefix("measure:").split(":")[-1]
        if thing.startswith("amount:"):
            label = "montant" if dimension not in ("km2", "ha") else "superficie"
        units = Counter(e.claim.unit or "" for e in evidence).most_common(1)
        return Fact(
            id=fact_id,
            event_id=event_id,
            statement=_statement(label, units[0][0] if units else "", evidence),
            status=status,
            claim_ids=[e.claim.id for e in evidence],
            independent_sources=len(origins),
            outlets=sorted({e.doc.meta.outlet for e in evidence if e.doc.meta.outlet}),
            note=note,
        )


def _origins(
    evidence: list[_Evidence], roots: _Roots, origin_of: dict[str, str]
) -> list[list[_Evidence]]:
    """Evidence split into independent origins (each a list, in claim-id order). A
    document's origin group (dedup.group: its reprints, the pages embedding it, its
    translations) is one origin."""
    parent = list(range(len(evidence)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, item in enumerate(evidence):
        links = [f"doc:{roots.of(item.doc)}"]
        if item.doc.id in origin_of:
            links.append(f"origin:{origin_of[item.doc.id]}")
        links += [f"agency:{name_key(a)}" for a in item.doc.meta.agencies if name_key(a)]
        source = source_key(item.claim.attributed_to)
        if source:
            links.append(f"source:{source}")
        for link in links:
            j = first_with.setdefault(link, i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    grouped: dict[int, list[_Evidence]] = defaultdict(list)
    for i, item in enumerate(evidence):
        grouped[find(i)].append(item)
    return [grouped[root] for root in sorted(grouped)]


class _Roots:
    """The original each document is a near-duplicate of (itself when none), walking
    ``duplicate_of`` through the analysed documents of this run's scope."""

    def __init__(self, corpus: Corpus, by_id: dict[str, Document]) -> None:
        self.by_id = by_id
        self.corpus = corpus

    def of(self, doc: Document) -> str:
        seen = {doc.id}
        while doc.duplicate_of is not None:
            target = self.by_id.get(doc.duplicate_of)
            if target is None:
                # Outside a partial run's scope (a full run's by_id holds every analysed
                # document). dedup.group points a near-duplicate at its family's original,
                # which is no duplicate itself: the walk would stop there, and that
                # document need not be decoded to know it.
                return doc.duplicate_of if self._outside(doc.duplicate_of) else doc.id
            doc = target
            if doc.id in seen:
                break
            seen.add(doc.id)
        return doc.id

    def _outside(self, doc_id: str) -> bool:
        scope = self.corpus.scope
        return not scope.full and doc_id in self.corpus.documents and doc_id not in scope.documents


def _redone(corpus: Corpus, docs: list[Document], event_of: dict[str, str]) -> list[Document]:
    """The analysed documents whose claims this run aligns again: in a partial run those
    of the scope's events, and those of the scope in no event at all (their claims make
    no fact, as in a full run). A scope document of an event outside ``scope.events`` (an
    unchanged event of a story in scope) keeps the fact ids the store holds for it: that
    event's facts are not replaced."""
    if corpus.scope.full:
        return docs
    rest = corpus.in_no_event({d.id for d in docs} - event_of.keys())
    return [d for d in docs if d.id in event_of or d.id in rest]


def _status(origins: list[list[_Evidence]]) -> tuple[FactStatus, str]:
    party_names = []
    for origin in origins:
        found = [party_of(e.claim.attributed_to) for e in origin]
        if any(p is None for p in found):
            break
        party_names += [p.party for p in found if p is not None]
    else:
        if origins:
            return "party_claim", "all origins are a party: " + ", ".join(sorted(set(party_names)))
    clash = _first_clash(origins)
    if clash is not None:
        return "contradicted", f"{render_claim(clash[0].claim)} vs {render_claim(clash[1].claim)}"
    if len(origins) >= 2:
        return "corroborated", f"{len(origins)} independent origins agree"
    documents = len({e.doc.id for e in origins[0]}) if origins else 0
    return "single_source", "one origin" + (f" ({documents} documents)" if documents > 1 else "")


def _first_clash(origins: list[list[_Evidence]]) -> tuple[_Evidence, _Evidence] | None:
    """The first pair of origins none of whose values are compatible, as one example
    claim from each; None when every pair of origins can agree."""
    valued = [[e for e in origin if e.allowed is not None] for origin in origins]
    for origin in valued:  # one text reporting two sources that disagree
        for x in origin:
            for y in origin:
                if (
                    x.claim.id < y.claim.id
                    and x.doc.id == y.doc.id
                    and source_key(x.claim.attributed_to) != source_key(y.claim.attributed_to)
                    and x.allowed
                    and y.allowed
                    and not x.allowed.overlaps(y.allowed)
                    and _same_place(x, y)
                ):
                    return x, y
    for i in range(len(valued)):
        for j in range(i + 1, len(valued)):
            # Only claims that may be about one place compare: 500 lycéens in Périgueux
            # and thousands across France do not contradict each other.
            pairs = [(x, y) for x in valued[i] for y in valued[j] if _same_place(x, y)]
            if pairs and not any(
                x.allowed.overlaps(y.allowed) for x, y in pairs if x.allowed and y.allowed
            ):
                return pairs[0]
    return None


def _plural(noun: str) -> str:
    """French plural of a counted lemma, for display: hôpital -> hôpitaux, soldat ->
    soldats; English lemmas mostly take -s too. Irregular words stay as they are."""
    if noun.endswith(("s", "x", "z")) or " " in noun or noun in ("people", "personnel"):
        return noun
    if noun.endswith("al") and noun not in ("festival", "carnaval", "récital", "bal"):
        return noun[:-2] + "aux"
    if noun.endswith(("eau", "au", "eu")) and noun not in ("pneu", "bleu"):
        return noun + "x"
    return noun + "s"


def _statement(counted: str, unit: str, evidence: list[_Evidence]) -> str:
    """ "soldats : plus de 580 ~ 600" - each distinct claimed value once, smallest first."""
    values = sorted(
        {
            (e.claim.value or 0.0, render_claim(e.claim))
            for e in evidence
            if e.claim.value is not None
        }
    )
    label = counted
    many = any(v > 1 for v, _ in values)
    if not unit and many:
        label = _plural(counted)
    rendered = list(dict.fromkeys(r for _, r in values))
    return f"{label} : {' ~ '.join(rendered) if rendered else '?'}"


def _two_values(evidence: list[_Evidence]) -> None:
    """A text giving two incompatible values for one fact: each claim points to the other
    (``conflicts_with``) with a note saying whether two sources disagree or the text
    itself does."""
    for x in evidence:
        for y in evidence:
            if (
                x.claim.id >= y.claim.id
                or x.doc.id != y.doc.id
                or x.claim.conflicts_with is not None
                or not (x.allowed and y.allowed)
                or x.allowed.overlaps(y.allowed)
                or not _same_place(x, y)
            ):
                continue
            a, b = source_key(x.claim.attributed_to), source_key(y.claim.attributed_to)
            why = "two sources disagree" if a != b else "the text disagrees with itself"
            x.claim.conflicts_with = y.claim.id
            x.claim.consistency = (
                f"two values in one text ({why}): "
                f"{render_claim(x.claim)} vs {render_claim(y.claim)}"
            )


def _breakdowns(doc: Document, tolerance: float) -> None:
    """A total against its parts in the same text ("près de 580 ..., dont plus de 255 ...
    jusqu'à 140 ... 35 ... 25 ... 45 ... 80"): the parts' allowed values summed must meet
    the total's. The note on the total says how they add up."""
    parts: dict[str, list[Claim]] = defaultdict(list)
    for claim in doc.claims:
        if claim.part_of is not None:
            parts[claim.part_of].append(claim)
    for total in doc.claims:
        mine = parts.get(total.id)
        whole = allowed(total, tolerance)
        if not mine or whole is None:
            continue
        bounds = [allowed(p, tolerance) for p in mine]
        low = sum(b.low for b in bounds if b is not None)
        high = sum(b.high for b in bounds if b is not None)
        nominal = sum(p.value or 0.0 for p in mine)
        agree = Allowed(low, high).overlaps(whole)
        total.consistency = (
            f"breakdown {'adds up' if agree else 'does not add up'}: "
            + " + ".join(render_number(p.value or 0.0) for p in mine)
            + f" = {render_number(nominal)} for {render_claim(total)}"
        )

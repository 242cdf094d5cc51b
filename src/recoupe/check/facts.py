"""Facts: the claims of one event about the same quantity, aligned, with a status.

Claims align when they count the same thing (``counted`` lemma) in the same unit (no
unit is a count). What makes the status is the number of *independent origins*: the
documents of one near-duplicate group are one origin, documents crediting the same wire
agency are one, claims attributed to the same source are one (union-find over claims,
so these chain). Then, in this order:
- party_claim: every origin's claims are attributed to an interested party;
- contradicted: two independent origins whose values cannot both be true;
- corroborated: two or more independent origins, all compatible;
- single_source: one origin (reprints add evidence, not origins).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from recoupe.check.parties import party_of, source_key
from recoupe.check.values import Allowed, allowed, render_claim
from recoupe.model import FACT_STATUSES, Claim, Corpus, Document, Fact, FactStatus, stable_id
from recoupe.stage import CorpusStage
from recoupe.text import name_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Evidence:
    claim: Claim
    doc: Document
    allowed: Allowed | None


class FactStage(CorpusStage):
    name: ClassVar[str] = "check.facts"
    requires: ClassVar[frozenset[str]] = frozenset({"claims"})

    def __init__(self, tolerance: float = 0.1) -> None:
        # "près de 580" / "environ 580" allow 580 +/- this fraction. 10%: "près de 600"
        # for 580 is a 3% gap, "environ 30" for 24 a 25% gap (a real disagreement).
        self.tolerance = tolerance

    def run(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        by_id = {d.id: d for d in docs}
        event_of = {doc_id: ev.id for ev in corpus.events for doc_id in ev.document_ids}
        groups: dict[tuple[str, str, str], list[_Evidence]] = defaultdict(list)
        for doc in docs:
            for claim in doc.claims:
                claim.fact_id = None
                if claim.counted is None or not claim.counted.strip():
                    continue
                event_id = event_of.get(doc.id)
                if event_id is None:
                    log.debug("%s: not in any event, its claims make no fact", doc.id)
                    continue
                key = (event_id, claim.counted.strip().casefold(), (claim.unit or "").strip())
                groups[key].append(_Evidence(claim, doc, allowed(claim, self.tolerance)))
        facts = [
            self._fact(key, sorted(ev, key=lambda e: e.claim.id), by_id, corpus.origin_of)
            for key, ev in sorted(groups.items())
        ]
        rank = {status: i for i, status in enumerate(FACT_STATUSES)}
        corpus.facts = sorted(facts, key=lambda f: (rank[f.status], f.event_id, f.id))

    def _fact(
        self,
        key: tuple[str, str, str],
        evidence: list[_Evidence],
        by_id: dict[str, Document],
        origin_of: dict[str, str],
    ) -> Fact:
        event_id, counted, unit = key
        fact_id = stable_id(event_id, counted, unit, prefix="fa-")
        for item in evidence:
            item.claim.fact_id = fact_id
        origins = _origins(evidence, by_id, origin_of)
        status, note = _status(origins)
        return Fact(
            id=fact_id,
            event_id=event_id,
            statement=_statement(counted, unit, evidence),
            status=status,
            claim_ids=[e.claim.id for e in evidence],
            independent_sources=len(origins),
            outlets=sorted({e.doc.meta.outlet for e in evidence if e.doc.meta.outlet}),
            note=note,
        )


def _origins(
    evidence: list[_Evidence], by_id: dict[str, Document], origin_of: dict[str, str]
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
        links = [f"doc:{_root(item.doc, by_id)}"]
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


def _root(doc: Document, by_id: dict[str, Document]) -> str:
    seen = {doc.id}
    while doc.duplicate_of is not None and doc.duplicate_of in by_id:
        doc = by_id[doc.duplicate_of]
        if doc.id in seen:
            break
        seen.add(doc.id)
    return doc.id


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
    for i in range(len(valued)):
        for j in range(i + 1, len(valued)):
            a, b = valued[i], valued[j]
            if not a or not b:
                continue
            if not any(
                x.allowed.overlaps(y.allowed) for x in a for y in b if x.allowed and y.allowed
            ):
                return a[0], b[0]
    return None


def _plural(noun: str) -> str:
    """French plural of a counted lemma, for display: hôpital -> hôpitaux, soldat ->
    soldats; English lemmas mostly take -s too. Irregular words stay as they are."""
    if noun.endswith(("s", "x", "z")) or " " in noun:
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

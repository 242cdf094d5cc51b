"""Copies over the corpus: reprints of one text, pages embedding a dispatch, translations.

Pairs are proposed and confirmed by kind:
- "copy": MinHash LSH candidates whose Jaccard estimate is >= ``threshold`` (a reprint,
  light edits), or whose shorter text is mostly inside the longer one with little around it;
- containment: the shorter text's shingles are mostly found in the longer one and the
  longer has material of its own (a page that embeds a wire dispatch under its own intro,
  or a dispatch cut short): the longer one "contains", the shorter is "contained_in";
- "translation" (``dedup.translation``): two documents in different languages whose leads
  align sentence by sentence and that share their numbers.

Confirmed pairs are joined with union-find into *origin groups*: documents that descend
from one original, which count as one source when facts are checked
(``Corpus.origin_of``, ``meta.extra["origin_group"]``). Inside a group, the documents
linked by same-language pairs form a *text family*; its original is the earliest
published, then the longest, then the smallest id, and the others get ``duplicate_of`` (a
near-duplicate of the same text, the export's meaning) and ``meta.extra["duplicate_kind"]``
(copy, contains, contained_in: how this document relates to its family's original). A
family that is a translation of the group's original family has its original marked
"translation", with no ``duplicate_of``: it is another text. Near-duplicates are marked,
never deleted. Split-page containers never take part (``Corpus.analysed()`` leaves them out).

Incremental: when the corpus names its new documents (``Corpus.new_ids``), only they are
looked up, and only the groups they touch are rebuilt; the other documents keep the
relations stored by earlier runs. A corpus that names none is grouped whole. The LSH index
is kept on the stage between runs (a long-lived process adds documents in O(1) lookups).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from recoupe.dedup.fingerprint import MINHASH_SCHEME, MINHASH_SEED
from recoupe.dedup.translation import TranslationFinder
from recoupe.model import Corpus, Document
from recoupe.stage import CorpusStage
from recoupe.text import shingles

if TYPE_CHECKING:
    from datasketch import MinHash

log = logging.getLogger(__name__)

# Shingle size for the containment check; the fingerprint stage's default, so the two
# measures look at the same units.
SHINGLE = 5
# Share of the shorter document's shingles found in the longer one for a containment.
# A dispatch reprinted with light edits under a new intro keeps 75-95% of its shingles
# (every edited word breaks 5 shingles); unrelated texts on one story share < 10%.
CONTAINMENT = 0.7
# A containing page is a containment (not a "copy") when it has at least this much
# material of its own (in shingles, relative to the text it embeds): a credit line or a
# "Lire aussi" adds 1-5%, a two-sentence local intro on a 300-word dispatch ~15%. At 0.2,
# `recoupe eval dedup` (synthetic set) named only 43% of the intro pages "contains"; at
# 0.1, 84%, with truncations still 99% "contained_in" and light edits 100% "copy".
OWN_MATERIAL = 0.1
# LSH candidates must reach containment pairs too: a dispatch that fills 70% of a page
# twice its length has a Jaccard of only 0.7 / (1 + 2 - 0.7) ~ 0.3 with it, so the index
# is built at this lower threshold and the exact checks above decide.
CANDIDATE_THRESHOLD = 0.3

KIND_KEY = "duplicate_kind"
ORIGIN_KEY = "origin_group"
KINDS = ("copy", "contains", "contained_in", "translation")


@dataclass(frozen=True, slots=True)
class Link:
    """A confirmed pair: its kind ("copy", "containment", "translation") and, for a
    containment, the id of the longer (containing) document."""

    kind: str
    container: str | None = None


def _original_key(doc: Document) -> tuple[int, str, str, int, str]:
    """Which member of a family is its original. First a wire agency's own dispatch
    (meta.outlet marks it ``agency_feed``): outlets reprint the wire, with intros or cuts,
    never the other way round, and containment cannot tell an intro added from a cut made.
    Then the earliest day, compared at day precision (a page dated only "2025-05-06" is
    not earlier than one stamped 06:40 that day), then the earliest time where known, then
    the longest, then the id, for stability."""
    published = doc.meta.published.iso if doc.meta.published else ""
    day = published[:10] or "\uffff"  # unknown: last
    time = published[11:16] or "99:99"
    wire = 0 if doc.meta.extra.get("agency_feed") else 1
    return (wire, day, time, -len(doc.text), doc.id)


class DuplicateStage(CorpusStage):
    name: ClassVar[str] = "dedup.group"
    requires: ClassVar[frozenset[str]] = frozenset({"fingerprint"})
    needs_modules: ClassVar[tuple[str, ...]] = ("datasketch",)

    def __init__(
        self,
        num_perm: int = 128,
        threshold: float = 0.5,
        translations: TranslationFinder | None = None,
    ) -> None:
        self.num_perm = num_perm
        self.threshold = threshold
        self.translations = translations if translations is not None else TranslationFinder()
        self._lsh: Any = None
        self._hashes: dict[str, MinHash] = {}
        self._grams: dict[str, set[str]] = {}
        self._heads: dict[str, tuple[int, ...]] = {}

    def run(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        by_id = {d.id: d for d in docs}
        targets = sorted(corpus.new_ids & by_id.keys()) if corpus.new_ids else sorted(by_id)
        full = len(targets) == len(by_id)
        self._index(docs)
        links = self._links(targets, by_id)
        for pair in self.translations.pairs(targets, docs):
            links.setdefault(pair, Link("translation"))
        # Groups: the stored ones (of the documents not looked up again) joined by the new
        # links; only groups that hold a target are rebuilt.
        parent: dict[str, str] = {}
        if not full:
            for doc in docs:
                origin = doc.meta.extra.get(ORIGIN_KEY)
                if origin and origin in by_id:
                    _union(parent, doc.id, origin)
        for a, b in links:
            _union(parent, a, b)
        members: dict[str, list[str]] = {}
        for doc_id in sorted(parent):
            members.setdefault(_find(parent, doc_id), []).append(doc_id)
        touched = set(targets)
        rebuilt = 0
        for group in members.values():
            if full or touched & set(group):
                # Pairs inside an old group were confirmed in an earlier run; re-check
                # them so the group's kinds come out as a whole-corpus run would give.
                inner = {p: link for p, link in links.items() if p[0] in group}
                inner.update(self._recheck(group, inner, by_id))
                self._mark(group, inner, by_id, corpus)
                rebuilt += 1
        for doc_id in targets:  # a target that joined no group is its own origin
            if doc_id not in parent:
                _clear(by_id[doc_id])
        if full:
            for doc in docs:
                if doc.id not in parent:
                    _clear(doc)
        corpus.origin_of = {
            d.id: d.meta.extra[ORIGIN_KEY] for d in docs if d.meta.extra.get(ORIGIN_KEY)
        }
        log.debug(
            "dedup: %d link(s) from %d looked-up document(s) of %d, %d group(s) rebuilt",
            len(links),
            len(targets),
            len(docs),
            rebuilt,
        )

    # ------------------------------------------------------------------ the index
    def _index(self, docs: list[Document]) -> None:
        """Bring the LSH index in line with the corpus: insert documents it lacks, drop
        those gone or changed (a document's fingerprint is its content)."""
        import numpy as np
        from datasketch import MinHash, MinHashLSH

        if self._lsh is None:
            threshold = min(self.threshold, CANDIDATE_THRESHOLD)
            self._lsh = MinHashLSH(threshold=threshold, num_perm=self.num_perm)
        wanted: dict[str, Document] = {}
        for doc in docs:
            if len(doc.fingerprint) == self.num_perm:
                wanted[doc.id] = doc
            elif doc.fingerprint:
                log.warning(
                    "%s: fingerprint of %d values, expected %d; skipped",
                    doc.id,
                    len(doc.fingerprint),
                    self.num_perm,
                )
        for doc_id in list(self._hashes):
            # A changed text changes every MinHash value: its first few tell, cheaply.
            stale = doc_id not in wanted or self._heads[doc_id] != tuple(
                wanted[doc_id].fingerprint[:4]
            )
            if stale:
                self._lsh.remove(doc_id)
                del self._hashes[doc_id]
                del self._heads[doc_id]
                self._grams.pop(doc_id, None)
        for doc_id, doc in wanted.items():
            if doc_id in self._hashes:
                continue
            values = np.array(doc.fingerprint, dtype=np.uint64)
            minhash = MinHash(
                num_perm=self.num_perm, seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME
            )
            self._hashes[doc_id] = minhash
            self._heads[doc_id] = tuple(doc.fingerprint[:4])
            self._lsh.insert(doc_id, minhash)

    def _links(self, targets: list[str], by_id: dict[str, Document]) -> dict[tuple[str, str], Link]:
        """Confirmed pairs (smaller id first) that involve a target."""
        links: dict[tuple[str, str], Link] = {}
        for a in targets:
            if a not in self._hashes:
                continue
            for b in sorted(self._lsh.query(self._hashes[a])):
                pair = (min(a, b), max(a, b))
                if b == a or pair in links:
                    continue
                link = self._compare(pair[0], pair[1], by_id)
                if link is not None:
                    links[pair] = link
        return links

    def _compare(self, a: str, b: str, by_id: dict[str, Document]) -> Link | None:
        ga = self._shingles(by_id[a])
        gb = self._shingles(by_id[b])
        (_, shorter), (long_id, longer) = sorted(
            ((a, ga), (b, gb)), key=lambda x: (len(x[1]), x[0])
        )
        contained = bool(shorter) and len(shorter & longer) / len(shorter) >= CONTAINMENT
        own_material = len(longer) >= (1 + OWN_MATERIAL) * len(shorter)
        if contained and own_material:
            return Link("containment", long_id)
        if contained or self._hashes[a].jaccard(self._hashes[b]) >= self.threshold:
            return Link("copy")
        return None

    def _shingles(self, doc: Document) -> set[str]:
        grams = self._grams.get(doc.id)
        if grams is None:
            grams = self._grams[doc.id] = shingles(doc.text, SHINGLE)
        return grams

    def _recheck(
        self, group: list[str], known: dict[tuple[str, str], Link], by_id: dict[str, Document]
    ) -> dict[tuple[str, str], Link]:
        """Same-language pairs of a group not confirmed in this run, compared again (groups
        are small: a dispatch and its reprints), and the translation pairs among them."""
        found: dict[tuple[str, str], Link] = {}
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (a, b) in known or a not in self._hashes or b not in self._hashes:
                    continue
                link = self._compare(a, b, by_id)
                if link is not None:
                    found[(a, b)] = link
        if len(group) > 1:
            for pair in self.translations.pairs(group, [by_id[i] for i in group], within=True):
                if pair not in known and pair not in found:
                    found[pair] = Link("translation")
        return found

    # ------------------------------------------------------------------ marking
    def _mark(
        self,
        group: list[str],
        links: dict[tuple[str, str], Link],
        by_id: dict[str, Document],
        corpus: Corpus,
    ) -> None:
        for doc_id in group:
            _clear(by_id[doc_id])
        if len(group) < 2:
            return
        # Families: the group cut at its translation links.
        family_parent: dict[str, str] = {}
        for doc_id in group:
            family_parent.setdefault(doc_id, doc_id)
        for (a, b), link in sorted(links.items()):
            if link.kind != "translation":
                _union(family_parent, a, b)
        families: dict[str, list[Document]] = {}
        for doc_id in group:
            families.setdefault(_find(family_parent, doc_id), []).append(by_id[doc_id])
        originals = {root: min(members, key=_original_key) for root, members in families.items()}
        origin = min(originals.values(), key=_original_key)
        for root, members in families.items():
            original = originals[root]
            kinds = _kinds_from(original.id, links)
            for doc in members:
                doc.meta.extra[ORIGIN_KEY] = origin.id
                if doc.id != original.id:
                    doc.duplicate_of = original.id
                    doc.meta.extra[KIND_KEY] = kinds.get(doc.id, "copy")
            if original.id != origin.id:
                original.meta.extra[KIND_KEY] = "translation"


def _clear(doc: Document) -> None:
    doc.duplicate_of = None
    doc.meta.extra.pop(KIND_KEY, None)
    doc.meta.extra.pop(ORIGIN_KEY, None)


def _find(parent: dict[str, str], x: str) -> str:
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _kinds_from(origin: str, links: dict[tuple[str, str], Link]) -> dict[str, str]:
    """For each member reachable from the family's original by same-language links:
    "copy" when only copies lead to it; otherwise the containment nearest to it says
    whether it is the longer ("contains": it embeds the original's text) or the shorter
    ("contained_in": a cut or excerpt)."""
    neighbours: dict[str, list[tuple[str, Link]]] = {}
    for (a, b), link in sorted(links.items()):
        if link.kind == "translation":
            continue
        neighbours.setdefault(a, []).append((b, link))
        neighbours.setdefault(b, []).append((a, link))
    kinds = {origin: "copy"}
    queue = deque([origin])
    while queue:
        node = queue.popleft()
        for other, link in neighbours.get(node, []):
            if other in kinds:
                continue
            if link.kind == "containment":
                kinds[other] = "contains" if link.container == other else "contained_in"
            else:
                kinds[other] = kinds[node]
            queue.append(other)
    return kinds

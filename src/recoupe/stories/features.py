"""Document vectors and clustering shared by the events stage and its calibration script.

Everything here takes plain lists (lemmas, entity names, similarity matrices), so the stage
(`stories.cluster`) and `bench/calibrate_events.py` build exactly the same features.
numpy, scipy and scikit-learn are imported inside the functions: `import recoupe` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from recoupe.text import name_key

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

ENTITY_PREFIX = "ent:"

# Entity columns are multiplied by this before the rows are normalised. Entity names are
# already weighted up by being counted twice (their words are lemmas too, plus one
# ``ent:`` term). On rpm2-fr-dev (bench/calibrate_events.py, weights 1-4 swept) an extra
# factor never helped: best event+story F1 at weight 1 (0.66/0.93 text only), 2 gave
# 0.64/0.93, 3-4 lower; on the seeds, 2 pulled more live-blog posts into the summit event.
ENTITY_WEIGHT = 1.0


def document_terms(lemmas: Sequence[str], entity_names: Sequence[str]) -> list[str]:
    """The bag of terms of one document: its content lemmas plus one ``ent:`` term per
    entity mention (so a frequently named entity counts more)."""
    terms = [lemma for lemma in lemmas if lemma]
    for name in entity_names:
        key = name_key(name)
        if key:
            terms.append(ENTITY_PREFIX + key.replace(" ", "_"))
    return terms


def _identity(terms: list[str]) -> list[str]:
    return terms


def tfidf_matrix(term_lists: Sequence[list[str]], entity_weight: float = ENTITY_WEIGHT) -> Any:
    """Rows: L2-normalised sublinear TF-IDF vectors (a scipy sparse matrix); entity
    columns weighted up by ``entity_weight``."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    if not term_lists or not any(term_lists):
        from scipy.sparse import csr_matrix

        return csr_matrix((len(term_lists), 1))
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False)
    matrix = vectorizer.fit_transform(list(term_lists))
    names = vectorizer.get_feature_names_out()
    weights = np.where(np.char.startswith(names.astype(str), ENTITY_PREFIX), entity_weight, 1.0)
    from scipy.sparse import diags

    return normalize(matrix @ diags(weights), norm="l2")


def cosine_matrix(matrix: Any) -> NDArray[np.float64]:
    """Pairwise cosine similarity of L2-normalised rows (dense, n x n)."""
    import numpy as np

    sim = np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
    np.clip(sim, 0.0, 1.0, out=sim)
    return sim


def average_linkage(
    similarity: NDArray[np.float64],
    threshold: float,
    forbidden: NDArray[np.bool_] | None = None,
) -> list[int]:
    """Average-linkage agglomerative clustering: two clusters merge while the mean
    similarity of their cross pairs is >= ``threshold``. A ``forbidden`` pair gets an
    enormous distance, so no cluster can ever hold it (its mean would blow up).

    Returns one label per row; labels are numbered by first appearance, so the result
    only depends on the row order (callers sort rows by id)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = similarity.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [0]
    distance = 1.0 - similarity
    if forbidden is not None:
        distance = np.where(forbidden, 1e6, distance)
    np.fill_diagonal(distance, 0.0)
    distance = np.maximum(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


def near_in_time(
    intervals: Sequence[tuple[int, int] | None], window_days: int
) -> NDArray[np.bool_]:
    """Pairs of documents both dated and within ``window_days`` of each other."""
    import numpy as np

    dated = np.array([iv is not None for iv in intervals], dtype=bool)
    both: NDArray[np.bool_] = dated[:, None] & dated[None, :]
    result: NDArray[np.bool_] = both & ~apart(intervals, window_days)
    return result


def apart(intervals: Sequence[tuple[int, int] | None], window_days: int) -> NDArray[np.bool_]:
    """Pairs of documents whose date intervals (day ordinals, inclusive; None when
    unknown) are more than ``window_days`` apart: they may never share an event."""
    import numpy as np

    n = len(intervals)
    start = np.array([iv[0] if iv else np.nan for iv in intervals], dtype=np.float64)
    end = np.array([iv[1] if iv else np.nan for iv in intervals], dtype=np.float64)
    gap = np.maximum(start[None, :] - end[:, None], start[:, None] - end[None, :])
    result: NDArray[np.bool_] = np.nan_to_num(gap.reshape(n, n), nan=0.0) > window_days
    return result


def single_linkage(similarity: NDArray[np.float64], threshold: float) -> list[int]:
    """Connected components of the graph "similarity >= threshold" (labels by first
    appearance)."""
    n = similarity.shape[0]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if similarity[i, j] >= threshold:
                parent[max(find(i), find(j))] = min(find(i), find(j))
    renumber: dict[int, int] = {}
    return [renumber.setdefault(find(i), len(renumber)) for i in range(n)]


def centroids(matrix: Any, labels: Sequence[int]) -> Any:
    """One L2-normalised mean vector per label (rows in label order), sparse."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    k = max(labels) + 1 if labels else 0
    n = len(labels)
    assign = csr_matrix(
        (np.ones(n), (np.asarray(labels), np.arange(n))), shape=(k, n), dtype=np.float64
    )
    return normalize(assign @ matrix, norm="l2")


# The fitted TF-IDF (vocabulary and IDF) is reused while the corpus grows by at most this
# share of the documents it was fitted on; past it, everything is fitted again. New
# documents meanwhile lose the terms the fit never saw (a new name): 10% keeps that loss
# small while a long-lived process adds documents without refitting on each addition.
REFIT_GROWTH = 0.10
EMBEDDING_SIZE = 512


class Features:
    """The documents' vectors, embeddings and dates, indexed by row, for incremental
    clustering: rows are appended as documents come; ``active`` marks the originals of
    the current run (a row of a document now a duplicate, or gone, never matches)."""

    def __init__(self, vectorizer: Any, entity_weight: float = ENTITY_WEIGHT) -> None:
        import numpy as np

        self.vectorizer = vectorizer
        self.entity_weight = entity_weight
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.fitted = 0
        self.matrix: Any = None
        self.embeddings = np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        self.has_embedding = np.zeros(0, dtype=bool)
        self.start = np.zeros(0, dtype=np.float64)
        self.end = np.zeros(0, dtype=np.float64)
        self.active = np.zeros(0, dtype=bool)
        self.signatures: list[tuple[str, int, int]] = []
        self._weights: Any = None

    @classmethod
    def fit(cls, docs: Sequence[Any], entity_weight: float = ENTITY_WEIGHT) -> Features:
        from sklearn.feature_extraction.text import TfidfVectorizer

        terms = [_terms(d) for d in docs]
        vectorizer = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False
        )
        features = cls(vectorizer, entity_weight)
        if any(terms):
            vectorizer.fit(terms)
        else:
            features.vectorizer = None
        features._append(docs, terms)
        features.fitted = len(docs)
        features.activate(docs)
        return features

    def can_extend(self, docs: Sequence[Any]) -> bool:
        """Whether the fit can be kept: the corpus grew little, and no indexed document
        changed (the same id with another date or analysis: a reprocessed document)."""
        missing = 0
        for doc in docs:
            row = self.index.get(doc.id)
            if row is None:
                missing += 1
            elif self.signatures[row] != _signature(doc):
                return False
        return self.vectorizer is not None and missing <= REFIT_GROWTH * max(self.fitted, 1)

    def extend(self, docs: Sequence[Any]) -> None:
        new = [d for d in docs if d.id not in self.index]
        if new:
            self._append(new, [_terms(d) for d in new])
        self.activate(docs)

    def activate(self, docs: Sequence[Any]) -> None:
        import numpy as np

        self.active = np.zeros(len(self.ids), dtype=bool)
        self.active[[self.index[d.id] for d in docs]] = True

    def _append(self, docs: Sequence[Any], terms: list[list[str]]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix, diags, vstack
        from sklearn.preprocessing import normalize

        if self.vectorizer is not None:
            raw = self.vectorizer.transform(terms)
            if self._weights is None:  # once per fit: listing the vocabulary is slow
                names = self.vectorizer.get_feature_names_out().astype(str)
                self._weights = diags(
                    np.where(np.char.startswith(names, ENTITY_PREFIX), self.entity_weight, 1.0)
                )
            rows = normalize(raw @ self._weights, norm="l2").tocsr()
        else:
            rows = csr_matrix((len(docs), 1))
        self.matrix = rows if self.matrix is None else vstack([self.matrix, rows]).tocsr()
        emb = np.zeros((len(docs), EMBEDDING_SIZE), dtype=np.float32)
        has = np.zeros(len(docs), dtype=bool)
        for i, doc in enumerate(docs):
            if len(doc.embedding) == EMBEDDING_SIZE:
                emb[i] = doc.embedding
                has[i] = True
        self.embeddings = np.vstack([self.embeddings, emb])
        self.has_embedding = np.concatenate([self.has_embedding, has])
        starts, ends = [], []
        for doc in docs:
            interval = doc_interval(doc)
            starts.append(interval[0] if interval else np.nan)
            ends.append(interval[1] if interval else np.nan)
        self.start = np.concatenate([self.start, np.asarray(starts, dtype=np.float64)])
        self.end = np.concatenate([self.end, np.asarray(ends, dtype=np.float64)])
        for doc in docs:
            self.index[doc.id] = len(self.ids)
            self.ids.append(doc.id)
            self.signatures.append(_signature(doc))

    # ------------------------------------------------------------------ queries
    def rows(self, ids: Sequence[str]) -> NDArray[np.intp]:
        import numpy as np

        return np.asarray([self.index[i] for i in ids], dtype=np.intp)

    def span(self, rows: NDArray[np.intp]) -> tuple[float, float] | None:
        """The first and last day of the dated rows; None when none is dated."""
        import numpy as np

        starts, ends = self.start[rows], self.end[rows]
        if np.all(np.isnan(starts)):
            return None
        return float(np.nanmin(starts)), float(np.nanmax(ends))

    def block(self, span: tuple[float, float] | None, window_days: int) -> NDArray[np.intp]:
        """Active rows that may meet a chunk spanning ``span``: dated within the window
        of it, or undated. An undated chunk may meet anything."""
        import numpy as np

        if span is None:
            return np.flatnonzero(self.active)
        lo, hi = span
        with np.errstate(invalid="ignore"):
            near = (self.end >= lo - window_days) & (self.start <= hi + window_days)
        return np.flatnonzero(self.active & (near | np.isnan(self.start)))

    def similarity(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], embedding_weight: float
    ) -> NDArray[np.float64]:
        """Pairwise similarity: TF-IDF cosine, mixed with the embedding cosine where both
        documents have an embedding."""
        import numpy as np

        text = np.asarray((self.matrix[rows] @ self.matrix[cols].T).todense(), dtype=np.float64)
        if embedding_weight <= 0:
            return text
        emb = (self.embeddings[rows] @ self.embeddings[cols].T).astype(np.float64)
        both = self.has_embedding[rows][:, None] & self.has_embedding[cols][None, :]
        mixed: NDArray[np.float64] = np.where(
            both, (1 - embedding_weight) * text + embedding_weight * emb, text
        )
        return mixed

    def apart(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], window_days: int
    ) -> NDArray[np.bool_]:
        import numpy as np

        gap = np.maximum(
            self.start[cols][None, :] - self.end[rows][:, None],
            self.start[rows][:, None] - self.end[cols][None, :],
        )
        result: NDArray[np.bool_] = np.nan_to_num(gap, nan=0.0) > window_days
        return result

    def near(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], window_days: int
    ) -> NDArray[np.bool_]:
        import numpy as np

        dated = ~np.isnan(self.start)
        both = dated[rows][:, None] & dated[cols][None, :]
        result: NDArray[np.bool_] = both & ~self.apart(rows, cols, window_days)
        return result

    def event_sums(self, members: Sequence[Sequence[str]]) -> EventSums:
        return EventSums(self, members)


class EventSums:
    """Per event: the sums of its documents' vectors and embeddings, and its date span.
    The mean similarity of all document pairs across two events is then one product of
    sums divided by the sizes (average linkage, without the pairwise matrix)."""

    def __init__(self, features: Features, members: Sequence[Sequence[str]]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        n_docs = len(features.ids)
        row_of, col_of = [], []
        for i, ids in enumerate(members):
            for doc_id in ids:
                row_of.append(i)
                col_of.append(features.index[doc_id])
        assign = csr_matrix((np.ones(len(row_of)), (row_of, col_of)), shape=(len(members), n_docs))
        self.text = (assign @ features.matrix).tocsr()
        self.embeddings = np.asarray(assign @ features.embeddings, dtype=np.float64)
        self.count = np.asarray(assign.sum(axis=1)).ravel()
        self.embedded = np.asarray(assign @ features.has_embedding.astype(np.float64)).ravel()
        starts = [features.start[[features.index[d] for d in ids]] for ids in members]
        ends = [features.end[[features.index[d] for d in ids]] for ids in members]
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                self.start = np.asarray([np.nanmin(s) if len(s) else np.nan for s in starts])
                self.end = np.asarray([np.nanmax(e) if len(e) else np.nan for e in ends])

    def block(self, rows: NDArray[np.intp], window_days: int) -> NDArray[np.intp]:
        import numpy as np

        starts = self.start[rows]
        if np.all(np.isnan(starts)):
            return np.arange(len(self.count))
        lo, hi = float(np.nanmin(starts)), float(np.nanmax(self.end[rows]))
        with np.errstate(invalid="ignore"):
            near = (self.end >= lo - window_days) & (self.start <= hi + window_days)
        return np.flatnonzero(near | np.isnan(self.start))

    def similarity(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], embedding_weight: float
    ) -> NDArray[np.float64]:
        import numpy as np

        sizes = np.outer(self.count[rows], self.count[cols])
        text = np.asarray((self.text[rows] @ self.text[cols].T).todense()) / sizes
        if embedding_weight <= 0:
            result: NDArray[np.float64] = text
            return result
        pairs = np.outer(self.embedded[rows], self.embedded[cols])
        emb = (self.embeddings[rows] @ self.embeddings[cols].T) / np.where(pairs > 0, pairs, 1)
        mixed: NDArray[np.float64] = np.where(
            pairs > 0, (1 - embedding_weight) * text + embedding_weight * emb, text
        )
        return mixed


def _signature(doc: Any) -> tuple[str, int, int]:
    published = doc.meta.published
    return (published.iso if published else "", len(doc.lemmas), len(doc.embedding))


def _terms(doc: Any) -> list[str]:
    return document_terms(doc.lemmas, [m.canonical or m.text for m in doc.entities])


def doc_interval(doc: Any) -> tuple[int, int] | None:
    from recoupe.stories.labels import date_interval

    interval: tuple[int, int] | None = date_interval(doc.meta.published)
    return interval

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

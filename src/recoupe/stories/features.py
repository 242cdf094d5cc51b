"""Document vectors and clustering shared by the events stage and its calibration script.

Everything here takes plain lists (lemmas, entity names, similarity matrices), so the stage
(`stories.cluster`) and `bench/calibrate_events.py` build exactly the same features.
numpy, scipy and scikit-learn are imported inside the functions: `import recoupe` stays fast.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from recoupe.packing import pack_strings, unpack_strings
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


# The fitted TF-IDF (vocabulary and IDF) is reused while the corpus grows by at most this
# share of the documents it was fitted on; past it, everything is fitted again. New
# documents meanwhile lose the terms the fit never saw (a new name): 10% keeps that loss
# small while documents are added without refitting on each addition. The fit is saved
# with the stage's state (``to_bytes``), so a new process keeps it too.
REFIT_GROWTH = 0.10
EMBEDDING_SIZE = 512
# Version of the saved state's layout: a state of another version is refitted.
STATE_VERSION = 3  # 3: with each term's specificity (story links' core terms)
# Cached rows are kept in chunks (one per batch of rows computed); past this many chunks
# they are merged into one, so that gathering a block stays a handful of slices.
MAX_CHUNKS = 16
# The saved vectors blob is reused while it holds this share of the recent rows: an
# addition then costs no serialisation of tens of MB (34 MB at 36,000 documents), and a
# new process computes the few missing vectors (10% of a dense window: ~0.1 s).
RECENT_REUSE = 0.9
# The state is saved as a base (the fit, and every row's id, date and signature) and a
# delta (rows appended since, and the activity of all: ``to_state``): a run adding one
# document to 100,000 writes KBs, not the 11 MB base. The base is written again when the
# delta holds more rows than this share of it: with REFIT_GROWTH at 10%, about twice
# between two fits.
DELTA_SHARE = 0.05


class Features:
    """The documents' vectors, embeddings and dates, indexed by row, for incremental
    clustering: rows are appended as documents come; ``active`` marks the current
    originals (a row of a document now a duplicate, or gone, never matches).

    Only the dates, the activity and the fit are held for every row; a row's TF-IDF
    vector and embedding are computed from its document when a comparison first needs
    it (``bind`` names the documents), so a new process adding one document transforms
    the documents near it in time, not the store."""

    def __init__(self, vectorizer: Any, entity_weight: float = ENTITY_WEIGHT) -> None:
        import numpy as np

        self.vectorizer = vectorizer
        self.entity_weight = entity_weight
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.fitted = 0
        self.start = np.zeros(0, dtype=np.float64)
        self.end = np.zeros(0, dtype=np.float64)
        self.active = np.zeros(0, dtype=bool)
        self.signatures: list[str] = []
        self.docs: Mapping[str, Any] = {}
        self._weights: Any = None
        self._vocabulary_blob: bytes | None = None
        self._entity_columns: NDArray[np.intp] | None = None
        # The rows of the last vectors blob saved or read, and the blob.
        self._recent: tuple[NDArray[np.intp], bytes] | None = None
        # The base state last saved or read (``to_state``) and how many rows it holds.
        self._base: tuple[bytes, int] | None = None
        # Per vocabulary column: how specific the term is outside the corpus (computed
        # once per fit, saved with it: ``specificities``).
        self._specific: NDArray[np.float32] | None = None
        # Cached rows: chunk number and position in it, per row (-1: not computed).
        self._chunk = np.zeros(0, dtype=np.int32)
        self._pos = np.zeros(0, dtype=np.int64)
        self._chunks: list[tuple[Any, NDArray[np.float32], NDArray[np.bool_]]] = []

    @classmethod
    def fit(cls, docs: Sequence[Any], entity_weight: float = ENTITY_WEIGHT) -> Features:
        """Fit the TF-IDF on ``docs`` (all active) and compute their rows."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        terms = [_terms(d) for d in docs]
        vectorizer = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False
        )
        features = cls(vectorizer, entity_weight)
        if any(terms):
            raw = vectorizer.fit_transform(terms)
        else:
            features.vectorizer = raw = None
        features.bind({d.id: d for d in docs})
        features._register(docs)
        features._store_rows(list(range(len(docs))), docs, raw)
        features.fitted = len(docs)
        features.active[:] = True
        return features

    def bind(self, docs: Mapping[str, Any]) -> None:
        """The documents rows are computed from (the corpus of the current run)."""
        self.docs = docs

    def can_extend(self, docs: Sequence[Any]) -> bool:
        """Whether the fit can be kept for ``docs`` (the documents of this run that may be
        new or changed): the corpus grew little, and none of them is an indexed document
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
        """Append rows for the documents of ``docs`` not indexed yet (computed lazily)."""
        new = [d for d in docs if d.id not in self.index]
        if new:
            self._register(new)

    def forget(self, ids: Sequence[str]) -> None:
        """Drop the cached vectors of ``ids`` (reprocessed: computed again when needed)."""
        for doc_id in ids:
            row = self.index.get(doc_id)
            if row is not None:
                self._chunk[row] = -1

    def set_active(self, states: Mapping[str, bool]) -> None:
        """Mark indexed documents active (an original now) or not (a duplicate, gone)."""
        for doc_id, on in states.items():
            row = self.index.get(doc_id)
            if row is not None:
                self.active[row] = on

    def activate(self, docs: Sequence[Any]) -> None:
        """Exactly ``docs`` are active."""
        import numpy as np

        self.active = np.zeros(len(self.ids), dtype=bool)
        self.active[[self.index[d.id] for d in docs]] = True

    def _register(self, docs: Sequence[Any]) -> None:
        import numpy as np

        starts, ends = [], []
        for doc in docs:
            interval = doc_interval(doc)
            starts.append(interval[0] if interval else np.nan)
            ends.append(interval[1] if interval else np.nan)
            self.index[doc.id] = len(self.ids)
            self.ids.append(doc.id)
            self.signatures.append(_signature(doc))
        n = len(docs)
        self.start = np.concatenate([self.start, np.asarray(starts, dtype=np.float64)])
        self.end = np.concatenate([self.end, np.asarray(ends, dtype=np.float64)])
        self.active = np.concatenate([self.active, np.zeros(n, dtype=bool)])
        self._chunk = np.concatenate([self._chunk, np.full(n, -1, dtype=np.int32)])
        self._pos = np.concatenate([self._pos, np.full(n, -1, dtype=np.int64)])

    # ------------------------------------------------------------------ rows
    def _entity_weights(self) -> Any:
        import numpy as np
        from scipy.sparse import diags

        if self._weights is None:  # once per fit: listing the vocabulary is slow
            if self._entity_columns is None:
                names = self.vectorizer.get_feature_names_out().astype(str)
                self._entity_columns = np.flatnonzero(np.char.startswith(names, ENTITY_PREFIX))
            weights = np.ones(len(self.vectorizer.idf_))
            weights[self._entity_columns] = self.entity_weight
            self._weights = diags(weights)
        return self._weights

    def specificities(self) -> NDArray[np.float32]:
        """Per vocabulary column, ``specificity`` of its term: computed once per fit (a
        vocabulary of 450,000 terms at 100,000 documents: ~0.6 s) and saved with it, so a
        run adding one document neither loads the word lists nor looks a term up."""
        import numpy as np

        if self._specific is None:
            if self.vectorizer is None:
                self._specific = np.zeros(0, dtype=np.float32)
            else:
                vocabulary = self.vectorizer.vocabulary_
                terms = (
                    vocabulary.terms
                    if isinstance(vocabulary, SortedVocabulary)
                    else sorted(vocabulary, key=vocabulary.__getitem__)
                )
                self._specific = np.asarray([specificity(t) for t in terms], dtype=np.float32)
        return self._specific

    def _store_rows(self, rows: list[int], docs: Sequence[Any], raw: Any) -> None:
        """Cache the TF-IDF vectors (from ``raw`` term counts, or computed) and the
        embeddings of ``rows``, whose documents are ``docs``."""
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.preprocessing import normalize

        if self.vectorizer is not None:
            if raw is None:
                raw = self.vectorizer.transform([_terms(d) for d in docs])
            text = normalize(raw @ self._entity_weights(), norm="l2").tocsr()
        else:
            text = csr_matrix((len(docs), 1))
        emb = np.zeros((len(docs), EMBEDDING_SIZE), dtype=np.float32)
        has = np.zeros(len(docs), dtype=bool)
        for i, doc in enumerate(docs):
            if len(doc.embedding) == EMBEDDING_SIZE:
                emb[i] = doc.embedding
                has[i] = True
        if len(self._chunks) >= MAX_CHUNKS:
            # Merge every chunk but the biggest (the fit's, or the saved recent rows) into
            # one: the cost is that of the small chunks, not of the whole cache.
            big = max(range(len(self._chunks)), key=lambda c: self._chunks[c][0].shape[0])
            small = np.flatnonzero((self._chunk >= 0) & (self._chunk != big))
            merged = self._gather(small)
            kept = np.flatnonzero(self._chunk == big)
            self._chunks = [self._chunks[big], merged]
            self._chunk[kept] = 0
            self._chunk[small] = 1
            self._pos[small] = np.arange(len(small))
        self._chunk[rows] = len(self._chunks)
        self._pos[rows] = np.arange(len(rows))
        self._chunks.append((text, emb, has))

    def _ensure(self, rows: NDArray[np.intp]) -> None:
        import numpy as np

        missing = np.unique(rows[self._chunk[rows] < 0]).tolist()
        if missing:
            load = getattr(self.docs, "load", None)  # a lazy corpus: one query per batch
            if load is not None:
                load([self.ids[r] for r in missing])
            self._store_rows(missing, [self.docs[self.ids[r]] for r in missing], None)

    def _gather(self, rows: NDArray[np.intp]) -> tuple[Any, NDArray[np.float32], NDArray[np.bool_]]:
        """The cached TF-IDF rows, embeddings and embedding flags of ``rows``, in order."""
        import numpy as np
        from scipy.sparse import vstack

        chunks = self._chunk[rows]
        parts, embs, hass, order = [], [], [], []
        for c in np.unique(chunks).tolist():
            at = np.flatnonzero(chunks == c)
            pos = self._pos[rows[at]]
            text, emb, has = self._chunks[c]
            parts.append(text[pos])
            embs.append(emb[pos])
            hass.append(has[pos])
            order.append(at)
        if not parts:
            width = self._chunks[0][0].shape[1] if self._chunks else 1
            from scipy.sparse import csr_matrix

            return (
                csr_matrix((0, width)),
                np.zeros((0, EMBEDDING_SIZE), dtype=np.float32),
                np.zeros(0, dtype=bool),
            )
        back = np.argsort(np.concatenate(order), kind="stable")
        text = (parts[0] if len(parts) == 1 else vstack(parts).tocsr())[back]
        return text, np.concatenate(embs)[back], np.concatenate(hass)[back]

    def computed(self) -> set[str]:
        """The documents whose vectors this process has computed (cached)."""
        import numpy as np

        return {self.ids[r] for r in np.flatnonzero(self._chunk >= 0).tolist()}

    def vectors(self, rows: NDArray[np.intp]) -> tuple[Any, NDArray[np.float32], NDArray[np.bool_]]:
        """TF-IDF rows (sparse), embeddings and whether each has one, for ``rows``."""
        self._ensure(rows)
        return self._gather(rows)

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

        text_r, emb_r, has_r = self.vectors(rows)
        text_c, emb_c, has_c = self.vectors(cols)
        text = np.asarray((text_r @ text_c.T).todense(), dtype=np.float64)
        if embedding_weight <= 0:
            return text
        emb = (emb_r @ emb_c.T).astype(np.float64)
        both = has_r[:, None] & has_c[None, :]
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

    # ------------------------------------------------------------------ saving
    def to_state(self) -> tuple[bytes, bytes]:
        """The base and the delta to save: the base last saved or read, the same object,
        while the rows appended since are few; else a new base and an empty delta."""
        import io

        import numpy as np

        if self._base is not None:
            blob, base_rows = self._base
            if len(self.ids) - base_rows <= DELTA_SHARE * max(base_rows, 1):
                out = io.BytesIO()
                np.savez(
                    out,
                    version=np.asarray([STATE_VERSION, self.fitted, base_rows, len(self.ids)]),
                    ids=pack_strings(self.ids[base_rows:]),
                    signatures=pack_strings(self.signatures[base_rows:]),
                    start=self.start[base_rows:],
                    end=self.end[base_rows:],
                    active=np.packbits(self.active),
                )
                return blob, out.getvalue()
        blob = self.to_bytes()
        self._base = (blob, len(self.ids))
        return blob, b""

    @classmethod
    def from_state(
        cls, blob: bytes, delta: bytes, entity_weight: float = ENTITY_WEIGHT
    ) -> Features | None:
        """The saved base with its delta applied; None when either is unreadable, of
        another layout or weight, or the delta was made on another base."""
        import io
        import zipfile

        import numpy as np

        features = cls.from_bytes(blob, entity_weight)
        if features is None:
            return None
        features._base = (blob, len(features.ids))
        if not delta:
            return features
        try:
            data = np.load(io.BytesIO(delta), allow_pickle=False)
            version, fitted, base_rows, rows = (int(v) for v in data["version"])
            ids, signatures = unpack_strings(data["ids"]), unpack_strings(data["signatures"])
            start, end = data["start"], data["end"]
            active = np.unpackbits(data["active"], count=rows).astype(bool)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        if (version, fitted, base_rows) != (STATE_VERSION, features.fitted, len(features.ids)):
            return None
        if not len(ids) == len(signatures) == len(start) == len(end) == rows - base_rows:
            return None
        for doc_id in ids:
            features.index[doc_id] = len(features.ids)
            features.ids.append(doc_id)
        features.signatures += signatures
        features.start = np.concatenate([features.start, start])
        features.end = np.concatenate([features.end, end])
        features.active = active
        features._chunk = np.full(rows, -1, dtype=np.int32)
        features._pos = np.full(rows, -1, dtype=np.int64)
        return features

    def to_bytes(self) -> bytes:
        """The fit and the per-row dates, activity and signatures (the vectors are saved
        apart: ``recent_vectors``)."""
        import io
        import itertools

        import numpy as np

        if self._vocabulary_blob is None:
            vocabulary = self.vectorizer.vocabulary_ if self.vectorizer is not None else {}
            terms = sorted(vocabulary, key=vocabulary.__getitem__)  # by column
            # scikit-learn numbers the columns in term order (SortedVocabulary relies on
            # it); a vocabulary that is not is saved with an empty first term: a dict then.
            in_order = all(a < b for a, b in itertools.pairwise(terms))
            self._vocabulary_blob = ("" if in_order else "\x00").encode("utf-8")
            self._vocabulary_blob += "\x00".join(terms).encode("utf-8")
        idf = self.vectorizer.idf_ if self.vectorizer is not None else np.zeros(0)
        entity_columns = np.zeros(0, dtype=np.int64)
        if self.vectorizer is not None:
            self._entity_weights()
            entity_columns = np.asarray(self._entity_columns, dtype=np.int64)
        out = io.BytesIO()
        np.savez(
            out,
            version=np.asarray([STATE_VERSION, self.fitted, int(self.vectorizer is not None)]),
            entity_weight=np.asarray([self.entity_weight]),
            terms=np.frombuffer(self._vocabulary_blob, dtype=np.uint8),
            idf=np.asarray(idf, dtype=np.float64),
            entity_columns=entity_columns,
            specific=self.specificities(),
            ids=pack_strings(self.ids),
            signatures=pack_strings(self.signatures),
            start=self.start,
            end=self.end,
            active=self.active,
        )
        return out.getvalue()

    def recent_vectors(self, recent_days: float) -> bytes:
        """The vectors of the active documents dated within ``recent_days`` of the latest
        (and the undated): those a new article's blocks hold (news arrives in date order),
        which a new process would otherwise compute again (~60 us a document; orangesum-fr's
        densest months hold ~2,600 articles each). Older ones are computed when needed. The blob saved or read last is given again while it still holds 90% of
        those rows (the others are computed when needed): tens of MB are not serialised
        again for each article added."""
        import io

        import numpy as np

        with np.errstate(invalid="ignore"):
            latest = np.nanmax(self.end) if not np.all(np.isnan(self.end)) else np.inf
            near = np.isnan(self.start) | (self.end >= latest - recent_days)
        recent = np.flatnonzero((self._chunk >= 0) & self.active & near)
        if self._recent is not None:
            saved_rows, blob = self._recent
            fresh = np.isin(recent, saved_rows, assume_unique=True).sum()
            if fresh >= RECENT_REUSE * len(recent):
                return blob
        text, emb, has = self._gather(recent)
        out = io.BytesIO()
        np.savez(
            out,
            fit=np.asarray([STATE_VERSION, self.fitted, text.shape[1], len(self.ids)]),
            rows=recent.astype(np.int64),
            indptr=text.indptr.astype(np.int64),
            indices=text.indices.astype(np.int32),
            data=text.data.astype(np.float64),
            embeddings=emb,
            embedded=has,
        )
        self._recent = (recent, out.getvalue())
        return self._recent[1]

    def load_vectors(self, blob: bytes) -> bool:
        """Read back a ``recent_vectors`` blob made with this fit (False: another fit, or
        not a blob of this layout; nothing is read)."""
        import io
        import zipfile

        import numpy as np
        from scipy.sparse import csr_matrix

        try:
            data = np.load(io.BytesIO(blob), allow_pickle=False)
            version, fitted, width, n_rows = (int(v) for v in data["fit"])
            rows = data["rows"]
            if version != STATE_VERSION or fitted != self.fitted or n_rows > len(self.ids):
                return False
            if len(rows) and int(rows.max()) >= n_rows:
                return False
            text = csr_matrix(
                (data["data"], data["indices"], data["indptr"]), shape=(len(rows), width)
            )
            emb, has = data["embeddings"], data["embedded"].astype(bool)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return False
        if len(rows):
            self._chunks.append((text, emb, has))
            self._chunk[rows] = len(self._chunks) - 1
            self._pos[rows] = np.arange(len(rows))
        self._recent = (rows, blob)
        return True

    @classmethod
    def from_bytes(cls, blob: bytes, entity_weight: float = ENTITY_WEIGHT) -> Features | None:
        """The saved state, or None when it is of another layout or entity weight."""
        import io
        import zipfile

        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        try:
            data = np.load(io.BytesIO(blob), allow_pickle=False)
            version, fitted, has_fit = (int(v) for v in data["version"])
            if version != STATE_VERSION or float(data["entity_weight"][0]) != entity_weight:
                return None
            vocabulary_blob = data["terms"].tobytes()
            ids, signatures = unpack_strings(data["ids"]), unpack_strings(data["signatures"])
            idf, start, end, active = data["idf"], data["start"], data["end"], data["active"]
            entity_columns = data["entity_columns"]
            specific = data["specific"].astype(np.float32)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        if len(specific) != len(idf):
            return None
        vectorizer = None
        if has_fit:
            terms = vocabulary_blob.decode("utf-8").split("\x00")
            vectorizer = TfidfVectorizer(
                analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False
            )
            if terms and terms[0] == "" and len(terms) > 1:  # saved out of order
                terms = terms[1:]
                vectorizer.vocabulary_ = dict(zip(terms, range(len(terms)), strict=True))
            else:
                vectorizer.vocabulary_ = SortedVocabulary(terms)
            vectorizer.idf_ = idf
        features = cls(vectorizer, entity_weight)
        features._vocabulary_blob = vocabulary_blob
        features._entity_columns = entity_columns.astype(np.intp)
        features._specific = specific
        if not len(ids) == len(signatures) == len(start) == len(end) == len(active):
            return None
        features.ids = ids
        features.index = {d: i for i, d in enumerate(ids)}
        features.signatures = signatures
        features.fitted = fitted
        features.start, features.end = start, end
        features.active = active.astype(bool)
        features._chunk = np.full(len(ids), -1, dtype=np.int32)
        features._pos = np.full(len(ids), -1, dtype=np.int64)
        return features


class SortedVocabulary(dict[str, int]):
    """A fitted vocabulary read back: term -> column, where the columns are the terms in
    sorted order (as scikit-learn numbers them). Not a dict of every term: building one of
    ~450,000 terms (100,000 documents) would cost a new process ~150 ms. A dict of the
    terms looked up so far: a term missing from it is found by bisection and kept
    (``__missing__``), so scikit-learn's counting loop, which looks every token up, runs at
    dict speed after a document's first terms (a Python ``__getitem__`` on every token cost
    ~0.65 us, 0.2 s a run transforming 1,600 documents). Length, iteration and listing
    are the whole vocabulary's."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__()
        self.terms = terms
        self._unknown: set[str] = set()

    def __missing__(self, term: str) -> int:
        import bisect

        if term not in self._unknown:
            at = bisect.bisect_left(self.terms, term)
            if at < len(self.terms) and self.terms[at] == term:
                self[term] = at
                return at
            self._unknown.add(term)
        raise KeyError(term)

    def get(self, term: str, default: int | None = None) -> int | None:  # type: ignore[override]
        try:
            return self[term]
        except KeyError:
            return default

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms)

    def keys(self) -> Any:
        return dict.fromkeys(self.terms).keys()

    def items(self) -> Any:
        return dict(zip(self.terms, range(len(self.terms)), strict=True)).items()

    def values(self) -> Any:
        return range(len(self.terms))


# How specific a word is outside the corpus: its Zipf frequency in general French and
# English (wordfreq: log10 of occurrences per billion words; "de" 7.7, "plan" 5.3,
# "milliard" 4.1, "trêve" 3.8, "Kerviel" 2.7, an invented place name 0), the higher of the
# two languages, mapped to 0 at ZIPF_COMMON and above, 1 for an unknown word. A name
# ("ent:nicolas_sarkozy") is as specific as its most specific word.
ZIPF_COMMON = 7.0


@functools.cache
def specificity(term: str) -> float:
    from wordfreq import zipf_frequency

    words = term[len(ENTITY_PREFIX) :].split("_") if term.startswith(ENTITY_PREFIX) else [term]
    zipf = min(
        (max(zipf_frequency(w, "fr"), zipf_frequency(w, "en")) for w in words if w),
        default=0.0,
    )
    return max(0.0, ZIPF_COMMON - zipf) / ZIPF_COMMON


# Story linkage: what an event is about are its CORE_TERMS terms of highest summed TF-IDF
# times ``specificity`` (terms tied with the last included). The lexical similarity of two
# events counts only when at least CORE_SHARE of it lies on terms central to both: a
# story's own names and words persist from one event to the next, whereas two stories of
# one crisis meet on its common vocabulary (milliard, euro, plan, État). Specificity
# comes from outside the corpus: in a corpus about one conflict its names (Valmérie,
# Korvanie) are in every document, their IDF is low, and by TF-IDF alone no event ranks
# them first (a gate on TF-IDF alone cut the demo's ceasefire from its collapse, and was
# reverted). Measured on the gold events of rpm2-fr-dev (10 topics x 2 periods) and the
# demo: share of the similarity on shared core terms, 30 terms: the two periods of one
# topic 0.29 and more, the banks' rescue (T03) and the stimulus plan (T19) of one crisis
# 0.04-0.11, the demo's ceasefire and its collapse 0.22 (20 terms: 0.23+, <= 0.09, 0.12;
# 40 terms: 0.30+, <= 0.14, 0.29). Story F1 (`recoupe eval clustering` text only / with
# period dates / demo gold stories, tests/e2e/test_demo_gold.py): no gate 0.936 / 0.947
# / 0.81; 30 or 40 terms with a share of 0.10 or 0.15: 0.968 / 0.947 / 0.81; share 0.20:
# 0.956 / 0.947 / 0.81; 20 terms: 0.966 / 0.947 / 0.81 at 0.10, but the demo's arc is cut
# (0.58) from 0.15. The middle of the plateau is taken.
CORE_TERMS = 30
CORE_SHARE = 0.15
# An event of fewer documents has no core of its own: the first terms of one article are
# its particulars, so it is linked by its mean similarity alone.
CORE_MIN_DOCUMENTS = 2


class EventSums:
    """Per event: the sums of its documents' vectors and embeddings, its date span and its
    core terms (``CORE_TERMS``). The mean similarity of all document pairs across two
    events is then one product of sums divided by the sizes (average linkage, without the
    pairwise matrix); its lexical part counts where enough of it lies on their shared core
    terms (``CORE_SHARE``)."""

    def __init__(self, features: Features, members: Sequence[Sequence[str]]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        row_of, ids = [], []
        for i, event_ids in enumerate(members):
            for doc_id in event_ids:
                row_of.append(i)
                ids.append(doc_id)
        rows = features.rows(ids)
        text, emb, has = features.vectors(rows)
        assign = csr_matrix(
            (np.ones(len(row_of)), (row_of, np.arange(len(ids)))), shape=(len(members), len(ids))
        )
        self.text = (assign @ text).tocsr()
        self.embeddings = np.asarray(assign @ emb, dtype=np.float64)
        self.count = np.asarray(assign.sum(axis=1)).ravel()
        self.embedded = np.asarray(assign @ has.astype(np.float64)).ravel()
        core = _core_terms(self.text, features.specificities(), CORE_TERMS)
        self.core_text = self.text.multiply(core).tocsr()
        self.gated = self.count >= CORE_MIN_DOCUMENTS
        starts = [features.start[features.rows(event_ids)] for event_ids in members]
        ends = [features.end[features.rows(event_ids)] for event_ids in members]
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
        dot = np.asarray((self.text[rows] @ self.text[cols].T).todense())
        on_core = np.asarray((self.core_text[rows] @ self.core_text[cols].T).todense())
        gated = self.gated[rows][:, None] & self.gated[cols][None, :]
        text = np.where(gated & (on_core < CORE_SHARE * dot), 0.0, dot / sizes)
        if embedding_weight <= 0:
            result: NDArray[np.float64] = text
            return result
        pairs = np.outer(self.embedded[rows], self.embedded[cols])
        emb = (self.embeddings[rows] @ self.embeddings[cols].T) / np.where(pairs > 0, pairs, 1)
        mixed: NDArray[np.float64] = np.where(
            pairs > 0, (1 - embedding_weight) * text + embedding_weight * emb, text
        )
        return mixed


def _core_terms(text: Any, weights: NDArray[np.float32], k: int) -> Any:
    """Per row of ``text`` (CSR), a 0/1 row marking its ``k`` terms of highest value times
    ``weights`` (per column), and those tied with the k-th: the result does not depend on
    the order of the columns."""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = text.indptr, text.indices, text.data
    if len(weights) == text.shape[1]:
        data = data * weights[indices]
    rows, cols = [], []
    for r in range(text.shape[0]):
        values = data[indptr[r] : indptr[r + 1]]
        if len(values) > k:
            last = np.partition(values, len(values) - k)[len(values) - k]
            keep = np.flatnonzero(values >= last)
        else:
            keep = np.flatnonzero(values > 0)
        rows.append(np.full(len(keep), r))
        cols.append(indices[indptr[r] : indptr[r + 1]][keep])
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.intp)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
    return csr_matrix((np.ones(len(row)), (row, col)), shape=text.shape)


def _signature(doc: Any) -> str:
    published = doc.meta.published
    return f"{published.iso if published else ''}|{len(doc.lemmas)}|{len(doc.embedding)}"


def _terms(doc: Any) -> list[str]:
    return document_terms(doc.lemmas, [m.canonical or m.text for m in doc.entities])


def doc_interval(doc: Any) -> tuple[int, int] | None:
    """The days a document may have been published, for the time windows; None: it may
    meet any document. A date the timex stage inferred from the latest day the text names
    (source "text_latest": a file with no date of its own) does not keep documents apart:
    an archive names past days, or days whose year only its weekday implies ("samedi 11
    octobre": the latest such year, 2025, for an article of 2008). On rpm2-fr-dev (autumn
    2008) 51 of the 200 articles get such a date: 35 by a weekday (2019, 2025, 2026), 16
    by a day named in full (1962 to 2009); used as dates, they split topics once the
    first build's story
    chunks keep to the story window (`recoupe eval clustering`, dated by own text: story
    F1 0.795; ignored here: 0.968, as on text alone). The event keeps it as its date."""
    from recoupe.stories.labels import date_interval

    published = doc.meta.published
    if published is not None and published.source == "text_latest":
        return None
    interval: tuple[int, int] | None = date_interval(published)
    return interval

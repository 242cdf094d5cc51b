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
(``BandIndex``: the band keys of every fingerprint, numpy arrays) is kept on the stage
between runs and saved in ``Corpus.stage_state``, so a new process adding one document
reads it back instead of hashing the store again; a lookup is one vectorised comparison.
"""

from __future__ import annotations

import functools
import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from recoupe.dedup.translation import TranslationFinder, candidates
from recoupe.model import Corpus, Document
from recoupe.packing import pack_strings, unpack_strings
from recoupe.stage import CorpusStage
from recoupe.text import shingles

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

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

# Up to this many documents are looked up by comparing their band keys with every row
# (numpy, ~3 ms per document at 100,000 rows); more (a first run) by sorting each band's
# keys once, which costs ~0.3 s at 100,000 rows whatever the number looked up.
BROADCAST_LOOKUPS = 64
# Version of the saved index's layout; a saved index of another version is rebuilt.
STATE_VERSION = 2
# The index is saved as a base and a delta (the rows and origin groups changed since the
# base, ``DELTA_STATE``): a run adding one document to 100,000 writes a few KB, not the
# 30 MB base (whose rewrite, with its commit, cost ~0.3 s a run). The base is written again
# when the delta holds more than this share of its rows (or DELTA_MIN_ROWS): at 100,000,
# once every 2,000 additions, a delta under ~0.6 MB in between.
DELTA_SHARE = 0.02
DELTA_MIN_ROWS = 500
DELTA_STATE = "dedup.group/delta"

# Separator of the saved ids and origin pairs (ids never hold a line break).
_LINE = "\n"

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


class BandIndex:
    """MinHash LSH over numpy arrays: per document, one 64-bit key per band of its MinHash
    values; two documents are candidates when any band key is equal. The banding (how many
    bands of how many rows) is datasketch's own choice for the threshold
    (``MinHashLSH(threshold, num_perm).hashranges``), so the candidates are those its index
    returns; a band key hashes the band's values instead of keeping them (a 2**-64 chance
    of a false candidate, which the exact checks then reject). Unlike datasketch's
    in-memory index it is a few arrays: saved and read back whole in milliseconds."""

    def __init__(self, ranges: list[tuple[int, int]], num_perm: int) -> None:
        import numpy as np

        self.ranges = ranges
        self.num_perm = num_perm
        self.ids: list[str] = []
        self.row: dict[str, int] = {}
        self.keys = np.zeros((0, len(ranges)), dtype=np.uint64)
        self.alive = np.zeros(0, dtype=bool)
        self.origin_of: dict[str, str] | None = None  # read back with a saved index
        # The base last saved or read: its blob, how many rows it holds (rows 0..n-1) and
        # its origin groups; rows changed since (``put`` again or dropped) are in _changed.
        self._base: tuple[bytes, int, dict[str, str]] | None = None
        self._changed: set[int] = set()

    @classmethod
    def for_threshold(cls, threshold: float, num_perm: int) -> BandIndex:
        return cls(list(_band_ranges(threshold, num_perm)), num_perm)

    def band_keys(self, fingerprints: NDArray[np.uint64]) -> NDArray[np.uint64]:
        """(n, bands) keys: FNV-1a over each band's values, then a splitmix64 finaliser."""
        import numpy as np

        n = fingerprints.shape[0]
        keys = np.empty((n, len(self.ranges)), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j, (start, end) in enumerate(self.ranges):
                h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
                for col in range(start, end):
                    h = (h ^ fingerprints[:, col]) * np.uint64(0x100000001B3)
                h ^= h >> np.uint64(31)
                h *= np.uint64(0xBF58476D1CE4E5B9)
                h ^= h >> np.uint64(29)
                keys[:, j] = h
        return keys

    def put(self, docs: list[Document]) -> None:
        """Index ``docs`` (their fingerprints must have ``num_perm`` values); a document
        already indexed is replaced (its text changed)."""
        import numpy as np

        if not docs:
            return
        keys = self.band_keys(np.array([d.fingerprint for d in docs], dtype=np.uint64))
        fresh = []
        for doc, key in zip(docs, keys, strict=True):
            at = self.row.get(doc.id)
            if at is None:
                fresh.append(key)
                self.row[doc.id] = len(self.ids)
                self.ids.append(doc.id)
            else:
                self.keys[at] = key
                self.alive[at] = True
                self._changed.add(at)
        if fresh:
            self.keys = np.vstack([self.keys, np.asarray(fresh, dtype=np.uint64)])
            self.alive = np.concatenate([self.alive, np.ones(len(fresh), dtype=bool)])

    def drop(self, doc_ids: set[str]) -> None:
        for doc_id in doc_ids:
            at = self.row.get(doc_id)
            if at is not None:
                self.alive[at] = False
                self._changed.add(at)

    def indexed(self) -> set[str]:
        return {i for i, ok in zip(self.ids, self.alive.tolist(), strict=True) if ok}

    def candidates(self, doc_ids: list[str]) -> dict[str, list[str]]:
        """For each indexed id of ``doc_ids``: the other indexed ids sharing a band key."""
        import numpy as np

        rows = [self.row[d] for d in doc_ids if d in self.row and self.alive[self.row[d]]]
        if not rows:
            return {}
        found: dict[int, set[int]] = {r: set() for r in rows}
        if len(rows) <= BROADCAST_LOOKUPS:
            for r in rows:
                hits = np.flatnonzero((self.keys == self.keys[r]).any(axis=1) & self.alive)
                found[r].update(hits.tolist())
        else:
            wanted = np.zeros(len(self.ids), dtype=bool)
            wanted[rows] = True
            for j in range(self.keys.shape[1]):
                live = np.flatnonzero(self.alive)
                order = live[np.argsort(self.keys[live, j], kind="stable")]
                sorted_keys = self.keys[order, j]
                starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
                ends = np.r_[starts[1:], len(order)]
                shared = ends - starts > 1  # a key held by two documents or more
                for a, b in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
                    members = order[a:b]
                    if wanted[members].any():
                        listed = members.tolist()
                        for m in listed:
                            if wanted[m]:
                                found[m].update(listed)
        return {self.ids[r]: [self.ids[o] for o in others if o != r] for r, others in found.items()}

    # ------------------------------------------------------------------ saving
    def to_state(self, origin_of: dict[str, str]) -> tuple[bytes, bytes]:
        """The base and the delta to save (``DELTA_STATE``). The base is the one last
        saved or read, the same object, while the delta stays small; else a new one."""
        import io

        import numpy as np

        base = self._base
        if base is not None:
            blob, base_rows, base_origins = base
            rows = sorted(self._changed | set(range(base_rows, len(self.ids))))
            if len(rows) <= max(DELTA_MIN_ROWS, DELTA_SHARE * base_rows):
                changes = {k: v for k, v in origin_of.items() if base_origins.get(k) != v}
                changes.update({k: "" for k in base_origins.keys() - origin_of.keys()})
                at = np.asarray(rows, dtype=np.intp)
                out = io.BytesIO()
                np.savez(
                    out,
                    version=np.asarray([STATE_VERSION, base_rows]),
                    ids=pack_strings([self.ids[r] for r in rows], _LINE),
                    keys=self.keys[at] if rows else np.zeros((0, len(self.ranges)), np.uint64),
                    alive=self.alive[at] if rows else np.zeros(0, dtype=bool),
                    origins=pack_strings(_pairs(changes), _LINE),
                )
                return blob, out.getvalue()
        blob = self.to_bytes(origin_of)
        kept = self.from_bytes(blob, self.ranges, self.num_perm)  # rows renumbered: reread
        assert kept is not None
        self.ids, self.row, self.keys, self.alive = kept.ids, kept.row, kept.keys, kept.alive
        self._base = (blob, len(self.ids), dict(origin_of))
        self._changed = set()
        return blob, b""

    @classmethod
    def from_state(
        cls, blob: bytes, delta: bytes, ranges: list[tuple[int, int]], num_perm: int
    ) -> BandIndex | None:
        """The saved base with its delta applied (None: either is unreadable, or the delta
        was made on another base)."""
        import io
        import zipfile

        import numpy as np

        index = cls.from_bytes(blob, ranges, num_perm)
        if index is None:
            return None
        origins = dict(index.origin_of or {})
        index._base = (blob, len(index.ids), origins)
        if not delta:
            return index
        try:
            data = np.load(io.BytesIO(delta), allow_pickle=False)
            version, base_rows = (int(v) for v in data["version"])
            ids = unpack_strings(data["ids"], _LINE)
            keys, alive = data["keys"].astype(np.uint64, copy=False), data["alive"]
            pairs = unpack_strings(data["origins"], _LINE)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        if version != STATE_VERSION or base_rows != len(index.ids) or len(ids) != len(keys):
            return None
        fresh = [i for i, d in enumerate(ids) if d not in index.row]
        for i, doc_id in enumerate(ids):
            at = index.row.get(doc_id)
            if at is not None:
                index.keys[at], index.alive[at] = keys[i], alive[i]
                index._changed.add(at)
        for i in fresh:
            index.row[ids[i]] = len(index.ids)
            index.ids.append(ids[i])
        if fresh:
            index.keys = np.vstack([index.keys, keys[fresh]])
            index.alive = np.concatenate([index.alive, alive[fresh].astype(bool)])
        now = dict(origins)
        for k, v in zip(pairs[::2], pairs[1::2], strict=True):
            if v:
                now[k] = v
            else:
                now.pop(k, None)
        index.origin_of = now
        return index

    def to_bytes(self, origin_of: dict[str, str]) -> bytes:
        """The index, and the origin groups (``Corpus.origin_of``: the store keeps them in
        each document's meta, which a new process would otherwise scan)."""
        import io

        import numpy as np

        keep = np.flatnonzero(self.alive)
        out = io.BytesIO()
        np.savez(
            out,
            version=np.asarray([STATE_VERSION, self.num_perm]),
            ranges=np.asarray(self.ranges, dtype=np.int64).reshape(-1, 2),
            ids=pack_strings([self.ids[i] for i in keep.tolist()], _LINE),
            keys=self.keys[keep],
            origins=pack_strings(_pairs(origin_of), _LINE),
        )
        return out.getvalue()

    @classmethod
    def from_bytes(
        cls, blob: bytes, ranges: list[tuple[int, int]], num_perm: int
    ) -> BandIndex | None:
        """The saved index, or None when it was made with another layout or banding."""
        import io
        import zipfile

        import numpy as np

        try:
            data = np.load(io.BytesIO(blob), allow_pickle=False)
            version, perms = (int(v) for v in data["version"])
            saved = [(int(a), int(b)) for a, b in data["ranges"]]
            if version != STATE_VERSION or perms != num_perm or saved != ranges:
                return None
            ids = unpack_strings(data["ids"], _LINE)
            pairs = unpack_strings(data["origins"], _LINE)
            keys = data["keys"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        index = cls(ranges, num_perm)
        index.ids = ids
        index.row = {d: i for i, d in enumerate(index.ids)}
        if keys.shape != (len(index.ids), len(ranges)):
            return None
        index.keys = keys.astype(np.uint64, copy=False)
        index.alive = np.ones(len(index.ids), dtype=bool)
        index.origin_of = dict(zip(pairs[::2], pairs[1::2], strict=True))
        return index


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
        self._index: BandIndex | None = None
        self._grams: dict[str, set[str]] = {}

    def run(self, corpus: Corpus) -> None:
        # A lazy corpus (a run that only adds documents) decodes what is read: the targets,
        # their LSH candidates, their translation candidates and the groups they touch.
        by_id = corpus.leaves()
        # A partial run (model.Scope) that added nothing has nothing to look up.
        looked_up = corpus.new_ids or not corpus.scope.full
        targets = sorted(corpus.new_ids & by_id.keys()) if looked_up else sorted(by_id)
        full = len(targets) == len(by_id) and corpus.scope.full
        self._sync(corpus, by_id, targets, full)
        links = self._links(targets, by_id)
        for pair in self.translations.pairs(targets, candidates(targets, by_id)):
            links.setdefault(pair, Link("translation"))
        # Groups: the stored ones (of the documents not looked up again) joined by the new
        # links; only groups that hold a target are rebuilt, and only they are read: the
        # targets, the documents linked to them and the members of their stored groups.
        if full:
            stored: dict[str, str] = {}
        elif corpus.origin_of:
            stored = corpus.origin_of
        elif self._index is not None and self._index.origin_of is not None:
            stored = self._index.origin_of  # saved with the index: no scan of the meta
            self._index.origin_of = None
        else:  # a corpus just loaded: the groups are in the documents' meta
            stored = {k: o for k, d in by_id.items() if (o := d.meta.extra.get(ORIGIN_KEY))}
        members_of: dict[str, list[str]] = {}
        relevant = set(targets) | {x for pair in links for x in pair}
        if stored:
            wanted = {o for d in relevant for o in (stored.get(d), d) if o is not None}
            for doc_id, origin in stored.items():
                if origin in wanted:
                    members_of.setdefault(origin, []).append(doc_id)
        parent: dict[str, str] = {}
        for origin, stored_members in members_of.items():
            if origin in by_id:
                for doc_id in stored_members:
                    if doc_id in by_id:
                        _union(parent, doc_id, origin)
        for a, b in links:
            _union(parent, a, b)
        members: dict[str, list[str]] = {}
        for doc_id in sorted(parent):
            members.setdefault(_find(parent, doc_id), []).append(doc_id)
        touched = set(targets)
        changed: set[str] = set(targets)
        rebuilt = 0
        for group in members.values():
            if full or touched & set(group):
                # Pairs inside an old group were confirmed in an earlier run; re-check
                # them so the group's kinds come out as a whole-corpus run would give.
                inner = {p: link for p, link in links.items() if p[0] in group}
                inner.update(self._recheck(group, inner, by_id))
                self._mark(group, inner, by_id, corpus)
                changed.update(group)
                rebuilt += 1
        for doc_id in targets:  # a target that joined no group is its own origin
            if doc_id not in parent:
                _clear(by_id[doc_id])
        if full:
            for doc in by_id.values():
                if doc.id not in parent:
                    _clear(doc)
            corpus.origin_of = {
                k: d.meta.extra[ORIGIN_KEY]
                for k, d in by_id.items()
                if d.meta.extra.get(ORIGIN_KEY)
            }
        else:
            origin_of = stored  # updated in place: only the rebuilt groups change
            for doc_id in changed | (origin_of.keys() - by_id.keys()):
                now = by_id[doc_id].meta.extra.get(ORIGIN_KEY) if doc_id in by_id else None
                if now:
                    origin_of[doc_id] = now
                else:
                    origin_of.pop(doc_id, None)
            corpus.origin_of = origin_of
        corpus.touched_ids = changed - corpus.new_ids
        if self._index is not None:
            base, delta = self._index.to_state(corpus.origin_of)
            corpus.stage_state[self.name], corpus.stage_state[DELTA_STATE] = base, delta
        log.debug(
            "dedup: %d link(s) from %d looked-up document(s) of %d, %d group(s) rebuilt",
            len(links),
            len(targets),
            len(by_id),
            rebuilt,
        )

    # ------------------------------------------------------------------ the index
    def _usable(self, doc: Document) -> bool:
        if len(doc.fingerprint) == self.num_perm:
            return True
        if doc.fingerprint:
            log.warning(
                "%s: fingerprint of %d values, expected %d; skipped",
                doc.id,
                len(doc.fingerprint),
                self.num_perm,
            )
        return False

    def _sync(
        self, corpus: Corpus, by_id: Mapping[str, Document], targets: list[str], full: bool
    ) -> None:
        """Bring the band index in line with the corpus: the saved one is read back in a
        new process; the targets (new or reprocessed) are hashed again, documents gone
        are dropped, documents it lacks (a run stopped before saving it) are added."""
        ranges_of = BandIndex.for_threshold(min(self.threshold, CANDIDATE_THRESHOLD), self.num_perm)
        if full:
            self._index = ranges_of
            self._grams.clear()
            self._index.put([d for d in by_id.values() if self._usable(d)])
            return
        rebuilt = False
        if self._index is None:
            blob = corpus.stage_state.get(self.name)
            if blob is not None:
                delta = corpus.stage_state.get(DELTA_STATE, b"")
                self._index = BandIndex.from_state(blob, delta, ranges_of.ranges, self.num_perm)
            if self._index is None:  # none saved, or saved by another version: rebuild
                self._index, rebuilt = ranges_of, True
        index = self._index
        indexed = set(index.row)
        if corpus.scope.full:  # a partial run has every stored document (load_for_run)
            index.drop(indexed - by_id.keys())
        for doc_id in targets:
            self._grams.pop(doc_id, None)
        # Documents the index lacks (a run stopped before saving it); a partial run is
        # only given a store whose last corpus pass completed (Store.partial_run_possible),
        # so it looks at its targets alone rather than decode the unindexable documents.
        missing = by_id.keys() - indexed if corpus.scope.full or rebuilt else set()
        index.drop({t for t in targets if t in indexed and not self._usable(by_id[t])})
        index.put([by_id[d] for d in sorted(missing | set(targets)) if self._usable(by_id[d])])

    def _links(
        self, targets: list[str], by_id: Mapping[str, Document]
    ) -> dict[tuple[str, str], Link]:
        """Confirmed pairs (smaller id first) that involve a target."""
        assert self._index is not None
        links: dict[tuple[str, str], Link] = {}
        found = self._index.candidates(targets)
        for a in targets:
            for b in sorted(found.get(a, [])):
                pair = (min(a, b), max(a, b))
                if pair in links:
                    continue
                link = self._compare(pair[0], pair[1], by_id)
                if link is not None:
                    links[pair] = link
        return links

    def _compare(self, a: str, b: str, by_id: Mapping[str, Document]) -> Link | None:
        ga = self._shingles(by_id[a])
        gb = self._shingles(by_id[b])
        (_, shorter), (long_id, longer) = sorted(
            ((a, ga), (b, gb)), key=lambda x: (len(x[1]), x[0])
        )
        contained = bool(shorter) and len(shorter & longer) / len(shorter) >= CONTAINMENT
        own_material = len(longer) >= (1 + OWN_MATERIAL) * len(shorter)
        if contained and own_material:
            return Link("containment", long_id)
        if contained or _jaccard(by_id[a].fingerprint, by_id[b].fingerprint) >= self.threshold:
            return Link("copy")
        return None

    def _shingles(self, doc: Document) -> set[str]:
        grams = self._grams.get(doc.id)
        if grams is None:
            grams = self._grams[doc.id] = shingles(doc.text, SHINGLE)
        return grams

    def _recheck(
        self, group: list[str], known: dict[tuple[str, str], Link], by_id: Mapping[str, Document]
    ) -> dict[tuple[str, str], Link]:
        """Same-language pairs of a group not confirmed in this run, compared again (groups
        are small: a dispatch and its reprints), and the translation pairs among them."""
        found: dict[tuple[str, str], Link] = {}
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (a, b) in known or not _has_fingerprint(by_id[a], by_id[b], self.num_perm):
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
        by_id: Mapping[str, Document],
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


def _pairs(mapping: Mapping[str, str]) -> list[str]:
    """Key, value, key, value... in key order (a saved map)."""
    return [x for k in sorted(mapping) for x in (k, mapping[k])]


@functools.cache
def _band_ranges(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """datasketch's banding for the threshold (it integrates the false positive and
    negative rates over every split: ~20 ms, so once per process)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return [(int(a), int(b)) for a, b in lsh.hashranges]


def _jaccard(a: list[int], b: list[int]) -> float:
    """The MinHash estimate of the Jaccard similarity (datasketch's ``MinHash.jaccard``):
    the share of equal hash values."""
    import numpy as np

    equal = np.count_nonzero(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64))
    return float(equal) / len(a)


def _has_fingerprint(a: Document, b: Document, num_perm: int) -> bool:
    return len(a.fingerprint) == num_perm and len(b.fingerprint) == num_perm


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

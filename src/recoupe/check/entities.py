"""Corpus-level canonical entities from the documents' mentions.

Mentions are grouped by a key (canonical name casefolded, accents stripped, hyphens and
spaces unified, transliteration spellings folded: check.names.variant_key), so "Kim
Jong-un", "Kim Jong Un" and "KIM JONG-UN" are one entity, and so are "Zelensky" and
"Zelenskyy", "Tchernihiv" and "Chernihiv"; keys equal but for spaces ("Xi Jinping", "Xi
Jin-ping") merge too. A person named by a single word ("Poutine") joins the one full
name containing that word in the corpus ("Vladimir Poutine"), and so does a name with
initials ("V. Poutine"); when two full names fit, it stays apart (we do not guess). Places and organisations known
under several languages' names (Pékin/Beijing, ONU/UN) share the gazetteer's key and take
its French name (check.names.entity_key). Mentions and quote speakers get ``entity_id``;
those that are role phrases ("le chef du Kremlin", "the Chinese leader") get the entity
of the person the corpus names in that role (check.roles), or none.

A run that only adds documents (``corpus.scope.full`` false) reads no other document
than its scope's, and no other state than the rows of what the new documents touch: the
stage keeps its counts and decisions as keyed rows (``Corpus.rows``, see ``_Rows`` for
the prefixes): per class of keys equal but for spaces its label counts and the full name
its short person key joins; per key its written forms and the documents naming it; the
full person names per word and per initials (to find a lone surname's full name); per
document what its resolutions depend on beyond its text, and the reverse (the documents
that looked a speaker up under a key, or hold countryless role evidence of a person); the
countries role evidence gives each holder. The new documents' mentions are added, the
classes they reach and the short names those change are decided again, and the scope's
documents are redone. Where that changes what a stored document outside the scope depends
on, that document is redone too, with its event and story (``corpus.widen``): a key that
now names another entity (a lone surname a new full name makes ambiguous, a spelling that
now wins a spacing merge) redoes the documents naming it, and the entity it named is
deleted (``scope.entities_gone``) when no key names it any more; a quote speaker looked
up under a key that now names an entity, or role evidence whose holder's country is now
known, redo theirs. Only a state that is missing or does not cover the store means a
full pass. Entity ids hash the key alone, so a majority label that flips as mentions
come in changes a row, not the ids.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from recoupe.check.names import entity_key, gazetteer_key, gazetteer_name, variant_key
from recoupe.check.roles import (
    RoleMention,
    RoleResolver,
    document_roles,
    known_countries,
    role_of_phrase,
)
from recoupe.model import (
    Corpus,
    Document,
    Entity,
    Mention,
    Quote,
    StateRows,
    stable_id,
)
from recoupe.stage import CorpusStage

log = logging.getLogger(__name__)

PERSON = "PER"
# The version of the stage's rows, kept in its stage_state blob: another version (or
# none, such as a store written before the rows) means a full pass that writes them anew.
STATE_VERSION = 2
_ROLE = None  # the key of a mention that is a role phrase: a title is no one's name


Counts = dict[str, int]
Pair = tuple[str | None, str]  # (person entity, office) of role evidence
_SEP = "\x1f"  # between a written form's label and its text; an entity and its office


def _label(labels: Mapping[str, int]) -> str:
    if len(labels) == 1:
        return next(iter(labels))
    return min(labels, key=lambda lab: (-labels[lab], lab))


def _mention_keys(doc: Document) -> list[str | None]:
    """Each mention's grouping key: None for a role phrase, "" when it has none."""
    return [
        _ROLE
        if role_of_phrase(m.text, doc.meta.language) is not None
        else entity_key(m.canonical or m.text, m.label)
        for m in doc.entities
    ]


def _compact(key: str) -> str:
    return key.replace(" ", "")


def _is_full(key: str) -> bool:
    """A full name a short person key may join: two words or more, no initial."""
    return " " in key and not _has_initial(key)


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split())


def _pair_row(pair: Pair) -> str:
    return f"r:{pair[0] or ''}{_SEP}{pair[1]}"


@dataclass
class _Class:
    """The keys equal but for spaces: one entity, named by its main key, unless that key
    is a short person key joined to a full name (``target``)."""

    labels: dict[str, Counts] = field(default_factory=dict)  # key -> label -> mentions
    target: str | None = None
    joined: list[str] = field(default_factory=list)  # compacts of the classes joined to it

    def main(self) -> str | None:
        if len(self.labels) <= 1:
            return next(iter(self.labels), None)
        return _spacing_main(list(self.labels))

    def label(self) -> str | None:
        if len(self.labels) <= 1:
            return next((_label(c) for c in self.labels.values()), None)
        merged: Counter[str] = Counter()
        for counts in self.labels.values():
            merged.update(counts)
        return _label(merged)

    def root(self) -> str | None:
        return self.target or self.main()

    def is_full_person(self) -> bool:
        main = self.main()
        return main is not None and self.label() == PERSON and _is_full(main)

    def to_json(self) -> list[Any]:
        return [self.labels, self.target, self.joined]

    @classmethod
    def from_json(cls, raw: list[Any]) -> _Class:
        return cls(raw[0], raw[1], raw[2])


@dataclass(frozen=True)
class _Was:
    """A class as the last run left it."""

    members: frozenset[str]
    main: str | None
    label: str | None
    target: str | None

    @property
    def root(self) -> str | None:
        return self.target or self.main


class _Rows:
    """The stage's rows, decoded (JSON) as they are read, in batches, and written back
    when changed. Prefixes: "c:<compact>" a class (_Class), "k:<key>" the key's written
    forms ("label\\x1ftext") and names counted, "n:<key>" the documents naming it,
    "w:<word>" the full person names holding that word, "i:<initials>" those with these
    initials and the keys with an initial, "d:<doc>" what the document's resolutions
    depend on (see _resolve_roles_quotes; every analysed document has one), "q:<key>" the
    documents whose speakers were looked up under the key, "r:<entity>\\x1f<office>" the
    countries role evidence gives that holder (documents per country) and the documents
    with countryless evidence of him."""

    def __init__(self, rows: StateRows) -> None:
        self.rows = rows
        self.values: dict[str, Any] = {}
        self.dirty: set[str] = set()

    def need(self, keys: Iterable[str]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self.values]
        if missing:
            found = self.rows.get(missing)
            for key in missing:
                raw = found.get(key)
                self.values[key] = None if raw is None else json.loads(raw)

    def get(self, key: str) -> Any:
        """The row's value, None when there is none."""
        self.need([key])
        return self.values[key]

    def edit(self, key: str, make: Callable[[], Any]) -> Any:
        """The row's value (``make()`` when there is none), to be changed in place."""
        if (value := self.get(key)) is None:
            value = self.values[key] = make()
        self.dirty.add(key)
        return value

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.dirty.add(key)

    def flush(self) -> None:
        self.rows.put({k: _dump(self.values[k]) for k in self.dirty})
        self.dirty.clear()


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class _Names:
    """The naming decisions: which keys merge (spacing), which short person keys join a
    full name, each entity's id and type. In a full pass every class is given; in a
    partial one classes are read from the rows as they are asked for, and the state each
    had then is kept (``was``)."""

    def __init__(self, classes: dict[str, _Class], rows: _Rows | None = None) -> None:
        self.classes = classes  # compact -> class
        self._rows = rows
        self.was: dict[str, _Was] = {}
        self.root_of_id: dict[str, str] = {}  # every entity id handed out -> its root key
        self._ids: dict[str, str] = {}  # root -> entity id
        self._key_ids: dict[str, str] = {}  # key -> entity id

    def load(self, compacts: Iterable[str]) -> None:
        wanted = [c for c in dict.fromkeys(compacts) if c not in self.classes]
        if self._rows is None or not wanted:
            return
        self._rows.need(f"c:{c}" for c in wanted)
        for c in wanted:
            raw = self._rows.values[f"c:{c}"]
            cls = self.classes[c] = _Class.from_json(raw) if raw is not None else _Class()
            self.was[c] = _Was(frozenset(cls.labels), cls.main(), cls.label(), cls.target)

    def load_keys(self, keys: Iterable[str | None]) -> None:
        self.load(_compact(k) for k in keys if k)

    def of(self, key: str) -> _Class:
        compact = _compact(key)
        if compact not in self.classes:
            self.load([compact])
        return self.classes.setdefault(compact, _Class())

    def root(self, key: str) -> str:
        root = self.of(key).root()
        assert root is not None, key  # a key counted has a class
        return root

    def roots(self) -> list[str]:
        return sorted(m for c in self.classes.values() if not c.target and (m := c.main()))

    def is_main(self, key: str) -> bool:
        """Whether ``key`` names an entity in lookups (a key merged into another does not)."""
        return self.of(key).main() == key

    def entity_id(self, key: str) -> str:
        """The entity of ``key``; asked only once the decisions are taken (they are kept
        per key: a full pass asks once per mention)."""
        if (eid := self._key_ids.get(key)) is None:
            root = self.root(key)
            if (eid := self._ids.get(root)) is None:
                eid = self._ids[root] = _entity_id(root)
                self.root_of_id[eid] = root
            self._key_ids[key] = eid
        return eid

    def type_of(self, entity_id: str) -> str:
        label = self.of(self.root_of_id[entity_id]).label()
        assert label is not None
        return label

    def keys_of(self, root: str) -> list[str]:
        """Every key whose mentions make up the entity of ``root``."""
        cls = self.of(root)
        self.load(cls.joined)
        return [*cls.labels, *(k for c in cls.joined for k in self.classes[c].labels)]


def _entity_id(root: str) -> str:
    # The key alone (no label, unlike the first scheme): two groups with one key are one
    # group whatever their labels, and a label that flips as mentions come in (a name seen
    # once as PER then once as ORG) must not renumber the entity in every document.
    return stable_id(root, prefix="en-")


def _spacing_main(keys: list[str]) -> str:
    """Keys that differ only by spaces are one name ("xi jin ping" / "xi jinping"); the
    key with the most words wins so that its words still reach lone surnames."""
    return min(keys, key=lambda k: (-k.count(" "), k))


def _classes(labels: Mapping[str, Counts]) -> dict[str, _Class]:
    """Every class of a full pass, short person keys joined to their full names."""
    classes: dict[str, _Class] = {}
    for key, counts in labels.items():
        classes.setdefault(_compact(key), _Class()).labels[key] = counts
    mains = {}
    for cls in classes.values():
        main, label = cls.main(), cls.label()
        assert main is not None and label is not None
        mains[main] = label
    for short, full in _surname_targets(mains).items():
        classes[_compact(short)].target = full
        classes[_compact(full)].joined.append(_compact(short))
    for cls in classes.values():
        cls.joined.sort()
    return classes


class _Counts:
    """What a pass counts from the documents' mentions: per key its labels (into the
    classes), its written forms and names, and the documents naming it."""

    def __init__(
        self,
        labels: Callable[[str], Counts],
        forms: Callable[[str], list[Counts]],
        docs: Callable[[str], list[str]],
    ) -> None:
        self._labels, self._forms, self._docs = labels, forms, docs

    def count(self, doc: Document, keys: list[str | None]) -> list[str]:
        """Add ``doc``'s mentions; returns the keys it added to."""
        added: list[str] = []
        for m, key in zip(doc.entities, keys, strict=True):
            if key:
                forms, names = self._forms(key)
                for counts, item in (
                    (self._labels(key), m.label),
                    (forms, f"{m.label}{_SEP}{m.text}"),
                    (names, m.canonical or m.text),
                ):
                    counts[item] = counts.get(item, 0) + 1
                if key not in added:
                    self._docs(key).append(doc.id)
                    added.append(key)
        return added


class _Countries(Mapping[Pair, set[str]]):
    """(person entity, office) -> the countries role evidence gives, read from the rows
    as they are asked for (``with_known_countries`` only looks pairs up); iterating gives
    the pairs read so far."""

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows
        self._read: dict[Pair, set[str]] = {}

    def __getitem__(self, pair: Pair) -> set[str]:
        row = self._rows.get(_pair_row(pair))
        known = {c for c, n in row[0].items() if n > 0} if row else set()
        self._read[pair] = known
        if not known:
            raise KeyError(pair)
        return known

    def __iter__(self) -> Iterator[Pair]:
        return (p for p, known in self._read.items() if known)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Fallback(Exception):
    """The saved state cannot tell what the new documents change."""


_NO_RECORD: list[list[Any]] = [[], [], []]


class EntityStage(CorpusStage):
    name: ClassVar[str] = "check.entities"
    requires: ClassVar[frozenset[str]] = frozenset({"entities"})

    def run(self, corpus: Corpus) -> None:
        if not corpus.scope.full:
            try:
                self._run_partial(corpus)
                return
            except _Fallback as why:
                log.debug("entities: a full pass, %s", why)
            before = {d.id: _links(d) for d in corpus.analysed()}
            self._run_full(corpus)
            corpus.scope.entities_full = True
            corpus.widen(d.id for d in corpus.analysed() if before.get(d.id) != _links(d))
            return
        self._run_full(corpus)

    # ------------------------------------------------------------------ a full pass
    def _run_full(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        keys_of = {d.id: _mention_keys(d) for d in docs}
        labels: dict[str, Counts] = {}
        forms: dict[str, list[Counts]] = {}
        naming: dict[str, list[str]] = {}
        counts = _Counts(
            lambda k: labels.setdefault(k, {}),
            lambda k: forms.setdefault(k, [{}, {}]),
            lambda k: naming.setdefault(k, []),
        )
        for doc in docs:
            counts.count(doc, keys_of[doc.id])
        names = _Names(_classes(labels))
        evidence = {}
        for doc in docs:
            _assign_mentions(doc, keys_of[doc.id], names)
            evidence[doc.id] = document_roles(doc)[0]
        countries = known_countries(e for roles in evidence.values() for e in roles)
        resolver = RoleResolver(corpus, lambda d: evidence.get(d, []), countries)
        records = {
            doc.id: _resolve_roles_quotes(doc, keys_of[doc.id], names, resolver, evidence)
            for doc in docs
        }
        entities = [_make_entity(r, names, forms.__getitem__) for r in names.roots()]
        corpus.entities = sorted(entities, key=lambda e: e.id)
        _write_all(corpus.rows(self.name), names, forms, naming, records)
        corpus.stage_state[self.name] = _dump({"v": STATE_VERSION})
        log.debug("entities: %d from %d keys", len(corpus.entities), len(labels))

    # ------------------------------------------------------------------ adding documents
    def _run_partial(self, corpus: Corpus) -> None:
        if _version(corpus.stage_state.get(self.name)) != STATE_VERSION:
            raise _Fallback("no saved state of this version")
        state = _Rows(corpus.rows(self.name))
        # The rows must cover exactly the analysed documents stored before this run (a
        # store's lazy corpus lists no split container; an in-memory one may: then the
        # count differs, and a full pass is right). Counted, not listed: O(1) documents.
        leaves = corpus.leaves()
        new_ids = sorted(i for i in corpus.new_ids if i in leaves)
        counted = state.rows.count("d:")
        if state.rows.get([f"d:{i}" for i in new_ids]) or counted != len(leaves) - len(new_ids):
            raise _Fallback("the saved state does not cover the stored documents")
        new_docs = [leaves[i] for i in new_ids]
        keys_of = {d.id: _mention_keys(d) for d in new_docs}

        names = _Names({}, state)
        touched_keys = sorted({k for d in new_docs for k in keys_of[d.id] if k})
        names.load_keys(touched_keys)
        state.need([*(f"k:{k}" for k in touched_keys), *(f"n:{k}" for k in touched_keys)])
        counts = _Counts(
            lambda k: names.of(k).labels.setdefault(k, {}),
            lambda k: state.edit(f"k:{k}", lambda: [{}, {}]),
            lambda k: state.edit(f"n:{k}", list),
        )
        for doc in new_docs:
            counts.count(doc, keys_of[doc.id])
        touched = {_compact(k) for k in touched_keys}
        dirty = _redecide(names, state, touched)

        # What the new decisions change, class by class (every class read so far holds
        # what it was): a class whose root is another moves its keys (the documents
        # naming them are redone) and may leave an entity behind; a key that is a main
        # now or no more, or an entity whose type changed, redoes the speakers looked up
        # under it; a full name that gained or lost a short key rewrites its row.
        moved: list[str] = []
        changed_keys: set[str] = set()
        gone: set[str] = set()
        fresh: set[str] = set()
        for c, was in list(names.was.items()):
            cls = names.classes[c]
            main, root = cls.main(), cls.root()
            if root != was.root:
                moved.extend(sorted(was.members))
                if was.root is not None and was.target is None:
                    gone.add(was.root)
                if root is not None:
                    fresh.add(root)
            if was.main != main:
                changed_keys.update(k for k in (was.main, main) if k)
            if was.target != cls.target:
                fresh.update(t for t in (was.target, cls.target) if t)
            same_root = main is not None and main == was.main and not cls.target
            if same_root and main is not None and was.label not in (None, cls.label()):
                changed_keys.update(names.keys_of(main))
        changed_keys.update(moved)
        redo = set(new_ids)
        state.need(f"n:{k}" for k in moved)
        for key in moved:
            redo.update(state.get(f"n:{key}") or ())
        if moved:
            log.debug("entities: %d key(s) name another entity, e.g. %r", len(moved), moved[0])

        # Role evidence: the redone documents' evidence is read again (its holders may have
        # changed), and the countries it gives are counted again; a holder whose known
        # countries changed redoes every document with evidence of him without a country.
        evidence: dict[str, list[RoleMention]] = {}
        corpus.preload(redo)
        for doc_id in sorted(redo):
            keys_of.setdefault(doc_id, _mention_keys(corpus.documents[doc_id]))
        names.load_keys(k for i in redo for k in keys_of[i])
        state.need(f"d:{i}" for i in redo)
        countries_was: dict[str, frozenset[str]] = {}
        for doc_id in sorted(redo):
            doc = corpus.documents[doc_id]
            evidence[doc_id] = document_roles(doc, _entity_of(doc, keys_of[doc_id], names))[0]
            record = state.get(f"d:{doc_id}") or _NO_RECORD
            _count_countries(state, record[2], _with_country(evidence[doc_id]), countries_was)
        changed_pairs = [
            key for key, known in countries_was.items() if known != _known(state.values[key])
        ]
        state.need(f"q:{k}" for k in changed_keys)
        for key in changed_keys:
            redo.update(state.get(f"q:{key}") or ())
        for key in changed_pairs:
            redo.update(state.values[key][1])
        recounted = set(evidence)  # whose countries are counted as they are now
        corpus.widen(redo)

        docs = corpus.in_scope()
        for doc in docs:
            if doc.id not in keys_of:
                keys_of[doc.id] = _mention_keys(doc)
        names.load_keys(k for d in docs for k in keys_of[d.id])
        for doc in docs:
            _assign_mentions(doc, keys_of[doc.id], names)

        def evidence_of(doc_id: str) -> list[RoleMention]:
            # A document of a scope document's event or story, read for its role evidence
            # only: its entity ids are computed, not written (it is not redone).
            if doc_id not in evidence:
                evidence[doc_id] = []
                if doc_id in corpus.documents and not (d := corpus.documents[doc_id]).is_container:
                    keys = keys_of.get(doc_id) or _mention_keys(d)
                    names.load_keys(keys)
                    evidence[doc_id] = document_roles(d, _entity_of(d, keys, names))[0]
            return evidence[doc_id]

        for doc in docs:  # its evidence goes to the state (see _resolve_roles_quotes)
            evidence_of(doc.id)
        resolver = RoleResolver(corpus, evidence_of, _Countries(state), [d.id for d in docs])
        # The classes the speakers may be looked up under, in one read instead of one each.
        names.load(
            _compact(w)
            for d in docs
            for q in d.quotes
            if q.speaker
            for windows in _speaker_windows(q.speaker)
            for w in windows
        )
        state.need(f"d:{d.id}" for d in docs)
        for doc in docs:
            record = _resolve_roles_quotes(doc, keys_of[doc.id], names, resolver, evidence)
            _replace_record(state, doc.id, record, doc.id not in recounted)

        # The rows: the entities the scope names, those whose row changed; those gone.
        wanted = {names.root(k) for k in touched_keys} | fresh
        wanted.update(
            names.root_of_id[i]
            for d in docs
            for i in [*(m.entity_id for m in d.entities), *(q.entity_id for q in d.quotes)]
            if i is not None
        )
        wanted = {r for r in wanted if names.of(r).root() == r}
        gone = {r for r in gone if names.of(r).root() != r}
        corpus.scope.entities_gone |= {_entity_id(r) for r in gone}
        state.need(f"k:{k}" for r in wanted for k in names.keys_of(r))
        corpus.entities = sorted(
            (_make_entity(r, names, lambda k: state.get(f"k:{k}")) for r in wanted),
            key=lambda e: e.id,
        )
        for c in dirty | touched:
            state.set(f"c:{c}", names.classes[c].to_json())
        state.flush()
        log.debug(
            "entities: %d new document(s), %d redone, %d entity row(s), %d gone",
            len(new_docs),
            len(docs),
            len(corpus.entities),
            len(gone),
        )


def _version(blob: bytes | None) -> int | None:
    try:
        data = json.loads(blob) if blob else None
    except ValueError:
        return None
    return data.get("v") if isinstance(data, dict) else None


def _redecide(names: _Names, rows: _Rows, touched: set[str]) -> set[str]:
    """After the new counts: the word and initials index of full person names for the
    classes they reached, then the target of every short person key those changes reach
    (one that spells the word, or has the initials, of a full name added or removed).
    Returns the classes whose target or joined keys changed."""
    words: set[str] = set()
    inits: set[str] = set()
    for c in sorted(touched):
        cls, was = names.classes[c], names.was[c]
        main = cls.main()
        assert main is not None
        was_full = was.main is not None and was.label == PERSON and _is_full(was.main)
        now_full = cls.is_full_person()
        if was_full and was.main is not None and (not now_full or was.main != main):
            _index(rows, was.main, add=False)
            words.update(was.main.split())
            inits.add(_initials(was.main))
        if now_full and (not was_full or was.main != main):
            _index(rows, main, add=True)
            words.update(main.split())
            inits.add(_initials(main))
        for key in cls.labels.keys() - was.members:
            if " " in key and _has_initial(key):
                _insert(rows.edit(f"i:{_initials(key)}", lambda: [[], []])[1], key)
    candidates = set(touched) | words
    rows.need(f"i:{i}" for i in inits)
    for i in inits:
        candidates.update(_compact(k) for k in (rows.get(f"i:{i}") or [[], []])[1])
    names.load(candidates)
    dirty: set[str] = set()
    for c in sorted(candidates):
        cls = names.classes[c]
        target = _target(cls, rows)
        if target == cls.target:
            continue
        if cls.target:
            old = names.of(cls.target)
            old.joined.remove(c)
            dirty.add(_compact(cls.target))
        if target:
            _insert(names.of(target).joined, c)
            dirty.add(_compact(target))
        cls.target = target
        dirty.add(c)
    return dirty


def _index(rows: _Rows, main: str, add: bool) -> None:
    """Add or remove a full person name in the word and initials rows."""
    lists = [rows.edit(f"w:{w}", list) for w in sorted(set(main.split()))]
    lists.append(rows.edit(f"i:{_initials(main)}", lambda: [[], []])[0])
    for names in lists:
        if add:
            _insert(names, main)
        elif main in names:
            names.remove(main)


def _insert(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
        items.sort()


def _target(cls: _Class, rows: _Rows) -> str | None:
    """The full name a short person key joins now (see _surname_targets)."""
    main = cls.main()
    if main is None or cls.label() != PERSON or _is_full(main):
        return None
    if " " not in main:
        found: list[str] = rows.get(f"w:{main}") or []
    else:
        fulls = (rows.get(f"i:{_initials(main)}") or [[], []])[0]
        found = [f for f in fulls if _initials_match(main.split(), f.split())]
    return found[0] if len(found) == 1 else None


def _with_country(evidence: list[RoleMention]) -> list[list[Any]]:
    return [
        list(t) for t in sorted({(e.entity_id, e.office, e.country) for e in evidence if e.country})
    ]


def _known(row: list[Any]) -> frozenset[str]:
    return frozenset(c for c, n in row[0].items() if n > 0)


def _count_countries(
    rows: _Rows,
    was: list[list[Any]],
    now: list[list[Any]],
    known_was: dict[str, frozenset[str]],
) -> None:
    """A document's countries given by role evidence: ``was`` taken off, ``now`` added;
    ``known_was`` gets what each holder's row knew before the first change."""
    before, after = {tuple(t) for t in was}, {tuple(t) for t in now}
    for (entity, office, country), delta in [
        *((t, -1) for t in sorted(before - after)),
        *((t, 1) for t in sorted(after - before)),
    ]:
        key = _pair_row((entity, office))
        row = rows.edit(key, lambda: [{}, []])
        known_was.setdefault(key, _known(row))
        row[0][country] = row[0].get(country, 0) + delta
        if row[0][country] <= 0:
            del row[0][country]


def _replace_record(rows: _Rows, doc_id: str, record: list[list[Any]], countries: bool) -> None:
    """Store a redone document's record and move it in the reverse rows (the speakers'
    keys, the countryless evidence; its countries too unless they are counted already)."""
    was = rows.get(f"d:{doc_id}") or _NO_RECORD
    rows.need(
        [
            *(f"q:{k}" for k in set(was[0]) ^ set(record[0])),
            *(_pair_row((e, o)) for e, o in [*was[1], *record[1]]),
        ]
    )
    for keys, add in ((set(was[0]) - set(record[0]), False), (set(record[0]) - set(was[0]), True)):
        for key in keys:
            ids = rows.edit(f"q:{key}", list)
            if add:
                _insert(ids, doc_id)
            elif doc_id in ids:
                ids.remove(doc_id)
    pairs_was, pairs = {tuple(p) for p in was[1]}, {tuple(p) for p in record[1]}
    for pair in pairs_was ^ pairs:
        ids = rows.edit(_pair_row((pair[0], pair[1])), lambda: [{}, []])[1]
        if pair in pairs:
            _insert(ids, doc_id)
        elif doc_id in ids:
            ids.remove(doc_id)
    if countries:
        _count_countries(rows, was[2], record[2], {})
    if was != record or rows.get(f"d:{doc_id}") is None:
        rows.set(f"d:{doc_id}", record)


def _write_all(
    rows: StateRows,
    names: _Names,
    forms: Mapping[str, list[Counts]],
    naming: Mapping[str, list[str]],
    records: Mapping[str, list[list[Any]]],
) -> None:
    """A full pass's rows, instead of every row there was (see _Rows)."""
    out: dict[str, Any] = {}
    words: dict[str, list[str]] = defaultdict(list)
    inits: dict[str, list[list[str]]] = defaultdict(lambda: [[], []])
    for c, cls in sorted(names.classes.items()):
        if not cls.labels:
            continue  # a key looked up that no mention has
        out[f"c:{c}"] = cls.to_json()
        if cls.is_full_person():
            main = cls.main()
            assert main is not None
            for word in sorted(set(main.split())):
                words[word].append(main)
            inits[_initials(main)][0].append(main)
        for key in cls.labels:
            if " " in key and _has_initial(key):
                inits[_initials(key)][1].append(key)
    for key, value in forms.items():
        out[f"k:{key}"] = value
        out[f"n:{key}"] = naming[key]
    out.update((f"w:{w}", sorted(keys)) for w, keys in words.items())
    out.update((f"i:{i}", [sorted(f), sorted(s)]) for i, (f, s) in inits.items())
    speakers: dict[str, list[str]] = defaultdict(list)
    pairs: dict[str, list[Any]] = {}
    for doc_id, (looked_up, countryless, with_country) in sorted(records.items()):
        out[f"d:{doc_id}"] = [looked_up, countryless, with_country]
        for key in looked_up:
            speakers[key].append(doc_id)
        for e, o in countryless:
            pairs.setdefault(_pair_row((e, o)), [{}, []])[1].append(doc_id)
        for e, o, c in with_country:
            known = pairs.setdefault(_pair_row((e, o)), [{}, []])[0]
            known[c] = known.get(c, 0) + 1
    out.update((f"q:{k}", ids) for k, ids in speakers.items())
    out.update(pairs)
    rows.clear()
    rows.put({k: _dump(v) for k, v in out.items()})


def _links(doc: Document) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
    return tuple(m.entity_id for m in doc.entities), tuple(q.entity_id for q in doc.quotes)


def _entity_of(
    doc: Document, keys: list[str | None], names: _Names
) -> Callable[[Mention], str | None]:
    """A mention -> its entity (None for role phrases), without writing it on the mention."""
    ids = {
        id(m): names.entity_id(k) if k else None for m, k in zip(doc.entities, keys, strict=True)
    }
    return lambda m: ids.get(id(m))


def _assign_mentions(doc: Document, keys: list[str | None], names: _Names) -> None:
    for mention, key in zip(doc.entities, keys, strict=True):
        mention.entity_id = names.entity_id(key) if key else None


def _resolve_roles_quotes(
    doc: Document,
    keys: list[str | None],
    names: _Names,
    resolver: RoleResolver,
    evidence: dict[str, list[RoleMention]],
) -> list[list[Any]]:
    """Role mentions and quote speakers of ``doc`` (its other mentions already carry their
    entities); returns what they depend on beyond the document: the keys its speakers
    were looked up under (a new key there may change the answer), [entity, office] of
    its role evidence without a country (a country found for that holder may change its
    roles' holders), [entity, office, country] of that with one (what the countries are
    counted from)."""
    for mention, key in zip(doc.entities, keys, strict=True):
        if key is _ROLE:
            found = resolver.phrase_role(mention.text, doc.meta.language, doc.id)
            mention.entity_id = found.entity_id if found else None
    looked_up: set[str] = set()
    for quote in doc.quotes:
        # A role speaker is its holder's quote; unresolved, it keeps what its words
        # name ("le porte-parole du Kremlin" speaks for the Kremlin).
        role = quote.speaker and resolver.phrase_role(quote.speaker, doc.meta.language, doc.id)
        quote.entity_id = (role and role.entity_id) or _speaker_entity(quote, doc, names, looked_up)
    pairs = {
        (e.entity_id, e.office)
        for e in evidence.get(doc.id, [])
        if not e.country and e.entity_id is not None
    }
    with_country = _with_country(evidence.get(doc.id, []))
    return [sorted(looked_up), [list(p) for p in sorted(pairs)], with_country]


def _surname_targets(label: Mapping[str, str]) -> dict[str, str]:
    """Short person keys -> the unique full person key they stand for: a lone surname
    ("poutine" -> "vladimir poutine") or a name with initials ("v poutine")."""
    persons = [k for k, lab in label.items() if lab == PERSON]
    full = [k for k in persons if " " in k and not _has_initial(k)]
    by_word: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in full:
        words = key.split()
        for word in set(words):
            by_word[word].append(key)
        # A name with initials can only match a full name with the same first letters:
        # an index instead of trying every full name (quadratic on a large corpus).
        by_initials[tuple(w[0] for w in words)].append(key)
    targets = {}
    for key in persons:
        if " " not in key:
            found = by_word.get(key, [])
        elif _has_initial(key):
            short = key.split()
            candidates = by_initials.get(tuple(w[0] for w in short), [])
            found = [f for f in candidates if _initials_match(short, f.split())]
        else:
            continue
        if len(found) == 1:
            targets[key] = found[0]
    return targets


def _has_initial(key: str) -> bool:
    return any(len(word) == 1 for word in key.split())


def _initials_match(short: list[str], full: list[str]) -> bool:
    return len(short) == len(full) and all(
        s == f or (len(s) == 1 and f.startswith(s)) for s, f in zip(short, full, strict=True)
    )


@lru_cache(maxsize=1 << 16)
def _form_key(text: str, label: str) -> str:
    return entity_key(text, label)


def _make_entity(root: str, names: _Names, forms_of: Callable[[str], list[Counts]]) -> Entity:
    rows = [forms_of(k) for k in names.keys_of(root)]
    # The name: the gazetteer's French name when it knows the entity (one name whatever
    # language the corpus used), else the most frequent surface form that spells the full
    # key; a written-out form beats the canonical the nlp stage derived.
    full: Counter[str] = Counter()
    texts = set()
    for forms, _ in rows:
        for form, n in forms.items():
            label, text = form.split(_SEP, 1)
            texts.add(text)
            if _form_key(text, label) == root:
                full[text] += n
    if not full:
        for _, canonical in rows:
            full.update(canonical)
    name = gazetteer_name(root) or min(full, key=lambda s: (-full[s], -len(s), s))
    aliases = sorted(texts | {n for _, canonical in rows for n in canonical})
    kind = names.of(root).label()
    assert kind is not None
    return Entity(id=_entity_id(root), name=name, type=kind, aliases=aliases)


def _speaker_windows(speaker: str) -> list[list[str]]:
    """The runs of the speaker's words, longest first (the keys it is looked up under)."""
    words = variant_key(speaker).split()
    return [
        [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
        for size in range(len(words), 0, -1)
    ]


def _speaker_entity(quote: Quote, doc: Document, names: _Names, looked_up: set[str]) -> str | None:
    """The speaker's entity: a mention under the speaker span first, else the longest
    run of the speaker's words that names a known entity (persons preferred). The keys
    the words were looked up under go to ``looked_up``: a key that appears there later
    (or whose entity changes type) may change the answer."""
    if quote.speaker_start is not None and quote.speaker_end is not None:
        overlapping = [
            m
            for m in doc.entities
            if m.entity_id and m.start < quote.speaker_end and quote.speaker_start < m.end
        ]
        if overlapping:
            best = max(overlapping, key=lambda m: (m.label == PERSON, m.end - m.start, -m.start))
            return best.entity_id
    if not quote.speaker:
        return None
    for windows in _speaker_windows(quote.speaker):
        # A window may also be another rendering of a gazetteer name ("the United Nations").
        keys = [w if names.is_main(w) else gazetteer_key(w, person=False) for w in windows]
        looked_up.update(windows)
        looked_up.update(k for k in keys if k)
        found = [names.entity_id(k) for k in keys if k is not None and names.is_main(k)]
        if found:
            return min(found, key=lambda eid: (names.type_of(eid) != PERSON, eid))
    return None

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
than its scope's: the counts these decisions come from (labels and written forms per key,
the countries role evidence gives each holder) are kept in ``corpus.stage_state``; the new
documents' mentions are added to them, and the scope's documents are redone. Where the new
counts change what a stored document outside the scope depends on, that document is
redone too, with its event and story (``corpus.widen``): a key that now names another
entity (a lone surname a new full name makes ambiguous, a spelling that now wins a spacing
merge) redoes the documents naming it, from the state's list, and gives the whole entity
table (``scope.entities_full``: an entity may be gone); a quote speaker looked up under a
key that now names an entity, or role evidence whose holder's country is now known, redo
theirs. Only a state that is missing or does not cover the store means a full pass.
Entity ids hash the key alone, so a majority label that flips as mentions come in
changes a row, not the ids.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, ClassVar

from recoupe.check.names import entity_key, gazetteer_key, gazetteer_name, variant_key
from recoupe.check.roles import (
    Countries,
    RoleMention,
    RoleResolver,
    document_roles,
    known_countries,
    role_of_phrase,
)
from recoupe.model import Corpus, Document, Entity, Mention, Quote, stable_id
from recoupe.stage import CorpusStage

log = logging.getLogger(__name__)

PERSON = "PER"
STATE_VERSION = 1  # of the stage_state blob (_State)
_ROLE = None  # the key of a mention that is a role phrase: a title is no one's name


Counts = dict[str, int]
_SEP = "\x1f"  # between a written form's label and its text in the state's form counts


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


class _Names:
    """The corpus-wide naming decisions drawn from the label counts per key: which keys
    merge (spacing), which short person keys join a full name, each entity's id and type.

    Built from every key on each run (a few dict operations per key: no document is
    read); entity ids are hashed only for the entities a run hands out."""

    def __init__(self, labels: Mapping[str, Counts]) -> None:
        by_compact: dict[str, list[str]] = {}
        for key in labels:
            compact = key.replace(" ", "")
            if (same := by_compact.get(compact)) is None:
                by_compact[compact] = [key]
            else:
                same.append(key)
        self.main_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}  # main key -> the keys merged into it
        self.label: dict[str, str] = {}  # main key -> majority label of its mentions
        for keys in by_compact.values():
            if len(keys) == 1:
                main = keys[0]
                self.label[main] = _label(labels[main])
            else:
                main = _spacing_main(keys)
                merged: Counter[str] = Counter()
                for k in keys:
                    merged.update(labels[k])
                self.label[main] = _label(merged)
            self.members[main] = keys
            for k in keys:
                self.main_of[k] = main
        self.target = _surname_targets(self.label)
        self.root_of_id: dict[str, str] = {}  # every entity id handed out -> its root key
        self._ids: dict[str, str] = {}
        self._joined: dict[str, list[str]] | None = None

    def root(self, key: str) -> str:
        main = self.main_of[key]
        return self.target.get(main, main)

    def roots(self) -> list[str]:
        return sorted(m for m in self.members if m not in self.target)

    def is_main(self, key: str) -> bool:
        """Whether ``key`` names an entity in lookups (a key merged into another does not)."""
        return self.main_of.get(key) == key

    def entity_id(self, key: str) -> str:
        root = self.root(key)
        if (eid := self._ids.get(root)) is None:
            eid = self._ids[root] = _entity_id(root)
            self.root_of_id[eid] = root
        return eid

    def type_of(self, entity_id: str) -> str:
        return self.label[self.root_of_id[entity_id]]

    def keys_of(self, root: str) -> list[str]:
        """Every key whose mentions make up the entity of ``root``."""
        if self._joined is None:
            self._joined = defaultdict(list)
            for short, full in self.target.items():
                self._joined[full].append(short)
        mains = [root, *sorted(self._joined.get(root, ()))]
        return [k for m in mains for k in self.members[m]]


def _entity_id(root: str) -> str:
    # The key alone (no label, unlike the first scheme): two groups with one key are one
    # group whatever their labels, and a label that flips as mentions come in (a name seen
    # once as PER then once as ORG) must not renumber the entity in every document.
    return stable_id(root, prefix="en-")


def _spacing_main(keys: list[str]) -> str:
    """Keys that differ only by spaces are one name ("xi jin ping" / "xi jinping"); the
    key with the most words wins so that its words still reach lone surnames."""
    return min(keys, key=lambda k: (-k.count(" "), k))


class _Before:
    """The last run's naming decisions, told from this run's (``names``) and what this run
    counted (``state.before``): a class of keys no new mention reached merges as it did,
    and its short keys had the targets the last run saved; a class one reached is decided
    again from its counts before this run."""

    def __init__(self, names: _Names, state: _State) -> None:
        self._names = names
        self._targets = state.targets
        self._new = {k for k, counts in state.before.items() if not counts}
        self.main_of: dict[str, str] = {}  # key of a reached class -> its main then
        self._label: dict[str, str] = {}  # main then of a reached class -> its label then
        self._reached: set[str] = set()  # mains now of the reached classes
        for key in state.before:
            main = names.main_of[key]
            if main in self._reached:
                continue
            self._reached.add(main)
            counts = {k: state.before.get(k, state.labels[k]) for k in names.members[main]}
            members = [k for k, c in counts.items() if c]
            if not members:
                continue  # a name no stored document had
            was = _spacing_main(members)
            merged: Counter[str] = Counter()
            for k in members:
                merged.update(counts[k])
            self._label[was] = _label(merged)
            for k in members:
                self.main_of[k] = was

    def root(self, key: str) -> str:
        main = self.main_of.get(key) or self._names.main_of[key]
        return self._targets.get(main, main)

    def is_main(self, key: str) -> bool:
        if key in self.main_of:
            return self.main_of[key] == key
        return key not in self._new and self._names.is_main(key)

    def label(self, root: str) -> str | None:
        """The label then of the entity of ``root`` (None when it was not an entity's)."""
        if self._names.main_of.get(root) in self._reached:
            return self._label.get(root)
        return self._names.label.get(root)

    def moved(self) -> list[str]:
        """The keys stored documents hold whose entity is now another."""
        names = self._names
        moved = [k for k in self.main_of if names.root(k) != self.root(k)]
        # Elsewhere only a short key's target can have changed.
        for short in self._targets.keys() | names.target.keys():
            unreached = names.main_of.get(short) == short and short not in self._reached
            if unreached and self._targets.get(short) != names.target.get(short):
                moved.extend(names.members[short])
        return sorted(set(moved))


class _State:
    """What the stage keeps between runs (``Corpus.stage_state``): the counts per key and
    the documents naming it, and per document what its resolutions depend on beyond its
    own text, so that a run adding documents reads only the documents they reach.

    Plain JSON (``json.loads`` builds the dicts, no loop per key), zlib."""

    def __init__(self) -> None:
        self.ids: set[str] = set()  # every document id the counts cover
        self.labels: dict[str, Counts] = {}  # key -> label -> mentions
        # key -> JSON of [{"label\x1ftext": mentions}, {canonical (else text): mentions},
        # [ids of the documents naming it]]: what an entity's name and aliases are chosen
        # from, and who to redo when the key changes entity. Decoded only for the keys a
        # run looks at (a JSON string loads at copy speed; nested dicts do not).
        self.rows: dict[str, str] = {}
        self._open: dict[str, tuple[Counts, Counts, list[str]]] = {}
        self._counted: set[str] = set()  # keys whose row changed: encoded again on saving
        # The short person keys the last run joined to a full name (_Names.target), and
        # the label counts of the keys this run counted before it counted them ({} for a
        # new key): with them the last run's decisions need no second pass over every key.
        self.targets: dict[str, str] = {}
        self.before: dict[str, Counts] = {}
        self.remember = False  # whether count() keeps ``before`` (a partial run only)
        # doc id -> [keys its quote speakers were looked up under, [entity, office] of its
        # role evidence without a country, [entity, office, country] of that with one]:
        # a new key or a new country there redoes it; the last make ``countries``.
        self.docs: dict[str, list[list[Any]]] = {}

    def count(self, doc: Document, keys: list[str | None]) -> list[str]:
        """Add ``doc``'s mentions; returns the keys it added to."""
        added: list[str] = []
        for m, key in zip(doc.entities, keys, strict=True):
            if key:
                forms, names, docs = self.row(key)
                if self.remember and key not in self.before:
                    self.before[key] = dict(self.labels.get(key, {}))
                for counts, item in (
                    (self.labels.setdefault(key, {}), m.label),
                    (forms, f"{m.label}{_SEP}{m.text}"),
                    (names, m.canonical or m.text),
                ):
                    counts[item] = counts.get(item, 0) + 1
                if key not in added:
                    docs.append(doc.id)
                    added.append(key)
        self._counted.update(added)
        return added

    def row(self, key: str) -> tuple[Counts, Counts, list[str]]:
        """The written forms ("label\x1ftext") and names of ``key``'s mentions, counted,
        and the documents that hold them."""
        if (row := self._open.get(key)) is None:
            raw = self.rows.get(key)
            forms, names, docs = json.loads(raw) if raw else ({}, {}, [])
            row = self._open[key] = (forms, names, docs)
        return row

    def countries(self, fresh: Mapping[str, list[RoleMention]] | None = None) -> Countries:
        """(person entity, office) -> the countries role evidence gives (see check.roles),
        from the documents' records, those of ``fresh`` replaced by the evidence given."""
        fresh = fresh or {}
        countries: Countries = {}
        for doc_id, (_, _, with_country) in self.docs.items():
            if doc_id not in fresh:
                for e, o, c in with_country:
                    countries.setdefault((e, o), set()).add(c)
        return known_countries((e for roles in fresh.values() for e in roles), countries)

    def to_bytes(self) -> bytes:
        for key in self._counted:
            self.rows[key] = json.dumps(self._open[key], ensure_ascii=False)
        self._counted.clear()
        data = {
            "v": STATE_VERSION,
            "ids": sorted(self.ids),
            "labels": self.labels,
            "targets": self.targets,
            "docs": self.docs,
        }
        # The rows as "key\tJSON" lines after the JSON header: a key is letters, digits and
        # single spaces (check.names), and a JSON string nested in JSON would be escaped
        # again (measured on 154k keys: 0.06 s to join instead of 0.40 s to encode).
        # Level 1: the blob is written on every run; level 6 took 3x the time for ~10% less.
        header = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        rows = "\n".join(f"{k}\t{row}" for k, row in self.rows.items())
        return zlib.compress(f"{header}\n{rows}".encode(), 1)

    @classmethod
    def from_bytes(cls, blob: bytes | None) -> _State | None:
        if not blob:
            return None
        try:
            header, _, rows = zlib.decompress(blob).decode().partition("\n")
            data: dict[str, Any] = json.loads(header)
        except (zlib.error, ValueError):
            return None
        if not isinstance(data, dict) or data.get("v") != STATE_VERSION:
            return None
        state = cls()
        state.ids = set(data["ids"])
        state.labels, state.targets, state.docs = data["labels"], data["targets"], data["docs"]
        state.rows = dict(line.split("\t", 1) for line in rows.split("\n")) if rows else {}
        return state


class _Fallback(Exception):
    """The saved state cannot tell what the new documents change."""


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
        state = _State()
        state.ids = {d.id for d in docs}
        keys_of = {d.id: _mention_keys(d) for d in docs}
        for doc in docs:
            state.count(doc, keys_of[doc.id])
        names = _Names(state.labels)
        evidence = {}
        for doc in docs:
            _assign_mentions(doc, keys_of[doc.id], names)
            evidence[doc.id] = document_roles(doc)[0]
        countries = state.countries(evidence)
        resolver = RoleResolver(corpus, lambda d: evidence.get(d, []), countries)
        for doc in docs:
            state.docs.pop(doc.id, None)
            if record := _resolve_roles_quotes(doc, keys_of[doc.id], names, resolver, evidence):
                state.docs[doc.id] = record
        entities = [_make_entity(r, names, state) for r in names.roots()]
        corpus.entities = sorted(entities, key=lambda e: e.id)
        state.targets = names.target
        corpus.stage_state[self.name] = state.to_bytes()
        log.debug("entities: %d from %d keys", len(corpus.entities), len(state.labels))

    # ------------------------------------------------------------------ adding documents
    def _run_partial(self, corpus: Corpus) -> None:
        state = _State.from_bytes(corpus.stage_state.get(self.name))
        if state is None:
            raise _Fallback("no saved state of this version")
        # The counts must cover exactly the analysed documents stored before this run (a
        # store's lazy corpus lists no split container; an in-memory one may: then the
        # check fails, and a full pass is right).
        present = set(corpus.documents)
        new_ids = corpus.new_ids & present
        if state.ids & new_ids or not state.ids <= present or present - state.ids - new_ids:
            raise _Fallback("the saved state does not cover the stored documents")
        new_docs = [d for i in sorted(new_ids) if not (d := corpus.documents[i]).is_container]
        keys_of = {d.id: _mention_keys(d) for d in new_docs}

        old_countries = state.countries()
        state.remember = True
        touched = {k for d in new_docs for k in state.count(d, keys_of[d.id])}
        names = _Names(state.labels)
        old = _Before(names, state)
        # Keys the new counts give another entity (a lone surname a new full name makes
        # ambiguous, a spelling that now wins a spacing merge): every document naming one
        # is redone, and the entity table is given whole (an entity may be gone).
        moved = old.moved()
        redo = {d.id for d in new_docs}
        for key in moved:
            redo.update(state.row(key)[2])
        if moved:
            log.debug("entities: %d key(s) name another entity, e.g. %r", len(moved), moved[0])
        # Quote speakers looked up under a key that now names an entity, or another one,
        # or one of another type (persons are preferred), are redone.
        changed_keys = set(moved)
        for key in touched:
            if not old.is_main(main := names.main_of[key]):
                changed_keys.add(main)  # a new name
            if (was := old.main_of.get(key)) is not None and not names.is_main(was):
                changed_keys.add(was)  # merged into a new spelling
        touched_roots = {names.root(k) for k in touched}
        for root in touched_roots:
            if old.label(root) not in (None, names.label[root]):
                changed_keys.update(names.keys_of(root))
        # Role evidence: the redone documents' evidence is read again (its holders may have
        # changed); a holder whose known countries changed redoes every document with
        # evidence of him without a country, with its events and stories.
        evidence: dict[str, list[RoleMention]] = {}
        for doc_id in sorted(redo):
            doc = corpus.documents[doc_id]
            keys_of.setdefault(doc_id, _mention_keys(doc))
            evidence[doc_id] = document_roles(doc, _entity_of(doc, keys_of[doc_id], names))[0]
        countries = state.countries(evidence)
        changed_pairs = {
            p for p in old_countries.keys() | countries.keys()
            if old_countries.get(p) != countries.get(p)
        }  # fmt: skip
        if changed_keys or changed_pairs:
            for doc_id, (looked_up, pairs, _) in state.docs.items():
                if changed_keys.intersection(looked_up) or any(
                    (e, o) in changed_pairs for e, o in pairs
                ):
                    redo.add(doc_id)
        corpus.widen(redo)

        docs = corpus.in_scope()
        for doc in docs:
            if doc.id not in keys_of:
                keys_of[doc.id] = _mention_keys(doc)
            _assign_mentions(doc, keys_of[doc.id], names)

        def evidence_of(doc_id: str) -> list[RoleMention]:
            # A document of a scope document's event or story, read for its role evidence
            # only: its entity ids are computed, not written (it is not redone).
            if doc_id not in evidence:
                evidence[doc_id] = []
                if doc_id in corpus.documents and not (d := corpus.documents[doc_id]).is_container:
                    keys = keys_of.get(doc_id) or _mention_keys(d)
                    evidence[doc_id] = document_roles(d, _entity_of(d, keys, names))[0]
            return evidence[doc_id]

        for doc in docs:  # its evidence goes to the state (see _State.docs)
            evidence_of(doc.id)
        resolver = RoleResolver(corpus, evidence_of, countries, [d.id for d in docs])
        for doc in docs:
            state.docs.pop(doc.id, None)
            if record := _resolve_roles_quotes(doc, keys_of[doc.id], names, resolver, evidence):
                state.docs[doc.id] = record
        state.ids |= {d.id for d in new_docs}
        state.targets = names.target

        if moved:
            wanted = set(names.roots())
            corpus.scope.entities_full = True
        else:
            wanted = touched_roots | {
                names.root_of_id[i]
                for d in docs
                for i in [*(m.entity_id for m in d.entities), *(q.entity_id for q in d.quotes)]
                if i is not None
            }
        corpus.entities = sorted(
            (_make_entity(r, names, state) for r in wanted), key=lambda e: e.id
        )
        corpus.stage_state[self.name] = state.to_bytes()
        log.debug(
            "entities: %d new document(s), %d redone, %d entity row(s)",
            len(new_docs),
            len(docs),
            len(corpus.entities),
        )


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
) -> list[list[Any]] | None:
    """Role mentions and quote speakers of ``doc`` (its other mentions already carry their
    entities); returns what they depend on beyond the document (see _State.docs)."""
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
    with_country = sorted(
        {(e.entity_id, e.office, e.country) for e in evidence.get(doc.id, []) if e.country}
    )
    if not looked_up and not pairs and not with_country:
        return None
    return [sorted(looked_up), [list(p) for p in sorted(pairs)], [list(t) for t in with_country]]


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


def _make_entity(root: str, names: _Names, state: _State) -> Entity:
    rows = [state.row(k) for k in names.keys_of(root)]
    # The name: the gazetteer's French name when it knows the entity (one name whatever
    # language the corpus used), else the most frequent surface form that spells the full
    # key; a written-out form beats the canonical the nlp stage derived.
    full: Counter[str] = Counter()
    texts = set()
    for forms, _, _ in rows:
        for form, n in forms.items():
            label, text = form.split(_SEP, 1)
            texts.add(text)
            if _form_key(text, label) == root:
                full[text] += n
    if not full:
        for _, canonical, _ in rows:
            full.update(canonical)
    name = gazetteer_name(root) or min(full, key=lambda s: (-full[s], -len(s), s))
    aliases = sorted(texts | {n for _, canonical, _ in rows for n in canonical})
    return Entity(id=_entity_id(root), name=name, type=names.label[root], aliases=aliases)


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
    words = variant_key(quote.speaker).split()
    for size in range(len(words), 0, -1):
        windows = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
        # A window may also be another rendering of a gazetteer name ("the United Nations").
        keys = [w if names.is_main(w) else gazetteer_key(w, person=False) for w in windows]
        looked_up.update(windows)
        looked_up.update(k for k in keys if k)
        found = [names.entity_id(k) for k in keys if k is not None and names.is_main(k)]
        if found:
            return min(found, key=lambda eid: (names.type_of(eid) != PERSON, eid))
    return None

"""Corpus-level canonical entities from the documents' mentions.

Mentions are grouped by a key (canonical name casefolded, accents stripped, hyphens and
spaces unified, transliteration spellings folded: check.names.variant_key), so "Kim
Jong-un", "Kim Jong Un" and "KIM JONG-UN" are one entity, and so are "Zelensky" and
"Zelenskyy", "Tchernihiv" and "Chernihiv"; keys equal but for spaces ("Xi Jinping", "Xi
Jin-ping") merge too. A
person named by a single word ("Poutine") joins the one full name containing that word
in the corpus ("Vladimir Poutine"), and so does a name with initials ("V. Poutine"); when
two full names fit, it stays apart (we do not guess). Places and organisations known
under several languages' names (Pékin/Beijing, ONU/UN) share the gazetteer's key and take
its French name (check.names.entity_key). Mentions and quote speakers get ``entity_id``;
those that are role phrases ("le chef du Kremlin", "the Chinese leader") get the entity
of the person the corpus names in that role (check.roles), or none.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from recoupe.check.names import entity_key, gazetteer_key, gazetteer_name, variant_key
from recoupe.check.roles import RoleResolver, role_of_phrase
from recoupe.model import Corpus, Document, Entity, Mention, Quote, stable_id
from recoupe.stage import CorpusStage

log = logging.getLogger(__name__)

PERSON = "PER"


@dataclass
class _Group:
    labels: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def label(self) -> str:
        return min(self.labels, key=lambda lab: (-self.labels[lab], lab))


class EntityStage(CorpusStage):
    name: ClassVar[str] = "check.entities"
    requires: ClassVar[frozenset[str]] = frozenset({"entities"})

    def run(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        groups: dict[str, _Group] = defaultdict(_Group)
        roles: list[tuple[Document, Mention]] = []  # mentions that are role phrases
        for doc in docs:
            for mention in doc.entities:
                key = entity_key(mention.canonical or mention.text, mention.label)
                mention.entity_id = None
                if role_of_phrase(mention.text, doc.meta.language) is not None:
                    roles.append((doc, mention))  # a title is no one's name
                elif key:
                    groups[key].labels[mention.label] += 1
                    groups[key].mentions.append(mention)
        groups = _merge_spacing(groups)
        target = _surname_targets(groups)

        entities: dict[str, Entity] = {}
        id_of_key: dict[str, str] = {}
        for key in sorted(groups):
            if key in target:
                continue
            merged = [key, *sorted(k for k, t in target.items() if t == key)]
            entity = _make_entity(key, groups[key].label, [groups[k] for k in merged])
            entities[entity.id] = entity
            for k in merged:
                id_of_key[k] = entity.id
        for key, group in groups.items():
            for mention in group.mentions:
                mention.entity_id = id_of_key[key]
        labels = {eid: e.type for eid, e in entities.items()}
        resolver = RoleResolver(corpus)
        for doc, mention in roles:
            found = resolver.phrase_role(mention.text, doc.meta.language, doc.id)
            mention.entity_id = found.entity_id if found else None
        for doc in docs:
            for quote in doc.quotes:
                # A role speaker is its holder's quote; unresolved, it keeps what its words
                # name ("le porte-parole du Kremlin" speaks for the Kremlin).
                role = quote.speaker and resolver.phrase_role(
                    quote.speaker, doc.meta.language, doc.id
                )
                quote.entity_id = (role and role.entity_id) or _speaker_entity(
                    quote, doc, id_of_key, labels
                )
        corpus.entities = [entities[i] for i in sorted(entities)]
        log.debug("entities: %d from %d keys", len(entities), len(groups))


def _merge_spacing(groups: dict[str, _Group]) -> dict[str, _Group]:
    """Keys that differ only by spaces are one name ("xi jin ping" / "xi jinping"); the
    key with the most words wins so that its words still reach lone surnames."""
    by_compact: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        by_compact[key.replace(" ", "")].append(key)
    merged: dict[str, _Group] = defaultdict(_Group)
    for keys in by_compact.values():
        main = min(keys, key=lambda k: (-k.count(" "), k))
        for k in keys:
            merged[main].labels.update(groups[k].labels)
            merged[main].mentions.extend(groups[k].mentions)
    return merged


def _surname_targets(groups: dict[str, _Group]) -> dict[str, str]:
    """Short person keys -> the unique full person key they stand for: a lone surname
    ("poutine" -> "vladimir poutine") or a name with initials ("v poutine")."""
    persons = [k for k, g in groups.items() if g.label == PERSON]
    full = [k for k in persons if " " in k and not _has_initial(k)]
    by_word: dict[str, list[str]] = defaultdict(list)
    for key in full:
        for word in set(key.split()):
            by_word[word].append(key)
    targets = {}
    for key in persons:
        if " " not in key:
            found = by_word.get(key, [])
        elif _has_initial(key):
            found = [f for f in full if _initials_match(key.split(), f.split())]
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


def _make_entity(key: str, label: str, groups: list[_Group]) -> Entity:
    mentions = [m for g in groups for m in g.mentions]
    # The name: the gazetteer's French name when it knows the entity (one name whatever
    # language the corpus used), else the most frequent surface form that spells the full
    # key; a written-out form beats the canonical the nlp stage derived.
    full = Counter(m.text for m in mentions if entity_key(m.text, m.label) == key)
    if not full:
        full = Counter(m.canonical or m.text for m in mentions)
    name = gazetteer_name(key) or min(full, key=lambda s: (-full[s], -len(s), s))
    aliases = sorted({m.text for m in mentions} | {m.canonical for m in mentions if m.canonical})
    return Entity(id=stable_id(label, key, prefix="en-"), name=name, type=label, aliases=aliases)


def _speaker_entity(
    quote: Quote, doc: Document, id_of_key: dict[str, str], labels: dict[str, str]
) -> str | None:
    """The speaker's entity: a mention under the speaker span first, else the longest
    run of the speaker's words that names a known entity (persons preferred)."""
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
        keys = [w if w in id_of_key else gazetteer_key(w, person=False) for w in windows]
        found = [id_of_key[k] for k in keys if k in id_of_key]
        if found:
            return min(found, key=lambda eid: (labels[eid] != PERSON, eid))
    return None

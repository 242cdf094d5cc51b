"""The entity stage adding documents to a stored corpus: it reads only the documents the
new ones reach, and gives what a full run over the whole corpus gives."""

from __future__ import annotations

import copy
import json
import zlib

from recoupe.check.entities import EntityStage
from recoupe.check.names import entity_key
from recoupe.model import (
    Corpus,
    Document,
    DocumentInfo,
    Documents,
    Entity,
    Event,
    Mention,
    Meta,
    Quote,
    Scope,
    Story,
)

Links = tuple[list[str | None], list[str | None]]


def doc(did: str, text: str, names: list[tuple[str, str]], speakers: list[str] = ()) -> Document:  # type: ignore[assignment]
    """A document whose (name, label) mentions and quote speakers are found in its text,
    as the nlp and quote stages would mark them."""
    mentions, at = [], 0
    for name, label in names:
        start = text.index(name, at)
        mentions.append(Mention(start, start + len(name), name, label, canonical=name))
        at = start + 1
    quotes = []
    for i, speaker in enumerate(speakers):
        start = text.index(speaker)
        quotes.append(
            Quote(
                f"q-{did}-{i}",
                0,
                5,
                "…",
                True,
                speaker=speaker,
                speaker_start=start,
                speaker_end=start + len(speaker),
            )
        )
    return Document(
        id=did, source=did, raw=text, format="txt", text=text, meta=Meta(language="fr"),
        entities=mentions, quotes=quotes,
    )  # fmt: skip


def grouping(docs: list[Document], stories: list[list[str]]) -> tuple[list[Event], list[Story]]:
    """One event per document, the events of each list of ids a story."""
    events = [Event(f"e-{d.id}", d.id, None, [d.id]) for d in docs]
    story_list = []
    for n, ids in enumerate(stories):
        story_list.append(Story(f"s{n}", f"s{n}", [f"e-{i}" for i in ids]))
        for e in events:
            if e.document_ids[0] in ids:
                e.story_id = f"s{n}"
    return events, story_list


def links(d: Document) -> Links:
    return [m.entity_id for m in d.entities], [q.entity_id for q in d.quotes]


def full_run(docs: list[Document], stories: list[list[str]]) -> Corpus:
    corpus = Corpus(documents={d.id: copy.deepcopy(d) for d in docs})
    corpus.events, corpus.stories = grouping(docs, stories)
    EntityStage().run(corpus)
    return corpus


class Store:
    """The documents and entity rows a store holds after a full run over ``docs``."""

    def __init__(self, docs: list[Document], stories: list[list[str]]) -> None:
        first = full_run(docs, [[i for i in s if i in {d.id for d in docs}] for s in stories])
        self.docs = dict(first.documents)
        self.entities = {e.id: e for e in first.entities}
        self.state = dict(first.stage_state)
        self.decoded: list[str] = []

    def add(self, new: Document, stories: list[list[str]]) -> Corpus:
        """A partial run that adds ``new``: the scope is its story, as stories.events sets
        it; the documents decode lazily and every decoding is recorded."""
        self.docs[new.id] = copy.deepcopy(new)

        def load(ids: list[str]) -> dict[str, Document]:
            self.decoded.extend(ids)
            return {i: copy.deepcopy(self.docs[i]) for i in ids}

        info = {i: DocumentInfo(d.meta.language, d.meta.published) for i, d in self.docs.items()}
        corpus = Corpus(documents=Documents(info, load), new_ids={new.id})
        corpus.events, corpus.stories = grouping(list(self.docs.values()), stories)
        corpus.stage_state = dict(self.state)
        story = next(s for s in corpus.stories if f"e-{new.id}" in s.event_ids)
        members = {e.document_ids[0] for e in corpus.events if e.story_id == story.id}
        corpus.scope = Scope(
            full=False, events={f"e-{i}" for i in members}, stories={story.id}, documents=members
        )
        EntityStage().run(corpus)
        return corpus


def rows(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


# Story 0 and 1 are stored; "n" (story 2) is added. Names, a role, a quote by a role.
STORED = [
    doc(
        "a",
        "Le président français Paul Ferrand a reçu Marie Lebrun à Lyon. « Nous avançons », "
        "a dit le chef de l'État.",
        [("Paul Ferrand", "PER"), ("Marie Lebrun", "PER"), ("Lyon", "LOC")],
        ["le chef de l'État"],
    ),
    doc(
        "b",
        "Ferrand a salué le travail de Lebrun devant la Croix-Rouge.",
        [("Ferrand", "PER"), ("Lebrun", "PER"), ("Croix-Rouge", "ORG")],
    ),
    doc(
        "c",
        "À Grenoble, Hugo Vasseur dirige la Croix Rouge. « Rien ne change », a dit Hugo Vasseur.",
        [
            ("Grenoble", "LOC"),
            ("Hugo Vasseur", "PER"),
            ("Croix Rouge", "ORG"),
            ("Hugo Vasseur", "PER"),
        ],
        ["Hugo Vasseur"],
    ),
]
STORIES = [["a", "b"], ["c"], ["n"]]


def test_an_added_document_redoes_its_story_only_and_gives_what_a_full_run_gives() -> None:
    new = doc(
        "n",
        "Marie Lebrun était à Lyon avec Ferrand et la Croix-Rouge. « Tout va bien », a "
        "déclaré Lebrun.",
        [("Marie Lebrun", "PER"), ("Lyon", "LOC"), ("Ferrand", "PER"), ("Croix-Rouge", "ORG")],
        ["Lebrun"],
    )
    store = Store(STORED, STORIES)
    partial = store.add(new, STORIES)
    full = full_run([*STORED, new], STORIES)

    assert not partial.scope.entities_full
    assert partial.scope.documents == {"n"}
    assert store.decoded == ["n"]  # the stored documents were not read
    got = partial.documents["n"]
    assert links(got) == links(full.documents["n"])
    # "Lebrun" and "Ferrand" are the stored full names' entities.
    lebrun = next(e for e in full.entities if e.name == "Marie Lebrun")
    assert got.entities[2].entity_id == next(
        e.id for e in full.entities if e.name == "Paul Ferrand"
    )
    assert got.quotes[0].entity_id == lebrun.id
    # Every row it gives is the full run's, and with the stored rows they make the table.
    want = rows(full.entities)
    assert all(want[e.id] == e for e in partial.entities)
    assert {e.name for e in partial.entities} == {
        "Marie Lebrun", "Lyon", "Paul Ferrand", "Croix-Rouge"
    }  # fmt: skip
    assert {**store.entities, **rows(partial.entities)} == want


def test_a_name_that_makes_a_stored_lone_surname_ambiguous_redoes_the_documents_naming_it() -> None:
    new = doc("n", "Julie Ferrand a ouvert le débat.", [("Julie Ferrand", "PER")])
    store = Store(STORED, STORIES)
    paul = next(e.id for e in store.entities.values() if e.name == "Paul Ferrand")
    assert store.docs["b"].entities[0].entity_id == paul
    partial = store.add(new, STORIES)
    full = full_run([*STORED, new], STORIES)

    # "Ferrand" in "b" is no longer Paul Ferrand: "b" is redone with its story (the later
    # stages redo them too), and the table is given whole (the stored rows may hold an
    # entity that is gone); "c" names no Ferrand and is not even read.
    assert partial.scope.entities_full
    assert rows(partial.entities) == rows(full.entities)
    lone = next(e.id for e in full.entities if e.name == "Ferrand")
    assert partial.documents["b"].entities[0].entity_id == lone
    assert partial.scope.documents == {"a", "b", "n"}
    assert "c" not in store.decoded
    for doc_id in ("a", "b", "n"):
        assert links(partial.documents[doc_id]) == links(full.documents[doc_id])
    assert links(store.docs["c"]) == links(full.documents["c"])


def test_a_new_key_a_stored_speaker_was_looked_up_under_redoes_that_story_only() -> None:
    stored = [
        *STORED,
        doc(
            "d", "« Il faut agir », a dit un porte-parole d'Oxfam.", [], ["un porte-parole d'Oxfam"]
        ),
    ]
    stories = [["a", "b"], ["c"], ["d"], ["n"]]
    new = doc("n", "Oxfam publie son rapport.", [("Oxfam", "ORG")])
    store = Store(stored, stories)
    assert store.docs["d"].quotes[0].entity_id is None  # no entity named Oxfam yet
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    assert not partial.scope.entities_full
    assert partial.scope.documents == {"d", "n"}
    assert sorted(set(store.decoded)) == ["d", "n"]
    oxfam = next(e.id for e in full.entities if e.name == "Oxfam")
    assert partial.documents["d"].quotes[0].entity_id == oxfam
    assert links(partial.documents["d"]) == links(full.documents["d"])


def test_a_country_a_new_document_gives_a_stored_holder_redoes_the_stories_naming_him() -> None:
    # "le président Paul Ferrand" says no country: "le président français" in the same
    # story is Ferrand only once some document calls him "le président français".
    stored = [
        doc(
            "a",
            "Le président Paul Ferrand a parlé. « Nous tiendrons », a dit le président français.",
            [("Paul Ferrand", "PER")],
            ["le président français"],
        ),
        doc("c", "Hugo Vasseur est à Grenoble.", [("Hugo Vasseur", "PER"), ("Grenoble", "LOC")]),
    ]
    stories = [["a"], ["c"], ["n"]]
    new = doc(
        "n",
        "Le président français Paul Ferrand est arrivé.",
        [("Paul Ferrand", "PER")],
    )
    store = Store(stored, stories)
    assert store.docs["a"].quotes[0].entity_id is None
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    ferrand = next(e.id for e in full.entities if e.name == "Paul Ferrand")
    assert full.documents["a"].quotes[0].entity_id == ferrand
    assert not partial.scope.entities_full
    assert partial.scope.documents == {"a", "n"}
    assert "c" not in store.decoded
    assert links(partial.documents["a"]) == links(full.documents["a"])


def test_a_label_that_flips_keeps_the_entity_id_and_rewrites_its_row() -> None:
    stored = [doc("a", "Orion a signé.", [("Orion", "ORG")]), doc("c", "Lyon.", [("Lyon", "LOC")])]
    stories = [["a"], ["c"], ["n"]]
    new = doc("n", "Orion et Orion encore.", [("Orion", "PER"), ("Orion", "PER")])
    store = Store(stored, stories)
    before = next(e for e in store.entities.values() if e.name == "Orion")
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    after = rows(partial.entities)[before.id]
    assert (before.type, after.type) == ("ORG", "PER")
    assert after == rows(full.entities)[before.id]
    assert not partial.scope.entities_full and store.decoded == ["n"]


def test_a_state_that_does_not_cover_the_store_means_a_full_pass() -> None:
    store = Store(STORED[:2], STORIES)  # "c" was stored later, without this stage's state
    store.docs["c"] = copy.deepcopy(STORED[2])
    new = doc("n", "Lyon.", [("Lyon", "LOC")])
    partial = store.add(new, STORIES)
    full = full_run([*STORED, new], STORIES)

    assert partial.scope.entities_full
    assert rows(partial.entities) == rows(full.entities)
    assert links(partial.documents["c"]) == links(full.documents["c"])
    assert "c" in partial.scope.documents


def test_a_spelling_that_wins_a_spacing_merge_redoes_the_documents_of_the_old_one() -> None:
    stored = [
        doc("a", "Wen Jiabao est arrivé.", [("Wen Jiabao", "PER")]),
        doc("c", "Hugo Vasseur est à Grenoble.", [("Hugo Vasseur", "PER"), ("Grenoble", "LOC")]),
    ]
    stories = [["a"], ["c"], ["n"]]
    new = doc("n", "Wen Jia Bao est reparti.", [("Wen Jia Bao", "PER")])
    store = Store(stored, stories)
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    # "wen jia bao" has more words: it names the merged entity now, so "a" is redone.
    assert partial.documents["a"].entities[0].entity_id == full.documents["n"].entities[0].entity_id
    assert partial.scope.entities_full and rows(partial.entities) == rows(full.entities)
    assert partial.scope.documents == {"a", "n"} and "c" not in store.decoded


def test_the_state_is_versioned_json() -> None:
    state = Store(STORED, STORIES).state["check.entities"]
    header, _, rows = zlib.decompress(state).decode().partition("\n")
    data = json.loads(header)
    assert data["v"] == 1
    assert sorted(data["ids"]) == ["a", "b", "c"]
    vasseur = entity_key("Hugo Vasseur", "PER")
    assert data["labels"][vasseur] == {"PER": 2}
    assert f"{vasseur}\t" in rows  # its written forms and documents, one line a key

"""The entity stage adding documents to a stored corpus: it reads only the documents the
new ones reach, and gives what a full run over the whole corpus gives."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping

from recoupe.check.entities import EntityStage
from recoupe.check.names import entity_key
from recoupe.model import (
    Corpus,
    Document,
    DocumentInfo,
    Documents,
    Entity,
    Event,
    MemoryRows,
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
        self.row_tables = first.row_tables  # the stage's rows, as a store keeps them
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
        corpus.row_tables = self.row_tables
        story = next(s for s in corpus.stories if f"e-{new.id}" in s.event_ids)
        members = {e.document_ids[0] for e in corpus.events if e.story_id == story.id}
        corpus.scope = Scope(
            full=False, events={f"e-{i}" for i in members}, stories={story.id}, documents=members
        )
        EntityStage().run(corpus)
        return corpus


def rows(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


def saved(store: Store, partial: Corpus) -> dict[str, Entity]:
    """The entity table once the store saved ``partial``: the rows it gives upserted and
    those gone deleted (the whole table replaced only after a full pass)."""
    if partial.scope.entities_full:
        return rows(partial.entities)
    kept = {i: e for i, e in store.entities.items() if i not in partial.scope.entities_gone}
    return {**kept, **rows(partial.entities)}


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
    # stages redo them too), Paul Ferrand's row loses the alias and a lone "Ferrand" is an
    # entity; the rest of the table is left as stored; "c" names no Ferrand and is not
    # even read.
    assert not partial.scope.entities_full and not partial.scope.entities_gone
    assert saved(store, partial) == rows(full.entities)
    assert "Ferrand" not in rows(partial.entities)[paul].aliases
    assert {e.name for e in partial.entities} >= {"Ferrand", "Julie Ferrand", "Paul Ferrand"}
    assert "Grenoble" not in {e.name for e in partial.entities}
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
    assert saved(store, partial) == rows(full.entities)
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
    assert saved(store, partial) == rows(full.entities)
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
    assert saved(store, partial) == rows(full.entities)
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

    # "wen jia bao" has more words: it names the merged entity now, so "a" is redone, and
    # the entity "wen jiabao" named is deleted from the table.
    was = store.docs["a"].entities[0].entity_id
    assert partial.documents["a"].entities[0].entity_id == full.documents["n"].entities[0].entity_id
    assert not partial.scope.entities_full and partial.scope.entities_gone == {was}
    assert saved(store, partial) == rows(full.entities)
    assert partial.scope.documents == {"a", "n"} and "c" not in store.decoded


def test_the_state_is_versioned_json_rows() -> None:
    store = Store(STORED, STORIES)
    assert json.loads(store.state["check.entities"]) == {"v": 2}
    table = store.row_tables["check.entities"]
    vasseur = entity_key("Hugo Vasseur", "PER")  # keys are folded: "hugo vaseur"
    paul, lone = entity_key("Paul Ferrand", "PER"), entity_key("Ferrand", "PER")
    holder = "r:" + entity_id_of(store, "Paul Ferrand") + "\x1fhead_of_state"
    got = {k: json.loads(v) for k, v in table.get([
        f"c:{vasseur.replace(' ', '')}", f"c:{lone}", f"n:{vasseur}", "d:a", "d:b", "d:c",
        f"w:{lone}", holder,
    ]).items()}  # fmt: skip
    labels, target, joined = got[f"c:{vasseur.replace(' ', '')}"]
    assert labels == {vasseur: {"PER": 2}} and target is None and joined == []
    assert got[f"c:{lone}"][1] == paul  # the lone surname joins the one full name
    assert got[f"n:{vasseur}"] == ["c"]
    assert got[f"w:{lone}"] == [paul]
    # Every analysed document has its record, so the rows tell they cover the store.
    assert table.count("d:") == 3 and got["d:b"] == [[], [], []]
    # "le président français Paul Ferrand": the country his role evidence gives, counted.
    assert got["d:a"][2] == [[entity_id_of(store, "Paul Ferrand"), "head_of_state", "FR"]]
    assert got[holder] == [{"FR": 1}, []]


def entity_id_of(store: Store, name: str) -> str:
    return next(e.id for e in store.entities.values() if e.name == name)


def test_a_full_name_a_stored_lone_surname_now_joins_deletes_the_lone_entity() -> None:
    stored = [
        doc("a", "Martin a parlé à Lyon.", [("Martin", "PER"), ("Lyon", "LOC")]),
        doc("c", "Hugo Vasseur est à Grenoble.", [("Hugo Vasseur", "PER"), ("Grenoble", "LOC")]),
    ]
    stories = [["a"], ["c"], ["n"]]
    new = doc("n", "Claire Martin a répondu.", [("Claire Martin", "PER")])
    store = Store(stored, stories)
    lone = store.docs["a"].entities[0].entity_id
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    claire = next(e for e in full.entities if e.name == "Claire Martin")
    assert partial.documents["a"].entities[0].entity_id == claire.id
    assert "Martin" in claire.aliases
    assert partial.scope.entities_gone == {lone} and not partial.scope.entities_full
    assert saved(store, partial) == rows(full.entities)
    assert partial.scope.documents == {"a", "n"} and "c" not in store.decoded


def test_a_new_full_name_with_the_same_initials_makes_a_stored_initialled_name_ambiguous() -> None:
    stored = [
        doc("a", "Victor Poulain est venu.", [("Victor Poulain", "PER")]),
        doc("b", "V. Poulain a signé.", [("V. Poulain", "PER")]),
        doc("c", "Hugo Vasseur est à Grenoble.", [("Hugo Vasseur", "PER"), ("Grenoble", "LOC")]),
    ]
    stories = [["a"], ["b"], ["c"], ["n"]]
    new = doc("n", "Valérie Poulain est partie.", [("Valérie Poulain", "PER")])
    store = Store(stored, stories)
    victor = next(e.id for e in store.entities.values() if e.name == "Victor Poulain")
    assert store.docs["b"].entities[0].entity_id == victor
    partial = store.add(new, stories)
    full = full_run([*stored, new], stories)

    # "V. Poulain" may be either now: it is its own entity again, "b" redone.
    assert partial.documents["b"].entities[0].entity_id != victor
    assert links(partial.documents["b"]) == links(full.documents["b"])
    assert saved(store, partial) == rows(full.entities)
    assert "c" not in store.decoded


class Reads:
    """A stage's rows that record every key read."""

    def __init__(self, table: MemoryRows) -> None:
        self.table, self.read = table, set[str]()

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(keys)
        self.read.update(keys)
        return self.table.get(keys)

    def put(self, rows: Mapping[str, bytes]) -> None:
        self.table.put(rows)

    def delete(self, keys: Iterable[str]) -> None:
        self.table.delete(keys)

    def clear(self) -> None:
        self.table.clear()

    def count(self, prefix: str = "") -> int:
        return self.table.count(prefix)


def test_a_partial_run_reads_and_writes_the_rows_of_what_it_touches_only() -> None:
    store = Store(STORED, STORIES)
    table = store.row_tables["check.entities"]
    assert isinstance(table, MemoryRows)
    before = dict(table.rows)
    reads = Reads(table)
    store.row_tables = {"check.entities": reads}
    new = doc("n", "Marie Lebrun était à Lyon.", [("Marie Lebrun", "PER"), ("Lyon", "LOC")])
    store.add(new, STORIES)

    # Nothing of Grenoble, Hugo Vasseur, the Croix-Rouge or the stored documents' records.
    untouched = ("grenobl", "vaseur", "croix", "d:a", "d:b", "d:c")
    assert not [k for k in reads.read if any(u in k for u in untouched)]
    changed = {k for k, v in table.rows.items() if before.get(k) != v}
    lebrun, lyon = entity_key("Marie Lebrun", "PER"), entity_key("Lyon", "LOC")
    assert changed == {
        f"c:{lebrun.replace(' ', '')}", f"k:{lebrun}", f"n:{lebrun}",
        f"c:{lyon}", f"k:{lyon}", f"n:{lyon}", "d:n",
    }  # fmt: skip

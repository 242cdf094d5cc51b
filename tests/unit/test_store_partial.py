"""A run that only adds documents: the store hands it a lazy corpus (model.Documents) when
its stored results hold, and writes back only the rows of the run's scope (model.Scope).
The events stage fills the scope so that every later stage's bucket is whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_stories_cluster import QUAKE, TURKEY, corpus, make

from recoupe.dedup.translation import candidates, near_in_time
from recoupe.model import (
    Corpus,
    DateValue,
    Document,
    DocumentInfo,
    Documents,
    Entity,
    Event,
    Fact,
    FramingUse,
    Meta,
    Scope,
    Story,
)
from recoupe.store import Store
from recoupe.store.sqlite import _Catalog
from recoupe.stories.cluster import EventStage

STATES = {"dedup.group": b"lsh", "stories.events": b"tfidf"}


def doc(doc_id: str, day: str = "2024-03-0", language: str = "fr") -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw=f"Texte {doc_id}.",
        format="txt",
        text=f"Texte {doc_id}.",
        meta=Meta(language=language, published=DateValue(day, "day") if day else None),
    )


def recording(docs: dict[str, Document]) -> tuple[Documents, list[str]]:
    decoded: list[str] = []

    def load(ids: list[str]) -> dict[str, Document]:
        decoded.extend(ids)
        return {i: docs[i] for i in ids}

    info = {k: DocumentInfo(d.meta.language, d.meta.published) for k, d in docs.items()}
    return Documents(info, load), decoded


# ---------------------------------------------------------------- the lazy mapping
def test_documents_decode_only_what_is_read() -> None:
    docs = {f"d{i}": doc(f"d{i}", f"2024-03-{i + 1:02d}") for i in range(9)}
    lazy, decoded = recording(docs)
    assert len(lazy) == 9 and "d3" in lazy and "zz" not in lazy
    assert list(lazy) == sorted(docs)
    assert lazy["d3"].id == "d3" and lazy.get("zz") is None
    assert decoded == ["d3"]
    lazy["d3"]  # decoded once
    assert decoded == ["d3"] and set(lazy.loaded()) == {"d3"}
    # By date, from the store's columns: 5 to 7 March.
    first, last = 738_950, 738_952  # 5 and 7 March 2024 (proleptic day ordinals)
    assert DateValue("2024-03-05", "day").days() == (first, first)
    assert lazy.dated_within(first, last, 31) == ["d4", "d5", "d6"]
    assert decoded == ["d3"]
    assert len(lazy.values()) == 9 and sorted(decoded) == sorted(docs)


def test_translation_candidates_are_other_languages_of_the_month() -> None:
    docs = {
        "fr-new": doc("fr-new", "2024-03-10"),
        "en-near": doc("en-near", "2024-03-02", "en"),
        "en-far": doc("en-far", "2023-11-02", "en"),
        "fr-near": doc("fr-near", "2024-03-09"),
        "en-undated": doc("en-undated", "", "en"),
    }
    lazy, decoded = recording(docs)
    picked = [d.id for d in candidates(["fr-new"], lazy)]
    assert picked == ["en-near", "en-undated", "fr-new"]
    assert sorted(decoded) == picked  # neither the far English one nor the French one
    assert near_in_time(None, docs["en-far"].meta.published)
    assert not near_in_time(docs["fr-new"].meta.published, docs["en-far"].meta.published)


def test_one_language_stores_decode_no_translation_candidate() -> None:
    lazy, decoded = recording({f"d{i}": doc(f"d{i}") for i in range(5)})
    assert [d.id for d in candidates(["d1"], lazy)] == ["d1"]
    assert decoded == ["d1"]


# ---------------------------------------------------------------- when a run is partial
def stored(
    path: Path,
    settings: bytes = b"s",
    events: list[Event] | None = None,
    stories: list[Story] | None = None,
    results: Callable[[Corpus], None] | None = None,
) -> Store:
    """A store whose documents are all placed in events, as a completed run leaves it (by
    default two documents in one event); ``results`` adds other corpus results to save."""
    events = events or [Event("ev-1", "Un", "2024-03-01", ["a", "b"], "st-1")]
    stories = stories or [Story("st-1", "Un", ["ev-1"])]
    store = Store(path)
    run = store.begin_run({}, [], "t")
    store.save_documents([doc(d) for e in events for d in e.document_ids], "sig", run)
    c = store.load_for_run(settings)
    c.events, c.stories = events, stories
    if results is not None:
        results(c)
    c.stage_state.update(STATES)
    store.save_corpus(c, run)
    store.close()
    return Store(path)


def test_a_store_whose_results_hold_gives_a_lazy_partial_corpus(tmp_path: Path) -> None:
    store = stored(tmp_path / "s.db")
    store.save_documents([doc("c")], "sig", store.begin_run({}, [], "t"))
    corpus = store.load_for_run(b"s")
    assert not corpus.scope.full and isinstance(corpus.documents, Documents)
    assert sorted(corpus.documents) == ["a", "b", "c"] and not corpus.documents.loaded()
    # Events and stories are read by key, not listed: the partial corpus starts with none.
    assert corpus.events == [] and corpus.stories == [] and corpus.facts == []
    stored_events = corpus.stored_events
    assert stored_events is not None
    assert stored_events.event_of(["a", "c"]) == {"a": "ev-1"}
    (event,) = stored_events.events(["ev-1", "ev-gone"]).values()
    assert (event.document_ids, event.story_id, event.date) == (["a", "b"], "st-1", "2024-03-01")
    (story,) = stored_events.stories(["st-1"]).values()
    assert (story.title, story.event_ids) == ("Un", ["ev-1"])
    store.close()


@pytest.mark.parametrize("why", ["reprocessed", "settings", "unplaced", "no state"])
def test_otherwise_the_pass_is_full(tmp_path: Path, why: str) -> None:
    store = stored(tmp_path / "s.db")
    settings = b"s"
    if why == "reprocessed":  # a stored document written again by a new pipeline
        store.save_documents([doc("a")], "sig2", store.begin_run({}, [], "t"))
    elif why == "settings":
        settings = b"other tolerance"
    elif why == "unplaced":  # a document a stopped run saved but never placed
        store.conn.execute("DELETE FROM event_documents WHERE document_id='b'")
    else:
        store.conn.execute("DELETE FROM stage_state WHERE stage='dedup.group'")
    corpus = store.load_for_run(settings)
    assert corpus.scope.full and isinstance(corpus.documents, dict)
    store.close()


# ---------------------------------------------------------------- what a partial save writes
def test_a_partial_save_replaces_the_scope_rows_only(tmp_path: Path) -> None:
    def results(full: Corpus) -> None:
        full.facts = [
            Fact("f1", "ev-1", "morts : 3", "single_source", [], 1),
            Fact("f2", "ev-2", "morts : 5", "single_source", [], 1),
        ]
        full.framing = [
            FramingUse("ev-1", "o", "t", "fam", "", 1),
            FramingUse("ev-2", "o", "t", "fam", "", 1),
        ]
        full.entities = [Entity("en-1", "Ana Rivel", "PER"), Entity("en-2", "Port-Sérac", "LOC")]

    events = [
        Event("ev-1", "Un", "2024-03-01", ["a", "b"], "st-1"),
        Event("ev-2", "Deux", "2024-03-01", ["c", "d"], "st-2"),
    ]
    stories = [Story("st-1", "Un", ["ev-1"]), Story("st-2", "Deux", ["ev-2"])]
    store = stored(tmp_path / "s.db", b"", events, stories, results)
    store.save_documents([doc("f")], "sig", store.begin_run({}, [], "t"))
    partial = store.load_for_run(b"")
    assert not partial.scope.full
    # The events stage put "f" in ev-1 (renamed ev-1b); its story is redone. A partial
    # corpus holds the scope's events and stories only: ev-2 and st-2 stay as stored.
    partial.events = [Event("ev-1b", "Un", "2024-03-01", ["a", "b", "f"], "st-1b")]
    partial.stories = [Story("st-1b", "Un", ["ev-1b"])]
    partial.scope = Scope(
        full=False, events={"ev-1", "ev-1b"}, stories={"st-1", "st-1b"}, documents={"a", "b", "f"}
    )
    partial.facts = [Fact("f3", "ev-1b", "morts : 4", "single_source", [], 1)]
    partial.entities = [Entity("en-1", "Ana Rivel-Sorg", "PER")]
    partial.scope.entities_gone = {"en-2"}  # no mention names it any more
    store.save_corpus(partial, store.begin_run({}, [], "t"))
    reread = store.load_corpus()
    assert {e.id: e.document_ids for e in reread.events} == {
        "ev-1b": ["a", "b", "f"],
        "ev-2": ["c", "d"],
    }
    assert sorted(s.id for s in reread.stories) == ["st-1b", "st-2"]
    assert sorted((f.id, f.event_id) for f in reread.facts) == [("f2", "ev-2"), ("f3", "ev-1b")]
    assert [u.event_id for u in reread.framing] == ["ev-2"]
    # Entities are upserted, those gone deleted: the renamed one changes, the other goes.
    assert {e.id: e.name for e in reread.entities} == {"en-1": "Ana Rivel-Sorg"}
    store.close()


# ---------------------------------------------------------------- the events stage's scope
def test_the_events_stage_scopes_what_a_new_document_reaches() -> None:
    c = corpus()
    EventStage().run(c)
    quake = next(e for e in c.events if "q1" in e.document_ids)
    story = next(s for s in c.stories if quake.id in s.event_ids)
    untouched = [e for e in c.events if e.story_id != story.id]
    assert untouched  # the corpus has other stories
    c.documents["q4"] = make("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan du séisme s'alourdit")
    c.new_ids = {"q4"}
    c.scope = Scope(full=False)
    EventStage().run(c)
    now = next(e for e in c.events if "q4" in e.document_ids)
    assert now.id in c.scope.events and quake.id in c.scope.events  # new id and stored id
    assert now.story_id in c.scope.stories
    # Every event of the scope's stories and every document of those events is in it.
    for event in c.events:
        if event.story_id in c.scope.stories:
            assert event.id in c.scope.events
            assert set(event.document_ids) <= c.scope.documents
    assert not any(e.id in c.scope.events for e in untouched if e.story_id != now.story_id)


def test_widen_adds_whole_events_and_stories() -> None:
    c = Corpus(documents={i: doc(i) for i in "abcde"})
    c.events = [
        Event("ev-1", "", None, ["a", "b"], "st-1"),
        Event("ev-2", "", None, ["c"], "st-1"),
        Event("ev-3", "", None, ["d", "e"], "st-2"),
    ]
    c.scope = Scope(full=False)
    c.widen(["b"])
    assert c.scope.events == {"ev-1", "ev-2"} and c.scope.stories == {"st-1"}
    assert c.scope.documents == {"a", "b", "c"}
    assert [d.id for d in c.in_scope()] == ["a", "b", "c"]


def test_the_store_catalog_answers_as_the_documents_would(tmp_path: Path) -> None:
    docs = [
        doc("day-in", "2024-03-06"),
        doc("day-out", "2024-04-20"),
        doc("minute", "2024-03-07T10:30"),
        doc("month", "2024-02"),  # February overlaps the window's first days
        doc("year", "2024"),  # too wide to say anything
        doc("undated", ""),
        doc("english", "2024-03-06", "en"),
    ]
    docs[3].meta.published = DateValue("2024-02", "month")
    docs[4].meta.published = DateValue("2024", "year")
    with Store(tmp_path / "s.db") as store:
        store.save_documents(docs, "sig", store.begin_run({}, [], "t"))
        run_corpus = store.load_for_run()  # no results stored yet: a full corpus
        assert run_corpus.scope.full
        sql = _Catalog(store.conn)
        infos = {d.id: DocumentInfo(d.meta.language, d.meta.published) for d in docs}
        memory = Documents(infos, lambda ids: {})
        first = DateValue("2024-02-27", "day").days()
        last = DateValue("2024-03-08", "day").days()
        assert first and last
        want = ["day-in", "english", "minute", "month"]
        assert sql.dated_within(first[0], last[0], 31) == want
        assert memory.dated_within(first[0], last[0], 31) == want
        assert sql.undated(31) == memory.undated(31) == ["undated", "year"]
        assert sql.languages() == memory.languages() == {"fr", "en"}
        assert sql.info("year") == memory.info("year")
        assert sql.ids() == sorted(d.id for d in docs)


# ---------------------------------------------------------------- keyed state rows
def test_state_rows_are_written_with_the_corpus_and_read_by_key(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        corpus = store.load_corpus()
        rows = corpus.rows("check.entities")
        rows.put({"k:ana rivel": b"1", "k:port-serac": b"2", "d:a": b"x"})
        assert rows.get(["k:ana rivel", "k:nobody"]) == {"k:ana rivel": b"1"}  # seen at once
        assert rows.count("k:") == 2
        store.save_corpus(corpus, store.begin_run({}, [], "t"))
    with Store(tmp_path / "s.db") as store:
        corpus = store.load_corpus()
        rows = corpus.rows("check.entities")
        assert rows.get(["k:port-serac", "d:a"]) == {"k:port-serac": b"2", "d:a": b"x"}
        assert corpus.rows("other.stage").count() == 0
        rows.delete(["k:ana rivel"])
        rows.put({"k:zoe": b"3"})
        assert rows.count("k:") == 2 and rows.count() == 3
        # Not saved: a run that fails keeps the stored rows.
    with Store(tmp_path / "s.db") as store:
        corpus = store.load_corpus()
        rows = corpus.rows("check.entities")
        assert rows.count("k:") == 2 and rows.get(["k:zoe"]) == {}
        rows.clear()
        rows.put({"k:new": b"4"})
        assert rows.count() == 1 and rows.get(["k:port-serac", "k:new"]) == {"k:new": b"4"}
        store.save_corpus(corpus, store.begin_run({}, [], "t"))
    with Store(tmp_path / "s.db") as store:
        rows = store.load_corpus().rows("check.entities")
        assert rows.count() == 1 and rows.get(["k:new"]) == {"k:new": b"4"}


def test_rows_of_a_corpus_built_in_memory_are_saved_whole(tmp_path: Path) -> None:
    corpus = Corpus(documents={})
    corpus.rows("check.entities").put({"k:ana rivel": b"1"})
    with Store(tmp_path / "s.db") as store:
        store.save_corpus(corpus, store.begin_run({}, [], "t"))
    with Store(tmp_path / "s.db") as store:
        assert store.load_corpus().rows("check.entities").get(["k:ana rivel"]) == {
            "k:ana rivel": b"1"
        }


def test_a_partial_corpus_reads_the_stored_events_it_widens_to(tmp_path: Path) -> None:
    """No event list is loaded: widening to a document reads its stored event and every
    event of that story; "in no event" asks the store for documents outside the scope."""
    events = [
        Event("ev-1", "Un", "2024-03-01", ["a", "b"], "st-1"),
        Event("ev-2", "Deux", "2024-03-02", ["c", "d"], "st-2"),
        Event("ev-3", "Trois", "2024-03-03", ["e"], "st-2"),
    ]
    stories = [Story("st-1", "Un", ["ev-1"]), Story("st-2", "Deux", ["ev-2", "ev-3"])]
    store = stored(tmp_path / "s.db", b"", events, stories)
    partial = store.load_for_run(b"")
    assert partial.stored_events is not None and partial.events == []
    assert partial.in_no_event({"a", "x"}) == {"x"}
    partial.scope.events.add("ev-1")  # redone, and no event holds "a" now
    assert partial.in_no_event({"a", "x"}) == {"a", "x"}
    partial.widen({"c"})
    assert [e.id for e in partial.events] == ["ev-2", "ev-3"]
    assert [s.id for s in partial.stories] == ["st-2"]
    assert partial.scope.documents == {"c", "d", "e"}
    assert partial.scope.events == {"ev-1", "ev-2", "ev-3"} and partial.scope.stories == {"st-2"}
    partial.widen({"e"})  # already in: nothing read twice
    assert [e.id for e in partial.events] == ["ev-2", "ev-3"]
    store.close()

"""The corpus stages' saved state (issue 4, cost of adding documents): a new process adding
one document to a stored corpus reads the state back instead of refitting or rebuilding,
and ends where one run over everything ends; a state that no longer fits is refitted."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from test_dedup_group import DISPATCH, INTRO, OTHER, fingerprinted, make
from test_stories_cluster import QUAKE, QUAKE_LATER, STRIKE, TURKEY, corpus, members
from test_stories_cluster import make as make_analysed

from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import BandIndex, DuplicateStage
from recoupe.model import Corpus, Document
from recoupe.store import Store
from recoupe.stories.cluster import EventStage
from recoupe.stories.features import REFIT_GROWTH, Features


def stored(tmp_path: Path, c: Corpus) -> Corpus:
    """``c`` saved to a store and loaded back, as the next `recoupe run` sees it."""
    with Store(tmp_path / "store.db") as store:
        run = store.begin_run({}, [], "0")
        store.save_documents(list(c.documents.values()), "sig", run)
        store.save_corpus(c, run)
        return store.load_corpus()


def events_of(c: Corpus) -> list[tuple[str, tuple[str, ...], str | None]]:
    return sorted((e.id, tuple(e.document_ids), e.story_id) for e in c.events)


def test_adding_one_document_through_the_store_gives_the_one_run_events(tmp_path: Path) -> None:
    whole = corpus()
    whole.documents["q4"] = make_analysed("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan")
    EventStage().run(whole)

    first = corpus()
    EventStage().run(first)
    assert first.stage_state["stories.events"]
    loaded = stored(tmp_path, first)
    assert loaded.stage_state == first.stage_state
    # A new process: fresh stage, the corpus as loaded, one new document.
    loaded.documents["q4"] = make_analysed("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan")
    loaded.new_ids = {"q4"}
    EventStage().run(loaded)
    assert members(loaded) == members(whole)
    assert events_of(loaded) == events_of(whole)
    assert sorted(s.id for s in loaded.stories) == sorted(s.id for s in whole.stories)


def test_the_fit_is_kept_while_the_corpus_grows_little_and_refitted_past_it() -> None:
    base = corpus()
    # Twenty more strike articles: the fit is made on 28 originals (q3-copy is a copy).
    for i in range(20):
        doc = make_analysed(f"s{i + 10}", STRIKE[i % 5 :], [], "2023-02-07", f"Grève {i}")
        base.documents[doc.id] = doc
    stage = EventStage()
    stage.run(base)
    fitted = Features.from_bytes(base.stage_state["stories.events"])
    assert fitted is not None and fitted.fitted == 28
    base.documents["q4"] = make_analysed("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan")
    base.new_ids = {"q4"}
    EventStage().run(base)  # a new process: 1 new document is within REFIT_GROWTH
    # The base is the one saved with the fit; the new row is in the delta saved beside it.
    assert Features.from_bytes(base.stage_state["stories.events"]) is not None
    assert "q4" not in Features.from_bytes(base.stage_state["stories.events"]).index  # type: ignore[union-attr]
    kept = Features.from_state(
        base.stage_state["stories.events"], base.stage_state["stories.events/delta"]
    )
    assert kept is not None and kept.fitted == 28 and "q4" in kept.index
    grown = int(REFIT_GROWTH * 28) + 1
    for i in range(grown):
        doc = make_analysed(f"r{i + 10}", QUAKE_LATER[i:], TURKEY, "2023-04-12", f"Camp {i}")
        base.documents[doc.id] = doc
    base.new_ids = {f"r{i + 10}" for i in range(grown)}
    EventStage().run(base)
    refitted = Features.from_bytes(base.stage_state["stories.events"])
    assert refitted is not None and refitted.fitted == 29 + grown


def test_a_stale_or_broken_state_is_refitted_to_the_same_events() -> None:
    reference = corpus()
    EventStage().run(reference)
    for blob in (b"not a state", reference.stage_state["stories.events"][:100]):
        c = corpus()
        c.stage_state = {"stories.events": blob}
        EventStage().run(c)
        assert events_of(c) == events_of(reference)
        assert Features.from_bytes(c.stage_state["stories.events"]) is not None
    assert Features.from_bytes(reference.stage_state["stories.events"], entity_weight=2.0) is None


def test_a_new_document_computes_the_vectors_near_it_in_time_only() -> None:
    """The point of the saved state: a new process adding a quake article reads or
    transforms the vectors of the documents within the story window of it, not those of
    the strike articles two years before."""
    c = corpus()
    for i in range(30):
        day = f"2021-0{1 + i % 3}-1{i % 10}"
        doc = make_analysed(f"t{i:02d}", STRIKE[i % 4 :], [], day, f"Grève {i}")
        c.documents[doc.id] = doc
    EventStage().run(c)
    c.documents["q4"] = make_analysed("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan")
    c.new_ids = {"q4"}
    stage = EventStage()
    stage.run(c)
    features = stage._features
    assert features is not None
    computed = features.computed()
    assert "q4" in computed and {"q1", "q2", "q3", "r1"} <= computed
    assert not any(d.startswith("t") for d in computed)
    assert any("q4" in e.document_ids and "q1" in e.document_ids for e in c.events)


# ---------------------------------------------------------------------- dedup
def test_dedup_through_the_store_gives_the_one_run_groups(tmp_path: Path) -> None:
    edited = DISPATCH.replace("mardi matin", "mardi")
    page = INTRO + "\n\n" + DISPATCH

    def docs() -> list[Document]:
        return [
            make("d1", DISPATCH, "2024-03-12"),
            make("d4", OTHER, "2024-03-12"),
            make("d2", edited, "2024-03-13"),
            make("d5", page, "2024-03-13"),
            make("d0", DISPATCH, "2024-03-11"),
        ]

    whole = fingerprinted(*docs())
    DuplicateStage().run(whole)

    grown = fingerprinted(*docs()[:2])
    DuplicateStage().run(grown)
    for doc in docs()[2:]:  # one document per run, each a new process over the store
        grown = stored(tmp_path, grown)
        assert grown.stage_state["dedup.group"]
        added = fingerprinted(doc)
        grown.documents.update(added.documents)
        grown.new_ids = {doc.id}
        DuplicateStage().run(grown)

    def relations(c: Corpus) -> dict[str, tuple[str | None, str | None, str | None]]:
        return {
            i: (d.duplicate_of, d.meta.extra.get("duplicate_kind"), c.origin_of.get(i))
            for i, d in sorted(c.documents.items())
        }

    assert relations(grown) == relations(whole)
    assert relations(grown)["d5"] == ("d0", "contains", "d0")
    assert grown.touched_ids >= {"d1", "d2", "d5"}  # regrouped under the late original


def test_band_index_finds_what_datasketch_lsh_finds(data_dir: Path) -> None:
    """On 400 real articles plus reprints of some: the candidates of the numpy band index,
    looked up one by one or all at once, are those of datasketch's MinHashLSH."""
    from datasketch import MinHashLSH

    source = data_dir / "orangesum-fr" / "articles.jsonl.gz"
    if not source.exists():
        pytest.skip(f"{source} is absent")
    texts = []
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line, _ in zip(fh, range(400), strict=False):
            rec = json.loads(line)
            texts.append(rec["heading"] + "\n\n" + rec["article"])
    # Reprints: a cut, an edit, an intro added: candidates at several Jaccard levels.
    texts += [t[: len(t) * 2 // 3] for t in texts[:20]]
    texts += [t.replace(" a ", " avait ") for t in texts[20:40]]
    texts += [INTRO + "\n\n" + t for t in texts[40:60]]
    stage = FingerprintStage()
    docs = [stage.process(make(f"d{i:03d}", t)) for i, t in enumerate(texts)]
    assert all(isinstance(d, Document) for d in docs)
    analysed = [d for d in docs if isinstance(d, Document)]
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    for doc in analysed:
        lsh.insert(doc.id, _minhash(doc))
    expected = {d.id: sorted(set(lsh.query(_minhash(d))) - {d.id}) for d in analysed}
    index = BandIndex.for_threshold(0.3, 128)
    index.put(analysed)
    ids = [d.id for d in analysed]
    every = {k: sorted(v) for k, v in index.candidates(ids).items()}  # sorted bands
    one_by_one = {i: sorted(index.candidates([i])[i]) for i in ids}  # broadcast
    assert every == expected == one_by_one
    assert sum(len(v) for v in expected.values()) >= 120  # the reprints are found
    back = BandIndex.from_bytes(index.to_bytes({}), index.ranges, 128)
    assert back is not None and back.candidates(ids[:5]) == index.candidates(ids[:5])
    assert BandIndex.from_bytes(index.to_bytes({}), index.ranges, 64) is None


def _minhash(doc: Document) -> object:
    from datasketch import MinHash

    from recoupe.dedup.fingerprint import MINHASH_SCHEME, MINHASH_SEED

    return MinHash(
        num_perm=128, seed=MINHASH_SEED, hashvalues=doc.fingerprint, scheme=MINHASH_SCHEME
    )


def test_a_saved_vocabulary_transforms_as_the_fitted_one() -> None:
    """The fit read back (each term found by bisection once, then kept) gives the TF-IDF
    rows the fitted vectorizer gives, unknown terms dropped, and reads as the whole
    vocabulary (its length sets the width of the rows)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from recoupe.stories.features import SortedVocabulary, _identity

    docs = [QUAKE, STRIKE, QUAKE_LATER, ["été", "Été", "ete", "ent:recep_tayyip_erdogan"]]
    fitted = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False)
    fitted.fit(docs)
    terms = sorted(fitted.vocabulary_, key=fitted.vocabulary_.__getitem__)
    read_back = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None, lowercase=False)
    vocabulary = SortedVocabulary(terms)
    read_back.vocabulary_ = vocabulary
    read_back.idf_ = fitted.idf_
    queries = [[*QUAKE[:5], "inconnu", "bilan"], ["été", "zzz"], STRIKE]
    expected = fitted.transform(queries).toarray().tolist()
    assert read_back.transform(queries).toarray().tolist() == expected
    # Looked up once: kept in the dict (the terms of the queries it knows, no other).
    assert set(dict.keys(vocabulary)) == {t for q in queries for t in q} & set(terms)
    assert read_back.transform(queries).toarray().tolist() == expected  # from the dict
    assert len(vocabulary) == len(terms) and list(vocabulary) == terms
    assert dict(vocabulary.items()) == fitted.vocabulary_
    assert "bilan" in vocabulary and "inconnu" not in vocabulary
    assert vocabulary.get("inconnu") is None


def test_the_band_index_is_saved_as_a_base_and_a_small_delta(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run writes the rows changed since the base (added, replaced, dropped) and the
    origin groups changed, not the whole index; read back, base and delta are the index."""
    import recoupe.dedup.group as group

    texts = [DISPATCH, OTHER, INTRO + "\n\n" + DISPATCH, DISPATCH.replace("mardi", "lundi")]
    docs = list(fingerprinted(*(make(f"d{i}", t) for i, t in enumerate(texts))).documents.values())
    index = BandIndex.for_threshold(0.3, 128)
    index.put(docs[:2])
    base, delta = index.to_state({"d1": "d0"})
    assert delta == b""
    index.put(docs[2:])  # two rows added
    index.drop({"d1"})
    again, delta = index.to_state({"d2": "d0", "d3": "d0"})
    assert again is base and 0 < len(delta) < len(base)
    back = BandIndex.from_state(base, delta, index.ranges, 128)
    assert back is not None and back.indexed() == index.indexed() == {"d0", "d2", "d3"}
    assert back.origin_of == {"d2": "d0", "d3": "d0"}
    assert back.candidates(["d0", "d2"]) == index.candidates(["d0", "d2"])
    # A delta made on another base is refused (the caller rebuilds the index).
    other, _ = BandIndex.for_threshold(0.3, 128).to_state({})
    assert BandIndex.from_state(other, delta, index.ranges, 128) is None
    # Past DELTA_MIN_ROWS changed rows (and DELTA_SHARE of the base), a new base.
    monkeypatch.setattr(group, "DELTA_MIN_ROWS", 1)
    rebased, delta = back.to_state({})
    assert rebased is not base and delta == b""
    assert BandIndex.from_state(rebased, b"", index.ranges, 128).indexed() == back.indexed()  # type: ignore[union-attr]


def test_the_feature_state_is_a_base_and_a_delta_of_appended_rows() -> None:
    base_corpus = corpus()
    for i in range(20):  # 28 originals: one more is within REFIT_GROWTH and DELTA_SHARE
        doc = make_analysed(f"s{i + 10}", STRIKE[i % 5 :], [], "2023-02-07", f"Grève {i}")
        base_corpus.documents[doc.id] = doc
    stage = EventStage()
    stage.run(base_corpus)
    base = base_corpus.stage_state["stories.events"]
    assert base_corpus.stage_state["stories.events/delta"] == b""
    base_corpus.documents["q4"] = make_analysed("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan")
    base_corpus.new_ids = {"q4"}
    stage.run(base_corpus)
    features = stage._features
    assert features is not None
    assert base_corpus.stage_state["stories.events"] is base  # the base is not written again
    delta = base_corpus.stage_state["stories.events/delta"]
    back = Features.from_state(base, delta)
    assert back is not None and back.ids == features.ids and "q4" in back.index
    assert back.active.tolist() == features.active.tolist()
    assert back.start.tolist()[-1] == features.start.tolist()[-1]
    assert Features.from_state(base, delta[:50]) is None  # unreadable: refitted by the stage

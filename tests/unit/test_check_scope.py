"""Facts, framing and quote groups in a partial run (``Scope(full=False)``): the rows of
the scope are those a full run gives, documents outside the scope are left as they were,
and a lazy corpus decodes the scope's documents only."""

from __future__ import annotations

from collections.abc import Iterable

from recoupe.check.facts import FactStage
from recoupe.check.framing import FramingStage
from recoupe.check.quotes import QuoteGroupStage
from recoupe.model import (
    Claim,
    Corpus,
    Document,
    DocumentInfo,
    Documents,
    Entity,
    Event,
    Meta,
    Quote,
    Scope,
    Story,
)

ZELENSKY = Entity("en-zelensky", "Volodymyr Zelensky", "PER")
SENTINEL = "stored-before-the-run"


def _claim(
    cid: str,
    text: str,
    figure: str,
    value: float,
    counted: str,
    *,
    source: str | None = None,
    part_of: str | None = None,
    unit: str | None = None,
) -> Claim:
    at = text.index(figure)
    return Claim(
        cid,
        at,
        at + len(figure),
        figure,
        value,
        counted=counted,
        attributed_to=source,
        part_of=part_of,
        unit=unit,
    )


def _quote(qid: str, text: str, words: str, entity: str | None = None) -> Quote:
    at = text.index(words)
    return Quote(
        qid,
        at,
        at + len(words),
        words,
        True,
        speaker="le président" if entity else None,
        entity_id=entity,
    )


def _doc(did: str, outlet: str, text: str, duplicate_of: str | None = None) -> Document:
    return Document(
        id=did,
        source=f"https://{did}.example/article",
        raw=text,
        format="html",
        text=text,
        meta=Meta(outlet=outlet, language="fr"),
        duplicate_of=duplicate_of,
    )


def _documents() -> list[Document]:
    """Eight articles in two stories and a storyless event, and one in no event."""
    docs = []
    # Story 1, event 1: one toll, two outlets, two war names, one utterance twice.
    text = (
        "L'opération militaire spéciale se poursuit : les forces ont « neutralisé » "
        "3 morts parmi les terroristes. « Nous atteindrons tous nos objectifs sans "
        "exception », a déclaré le porte-parole."
    )
    a = _doc("a", "RIA", text)
    a.claims = [_claim("c-a1", text, "3 morts", 3, "mort", source="le ministère russe")]
    a.quotes = [_quote("q-a1", text, "Nous atteindrons tous nos objectifs sans exception")]
    text = (
        "L'invasion russe a fait 5 morts à Kharkiv. Moscou répète : « Nous atteindrons "
        "tous nos objectifs »."
    )
    b = _doc("b", "Kyiv Post FR", text)
    b.claims = [_claim("c-b1", text, "5 morts", 5, "mort")]
    b.quotes = [_quote("q-b1", text, "Nous atteindrons tous nos objectifs")]
    docs += [a, b]
    # Story 1, event 2: one text giving two sources' values; a breakdown; a fragment.
    text = (
        "La guerre entre dans son troisième hiver. Selon l'ONU, 12 civils ont été tués ; "
        "selon Kiev, 20 civils. « Un combat sacré », a dit le président."
    )
    c = _doc("c", "Le Monde", text)
    c.claims = [
        _claim("c-c1", text, "12 civils", 12, "civil", source="l'ONU"),
        _claim("c-c2", text, "20 civils", 20, "civil", source="Kiev"),
    ]
    c.quotes = [_quote("q-c1", text, "Un combat sacré", ZELENSKY.id)]
    text = (
        "« Combat sacré », a dit le président. 12 civils tués, 30 blessés dont 20 soldats "
        "et 10 secouristes."
    )
    d = _doc("d", "RFI", text)
    d.claims = [
        _claim("c-d1", text, "12 civils", 12, "civil"),
        _claim("c-d2", text, "30 blessés", 30, "blessé"),
        _claim("c-d3", text, "20 soldats", 20, "soldat", part_of="c-d2"),
        _claim("c-d4", text, "10 secouristes", 10, "secouriste", part_of="c-d2"),
    ]
    d.quotes = [_quote("q-d1", text, "Combat sacré", ZELENSKY.id)]
    docs += [c, d]
    # Story 2, one event: an accident both outlets report alike.
    text = "Le régime a minimisé l'accident : 24 blessés. « Les secours sont arrivés en dix minutes seulement », dit un témoin."
    e = _doc("e", "Libération", text)
    e.claims = [_claim("c-e1", text, "24 blessés", 24, "blessé")]
    e.quotes = [_quote("q-e1", text, "Les secours sont arrivés en dix minutes seulement")]
    text = "Accident : 24 blessés. « Les secours sont arrivés en dix minutes », selon un témoin."
    f = _doc("f", "20 Minutes", text)
    f.claims = [_claim("c-f1", text, "24 blessés", 24, "blessé")]
    f.quotes = [_quote("q-f1", text, "Les secours sont arrivés en dix minutes")]
    docs += [e, f]
    # A storyless event: one amount in two outlets, a "dictateur" and a scare quote.
    text = "Le « plan de relance » coûtera 10,5 milliards d'euros, raille le dictateur."
    g = _doc("g", "Ouest-France", text)
    g.claims = [_claim("c-g1", text, "10,5 milliards", 10.5e9, "", unit="EUR")]
    text = (
        "L'État injecte 11 milliards d'euros. « Nous ne paierons pas cette facture », dit un élu."
    )
    h = _doc("h", "La Croix", text)
    h.claims = [_claim("c-h1", text, "11 milliards", 11e9, "", unit="EUR")]
    h.quotes = [_quote("q-h1", text, "Nous ne paierons pas cette facture")]
    text = "Un élu local : « Nous ne paierons pas cette facture »."
    i = _doc("i", "Sud Ouest", text)
    i.quotes = [_quote("q-i1", text, "Nous ne paierons pas cette facture")]
    docs += [g, h, i]
    # In no event: its claims make no fact, its quotes no group.
    text = "Brève : 7 morts dans un incendie. « Nous ne paierons pas cette facture », dit-il."
    z = _doc("z", "Brèves", text)
    z.claims = [_claim("c-z1", text, "7 morts", 7, "mort")]
    z.quotes = [_quote("q-z1", text, "Nous ne paierons pas cette facture")]
    docs.append(z)
    return docs


EVENTS = [
    Event("ev-1", "Offensive", "2024-11-20", ["a", "b"], story_id="st-1"),
    Event("ev-2", "Hiver de guerre", "2024-11-21", ["c", "d"], story_id="st-1"),
    Event("ev-3", "Accident", "2024-11-22", ["e", "f"], story_id="st-2"),
    Event("ev-4", "Plan de relance", "2024-11-23", ["g", "h", "i"]),
]
STORIES = [Story("st-1", "Guerre", ["ev-1", "ev-2"]), Story("st-2", "Accident", ["ev-3"])]
STAGES = (FactStage(), QuoteGroupStage(), FramingStage())


def _corpus(documents: dict[str, Document] | Documents, scope: Scope | None = None) -> Corpus:
    corpus = Corpus(documents=documents, scope=scope or Scope())
    corpus.events = [Event(e.id, e.title, e.date, list(e.document_ids), e.story_id) for e in EVENTS]
    corpus.stories = [Story(s.id, s.title, list(s.event_ids)) for s in STORIES]
    # What check.entities gives: in a partial run, the entities the scope names.
    corpus.entities = [ZELENSKY]
    return corpus


def _run(corpus: Corpus) -> Corpus:
    for stage in STAGES:
        stage.run(corpus)
    return corpus


def _full() -> Corpus:
    return _run(_corpus({d.id: d for d in _documents()}))


def _stamp(docs: Iterable[Document]) -> None:
    """What the store holds from an earlier run, on documents the run must not redo."""
    for doc in docs:
        for claim in doc.claims:
            claim.fact_id = claim.conflicts_with = claim.consistency = SENTINEL
        for quote in doc.quotes:
            quote.group_id = SENTINEL


def _stamped(doc: Document) -> bool:
    return all(
        c.fact_id == c.conflicts_with == c.consistency == SENTINEL for c in doc.claims
    ) and all(q.group_id == SENTINEL for q in doc.quotes)


def _scope_rows(full: Corpus, scope: Scope) -> tuple[list[object], list[object], list[object]]:
    """The full run's rows that a partial run over ``scope`` replaces."""
    quote_ids = {q.id for d in scope.documents for q in full.documents[d].quotes}
    return (
        [f for f in full.facts if f.event_id in scope.events],
        [u for u in full.framing if u.event_id in scope.events],
        [g for g in full.quote_groups if quote_ids & set(g.quote_ids)],
    )


def test_the_full_run_covers_every_part_of_the_corpus() -> None:
    # What the equivalence below compares is not empty anywhere.
    full = _full()
    assert {f.event_id for f in full.facts} == {"ev-1", "ev-2", "ev-3", "ev-4"}
    assert {u.event_id for u in full.framing} == {"ev-1", "ev-2", "ev-3", "ev-4"}
    assert sorted(sorted(g.quote_ids) for g in full.quote_groups) == [
        ["q-a1", "q-b1"],
        ["q-c1", "q-d1"],
        ["q-e1", "q-f1"],
        ["q-h1", "q-i1"],
    ]
    c, d, z = (full.documents[i] for i in "cdz")
    assert c.claims[0].conflicts_with == "c-c2"
    assert d.claims[1].consistency and d.claims[1].consistency.startswith("breakdown adds up")
    assert z.claims[0].fact_id is None and z.quotes[0].group_id is None
    speakers = {g.speaker for g in full.quote_groups}
    assert "Volodymyr Zelensky" in speakers


def test_a_partial_run_over_one_story_gives_the_full_runs_rows_and_leaves_the_rest() -> None:
    full = _full()
    # One document added to event 2 moved story 1; "z" was widened in by an earlier stage.
    scope = Scope(
        full=False,
        events={"ev-1", "ev-2"},
        stories={"st-1"},
        documents={"a", "b", "c", "d", "z"},
    )
    docs = {d.id: d for d in _documents()}
    outside = [d for i, d in docs.items() if i not in scope.documents]
    _stamp(docs.values())
    partial = _run(_corpus(docs, scope))

    facts, framing, groups = _scope_rows(full, scope)
    assert partial.facts == facts and facts
    assert partial.framing == framing and framing
    assert partial.quote_groups == groups and len(groups) == 2
    for doc_id in sorted(scope.documents):
        assert docs[doc_id].claims == full.documents[doc_id].claims, doc_id
        assert docs[doc_id].quotes == full.documents[doc_id].quotes, doc_id
    assert outside and all(_stamped(d) for d in outside)


def test_an_unchanged_event_of_a_story_in_scope_keeps_its_facts() -> None:
    # Event 1 changed; event 2 did not, but shares story 1 with it: the story's quote
    # groups are redone, event 2's facts (and the fact ids of its claims) are not.
    full = _full()
    scope = Scope(full=False, events={"ev-1"}, stories={"st-1"}, documents={"a", "b", "c", "d"})
    docs = {d.id: d for d in _documents()}
    _stamp(docs.values())
    partial = _run(_corpus(docs, scope))

    facts, framing, groups = _scope_rows(full, scope)
    assert {f.event_id for f in partial.facts} == {"ev-1"} and partial.facts == facts
    assert partial.framing == framing
    assert partial.quote_groups == groups and len(groups) == 2
    assert all(c.fact_id == SENTINEL for i in "cd" for c in docs[i].claims)
    assert [q.group_id for i in "cd" for q in docs[i].quotes] == [
        q.group_id for i in "cd" for q in full.documents[i].quotes
    ]
    assert all(_stamped(docs[i]) for i in "efghiz")


def _lazy(docs: list[Document]) -> tuple[Documents, list[str]]:
    by_id = {d.id: d for d in docs}
    decoded: list[str] = []

    def load(ids: list[str]) -> dict[str, Document]:
        decoded.extend(ids)
        return {i: by_id[i] for i in ids}

    info = {d.id: DocumentInfo(d.meta.language, d.meta.published) for d in docs}
    return Documents(info, load), decoded


def test_a_lazy_corpus_decodes_only_the_scope() -> None:
    full = _full()
    scope = Scope(full=False, events={"ev-3", "ev-4"}, stories={"st-2"})
    scope.documents = {"e", "f", "g", "h", "i"}
    documents, decoded = _lazy(_documents())
    partial = _run(_corpus(documents, scope))

    assert sorted(decoded) == ["e", "f", "g", "h", "i"]
    assert set(documents.loaded()) == scope.documents
    facts, framing, groups = _scope_rows(full, scope)
    assert (partial.facts, partial.framing, partial.quote_groups) == (facts, framing, groups)
    assert len(groups) == 2


def test_near_duplicates_of_an_original_outside_the_scope_stay_one_origin() -> None:
    # Two reprints of "o" land in an event of their own; "o" sits in another event. A
    # full run walks duplicate_of to "o": one origin, a single source. The partial run
    # must say the same without decoding "o".
    def documents() -> list[Document]:
        made = []
        for did, outlet, dup in (("o", "AFP", None), ("p", "Yahoo", "o"), ("q", "MSN", "o")):
            text = f"Incendie à Lyon : 4 blessés ({outlet})."
            doc = _doc(did, outlet, text, duplicate_of=dup)
            doc.claims = [_claim(f"c-{did}", text, "4 blessés", 4, "blessé")]
            made.append(doc)
        return made

    events = [Event("ev-o", "Incendie", None, ["o"]), Event("ev-pq", "Incendie", None, ["p", "q"])]
    full = Corpus(documents={d.id: d for d in documents()}, events=list(events))
    FactStage().run(full)
    (fact,) = [f for f in full.facts if f.event_id == "ev-pq"]
    assert fact.status == "single_source" and fact.independent_sources == 1

    lazy, decoded = _lazy(documents())
    scope = Scope(full=False, events={"ev-pq"}, documents={"p", "q"})
    partial = Corpus(documents=lazy, events=list(events), scope=scope)
    FactStage().run(partial)
    assert partial.facts == [fact]
    assert sorted(decoded) == ["p", "q"]

"""The events stage across runs: documents added later join stored events, unchanged
events are kept as stored, translations share their original's event, and an event is
dated by what its documents' leads say."""

from __future__ import annotations

from test_stories_cluster import QUAKE, STRIKE, TURKEY, corpus, make, members

from recoupe.model import Corpus, DateValue, Document, TimeExpression
from recoupe.stories.cluster import EventStage
from recoupe.stories.labels import events_date, happened_on


def test_documents_added_over_runs_end_as_one_run_puts_them() -> None:
    whole = corpus()
    EventStage().run(whole)
    stage = EventStage()
    grown = Corpus(documents={})
    ids = sorted(whole.documents)
    # Three runs of three documents each, in an order unlike the dates'.
    for batch in (ids[6:], ids[:3], ids[3:6]):
        for doc_id in batch:
            grown.documents[doc_id] = corpus().documents[doc_id]
        grown.new_ids = set(batch)
        stage.run(grown)
    assert members(grown) == members(whole)
    assert sorted(s.event_ids for s in grown.stories) == sorted(s.event_ids for s in whole.stories)


def test_an_untouched_event_is_kept_and_a_new_document_joins_its_event() -> None:
    c = corpus()
    stage = EventStage()
    stage.run(c)
    strike = next(e for e in c.events if "s1" in e.document_ids)
    quake = next(e for e in c.events if "q1" in e.document_ids)
    c.documents["q4"] = make("q4", QUAKE[1:], TURKEY, "2023-02-07", "Le bilan du séisme s'alourdit")
    c.new_ids = {"q4"}
    # A new stage (a new process) reads the stored events the same way.
    EventStage().run(c)
    after = {e.id: e for e in c.events}
    assert strike.id in after and after[strike.id] is strike  # kept as stored
    assert quake.id not in after  # the quake event grew: a new id
    grown = next(e for e in c.events if "q4" in e.document_ids)
    assert set(quake.document_ids) | {"q4"} == set(grown.document_ids)
    assert len(c.events) == 3


def test_a_translation_shares_its_original_event() -> None:
    """An English text with none of the French lemmas: alone it would found its own
    event; in the French document's origin group (a translation) it joins its event."""
    english = ["earthquake", "magnitude", "rescuer", "rubble", "building", "collapse"]
    docs = [
        make("q1", QUAKE, TURKEY, "2023-02-06"),
        make("q2", QUAKE[2:], TURKEY, "2023-02-06"),
        make("en", english, [("Turkey", "LOC")], "2023-02-07"),
        make("s1", STRIKE, [], "2023-02-06"),
    ]
    c = Corpus(documents={d.id: d for d in docs})
    EventStage().run(c)
    assert {"q1", "q2"} in members(c) and {"en"} in members(c)
    c = Corpus(documents={d.id: d for d in docs}, origin_of={"q1": "q1", "en": "q1"})
    EventStage().run(c)
    assert members(c) == [{"en", "q1", "q2"}, {"s1"}]


def dated(doc_id: str, day: str, timex: list[tuple[str, str | None]]) -> Document:
    """A document published on ``day`` whose lead holds the given (text, iso) dates."""
    text = "Le bilan. " + " ".join(t for t, _ in timex) + ". La suite de l'article."
    doc = make(doc_id, ["bilan"], [], day, title="Le bilan")
    doc.text = text
    doc.sentences = doc.sentences[:0]
    doc.timex = []
    at = 0
    for phrase, iso in timex:
        start = text.index(phrase, at)
        doc.timex.append(TimeExpression(start, start + len(phrase), phrase, iso, "day", "anchor"))
        at = start + len(phrase)
    return doc


def test_an_event_is_dated_by_the_day_its_leads_name() -> None:
    # Published on Wednesday about Tuesday night; background and plans do not count.
    wed = dated("a", "2025-05-07", [("mardi soir", "2025-05-06"), ("le 14 avril", "2025-04-14")])
    assert happened_on(wed) == "2025-05-06"
    later = dated("b", "2025-05-08", [("jeudi prochain", "2025-05-15")])
    assert happened_on(later) == "2025-05-08"
    same_day = dated("c", "2025-05-06", [])
    assert events_date([wed, later, same_day]) == "2025-05-06"
    undated = make("u", ["bilan"], [], None)
    assert happened_on(undated) is None and events_date([undated]) is None
    month = make("m", ["bilan"], [], "2025-05")
    assert events_date([month]) == "2025-05"
    assert month.meta.published == DateValue("2025-05", "month")


def _story_sets(c: Corpus) -> list[set[str]]:
    by_story: dict[str, set[str]] = {}
    for event in c.events:
        by_story.setdefault(event.story_id or event.id, set()).update(event.document_ids)
    return sorted(by_story.values(), key=sorted)


def test_a_first_build_links_no_stories_a_run_adding_them_later_would_not() -> None:
    """Story linkage looks for stories within ``story_window_days`` of an event (blocking).
    A first build clusters its events in chunks, and a chunk wider than that window let two
    events link that an addition one at a time never compares: the first build's chunks
    are cut to the window, so the stories are those documents arriving in date order give.
    Two reports of one quake seven months apart, then the same with an article between
    them: apart, and one story chained through the middle one."""

    def quake(doc_id: str, day: str) -> Document:
        return make(doc_id, QUAKE, TURKEY, day, f"Séisme {doc_id}")

    for days in (("2023-02-06", "2023-09-06"), ("2023-02-06", "2023-05-20", "2023-09-06")):
        docs = [quake(f"q{i}", day) for i, day in enumerate(days)]
        whole = Corpus(documents={d.id: d for d in docs})
        EventStage().run(whole)
        stage, grown = EventStage(), Corpus(documents={})
        for doc in [quake(f"q{i}", day) for i, day in enumerate(days)]:
            grown.documents[doc.id] = doc
            grown.new_ids = {doc.id}
            stage.run(grown)
        assert _story_sets(whole) == _story_sets(grown)
        assert len(_story_sets(whole)) == (2 if len(days) == 2 else 1), _story_sets(whole)


def test_a_date_inferred_from_the_text_keeps_no_document_apart() -> None:
    """A file with no date is dated by the latest day its text names ("text_latest"): an
    archive of 2008 naming "samedi 11 octobre" gets October 2025. That date may not split
    it from its event; the same date read from the page's header does."""
    for source, apart in (("text_latest", False), ("header", True)):
        report = make("q0", QUAKE, TURKEY, "2023-02-06", "Séisme")
        archive = make("q1", QUAKE, TURKEY, None, "Séisme, archives")
        archive.meta.published = DateValue("2025-10", "month", source)
        c = Corpus(documents={"q0": report, "q1": archive})
        EventStage().run(c)
        assert (len(c.events) == 2) is apart, (source, members(c))

"""Copies and translations on the demo corpus, through the whole pipeline: the Observer's
English article and the machine-translated French copy that La Patrie published the next
day are one origin (one source for the facts) and one event."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.store import Store


@pytest.mark.e2e
def test_the_translated_copy_is_one_origin_and_one_event_with_its_original(
    demo_db: Path,
) -> None:
    with Store(demo_db) as store:
        corpus = store.load_corpus()
    docs = [d for d in corpus.documents.values() if not d.is_container]
    english = next(d for d in docs if d.source.endswith("observer-2025-05-06-truce-collapses.html"))
    french = next(d for d in docs if d.source.endswith("patrie-2025-05-07-presse-etrangere.html"))
    assert (english.meta.language, french.meta.language) == ("en", "fr")
    # The English one was published first: it is the origin, the French one its translation.
    assert french.meta.extra.get("duplicate_kind") == "translation"
    assert french.meta.extra.get("origin_group") == english.id
    assert english.meta.extra.get("origin_group") == english.id
    assert french.duplicate_of is None  # another text, not a near-duplicate
    event_of = {d: e.id for e in corpus.events for d in e.document_ids}
    assert event_of[english.id] == event_of[french.id]
    # No other pair of the demo is taken for a translation.
    translated = [d.source for d in docs if d.meta.extra.get("duplicate_kind") == "translation"]
    assert translated == [french.source]
    assert all(len(d.embedding) == 512 for d in docs)

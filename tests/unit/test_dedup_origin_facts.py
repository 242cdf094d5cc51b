"""An origin group (a text and its translation) is one source when facts are checked."""

from __future__ import annotations

from test_check_facts import claim, doc

from recoupe.check.facts import FactStage
from recoupe.model import Corpus, Event


def test_a_translation_adds_no_independent_source() -> None:
    english = doc("en", "The Observer", [claim("c1", 24, "blessé")])
    french = doc("fr", "La Patrie", [claim("c2", 24, "blessé")])
    other = doc("ot", "La Gazette", [claim("c3", 24, "blessé")])

    def facts(origin_of: dict[str, str]) -> tuple[str, int]:
        corpus = Corpus(documents={d.id: d for d in (english, french)}, origin_of=origin_of)
        corpus.events = [Event("ev-1", "Bombardement", "2025-05-06", ["en", "fr"])]
        FactStage().run(corpus)
        (fact,) = corpus.facts
        return fact.status, fact.independent_sources

    # Two outlets, unrelated as far as anyone knows: they corroborate each other.
    assert facts({}) == ("corroborated", 2)
    # The French page is the English article translated: one origin, one source.
    assert facts({"en": "en", "fr": "en"}) == ("single_source", 1)
    corpus = Corpus(
        documents={d.id: d for d in (english, french, other)}, origin_of={"en": "en", "fr": "en"}
    )
    corpus.events = [Event("ev-1", "Bombardement", "2025-05-06", ["en", "fr", "ot"])]
    FactStage().run(corpus)
    assert corpus.facts[0].independent_sources == 2

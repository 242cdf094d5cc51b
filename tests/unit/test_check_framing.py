"""Framing per event and outlet: lexicon terms and scare quotes, counted with passages;
and the export's additive keys for framing and internal consistency."""

from __future__ import annotations

import pytest

from recoupe.check.facts import FactStage
from recoupe.check.framing import FramingStage, fold, scare_quotes, term_uses
from recoupe.model import Claim, Corpus, Document, Event, Meta, Quote
from recoupe.render.json_export import export_dict, validate_export

KREMLIN = (
    "Le Kremlin poursuit son opération militaire spéciale. Les forces ont « neutralisé » "
    "les positions du régime de Kiev, a affirmé le ministère, qui dénonce des terroristes."
)
KYIV = (
    "L'invasion russe entre dans son troisième hiver. « Nous ne céderons rien à "
    "l'agresseur », a déclaré le président. La guerre a fait des milliers de morts."
)


def _doc(did: str, outlet: str, text: str, quotes: list[Quote] | None = None) -> Document:
    return Document(
        id=did,
        source=did,
        raw=text,
        format="txt",
        text=text,
        meta=Meta(outlet=outlet, language="fr"),
        quotes=quotes or [],
    )


def _corpus() -> Corpus:
    said = KYIV.index("Nous")
    quote = Quote("q-1", said, KYIV.index(" »"), "Nous ne céderons rien à l'agresseur", True)
    docs = [_doc("d-1", "RIA", KREMLIN), _doc("d-2", "Kyiv Post FR", KYIV, [quote])]
    corpus = Corpus(documents={d.id: d for d in docs})
    corpus.events = [Event("ev-1", "La guerre", "2024-11-20", ["d-1", "d-2"])]
    return corpus


def test_fold_keeps_offsets() -> None:
    text = "Opération « spéciale » ÉLIMINÉ l\u2019agresseur"
    assert len(fold(text)) == len(text)
    assert fold(text) == "operation « speciale » elimine l'agresseur"


def test_each_outlet_names_the_war_its_own_way() -> None:
    corpus = _corpus()
    FramingStage().run(corpus)
    uses = {(u.outlet, u.term, u.family): u for u in corpus.framing}
    assert ("RIA", "opération militaire spéciale", "war_name") in uses
    assert ("Kyiv Post FR", "invasion", "war_name") in uses
    assert ("Kyiv Post FR", "guerre", "war_name") in uses
    assert ("RIA", "régime", "government") in uses
    assert ("RIA", "terroriste", "fighters") in uses
    # The longest term wins: no bare "opération" or partial match inside it.
    assert not any(u.term == "guerre" for u in corpus.framing if u.outlet == "RIA")
    spoken = uses[("RIA", "opération militaire spéciale", "war_name")].citations[0]
    assert KREMLIN[spoken.start : spoken.end] == "opération militaire spéciale"


def test_scare_quotes_are_the_marks_no_quote_covers() -> None:
    corpus = _corpus()
    (found,) = scare_quotes(corpus.documents["d-1"])
    assert found[0] == "neutralisé"
    # The Kyiv text's marks hold a quote the extractor kept: not a scare quote.
    assert scare_quotes(corpus.documents["d-2"]) == []
    FramingStage().run(corpus)
    scare = [u for u in corpus.framing if u.family == "scare_quote"]
    assert [(u.outlet, u.term, u.count) for u in scare] == [("RIA", "neutralisé", 1)]


def test_terms_of_another_language_are_not_matched() -> None:
    doc = _doc("d-3", "Le Monde", "Une war room a été installée.")
    assert [t.term for t, _ in term_uses(doc)] == []


def test_the_export_carries_framing_and_consistency() -> None:
    corpus = _corpus()
    doc = corpus.documents["d-2"]
    doc.claims = [
        Claim("c-1", 0, 5, "t", 3, counted="mort"),
        Claim("c-2", 10, 15, "t", 5, counted="mort", attributed_to="la mairie"),
    ]
    FactStage().run(corpus)
    FramingStage().run(corpus)
    data = export_dict(corpus, "test")
    validate_export(data)
    assert any(u["term"] == "invasion" and u["count"] == 1 for u in data["framing"])
    (finding,) = data["consistency"]
    assert finding["kind"] == "two_values" and finding["claims"] == ["c-1", "c-2"]
    assert not finding["consistent"]
    claim = next(c for c in data["claims"] if c["id"] == "c-1")
    assert claim["conflicts_with"] == "c-2" and claim["predicate"] is None


def test_lexicon_matches_are_kept_per_text_and_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document's lexicon matches are computed once and kept in the stage's rows; read
    back they are the same terms at the same places. A changed text is matched again."""
    import recoupe.check.framing as framing
    from recoupe.model import MemoryRows

    docs = [_doc("k1", "kremlin.ru", KREMLIN), _doc("u1", "kyiv.ua", KYIV)]
    rows = MemoryRows()
    first = framing.lexicon_uses(docs, rows)
    assert first == {d.id: term_uses(d) for d in docs} and first["k1"] and first["u1"]
    assert rows.count("u:") == 2

    def no_matching(doc: Document) -> list[object]:
        raise AssertionError(f"{doc.id} matched again")

    monkeypatch.setattr(framing, "term_uses", no_matching)
    assert framing.lexicon_uses(docs, rows) == first
    edited = _doc("k1", "kremlin.ru", KREMLIN + " Une invasion, disent les autres.")
    monkeypatch.undo()
    again = framing.lexicon_uses([edited], rows)
    assert again["k1"] == term_uses(edited) != first["k1"]

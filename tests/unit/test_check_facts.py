"""Fact alignment and statuses on hand-built events, documents and claims."""

from __future__ import annotations

import random

from recoupe.check.facts import FactStage
from recoupe.check.values import allowed, bound_of
from recoupe.model import Claim, Corpus, Document, Event, Meta


def claim(
    cid: str,
    value: float,
    counted: str | None,
    *,
    qualifier: str | None = None,
    attributed_to: str | None = None,
    value_max: float | None = None,
) -> Claim:
    text = f"{qualifier or ''} {value:g} {counted}".strip()
    return Claim(
        cid,
        0,
        len(text),
        text,
        value,
        value_max=value_max,
        qualifier=qualifier,
        counted=counted,
        attributed_to=attributed_to,
    )


def doc(
    did: str,
    outlet: str,
    claims: list[Claim],
    agencies: tuple[str, ...] = (),
    duplicate_of: str | None = None,
) -> Document:
    return Document(
        id=did,
        source=did,
        raw="",
        format="txt",
        text="…",
        meta=Meta(outlet=outlet, agencies=list(agencies)),
        claims=claims,
        duplicate_of=duplicate_of,
    )


def run(*docs: Document) -> Corpus:
    corpus = Corpus(documents={d.id: d for d in docs})
    corpus.events = [Event("ev-1", "Accident", "2024-03-12", sorted(d.id for d in docs))]
    FactStage().run(corpus)
    return corpus


def test_three_vs_five_dead_from_two_outlets_is_contradicted() -> None:
    c = run(
        doc("a", "Le Monde", [claim("c1", 3, "mort")]),
        doc("b", "Libération", [claim("c2", 5, "mort")]),
    )
    (fact,) = c.facts
    assert fact.status == "contradicted" and fact.independent_sources == 2
    assert fact.note == "3 vs 5" and fact.statement == "morts : 3 ~ 5"
    assert fact.outlets == ["Le Monde", "Libération"]
    assert fact.id.startswith("fa-") and fact.claim_ids == ["c1", "c2"]
    assert {cl.fact_id for d in c.documents.values() for cl in d.claims} == {fact.id}


def test_three_reprints_of_one_wire_are_a_single_source() -> None:
    c = run(
        doc("a", "Ouest-France", [claim("c1", 24, "blessé")], agencies=("AFP",)),
        doc("b", "20 Minutes", [claim("c2", 24, "blessé")], agencies=("AFP",)),
        doc("c", "La Croix", [claim("c3", 24, "blessé")], agencies=("afp",)),
    )
    (fact,) = c.facts
    assert fact.status == "single_source" and fact.independent_sources == 1
    assert len(fact.claim_ids) == 3 and "3 documents" in fact.note


def test_near_duplicates_add_evidence_not_origins() -> None:
    c = run(
        doc("a", "Le Parisien", [claim("c1", 24, "blessé")]),
        doc("b", "Yahoo", [claim("c2", 24, "blessé")], duplicate_of="a"),
    )
    (fact,) = c.facts
    assert fact.status == "single_source" and fact.claim_ids == ["c1", "c2"]


def test_two_independent_outlets_agreeing_corroborate() -> None:
    c = run(
        doc("a", "Le Monde", [claim("c1", 24, "blessé")]),
        doc("b", "France Info", [claim("c2", 24, "blessé", qualifier="au moins")]),
    )
    (fact,) = c.facts
    assert fact.status == "corroborated" and fact.independent_sources == 2
    assert fact.statement == "blessés : 24 ~ au moins 24"


def test_the_russian_mod_cited_by_two_outlets_is_a_party_claim() -> None:
    c = run(
        doc(
            "a",
            "Le Figaro",
            [
                claim(
                    "c1",
                    580,
                    "soldat",
                    qualifier="plus de",
                    attributed_to="le ministère russe de la Défense",
                )
            ],
        ),
        doc("b", "RFI", [claim("c2", 600, "soldat", attributed_to="la Défense russe")]),
    )
    (fact,) = c.facts
    assert fact.status == "party_claim" and fact.independent_sources == 1
    assert "Russia" in fact.note and fact.statement == "soldats : plus de 580 ~ 600"


def test_a_party_and_an_outlet_of_its_own_are_not_a_party_claim() -> None:
    c = run(
        doc("a", "Le Figaro", [claim("c1", 580, "soldat", attributed_to="Kremlin")]),
        doc("b", "RFI", [claim("c2", 600, "soldat", qualifier="près de")]),
    )
    assert c.facts[0].status == "corroborated"


def test_alignment_by_counted_and_unit_and_sorting() -> None:
    c = run(
        doc(
            "a",
            "Le Monde",
            [
                claim("c1", 3, "mort"),
                claim("c2", 12, "drone"),
                claim("c3", 40, "km"),
                claim("c4", 7, None),
            ],
        ),
        doc("b", "Le Point", [claim("c5", 5, "mort"), claim("c6", 12, "drone")]),
    )
    assert [f.status for f in c.facts] == ["contradicted", "corroborated", "single_source"]
    assert c.documents["a"].claims[3].fact_id is None  # nothing counted, no fact


def test_qualifiers_bound_the_values() -> None:
    assert bound_of("plus de") == "at_least" and bound_of("jusqu'à") == "at_most"
    assert bound_of("près de") == "about" and bound_of(None) is None
    up_to = allowed(claim("x", 140, "drone", qualifier="jusqu'à"), 0.1)
    assert up_to is not None and up_to.low == 0 and up_to.high == 140
    rng = allowed(claim("y", 12, "mort", value_max=15), 0.1)
    three = allowed(claim("z", 14, "mort"), 0.1)
    assert rng is not None and three is not None and rng.overlaps(three)
    about = allowed(claim("w", 580, "soldat", qualifier="environ"), 0.1)
    far = allowed(claim("v", 700, "soldat"), 0.1)
    assert about is not None and far is not None and not about.overlaps(far)


def test_facts_do_not_depend_on_input_order() -> None:
    docs = [
        doc("a", "Le Monde", [claim("c1", 3, "mort")]),
        doc("b", "Libération", [claim("c2", 5, "mort")], agencies=("AFP",)),
        doc("c", "Sud Ouest", [claim("c3", 5, "mort")], agencies=("AFP",)),
    ]
    first = run(*docs)
    random.Random(1).shuffle(docs)
    second = run(*docs)
    assert [(f.id, f.status, f.note, f.claim_ids) for f in first.facts] == [
        (f.id, f.status, f.note, f.claim_ids) for f in second.facts
    ]


def test_statement_plurals_read_as_french() -> None:
    from recoupe.check.facts import _plural

    assert [_plural(w) for w in ("soldat", "hôpital", "bateau", "drone", "blessés", "prix")] == [
        "soldats",
        "hôpitaux",
        "bateaux",
        "drones",
        "blessés",
        "prix",
    ]

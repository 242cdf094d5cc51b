"""Fact alignment and statuses on hand-built events, documents and claims."""

from __future__ import annotations

import random

from recoupe.check.facts import FactStage
from recoupe.check.values import allowed, bound_of
from recoupe.model import Claim, Corpus, Document, Event, Mention, Meta, Span


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


def _with(c: Claim, **fields: object) -> Claim:
    for name, value in fields.items():
        setattr(c, name, value)
    return c


def test_soldiers_killed_and_soldiers_deployed_are_two_facts() -> None:
    c = run(
        doc("a", "Le Monde", [_with(claim("c1", 120, "soldat"), predicate="killed")]),
        doc("b", "Libération", [_with(claim("c2", 2000, "soldat"), predicate="deployed")]),
        doc("d", "Ouest-France", [_with(claim("c3", 120, "soldat"), predicate="killed")]),
    )
    statuses = sorted((f.statement, f.status) for f in c.facts)
    assert statuses == [("soldats : 120", "corroborated"), ("soldats : 2 000", "single_source")]


def test_an_unknown_predicate_joins_the_one_known() -> None:
    c = run(
        doc("a", "Le Monde", [_with(claim("c1", 120, "soldat"), predicate="killed")]),
        doc("b", "Libération", [claim("c2", 150, "soldat")]),
    )
    (fact,) = c.facts
    assert fact.status == "contradicted"


def test_a_daily_toll_and_a_cumulative_one_are_two_facts() -> None:
    c = run(
        doc("a", "Le Monde", [_with(claim("c1", 41, "drone"), frame="period")]),
        doc("b", "Libération", [_with(claim("c2", 3000, "drone"), frame="cumulative")]),
    )
    assert len(c.facts) == 2 and {f.status for f in c.facts} == {"single_source"}


def test_dead_and_people_killed_align() -> None:
    c = run(
        doc("a", "Le Monde", [claim("c1", 3, "mort")]),
        doc("b", "Libération", [_with(claim("c2", 3, "tué"), predicate="killed")]),
        doc("d", "Le Figaro", [_with(claim("c3", 3, "personne"), predicate="killed")]),
    )
    (fact,) = c.facts
    assert fact.status == "corroborated" and fact.independent_sources == 3
    assert fact.statement == "morts : 3"


def test_more_than_two_hours_against_forty_minutes_is_contradicted() -> None:
    talks = {"predicate": "durer:discussion", "counted": None}
    c = run(
        doc(
            "a",
            "Le Monde",
            [_with(claim("c1", 2, None, qualifier="plus de"), unit="heure", **talks)],
        ),
        doc("b", "Libération", [_with(claim("c2", 40, None), unit="minute", **talks)]),
    )
    (fact,) = c.facts
    assert fact.status == "contradicted" and fact.statement.startswith("discussion : ")
    # ... while "plus de 2 heures" and "150 minutes" agree.
    c = run(
        doc(
            "a",
            "Le Monde",
            [_with(claim("c1", 2, None, qualifier="plus de"), unit="heure", **talks)],
        ),
        doc("b", "Libération", [_with(claim("c2", 150, None), unit="minute", **talks)]),
    )
    assert c.facts[0].status == "corroborated"


def test_a_duration_under_no_measuring_verb_makes_no_fact() -> None:
    anchor = _with(claim("c1", 3, None), unit="semaine", predicate="signer")
    assert run(doc("a", "Le Monde", [anchor])).facts == []


def test_heads_nobody_checks_make_no_fact() -> None:
    c = run(doc("a", "Le Monde", [claim("c1", 24, "prise"), claim("c2", 14, "degré")]))
    assert c.facts == []


def test_one_text_reporting_two_sources_that_disagree() -> None:
    """ "Officiellement, trois morts ... Selon les services municipaux, 5 morts": one
    outlet, two sources, incompatible values: contradicted, and a two-values finding."""
    official = claim("c1", 3, "mort")
    town = claim("c2", 5, "mort", attributed_to="les services municipaux")
    c = run(doc("a", "L'Éclaireur", [official, town]))
    (fact,) = c.facts
    assert fact.status == "contradicted" and fact.independent_sources == 1
    assert official.conflicts_with == "c2" and town.conflicts_with is None
    assert official.consistency is not None and "two sources disagree" in official.consistency


def test_one_text_disagreeing_with_itself_is_a_finding_not_a_contradiction() -> None:
    first, second = claim("c1", 3, "mort"), claim("c2", 5, "mort")
    c = run(doc("a", "Le Monde", [first, second]))
    assert c.facts[0].status == "single_source"
    assert first.consistency is not None and "disagrees with itself" in first.consistency


def test_a_digest_naming_two_places_does_not_contradict_itself() -> None:
    text = "Deux civils ont été tués à Belgorod. Au Sénégal, neuf personnes ont été tuées."
    a = _with(claim("c1", 2, "tué", attributed_to="le gouverneur"), start=0, end=4)
    b = _with(claim("c2", 9, "tué"), start=50, end=55)
    d = doc("a", "Le Monde", [a, b])
    d.text = text
    d.sentences = [Span(0, 37), Span(38, len(text))]
    d.entities = [
        Mention(29, 37, "Belgorod", "LOC"),
        Mention(41, 48, "Sénégal", "LOC"),
    ]
    c = run(d)
    assert c.facts[0].status == "single_source" and a.conflicts_with is None


def test_a_breakdown_is_checked_against_its_total() -> None:
    total = claim("t", 580, "militaire", qualifier="près de")
    parts = [
        _with(claim("p1", 255, None, qualifier="plus de"), part_of="t"),
        _with(claim("p2", 140, None, qualifier="jusqu'à"), part_of="t"),
        _with(claim("p3", 35, None, qualifier="jusqu'à"), part_of="t"),
        _with(claim("p4", 25, "soldat"), part_of="t"),
        _with(claim("p5", 45, "homme", qualifier="jusqu'à"), part_of="t"),
        _with(claim("p6", 80, None, qualifier="jusqu'à"), part_of="t"),
    ]
    c = run(doc("a", "TASS", [total, *parts]))
    assert total.consistency == (
        "breakdown adds up: 255 + 140 + 35 + 25 + 45 + 80 = 580 for près de 580"
    )
    # The parts make no fact of their own: "25 soldats" on one front is not the toll.
    assert [f.statement for f in c.facts] == ["militaires : près de 580"]
    short = claim("t2", 900, "militaire")
    run(doc("b", "TASS", [short, _with(claim("q1", 300, None), part_of="t2")]))
    assert short.consistency is not None and short.consistency.startswith("breakdown does not")

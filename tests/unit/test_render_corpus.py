"""A hand-built, realistic corpus for the render tests, and the tests of the view model.

Two outlets disagree on the death toll of a drone strike on Odessa (a contradicted fact),
the Ukrainian air force's own count is a party claim, a wire reprint copies Le Monde,
a France 24 live blog is split into two children, and one child carries hostile markup.
The other test_render_* modules import ``build_corpus`` from here.
"""

from __future__ import annotations

import pytest

from recoupe.errors import NotFound
from recoupe.model import (
    Claim,
    Corpus,
    DateValue,
    Document,
    Entity,
    Event,
    Fact,
    Meta,
    Quote,
    QuoteGroup,
    Rejection,
    Removed,
    Story,
)
from recoupe.render.view import CorpusView

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"

LEMONDE = (
    "Une attaque de drones a frappé le port d'Odessa dans la nuit de lundi à mardi. "
    "Au moins trois personnes ont été tuées, selon le gouverneur régional Oleh Kiper. "
    "La Russie a lancé 23 drones Shahed, a indiqué l'armée de l'air ukrainienne. "
    "« Nous avons abattu 17 drones sur 23 », a déclaré son porte-parole Iouri Ihnat."
)
FIGARO = (
    "Cinq personnes ont été tuées lors de l'attaque de drones contre Odessa, selon le "
    "ministère russe de la Défense. Kiev affirme avoir intercepté la plupart des engins. "
    "« Nous avons abattu 17 drones sur 23 », a affirmé Iouri Ihnat, porte-parole de "
    "l'armée de l'air."
)
LIVE_ODESSA = (
    "10h32 : L'armée de l'air ukrainienne dit avoir détecté 23 drones lancés contre Odessa "
    "pendant la nuit. Le gouverneur Oleh Kiper a déclaré : « Les secours fouillent encore "
    "les décombres du port. »"
)
LIVE_KIM = (
    "11h05 : Kim Jong-un est arrivé à Vladivostok. Partager sur Facebook "
    f"{HOSTILE_SCRIPT} Cliquez ici : javascript:alert(1)\n"
    "« Nous serons toujours aux côtés de Moscou », a déclaré le dirigeant nord-coréen."
)
LIBERATION = (
    "La Russie s'est retirée de l'accord céréalier, a annoncé le Kremlin lundi. "
    "Plus de 30 navires attendent au large d'Odessa, selon l'armée ukrainienne."
)


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def quote(qid: str, text: str, words: str, **kw: object) -> Quote:
    start, end = span(text, words)
    return Quote(id=qid, start=start, end=end, text=words, direct=True, **kw)  # type: ignore[arg-type]


def claim(cid: str, text: str, sentence: str, value: float, **kw: object) -> Claim:
    start, end = span(text, sentence)
    return Claim(id=cid, start=start, end=end, text=sentence, value=value, **kw)  # type: ignore[arg-type]


def doc(
    did: str, text: str, outlet: str, title: str, published: DateValue | None, **kw: object
) -> Document:
    meta = Meta(
        url=kw.pop("url", f"https://www.example.org/{did}"),  # type: ignore[arg-type]
        title=title,
        outlet=outlet,
        bylines=kw.pop("bylines", []),  # type: ignore[arg-type]
        agencies=kw.pop("agencies", []),  # type: ignore[arg-type]
        published=published,
        language="fr",
    )
    return Document(
        id=did, source=f"inbox/{did}.txt", raw=text, format="txt", text=text, meta=meta, **kw
    )  # type: ignore[arg-type]


def build_corpus() -> Corpus:
    day = DateValue("2023-09-12", "day", "header")
    lm = doc(
        "d-lemonde",
        LEMONDE,
        "Le Monde",
        "Frappe de drones sur Odessa : au moins trois morts",
        day,
        bylines=["Rémy Ourdan"],
        agencies=["AFP"],
    )
    lm.claims = [
        claim(
            "c-lm-dead",
            LEMONDE,
            "Au moins trois personnes ont été tuées, selon le gouverneur régional Oleh Kiper.",
            3,
            qualifier="au moins",
            counted="personne",
            attributed_to="Oleh Kiper",
            fact_id="f-dead",
        ),
        claim(
            "c-lm-launched",
            LEMONDE,
            "La Russie a lancé 23 drones Shahed, a indiqué l'armée de l'air ukrainienne.",
            23,
            counted="drone",
            attributed_to="armée de l'air ukrainienne",
            fact_id="f-launched",
        ),
        claim(
            "c-lm-downed",
            LEMONDE,
            "« Nous avons abattu 17 drones sur 23 », a déclaré son porte-parole Iouri Ihnat.",
            17,
            counted="drone",
            attributed_to="Iouri Ihnat",
            fact_id="f-downed",
        ),
    ]
    lm.quotes = [
        quote(
            "q-lm",
            LEMONDE,
            "Nous avons abattu 17 drones sur 23",
            speaker="Iouri Ihnat",
            cue="déclarer",
            entity_id="e-ihnat",
            group_id="g-ihnat",
        )
    ]
    lm.removed = [Removed(0, 34, "share_buttons", "Partager sur Facebook Partager sur X")]

    fig = doc("d-figaro", FIGARO, "Le Figaro", "Odessa visée par une attaque de drones", day)
    fig.claims = [
        claim(
            "c-fig-dead",
            FIGARO,
            "Cinq personnes ont été tuées lors de l'attaque de drones contre Odessa, selon le "
            "ministère russe de la Défense.",
            5,
            counted="personne",
            attributed_to="ministère russe de la Défense",
            fact_id="f-dead",
        ),
        claim(
            "c-fig-downed",
            FIGARO,
            "« Nous avons abattu 17 drones sur 23 », a affirmé Iouri Ihnat, porte-parole de "
            "l'armée de l'air.",
            17,
            counted="drone",
            attributed_to="Iouri Ihnat",
            fact_id="f-downed",
        ),
    ]
    fig.quotes = [
        quote(
            "q-fig",
            FIGARO,
            "Nous avons abattu 17 drones sur 23",
            speaker="Iouri Ihnat",
            cue="affirmer",
            entity_id="e-ihnat",
            group_id="g-ihnat",
        ),
        Quote(
            "q-fig-kiev",
            *span(FIGARO, "Kiev affirme avoir intercepté la plupart des engins"),
            text="avoir intercepté la plupart des engins",
            direct=False,
            speaker="Kiev",
            cue="affirmer",
        ),
    ]

    ouest = doc(
        "d-ouest",
        LEMONDE,
        "Ouest-France",
        "Odessa : trois morts dans une attaque de drones",
        day,
        agencies=["AFP"],
        duplicate_of="d-lemonde",
    )
    ouest.quotes = [
        quote(
            "q-ouest",
            LEMONDE,
            "Nous avons abattu 17 drones sur 23",
            speaker="Ihnat",
            cue="déclarer",
            entity_id="e-ihnat",
            group_id="g-ihnat",
        )
    ]

    live_text = LIVE_ODESSA + "\n\n" + LIVE_KIM
    live = doc(
        "d-live",
        live_text,
        "France 24",
        "EN DIRECT - Guerre en Ukraine",
        day,
        url="https://www.france24.com/fr/live/ukraine",
        is_container=True,
    )
    live1 = doc(
        "d-live-1",
        LIVE_ODESSA,
        "France 24",
        "10h32 : 23 drones lancés contre Odessa",
        DateValue("2023-09-12T10:32", "minute", "text"),
        parent_id="d-live",
    )
    live1.claims = [
        claim(
            "c-live-launched",
            LIVE_ODESSA,
            "L'armée de l'air ukrainienne dit avoir détecté 23 drones "
            "lancés contre Odessa pendant la nuit.",
            23,
            counted="drone",
            attributed_to="armée de l'air ukrainienne",
            fact_id="f-launched",
        )
    ]
    live1.quotes = [
        quote(
            "q-live",
            LIVE_ODESSA,
            "Les secours fouillent encore les décombres du port.",
            speaker="Oleh Kiper",
            cue="déclarer",
            entity_id="e-kiper",
        )
    ]
    live2 = doc(
        "d-live-2",
        LIVE_KIM,
        "France 24",
        f"Kim Jong-un à Vladivostok {HOSTILE_IMG}",
        DateValue("2023-09-12T11:05", "minute", "text"),
        parent_id="d-live",
        url="javascript:alert(1)",
    )
    live2.quotes = [
        quote(
            "q-kim",
            LIVE_KIM,
            "Nous serons toujours aux côtés de Moscou",
            speaker="Kim Jong-un",
            cue="déclarer",
        )
    ]
    live2.removed = [Removed(10, 45, "script", f"{HOSTILE_SCRIPT} var x = 1;")]

    lib = doc(
        "d-liberation",
        LIBERATION,
        "Libération",
        "La Russie quitte l'accord céréalier",
        DateValue("2023-07", "month", "url"),
    )
    lib.claims = [
        claim(
            "c-lib-ships",
            LIBERATION,
            "Plus de 30 navires attendent au large d'Odessa, selon l'armée ukrainienne.",
            30,
            qualifier="plus de",
            counted="navire",
            attributed_to="armée ukrainienne",
            fact_id="f-ships",
        )
    ]

    docs = [lm, fig, ouest, live, live1, live2, lib]
    return Corpus(
        documents={d.id: d for d in docs},
        entities=[
            Entity("e-kiper", "Oleh Kiper", "PER", ["Kiper"]),
            Entity("e-ihnat", "Iouri Ihnat", "PER", ["Ihnat", "Iouri Ihnat"]),
        ],
        events=[
            Event(
                "ev-odessa",
                "Attaque de drones sur le port d'Odessa",
                "2023-09-12",
                ["d-live-1", "d-lemonde", "d-figaro", "d-ouest", "d-live"],
                "st-odessa",
            ),
            Event("ev-kim", "Kim Jong-un en visite en Russie", "2023-09-12", ["d-live-2"]),
            Event(
                "ev-grain", "Fin de l'accord céréalier", "2023-07", ["d-liberation"], "st-odessa"
            ),
        ],
        # Events listed out of date order on purpose: views must sort them.
        stories=[Story("st-odessa", "Odessa sous les drones", ["ev-odessa", "ev-grain"])],
        quote_groups=[QuoteGroup("g-ihnat", ["q-lm", "q-fig", "q-ouest"], "Iouri Ihnat")],
        facts=[
            Fact(
                "f-launched",
                "ev-odessa",
                "Drones lancés contre Odessa",
                "corroborated",
                ["c-lm-launched", "c-live-launched"],
                2,
                ["France 24", "Le Monde"],
            ),
            Fact(
                "f-downed",
                "ev-odessa",
                "Drones abattus par la défense ukrainienne",
                "party_claim",
                ["c-lm-downed", "c-fig-downed"],
                1,
                ["Le Figaro", "Le Monde"],
                "every origin is a party: the Ukrainian air force",
            ),
            Fact(
                "f-dead",
                "ev-odessa",
                "Morts dans l'attaque d'Odessa",
                "contradicted",
                ["c-lm-dead", "c-fig-dead"],
                2,
                ["Le Figaro", "Le Monde"],
                "3 vs 5 dead",
            ),
            Fact(
                "f-ships",
                "ev-grain",
                "Navires bloqués au large d'Odessa",
                "single_source",
                ["c-lib-ships"],
                1,
                ["Libération"],
            ),
        ],
    )


REJECTIONS = [
    Rejection("inbox/empty.txt", "read.txt", "empty", "the file holds no text"),
    Rejection("inbox/photo.jpg", "read", "binary", f"not text: {HOSTILE_SCRIPT}"),
]


@pytest.fixture()
def view() -> CorpusView:
    return CorpusView(build_corpus())


def test_event_lists_leaf_documents_only(view: CorpusView) -> None:
    ids = [d.id for d in view.event("ev-odessa").documents]
    assert "d-live" not in ids  # the live-blog container: its child carries the analysis
    assert sorted(ids) == ["d-figaro", "d-lemonde", "d-live-1", "d-ouest"]


def test_facts_put_contradictions_first(view: CorpusView) -> None:
    assert [f.status for f in view.event("ev-odessa").facts] == [
        "contradicted",
        "party_claim",
        "corroborated",
    ]


def test_fact_evidence_is_grouped_per_outlet(view: CorpusView) -> None:
    dead = view.event("ev-odessa").facts[0]
    grouped = dict(dead.evidence_by_outlet())
    assert set(grouped) == {"Le Figaro", "Le Monde"}
    assert grouped["Le Figaro"][0].value == 5
    assert grouped["Le Monde"][0].qualifier == "au moins"
    assert grouped["Le Monde"][0].citation.doc_id == "d-lemonde"


def test_quote_group_shows_each_outlet_under_one_speaker(view: CorpusView) -> None:
    speakers = {s.speaker: s for s in view.event("ev-odessa").speakers}
    # "Ihnat" (Ouest-France) and "Iouri Ihnat" are one speaker through the quote group.
    assert "Ihnat" not in speakers
    ihnat = speakers["Iouri Ihnat"]
    assert len(ihnat.utterances) == 1
    assert ihnat.utterances[0].outlets == ("Le Figaro", "Le Monde", "Ouest-France")
    assert speakers["Kiev"].utterances[0].quotes[0].direct is False


def test_sources_say_who_copied_whom(view: CorpusView) -> None:
    sources = view.event("ev-odessa").sources
    lemonde = next(s for s in sources if s.original.id == "d-lemonde")
    assert [c.id for c in lemonde.copies] == ["d-ouest"]
    assert all(s.original.id != "d-ouest" for s in sources)
    assert view.document("d-lemonde").also_published_by == (("Ouest-France", "d-ouest"),)


def test_story_events_come_in_date_order_and_orphans_are_kept(view: CorpusView) -> None:
    story = view.story("st-odessa")
    assert [e.id for e in story.events] == ["ev-grain", "ev-odessa"]
    assert story.contradicted_count == 1
    assert [e.id for e in view.unfiled_events()] == ["ev-kim"]


def test_unknown_ids_raise_not_found(view: CorpusView) -> None:
    with pytest.raises(NotFound):
        view.event("ev-nope")
    with pytest.raises(NotFound):
        view.story("st-nope")


def test_biggest_story_comes_first_whatever_its_id() -> None:
    corpus = build_corpus()
    kim = next(e for e in corpus.events if e.id == "ev-kim")
    kim.story_id = "st-kim"  # sorts before "st-odessa" by id, but holds one document
    corpus.stories.append(Story("st-kim", "Kim en Russie", ["ev-kim"]))
    stories = CorpusView(corpus).stories()
    assert [s.id for s in stories] == ["st-odessa", "st-kim"]
    assert stories[0].document_count > stories[1].document_count

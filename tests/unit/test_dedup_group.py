"""Near-duplicate fingerprints and groups on realistic French news texts."""

from __future__ import annotations

import random

from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import DuplicateStage
from recoupe.model import Corpus, DateValue, Document, Meta

DISPATCH = (
    "Un train régional a déraillé mardi matin près de Saint-Pierre-des-Corps, en Indre-et-Loire, "
    "faisant au moins 24 blessés dont trois graves, a annoncé la préfecture dans un communiqué. "
    "Le convoi, qui reliait Tours à Orléans avec 180 passagers à bord, est sorti des rails vers "
    "7 h 40 à la sortie d'un aiguillage, selon les premiers éléments de l'enquête. Les secours, "
    "une centaine de pompiers et plusieurs équipes du Samu, ont évacué les voyageurs en moins de "
    "deux heures. La SNCF a interrompu la circulation sur la ligne jusqu'à nouvel ordre et mis en "
    "place des cars de substitution entre les deux villes. Le ministre des Transports doit se "
    "rendre sur place dans l'après-midi, a précisé son cabinet. Une enquête administrative et une "
    "enquête judiciaire ont été ouvertes pour déterminer les causes de l'accident, le premier "
    "déraillement d'un train de voyageurs dans la région depuis plus de vingt ans."
)
OTHER = (
    "Les syndicats ont appelé à une nouvelle journée de grève jeudi contre la réforme des "
    "retraites, la neuvième depuis le début du mouvement en janvier. Selon la CGT, plus d'un "
    "million de personnes ont manifesté la semaine dernière dans toute la France, un chiffre "
    "contesté par le ministère de l'Intérieur qui en a compté 740 000. Le gouvernement maintient "
    "le report de l'âge légal de départ à 64 ans et exclut tout retrait du texte, adopté sans "
    "vote grâce à l'article 49.3. Les perturbations devraient être fortes dans les transports, "
    "avec un TGV sur deux et un TER sur trois en circulation, selon la direction de la SNCF."
)
INTRO = (
    "C'est une matinée que les habitants de Saint-Pierre-des-Corps ne sont pas près d'oublier. "
    "Dans le quartier de la gare, riverains et commerçants ont vu arriver les camions de pompiers "
    "les uns après les autres, sirènes hurlantes, avant que les premiers blessés ne soient "
    "transportés vers le CHU de Tours. Voici ce que l'on sait de l'accident."
)


def make(doc_id: str, text: str, day: str | None = None, container: bool = False) -> Document:
    published = DateValue(day, "day", "meta") if day else None
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(published=published),
        is_container=container,
    )


def fingerprinted(*docs: Document) -> Corpus:
    stage = FingerprintStage()
    stage.setup()
    for doc in docs:
        stage.process(doc)
    return Corpus(documents={d.id: d for d in docs})


def test_fingerprint_is_stable_and_tells_texts_apart() -> None:
    a = FingerprintStage().process(make("a", DISPATCH))
    b = FingerprintStage().process(make("b", DISPATCH))
    c = FingerprintStage().process(make("c", OTHER))
    assert isinstance(a, Document) and isinstance(b, Document) and isinstance(c, Document)
    assert len(a.fingerprint) == 128 and a.fingerprint == b.fingerprint
    assert a.fingerprint != c.fingerprint
    empty = FingerprintStage().process(make("e", " … — "))
    assert isinstance(empty, Document) and empty.fingerprint == []


def test_reprints_are_grouped_under_the_earliest() -> None:
    edited = DISPATCH.replace("mardi matin", "mardi").replace(
        "a précisé son cabinet", "selon son cabinet"
    )
    corpus = fingerprinted(
        make("z-first", DISPATCH, "2024-03-12"),
        make("a-later", edited, "2024-03-13"),
        make("m-later", DISPATCH + " (Avec AFP)", "2024-03-12T18:00"[:10]),
        make("other", OTHER, "2024-03-11"),
    )
    # "m-later" is the same day as "z-first" but longer: the longest wins a tie on date.
    DuplicateStage().run(corpus)
    docs = corpus.documents
    assert docs["m-later"].duplicate_of is None
    assert docs["z-first"].duplicate_of == "m-later"
    assert docs["a-later"].duplicate_of == "m-later"
    assert docs["a-later"].meta.extra["duplicate_kind"] == "copy"
    assert docs["other"].duplicate_of is None and "duplicate_kind" not in docs["other"].meta.extra


def test_page_embedding_a_dispatch_is_a_containment() -> None:
    page = INTRO + "\n\n" + DISPATCH + "\n\nLire aussi : les accidents ferroviaires en France."
    corpus = fingerprinted(make("wire", DISPATCH, "2024-03-12"), make("page", page, "2024-03-12"))
    DuplicateStage().run(corpus)
    # Same day: the longer page is the original, the dispatch inside it is marked.
    assert corpus.documents["page"].duplicate_of is None
    assert corpus.documents["wire"].duplicate_of == "page"
    assert corpus.documents["wire"].meta.extra["duplicate_kind"] == "contained_in"
    # Both descend from one original: one origin group, named after the original.
    assert corpus.origin_of == {"page": "page", "wire": "page"}


def test_a_later_page_embedding_the_dispatch_contains_it() -> None:
    page = INTRO + "\n\n" + DISPATCH
    cut = DISPATCH[: DISPATCH.index(" Le ministre des Transports")]
    corpus = fingerprinted(
        make("wire", DISPATCH, "2024-03-12"),
        make("page", page, "2024-03-13"),
        make("brief", cut, "2024-03-14"),
        make("other", OTHER, "2024-03-12"),
    )
    DuplicateStage().run(corpus)
    docs = corpus.documents
    assert docs["wire"].duplicate_of is None
    assert docs["page"].duplicate_of == "wire"
    assert docs["page"].meta.extra["duplicate_kind"] == "contains"
    assert docs["brief"].duplicate_of == "wire"
    assert docs["brief"].meta.extra["duplicate_kind"] == "contained_in"
    assert "other" not in corpus.origin_of


def test_adding_documents_later_gives_the_whole_corpus_result() -> None:
    """Incremental: a new reprint joins the stored group, an earlier-published copy that
    arrives late becomes the group's original, and untouched documents keep their state."""
    edited = DISPATCH.replace("mardi matin", "mardi")
    first = [make("d1", DISPATCH, "2024-03-12"), make("d4", OTHER, "2024-03-12")]
    later = [make("d2", edited, "2024-03-13"), make("d0", DISPATCH, "2024-03-11")]
    stage = DuplicateStage()
    corpus = fingerprinted(*first)
    stage.run(corpus)
    assert corpus.origin_of == {}
    grown = fingerprinted(*later)
    grown.documents.update(corpus.documents)
    grown.new_ids = {"d2", "d0"}
    stage.run(grown)
    whole = fingerprinted(
        *[make(d.id, d.text, d.meta.published.iso) for d in first + later if d.meta.published]
    )
    DuplicateStage().run(whole)

    def state(c: Corpus) -> dict[str, tuple[str | None, str | None, str | None]]:
        return {
            i: (d.duplicate_of, d.meta.extra.get("duplicate_kind"), c.origin_of.get(i))
            for i, d in sorted(c.documents.items())
        }

    assert state(grown) == state(whole)
    assert state(grown)["d1"] == ("d0", "copy", "d0")
    assert state(grown)["d4"] == (None, None, None)


def test_a_split_container_never_takes_part() -> None:
    corpus = fingerprinted(
        make("page", DISPATCH + "\n\n" + OTHER, "2024-03-10", container=True),
        make("child", DISPATCH, "2024-03-12"),
    )
    DuplicateStage().run(corpus)
    assert corpus.documents["child"].duplicate_of is None
    assert corpus.documents["page"].duplicate_of is None


def test_regrouping_is_order_independent_and_idempotent() -> None:
    docs = [
        make("d1", DISPATCH, "2024-03-12"),
        make("d2", DISPATCH.replace("mardi matin", "mardi"), "2024-03-12"),
        make("d3", INTRO + " " + DISPATCH, "2024-03-13"),
        make("d4", OTHER, "2024-03-12"),
    ]
    corpus = fingerprinted(*docs)
    DuplicateStage().run(corpus)
    first = {d.id: (d.duplicate_of, d.meta.extra.get("duplicate_kind")) for d in docs}
    shuffled = list(corpus.documents.items())
    random.Random(7).shuffle(shuffled)
    again = Corpus(documents=dict(shuffled))
    DuplicateStage().run(again)
    DuplicateStage().run(again)
    assert {d.id: (d.duplicate_of, d.meta.extra.get("duplicate_kind")) for d in docs} == first
    assert first["d4"] == (None, None)
    # d1 and d2 share the earliest day; d1 is longer ("mardi matin"), so it is the original.
    assert (first["d1"][0], first["d2"][0], first["d3"][0]) == (None, "d1", "d1")

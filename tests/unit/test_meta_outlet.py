"""meta.outlet: outlet names, bylines, and agencies kept apart from bylines."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.meta.outlet import (
    OutletStage,
    domain_of,
    find_signatures,
    is_person_name,
    outlet_for_domain,
    split_signature,
)
from recoupe.model import Document, Meta

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

BODY = (
    "Le dirigeant nord-coréen Kim Jong-un a déclaré mercredi au président russe Vladimir "
    "Poutine que son pays offrait son soutien total.\n\n"
    "La rencontre a eu lieu au cosmodrome de Vostotchny, selon l'agence Reuters.\n\n"
    "Les deux dirigeants ont ensuite visité le pas de tir."
)


def _doc(text: str, **meta: object) -> Document:
    return Document(id="d-1", source="t", raw=text, format="txt", text=text, meta=Meta(**meta))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def stage() -> OutletStage:
    stage = OutletStage()
    stage.setup()
    return stage


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.lemonde.fr/international/article/2023/09/13/x.html", "Le Monde"),
        ("https://actu.orange.fr/monde/kim-poutine.html", "Orange Actu"),
        ("https://edition.cnn.com/2023/09/13/asia/kim.html", "CNN"),
        ("https://www.theguardian.com/world/live/2024/jun/19/x", "The Guardian"),
        ("https://fr.sputniknews.africa/20230913/x.html", "Sputnik Afrique"),
    ],
)
def test_outlet_from_url(stage: OutletStage, url: str, outlet: str) -> None:
    assert stage.process(_doc(BODY, url=url)).meta.outlet == outlet


def test_outlet_precedence(stage: OutletStage) -> None:
    declared = _doc(BODY, url="https://www.lemonde.fr/x", outlet="Le Monde diplomatique")
    assert stage.process(declared).meta.outlet == "Le Monde diplomatique"
    unknown = _doc(BODY, url="https://www.petit-journal-local.fr/x")
    unknown.meta.extra["site_name"] = "Le Petit Journal"
    assert stage.process(unknown).meta.outlet == "Le Petit Journal"
    bare = _doc(BODY, url="https://www.petit-journal-local.fr/x")
    assert stage.process(bare).meta.outlet == "petit-journal-local.fr"
    assert stage.process(_doc(BODY)).meta.outlet is None


def test_domain_helpers() -> None:
    assert domain_of("https://WWW.LeMonde.fr/x") == "lemonde.fr"
    assert domain_of("not a url") is None
    assert outlet_for_domain("unknown.example.org") is None


@pytest.mark.parametrize(
    ("line", "bylines", "agencies"),
    [
        ("Marie Dupont avec AFP", ["Marie Dupont"], ["AFP"]),
        ("Marie Dupont / AFP", ["Marie Dupont"], ["AFP"]),
        (
            "Par Marie Dupont et Jean Martin, envoyés spéciaux à Kiev",
            ["Marie Dupont", "Jean Martin"],
            [],
        ),
        ("By John Smith and Jane Doe with Associated Press", ["John Smith", "Jane Doe"], ["AP"]),
        ("Le Monde avec AFP", [], ["AFP"]),
        ("(AFP)", [], ["AFP"]),
        ("Source : Agence France-Presse", [], ["AFP"]),
    ],
)
def test_split_signature(line: str, bylines: list[str], agencies: list[str]) -> None:
    assert split_signature(line) == (bylines, agencies)


@pytest.mark.parametrize(
    "line",
    ["Par ailleurs, la Russie a démenti", "Lire aussi", "Les deux dirigeants", "Le Monde"],
)
def test_text_lines_are_not_signatures(line: str) -> None:
    assert split_signature(line) is None


@pytest.mark.parametrize(
    "candidate",
    [
        "Email the author",
        "Rédaction",
        "Photo",
        "Getty Images",
        "La rédaction",
        "AFP",
        "Jean Pierre Paul Jacques Marie Louis",
        "Agent 007 Bond",
        "Photo Mikhail Metzel",
    ],
)
def test_junk_is_never_a_person(candidate: str) -> None:
    assert not is_person_name(candidate)


def test_real_names_are_people() -> None:
    assert is_person_name("Benjamin Milkoff")
    assert is_person_name("Jean-Baptiste de La Rochefoucauld")
    assert is_person_name("Marie DUPONT")


def test_bylines_and_agencies_from_text(stage: OutletStage) -> None:
    doc = stage.process(_doc("Par Marie Dupont\n\n" + BODY + "\n\nMarie Dupont avec AFP"))
    assert doc.meta.bylines == ["Marie Dupont"]
    assert doc.meta.agencies == ["AFP"]  # "selon l'agence Reuters" in the body is a citation


def test_last_line_name_is_a_byline(stage: OutletStage) -> None:
    doc = stage.process(_doc(BODY + "\n\nBenjamin Milkoff"))
    assert doc.meta.bylines == ["Benjamin Milkoff"] and doc.meta.agencies == []


def test_photo_credit_agency_is_not_the_story_agency(stage: OutletStage) -> None:
    text = (
        "Kim Jong Un en visite en Russie\n\n"
        "Vladimir Poutine et Kim Jong Un. (Photo by Mikhail METZEL / POOL / AFP)\n\n" + BODY
    )
    doc = stage.process(_doc(text))
    assert doc.meta.agencies == [] and doc.meta.bylines == []


def test_dateline_agency(stage: OutletStage) -> None:
    doc = stage.process(_doc("MOSCOU (Reuters) - " + BODY))
    assert doc.meta.agencies == ["Reuters"]


def test_author_metadata_is_split_and_filtered(stage: OutletStage) -> None:
    doc = _doc(BODY)
    doc.meta.extra["author"] = "Marie Dupont; Email the author; AFP; Getty Images"
    stage.process(doc)
    assert doc.meta.bylines == ["Marie Dupont"]
    assert doc.meta.agencies == ["AFP"]


def test_stage_declarations() -> None:
    assert OutletStage.name == "meta.outlet"
    assert OutletStage.requires == frozenset({"text"})
    assert OutletStage.provides == frozenset({"meta.outlet", "meta.bylines", "meta.agencies"})


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_signatures() -> None:
    found = {
        path.name[:3]: find_signatures(path.read_text(encoding="utf-8"))
        for path in sorted((SHARED / "seeds").glob("*.txt"))
    }
    assert found["002"].bylines == ["Benjamin Milkoff"]
    assert all(not s.agencies for s in found.values())  # the AFP in 002 is a photo credit
    assert all(not s.bylines for key, s in found.items() if key != "002")


@pytest.mark.parametrize(
    ("sentence", "agencies"),
    [
        ("« Nous poursuivons les échanges », a indiqué à l'AFP un porte-parole.", ["AFP"]),
        ("Contacté par l'AFP, le ministère n'a pas répondu.", ["AFP"]),
        ("Le parquet a ouvert une enquête, a appris l'AFP de source judiciaire.", ["AFP"]),
        ("Le maire a déclaré à l'agence Reuters qu'il resterait.", ["Reuters"]),
        ("The minister told The Associated Press on Monday.", ["AP"]),
        ("Selon l'AFP, trois personnes ont été tuées.", []),
        ("According to Reuters, the talks failed.", []),
        ("Les images de l'AFPTV montrent la scène.", []),
    ],
)
def test_agency_reporting_cues(stage: OutletStage, sentence: str, agencies: list[str]) -> None:
    text = (
        BODY.replace(", selon l'agence Reuters", "") + "\n\n" + sentence + "\n\nFin de l'article."
    )
    assert stage.process(_doc(text)).meta.agencies == agencies


def test_plain_text_signed_by_its_outlet_gets_it() -> None:
    from recoupe.meta.outlet import signed_outlet

    body = "Le gouvernement a présenté mercredi son projet de loi de finances.\n\n"
    assert signed_outlet(body + "Le Monde avec AFP", []) == "Le Monde"
    assert signed_outlet(body, ["© Le Figaro 2023"]) == "Le Figaro"
    # a person's signature names no outlet, and a name inside the prose is not a signature
    assert signed_outlet(body + "Alyssia Gaoua avec AFP", []) is None
    long_line = "Selon Le Monde, qui cite des sources proches du dossier, " + "le texte " * 12
    assert signed_outlet(long_line, []) is None


def test_declared_author_may_be_one_word_but_not_a_keyword_list_or_an_organisation() -> None:
    from recoupe.meta.outlet import find_signatures

    body = "Un texte de plusieurs phrases sans signature à la fin du compte.\n\nSuite."
    assert find_signatures(body, "Heiko").bylines == ["Heiko"]
    assert find_signatures(body, "Kirche; Leben; Münster; Germany").bylines == []
    for junk in ("Hessenschau De", "Wegewerk Gmbh", "Bundesverband WindEnergie e V", "Unknown"):
        assert find_signatures(body, junk).bylines == [], junk
    assert find_signatures(body, "Von Cosima Künzel").bylines == ["Cosima Künzel"]
    # in the text, a lone capitalised word is not a byline
    assert find_signatures(body + "\n\nHeiko", None).bylines == []

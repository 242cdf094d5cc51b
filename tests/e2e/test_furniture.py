"""Outlet furniture end to end: a folder of one outlet's plain-text articles, each with
the same two footer lines no phrase list knows, goes through ``recoupe.run``; the
footers leave every text, recorded as "outlet_furniture", while a background sentence
three follow-ups share stays, another outlet is untouched, and neither a re-run nor
another input order changes a text."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

import recoupe
from recoupe.store import Store

pytestmark = pytest.mark.e2e

APP = "Suivez toute l'actualité de Lisandre sur notre appli"
DESK = "Notre rédaction vous répond du lundi au vendredi"
# 25 words: long enough to be content, shared by three follow-ups on the same bridge.
BRIDGE = (
    "Le pont de Valmoreau, fermé depuis mars 2022 après la découverte de fissures, "
    "reliait les rives de la Durance pour douze mille véhicules par jour."
)

LISANDRE = {
    "pont-travaux.txt": [
        "Pont de Valmoreau : les travaux de consolidation reprennent lundi",
        "Après six semaines d'arrêt, les équipes de l'entreprise Bertin reviendront sur "
        "le chantier dès lundi matin, a annoncé la préfecture dans un communiqué.",
        BRIDGE,
        "Les riverains devront encore emprunter la déviation par Saint-Aubin, qui "
        "allonge le trajet d'une vingtaine de minutes aux heures de pointe.",
    ],
    "budget.txt": [
        "Le conseil municipal adopte un budget en hausse de 4 %",
        "Réunis jeudi soir, les élus ont voté par 27 voix contre 8 un budget de "
        "48 millions d'euros, porté par la rénovation des écoles du centre-ville.",
        "L'opposition dénonce une hausse de la taxe foncière qu'elle juge « injuste "
        "pour les propriétaires modestes », selon sa présidente de groupe.",
    ],
    "pont-cout.txt": [
        "Le coût du chantier du pont de Valmoreau dépasse les prévisions",
        "La facture atteindrait désormais 19 millions d'euros, contre 12 millions "
        "annoncés au lancement des études, d'après un rapport consulté par notre journal.",
        BRIDGE,
        "Le département, maître d'ouvrage, assure que la région prendra en charge la "
        "moitié du surcoût, sans avancer de calendrier pour la signature.",
    ],
    "festival.txt": [
        "Le festival des Nuits du Vallon affiche complet pour sa dixième édition",
        "Plus de 15 000 billets se sont vendus en trois jours, un record pour ce "
        "rendez-vous créé en 2014 dans l'ancienne carrière de la commune.",
        "Les organisateurs ont ajouté une scène gratuite sur la place du marché pour "
        "ceux qui n'ont pas trouvé de place, ouverte de 18 heures à minuit.",
    ],
    "greve.txt": [
        "Grève des transports scolaires : quatre lignes supprimées mardi",
        "Les conducteurs de la société Transvallée réclament une revalorisation de leurs "
        "primes de coupure, gelées depuis trois ans, et un second véhicule de réserve.",
        "Les familles concernées sont invitées à consulter le site du syndicat mixte, "
        "qui publiera chaque soir les circuits maintenus pour le lendemain.",
    ],
    "pont-reouverture.txt": [
        "Une voie du pont de Valmoreau rouverte aux piétons dès samedi",
        "Les piétons et les cyclistes pourront de nouveau traverser sur une passerelle "
        "provisoire installée côté aval, a indiqué le maire lors d'une réunion publique.",
        BRIDGE,
        "La réouverture aux voitures reste prévue pour le printemps prochain, si les "
        "essais de charge menés en février donnent satisfaction.",
    ],
    "crue.txt": [
        "Crue de la Durance : vigilance orange levée dans la nuit",
        "Le niveau de la rivière est redescendu sous le seuil d'alerte vers deux heures "
        "du matin, après avoir inondé plusieurs caves du quartier des Tanneurs.",
        "Les pompiers sont intervenus une quarantaine de fois depuis dimanche, sans "
        "qu'aucun blessé ne soit à déplorer, selon le bilan du service départemental.",
    ],
    "urgences.txt": [
        "L'hôpital de Lisandre ouvre un second service d'urgences pédiatriques",
        "Le nouveau service, doté de huit box et d'une salle de déchocage, accueillera "
        "les enfants de moins de quinze ans vingt-quatre heures sur vingt-quatre.",
        "La direction espère réduire de moitié l'attente moyenne, qui dépassait cinq "
        "heures l'hiver dernier lors de l'épidémie de bronchiolite.",
    ],
}

# Another outlet: one of its articles quotes Lisandre's desk line, once.
COURRIER = {
    "marche.txt": [
        "Le marché de producteurs s'installe place de la Halle",
        "Une vingtaine d'exposants proposeront fromages, miel et légumes de saison "
        "chaque mercredi matin jusqu'à la fin du mois d'octobre.",
    ],
    "mediateur.txt": [
        "Le journal Lisandre crée un poste de médiateur des lecteurs",
        "Le quotidien régional a confié ce rôle à une ancienne cheffe d'édition, qui "
        "répondra aux réclamations par courrier et par téléphone.",
        DESK,
        "C'est la formule que le journal affichera désormais en bas de ses pages.",
    ],
    "piscine.txt": [
        "La piscine municipale fermée trois semaines pour vidange",
        "Les travaux d'entretien annuels débuteront le 2 septembre ; les clubs de "
        "natation s'entraîneront pendant ce temps au centre aquatique voisin.",
    ],
}


def write(folder: Path, articles: dict[str, list[str]], footer: list[str]) -> list[Path]:
    folder.mkdir()
    paths = []
    for name, paragraphs in articles.items():
        path = folder / name
        path.write_text("\n\n".join([*paragraphs, *footer]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def stored(db: Path) -> dict[str, tuple[str, str]]:
    """source -> (text, signature) of every stored document."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, text, signature FROM documents").fetchall()
    return {source: (text, signature) for source, text, signature in rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("furniture")
    return [
        *write(root / "lisandre", LISANDRE, [APP, DESK]),
        *write(root / "courrier", COURRIER, []),
    ]


@pytest.fixture(scope="module")
def first_db(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "news.db"
    summary = recoupe.run([corpus[0].parent.parent], db=db)
    assert summary.processed == len(LISANDRE) + len(COURRIER), summary.lines()
    return db


def test_footers_leave_every_article_of_their_outlet(first_db: Path, corpus: list[Path]) -> None:
    with Store(first_db) as store:
        docs = {d.source: d for d in store.documents()}
    for path in corpus[: len(LISANDRE)]:
        doc = docs[str(path)]
        assert APP not in doc.text and DESK not in doc.text
        cut = [r for r in doc.removed if r.reason == "outlet_furniture"]
        assert sorted(r.text for r in cut) == sorted([APP, DESK])
        # Spans point into the raw text, as for every other removal.
        assert all(doc.raw[r.start : r.end] == r.text for r in cut)
        headline = LISANDRE[path.name][0]
        assert doc.text.startswith(headline)


def test_a_shared_background_sentence_stays(first_db: Path) -> None:
    texts = [text for text, _ in stored(first_db).values()]
    assert sum(BRIDGE in text for text in texts) == 3


def test_another_outlet_is_untouched(first_db: Path, corpus: list[Path]) -> None:
    with Store(first_db) as store:
        docs = {d.source: d for d in store.documents()}
    for path in corpus[len(LISANDRE) :]:
        doc = docs[str(path)]
        assert not [r for r in doc.removed if r.reason == "outlet_furniture"]
    assert DESK in docs[str(corpus[len(LISANDRE) + 1])].text


def test_a_rerun_changes_nothing(first_db: Path, corpus: list[Path]) -> None:
    before = stored(first_db)
    summary = recoupe.run([corpus[0].parent.parent], db=first_db)
    assert summary.unchanged == len(corpus) and summary.processed == 0
    assert stored(first_db) == before


def test_input_order_does_not_change_the_texts(
    first_db: Path, corpus: list[Path], tmp_path: Path
) -> None:
    shuffled = corpus[:]
    random.Random(7).shuffle(shuffled)
    db = tmp_path / "shuffled.db"
    recoupe.run(shuffled, db=db)
    assert {s: t for s, (t, _) in stored(db).items()} == {
        s: t for s, (t, _) in stored(first_db).items()
    }

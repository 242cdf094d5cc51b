"""Outlet furniture: how lines are keyed and compared, the rules that make a repeated
line furniture, the cut in cleaning, the counts in the store and the pre-pass of a run."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from recoupe.api import _outlet_furniture
from recoupe.clean.boilerplate import CleanStage
from recoupe.clean.furniture import (
    furniture_hashes,
    is_furniture,
    line_hash,
    normalize_line,
    outlet_key,
)
from recoupe.config import ReadConfig
from recoupe.model import Document, Meta
from recoupe.read import read_path
from recoupe.store import Store

APP = "Suivez toute l'actualité de Lisandre sur notre appli"
DESK = "Notre rédaction vous répond du lundi au vendredi"
STORIES = [
    (
        "Grève des transports scolaires : quatre lignes supprimées mardi",
        "Les conducteurs de la société Transvallée réclament une revalorisation de leurs "
        "primes de coupure, gelées depuis trois ans.",
    ),
    (
        "Crue de la Durance : vigilance orange levée dans la nuit",
        "Le niveau de la rivière est redescendu sous le seuil d'alerte vers deux heures "
        "du matin, après avoir inondé plusieurs caves du quartier des Tanneurs.",
    ),
    (
        "Le festival des Nuits du Vallon affiche complet",
        "Plus de 15 000 billets se sont vendus en trois jours, un record pour ce "
        "rendez-vous créé en 2014 dans l'ancienne carrière de la commune.",
    ),
    (
        "L'hôpital ouvre un second service d'urgences pédiatriques",
        "Le nouveau service, doté de huit box, accueillera les enfants de moins de "
        "quinze ans vingt-quatre heures sur vingt-quatre.",
    ),
    (
        "Le conseil municipal adopte un budget en hausse",
        "Réunis jeudi soir, les élus ont voté par 27 voix contre 8 un budget de "
        "48 millions d'euros, porté par la rénovation des écoles.",
    ),
]


def article(n: int, *footer: str) -> str:
    title, body = STORIES[n]
    return "\n\n".join([title, body, *footer]) + "\n"


def test_lines_compare_without_case_digits_spacing_or_composition() -> None:
    assert normalize_line("  Mis à jour le 12/03/2024   à 10h05 ") == (
        "mis à jour le 00/00/0000 à 00h00"
    )
    assert line_hash("© 2023 Lisandre. Tous droits réservés") == line_hash(
        "© 2024 LISANDRE.  Tous droits réservés"
    )
    # "é" typed as e + combining accent is the same line.
    assert line_hash(DESK.replace("é", "e\u0301")) == line_hash(DESK)
    assert line_hash(APP) != line_hash(DESK)
    assert line_hash(APP) == line_hash(APP.upper())


def test_line_hash_is_a_blake2b_digest_of_the_normalised_line() -> None:
    # A blake2b digest of the normalised line, not Python's per-process salted hash().
    digest = hashlib.blake2b(b"notre r\xc3\xa9daction", digest_size=8).digest()
    assert line_hash("Notre  Rédaction") == int.from_bytes(digest, "big", signed=True)


def test_outlet_key_prefers_url_then_named_outlet_then_folder(tmp_path: Path) -> None:
    def doc(source: str, meta: Meta | None = None) -> Document:
        return Document(id="d", source=source, raw="x", format="txt", meta=meta or Meta())

    site = Meta(url="https://www.lisandre.fr/a/1", outlet="Lisandre")
    assert outlet_key(doc("feed.jsonl#L3", site)) == "site:lisandre.fr"
    named = Meta(outlet="Le  Courrier")
    assert outlet_key(doc("feed.jsonl#L3", named)) == "outlet:le courrier"
    folder = tmp_path / "lisandre"
    assert outlet_key(doc(str(folder / "a.txt"))) == f"dir:{folder.resolve()}"
    assert outlet_key(doc(f"{folder}/feed.jsonl#42")) == f"dir:{folder.resolve()}"
    assert outlet_key(doc("<stdin>")) == "stdin"


def test_short_lines_need_three_documents_and_a_tenth_of_the_outlet() -> None:
    assert is_furniture(words=8, docs=3, outlet_docs=8)
    assert not is_furniture(words=8, docs=2, outlet_docs=4)
    assert not is_furniture(words=8, docs=3, outlet_docs=40)  # 7.5% of the outlet
    assert is_furniture(words=8, docs=4, outlet_docs=40)


def test_long_lines_only_when_near_universal_in_a_big_enough_outlet() -> None:
    # A 25-word background paragraph in three follow-ups is content.
    assert not is_furniture(words=25, docs=3, outlet_docs=8)
    assert not is_furniture(words=25, docs=8, outlet_docs=8)  # under 10 documents
    assert is_furniture(words=25, docs=6, outlet_docs=12)
    assert not is_furniture(words=25, docs=5, outlet_docs=12)
    lines = [(1, 8, 3), (2, 25, 3), (3, 40, 6)]
    assert furniture_hashes(12, lines) == frozenset({1, 3})


def test_clean_cuts_the_outlet_furniture_and_records_it() -> None:
    raw = f" date 2023-09 {article(0, APP, DESK)}"
    doc = Document(id="d", source="lisandre/greve.txt", raw=raw, format="txt")
    key = outlet_key(doc)
    stage = CleanStage(furniture={key: frozenset({line_hash(APP), line_hash(DESK)})})
    out = stage.process(doc)
    assert out.text == "\n\n".join(STORIES[0])
    cut = [r for r in out.removed if r.reason == "outlet_furniture"]
    assert [r.text for r in cut] == [APP, DESK]
    assert all(raw[r.start : r.end] == r.text for r in cut)
    assert out.removed[0].reason == "date_header"


def test_clean_leaves_other_outlets_and_named_boilerplate_alone() -> None:
    hashes = frozenset({line_hash(APP), line_hash("Vidéo")})
    stage = CleanStage(furniture={"dir:/elsewhere": hashes})
    other = stage.process(
        Document(id="o", source="courrier/a.txt", raw=article(1, APP), format="txt")
    )
    assert APP in other.text and not other.removed
    # A line a phrase list knows keeps its own, more telling reason.
    raw = article(1, "Vidéo", APP)
    doc = Document(id="d", source="/elsewhere/a.txt", raw=raw, format="txt")
    reasons = [r.reason for r in stage.process(doc).removed]
    assert reasons == ["video_notice", "outlet_furniture"]


def test_counted_lines_skip_html_and_the_date_header() -> None:
    txt = Document(id="t", source="a.txt", raw=f" date 2023-09 {APP}\n\n{APP}\n", format="txt")
    assert CleanStage.counted_lines(txt) == {line_hash(APP): 8}
    page = Document(id="h", source="a.html", raw=f"<p>{APP}</p>", format="html")
    assert CleanStage.counted_lines(page) == {}


def test_the_store_counts_a_document_once(tmp_path: Path) -> None:
    lines = {line_hash(APP): 8, line_hash("un"): 1}
    with Store(tmp_path / "s.db") as store:
        assert store.count_lines([("k", "d1", lines), ("k", "d2", lines)]) == 2
        assert store.count_lines([("k", "d1", lines), ("j", "d1", lines)]) == 1
        total, rows = store.line_counts("k", min_docs=2)
        assert total == 2
        assert sorted(rows) == sorted([(line_hash(APP), 8, 2), (line_hash("un"), 1, 2)])
        assert store.line_counts("j", min_docs=2) == (1, [])


def write_feed(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def furniture_of(store: Store, *feeds: Path) -> dict[str, frozenset[int]]:
    items = [item for feed in feeds for item in read_path(feed, ReadConfig())]
    return _outlet_furniture(store, items)


def test_the_pre_pass_finds_furniture_per_outlet_in_any_order(tmp_path: Path) -> None:
    records = [
        {"id": str(n), "source": "Lisandre", "text": article(n, APP, DESK)} for n in range(5)
    ]
    records += [{"id": "c1", "source": "Le Courrier", "text": article(0, DESK)}]
    feed = write_feed(tmp_path / "feed.jsonl", records)
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    other = write_feed(tmp_path / "shuffled.jsonl", shuffled)
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        found = furniture_of(a, feed)
        assert found == furniture_of(b, other)
    assert found == {"outlet:lisandre": frozenset({line_hash(APP), line_hash(DESK)})}


def test_counts_from_earlier_runs_count(tmp_path: Path) -> None:
    def feed(name: str, ns: range) -> Path:
        return write_feed(
            tmp_path / name,
            [{"id": str(n), "source": "Lisandre", "text": article(n, APP)} for n in ns],
        )

    first, second = feed("monday.jsonl", range(2)), feed("tuesday.jsonl", range(2, 3))
    with Store(tmp_path / "s.db") as store:
        assert furniture_of(store, first) == {}  # two documents: not yet furniture
        assert furniture_of(store, first) == {}  # read again: still two
        assert furniture_of(store, second) == {"outlet:lisandre": frozenset({line_hash(APP)})}


def test_versions_of_one_article_count_once() -> None:
    from recoupe.clean.furniture import version_key

    lead = (
        "Le conseil municipal de Lisandre a voté jeudi soir la rénovation complète du "
        "marché couvert, fermé depuis l'incendie de 2019, après deux ans de débats."
    )
    update = f"{lead}\n\nLes travaux ont coûté 2,4 millions d'euros selon la mairie.\n\nMis à jour."
    first = f"{lead}\n\nLes travaux ont coûté 2,4 millions d'euros selon la mairie."
    other = "Un tout autre article, sur la saison des vendanges, plus long que le reste ici."
    assert version_key(first) == version_key(update)
    assert version_key(first) != version_key(other)


def test_a_signature_repeated_as_furniture_still_signs_the_document() -> None:
    from recoupe.meta.outlet import OutletStage
    from recoupe.model import Document, Removed

    text = "Le gouvernement a présenté mercredi son projet de loi de finances pour l'an prochain."
    doc = Document(id="d", source="lemonde/a.txt", raw=text, format="txt", text=text)
    doc.removed.append(Removed(90, 107, "outlet_furniture", "Le Monde avec AFP"))
    out = OutletStage().process(doc)
    assert out.meta.outlet == "Le Monde"
    assert out.meta.agencies == ["AFP"]

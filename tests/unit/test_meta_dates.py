"""meta.dates: the regex grammar, URL dates and how DateStage merges sources."""

from __future__ import annotations

import pytest

from recoupe.meta.dates import DateStage, find_dates, parse_date, url_date
from recoupe.model import DateValue, Document, Meta


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("Publié le mercredi 13 septembre 2023 à 10h15", "2023-09-13T10:15", "minute"),
        ("Mis à jour à 2024-06-19 08:31:00 CEST", "2024-06-19T08:31", "minute"),
        ("Paris, le 13/09/2023 -", "2023-09-13", "day"),
        ("le 1er mars 2022, les troupes", "2022-03-01", "day"),
        ("mercredi 13 septembre 2023", "2023-09-13", "day"),
        ("13 septembre 2023", "2023-09-13", "day"),
        ("13 sept. 2023", "2023-09-13", "day"),
        ("Mardi 15 août 2023", "2023-08-15", "day"),
        ("September 13, 2023", "2023-09-13", "day"),
        ("Wed., Sept. 13, 2023 at 10:15 p.m.", "2023-09-13T22:15", "minute"),
        ("13 September 2023", "2023-09-13", "day"),
        ("posted 09/13/2023", "2023-09-13", "day"),  # US order only when day-first is impossible
    ],
)
def test_parse_date_precisions(text: str, iso: str, precision: str) -> None:
    value = parse_date(text)
    assert value is not None
    assert (value.iso, value.precision, value.source) == (iso, precision, "text")


@pytest.mark.parametrize(
    "text",
    ["le 31/02/2023", "en septembre 2023", "mercredi dernier", "à 10h15", "2023", "1234-56-78"],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


def test_publication_cue_beats_an_earlier_event_date() -> None:
    text = (
        "Le 24 février 2022, la Russie a envahi l'Ukraine. Depuis, les combats continuent.\n"
        "Publié le 13 septembre 2023"
    )
    assert [d.value.iso for d in find_dates(text)] == ["2022-02-24", "2023-09-13"]
    value = parse_date(text)
    assert value is not None and value.iso == "2023-09-13"


def test_url_dates() -> None:
    day = url_date("https://www.lemonde.fr/international/article/2023/09/13/kim-jong-un_61.html")
    assert day is not None and (day.iso, day.precision, day.source) == ("2023-09-13", "day", "url")
    month = url_date("https://www.example.com/2023/09/kim-poutine/")
    assert month is not None and (month.iso, month.precision) == ("2023-09", "month")
    assert url_date("https://example.com/article/202309") is None
    assert url_date("https://example.com/2023/13/01/x") is None
    assert url_date(None) is None


def _doc(text: str, published: DateValue | None = None, url: str | None = None) -> Document:
    return Document(
        id="d-1",
        source="t",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(url=url, published=published),
    )


def test_header_month_refined_by_consistent_text_day() -> None:
    doc = _doc(
        "Vostotchny, mercredi 13 septembre 2023. Kim Jong-un est arrivé.",
        DateValue("2023-09", "month", "header"),
    )
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2023-09-13", "day", "text")
    assert "date_in_text" not in doc.meta.extra


def test_header_kept_when_text_disagrees_and_disagreement_recorded() -> None:
    doc = _doc(
        "Mis à jour 2024-06-19 08:31:00. Poutine à Pyongyang.",
        DateValue("2023-09", "month", "header"),
    )
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2023-09", "month", "header")
    assert doc.meta.extra["date_in_text"] == "2024-06-19T08:31"


def test_url_used_when_nothing_declared_then_text_refines() -> None:
    doc = _doc("Publié le 13/09/2023 à 10h15. Texte.", url="https://x.fr/2023/09/13/sommet")
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2023-09-13T10:15", "minute", "text")


def test_text_alone_and_nothing_at_all() -> None:
    doc = _doc("Pyongyang, 19 juin 2024 - Poutine est arrivé dans la nuit.")
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2024-06-19", "day", "text")
    empty = _doc("Poutine est arrivé mercredi dans la nuit.")
    DateStage().process(empty)
    assert empty.meta.published is None


def test_free_form_declared_date_from_jsonl_is_used() -> None:
    doc = _doc("Un article sans date.")
    doc.meta.extra["date_raw"] = "13 septembre 2023"
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2023-09-13", "day", "meta")


def test_stage_declarations() -> None:
    assert DateStage.name == "meta.dates"
    assert DateStage.requires == frozenset({"text"})
    assert DateStage.provides == frozenset({"meta.published"})
    assert DateStage.version == 2  # stores made before the dateparser fallback re-process


def test_stamp_cut_by_cleaning_dates_the_page() -> None:
    """A live blog's bare stamp is removed from the text as boilerplate, yet it is the
    page's date; a later stamp (from text glued after the page) does not win."""
    from recoupe.model import Removed

    doc = _doc("Poutine est arrivé mercredi à Pyongyang, a rapporté l'agence Tass.")
    doc.removed = [
        Removed(900, 919, "timestamp", "2024-06-19 08:31:00"),
        Removed(960, 994, "timestamp", "2024-09-19 10:00:25 (c)Alex Berger"),
    ]
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2024-06-19T08:31", "minute", "stamp")


def test_declared_date_in_a_format_the_grammar_lacks_goes_to_dateparser() -> None:
    pytest.importorskip("dateparser")
    doc = _doc("Un article sans date.")
    doc.meta.extra["date_raw"] = "2023/09/13 10:15"
    DateStage().process(doc)
    assert doc.meta.published == DateValue("2023-09-13T10:15", "minute", "meta")
    # relative words would be read against the machine clock: refused, not guessed
    relative = _doc("Un article sans date.")
    relative.meta.extra["date_raw"] = "il y a 2 heures"
    DateStage().process(relative)
    assert relative.meta.published is None

"""meta.timex: time expressions in running text, resolved against the document's date."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from recoupe.meta.timex import TimexStage, resolve_all
from recoupe.model import Corpus, DateValue, Document, Meta, TimeExpression

# Thursday 14 September 2023: the day after Kim Jong-un met Putin at Vostochny.
THURSDAY = DateValue("2023-09-14", "day", "header")
SEPTEMBER = DateValue("2023-09", "month", "header")
YEAR = DateValue("2023", "year", "header")
TODAY = dt.date(2026, 11, 30)  # a fixed "today": the weekday-implied year depends on it

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def expression(text: str, words: str, anchor: DateValue | None) -> TimeExpression:
    """The one expression whose text is ``words``; its span must cite the text exactly."""
    found = resolve_all(text, anchor, today=TODAY)
    for e in found:
        assert text[e.start : e.end] == e.text
    matching = [e for e in found if e.text == words]
    assert len(matching) == 1, [e.text for e in found]
    return matching[0]


@pytest.mark.parametrize(
    ("text", "words", "iso", "precision"),
    [
        # French weekdays: the latest such day on or before the page's day...
        ("Vladimir Poutine a déclaré mercredi que la Russie", "mercredi", "2023-09-13", "day"),
        ("Kim Jong-un est arrivé jeudi au cosmodrome", "jeudi", "2023-09-14", "day"),
        ("Le Kremlin avait annoncé vendredi la visite", "vendredi", "2023-09-08", "day"),
        ("Ce mercredi, le dirigeant nord-coréen a salué", "Ce mercredi", "2023-09-13", "day"),
        ("a déclaré mercredi soir le porte-parole", "mercredi soir", "2023-09-13", "day"),
        # ... strictly before with "dernier", after with "prochain" or a future clause
        ("Il l'avait reçu jeudi dernier à Moscou", "jeudi dernier", "2023-09-07", "day"),
        ("Il se rendra à Pékin mardi prochain", "mardi prochain", "2023-09-19", "day"),
        ("Les deux dirigeants se retrouveront samedi à Vladivostok", "samedi", "2023-09-16", "day"),
        ("Le sommet doit s'achever vendredi, selon le Kremlin", "vendredi", "2023-09-15", "day"),
        ("Il sera reçu mercredi 20 par le ministre", "mercredi 20", "2023-09-20", "day"),
        # deictics
        ("Un accord a été signé hier soir à Moscou", "hier soir", "2023-09-13", "day"),
        ("Avant-hier, un missile a été tiré", "Avant-hier", "2023-09-12", "day"),
        ("Aujourd'hui, la Russie est confrontée à", "Aujourd'hui", "2023-09-14", "day"),
        ("Il repartira demain matin en train blindé", "demain matin", "2023-09-15", "day"),
        ("a rapporté l'agence TASS ce matin", "ce matin", "2023-09-14", "day"),
        ("« Cette nuit, les forces ukrainiennes ont attaqué »", "Cette nuit", "2023-09-14", "day"),
        (
            "La semaine dernière, la Maison Blanche avait averti",
            "La semaine dernière",
            "2023-09",
            "month",
        ),
        ("les exportations ont chuté le mois dernier", "le mois dernier", "2023-08", "month"),
        ("Les feux de l'an dernier ont été les pires", "l'an dernier", "2022", "year"),
        ("une récession de 6,5% cette année", "cette année", "2023", "year"),
        ("il sera réélu l'année prochaine", "l'année prochaine", "2024", "year"),
        ("Il a été arrêté il y a trois jours", "il y a trois jours", "2023-09-11", "day"),
        ("une rencontre qui a eu lieu il y a deux ans", "il y a deux ans", "2021", "year"),
        ("Il est à Moscou depuis il y a 3 semaines", "il y a 3 semaines", "2023-08", "month"),
        # months
        (
            "En juillet dernier, S. Choïgou s'était rendu à Pyongyang",
            "juillet dernier",
            "2023-07",
            "month",
        ),
        ("depuis le début de l'offensive en février 2022", "février 2022", "2022-02", "month"),
        ("Il s'était rendu en Corée du Nord en juillet.", "juillet", "2023-07", "month"),
        ("la Russie a intensifié depuis début mai ses frappes", "mai", "2023-05", "month"),
        ("Des pluies sont attendues mi-août.", "août", "2023-08", "month"),
        # day and month without a year: the nearest year, or the direction written
        ("Le 9 septembre, V. Poutine avait assisté au défilé", "9 septembre", "2023-09-09", "day"),
        ("le bilan quotidien de ce 12 septembre. Selon", "ce 12 septembre", "2023-09-12", "day"),
        ("La conférence se tiendra le 28 décembre à Paris", "28 décembre", "2023-12-28", "day"),
        ("C'est ce qui a été fait le 26 mai dernier", "26 mai dernier", "2023-05-26", "day"),
        (
            "initialement prévues les 13 et 14 juin prochains",
            "14 juin prochains",
            "2024-06-14",
            "day",
        ),
        ("Moscou a annoncé jeudi 1er juin avoir repoussé", "jeudi 1er juin", "2023-06-01", "day"),
        (
            "Publié le mercredi 13 septembre 2023 à 10h15",
            "mercredi 13 septembre 2023 à 10h15",
            "2023-09-13T10:15",
            "minute",
        ),
        # English
        ("Putin said on Wednesday that Russia", "Wednesday", "2023-09-13", "day"),
        ("The talks ended last Thursday in Moscow", "last Thursday", "2023-09-07", "day"),
        ("He will fly to Beijing next Monday", "next Monday", "2023-09-18", "day"),
        ("Kim arrived yesterday by armoured train", "yesterday", "2023-09-13", "day"),
        ("He leaves tomorrow night", "tomorrow night", "2023-09-15", "day"),
        ("The White House warned last week that", "last week", "2023-09", "month"),
        ("Exports fell sharply last year", "last year", "2022", "year"),
        ("the parade held on September 9 in Pyongyang", "September 9", "2023-09-09", "day"),
        ("the parade held on 9 September in Pyongyang", "9 September", "2023-09-09", "day"),
        ("The parade, held Sept. 9, drew crowds", "Sept. 9", "2023-09-09", "day"),
        ("Shoigu had visited Pyongyang in July", "July", "2023-07", "month"),
        ("The deal was signed three days ago", "three days ago", "2023-09-11", "day"),
    ],
)
def test_resolved_against_a_day(text: str, words: str, iso: str, precision: str) -> None:
    e = expression(text, words, THURSDAY)
    written_in_full = re.search(r"\d{4}", words) is not None
    assert (e.iso, e.precision) == (iso, precision)
    assert e.basis == ("absolute" if written_in_full else "anchor")


@pytest.mark.parametrize(
    ("anchor", "text", "words", "iso", "precision"),
    [
        # a month: what needs the day stays unresolved, the rest resolves
        (SEPTEMBER, "a déclaré V. Poutine à la presse mercredi, alors", "mercredi", None, None),
        (SEPTEMBER, "Hier, la Russie a tiré des missiles", "Hier", None, None),
        (SEPTEMBER, "La semaine dernière, la Maison Blanche", "La semaine dernière", None, None),
        (SEPTEMBER, "Le 9 septembre, V. Poutine avait assisté", "9 septembre", "2023-09-09", "day"),
        (SEPTEMBER, "En juillet dernier, S. Choïgou", "juillet dernier", "2023-07", "month"),
        (
            SEPTEMBER,
            "les exportations ont chuté le mois dernier",
            "le mois dernier",
            "2023-08",
            "month",
        ),
        (SEPTEMBER, "La conférence aura lieu en décembre.", "décembre", "2023-12", "month"),
        # the only Wednesday 13th within a month of September 2023 is the 13th
        (SEPTEMBER, "Il est arrivé mercredi 13 à Vostotchny", "mercredi 13", "2023-09-13", "day"),
        # a year: months and years resolve, "juillet dernier" needs to know the month
        (YEAR, "Il s'était rendu en Corée du Nord en juillet.", "juillet", "2023-07", "month"),
        (YEAR, "Les feux de l'an dernier ont été les pires", "l'an dernier", "2022", "year"),
        (YEAR, "En juillet dernier, S. Choïgou", "juillet dernier", None, None),
        # across a year's end: 28 December seen from 3 January is the previous one
        (
            DateValue("2024-01-03", "day"),
            "le 28 décembre, Kiev a été frappée",
            "28 décembre",
            "2023-12-28",
            "day",
        ),
    ],
)
def test_resolved_at_the_precision_the_anchor_allows(
    anchor: DateValue, text: str, words: str, iso: str | None, precision: str | None
) -> None:
    e = expression(text, words, anchor)
    assert (e.iso, e.precision) == (iso, precision)
    assert e.basis == ("unresolved" if iso is None else "anchor")


@pytest.mark.parametrize(
    ("text", "words", "iso", "basis"),
    [
        # no anchor: a weekday with its day and month implies the year
        (
            "Ce vendredi 2 juin, le gouverneur de Belgorod",
            "Ce vendredi 2 juin",
            "2023-06-02",
            "weekday",
        ),
        (
            "Moscou a annoncé jeudi 1er juin avoir repoussé",
            "jeudi 1er juin",
            "2023-06-01",
            "weekday",
        ),
        ("l'Unesco a accueilli lundi 29 mai un nouveau", "lundi 29 mai", "2023-05-29", "weekday"),
        (
            "Kim Jong-un est arrivé mercredi 13 septembre",
            "mercredi 13 septembre",
            "2023-09-13",
            "weekday",
        ),
        # and nothing else can be placed
        ("Le 9 septembre, V. Poutine avait assisté", "9 septembre", None, "unresolved"),
        ("a déclaré V. Poutine mercredi", "mercredi", None, "unresolved"),
        ("Hier, la Russie a tiré", "Hier", None, "unresolved"),
        # except what is written in full
        ("depuis l'offensive de février 2022", "février 2022", "2022-02", "absolute"),
        ("Pyongyang, 19 juin 2024 - Poutine", "19 juin 2024", "2024-06-19", "absolute"),
    ],
)
def test_without_an_anchor(text: str, words: str, iso: str | None, basis: str) -> None:
    e = expression(text, words, None)
    assert (e.iso, e.basis) == (iso, basis)


def test_the_weekday_year_is_the_latest_up_to_today() -> None:
    text = "Moscou a annoncé jeudi 1er juin avoir repoussé une attaque"
    # 1 June is a Thursday in 2017, 2023 and 2028; seen from the end of 2022, 2017 is the latest.
    early = resolve_all(text, None, today=dt.date(2022, 12, 31))
    assert [(e.iso, e.basis) for e in early] == [("2017-06-01", "weekday")]
    late = resolve_all(text, None, today=dt.date(2027, 1, 1))
    assert [(e.iso, e.basis) for e in late] == [("2023-06-01", "weekday")]


@pytest.mark.parametrize(
    "text",
    [
        "La chanteuse Mai Lan a sorti un nouvel album.",
        "Cette photo a fait la Une de tous les journaux.",
        "La mission Mars 2020 a posé son rover sur la planète.",
        "la série consacrée à Mercredi Addams cartonne",
        "Michel Tournier a écrit Vendredi ou les Limbes du Pacifique.",
        "selon le Journal du dimanche, le ministre",
        "les festivités du mardi gras ont été annulées",
        "les soldes du Black Friday ont commencé",
        "according to the Sunday Times, the minister",
        "Ce soir-là, il a décidé de partir.",
        "Les slogans de mai 68 sont restés célèbres.",
        "Sept personnes ont été blessées.",
        "Le monde de demain sera numérique.",
        "la France d'aujourd'hui ne ressemble pas à",
        "They may march to the capital.",
        "Profits have doubled over the past year.",
        "Le 11 a été désigné capitaine.",
    ],
)
def test_non_dates(text: str) -> None:
    assert resolve_all(text, THURSDAY, today=TODAY) == []


def test_language_keeps_other_languages_words_out() -> None:
    # German "hier" is "here"; with the language known, only absolute dates count
    german = "Wir sind hier seit dem 13. September 2023, sagte er gestern."
    assert [e.text for e in resolve_all(german, THURSDAY, TODAY, "de")] == []
    unknown = resolve_all(german, THURSDAY, TODAY)
    assert [e.text for e in unknown] == ["hier", "September 2023"]
    mixed = "Il est arrivé hier (yesterday, according to TASS)."
    assert [e.text for e in resolve_all(mixed, THURSDAY, TODAY, "fr")] == ["hier"]
    assert [e.text for e in resolve_all(mixed, THURSDAY, TODAY, "en")] == ["yesterday"]


def test_expressions_do_not_overlap_and_the_longest_wins() -> None:
    text = "La dernière en date, dans la nuit de mercredi 31 mai au jeudi 1er juin, a fait trois morts."
    found = resolve_all(text, DateValue("2023-06-02", "day"), today=TODAY)
    assert [(e.text, e.iso) for e in found] == [
        ("mercredi 31 mai", "2023-05-31"),
        ("jeudi 1er juin", "2023-06-01"),
    ]


def test_a_minute_anchor_counts_as_its_day() -> None:
    anchor = DateValue("2024-06-19T08:31", "minute", "stamp")  # a Wednesday
    found = resolve_all("a annoncé mercredi l'armée de l'air", anchor, today=TODAY)
    assert [(e.iso, e.precision) for e in found] == [("2024-06-19", "day")]


def _seed(prefix: str) -> Document:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.read.isodate import header_date

    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (shared data is not here)")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    doc = Document(
        id=path.stem, source=path.name, raw=raw, format="txt", meta=Meta(published=header_date(raw))
    )
    return CleanStage().process(doc)


def _stage_doc(text: str, published: DateValue | None = None) -> Document:
    return Document(
        id="d-1", source="t", raw=text, format="txt", text=text, meta=Meta(published=published)
    )


def test_stage_resolves_against_the_document_date() -> None:
    doc = _stage_doc(
        "Vostotchny. Kim Jong-un est arrivé mercredi, après un voyage commencé mardi dernier.",
        DateValue("2023-09-14", "day", "text"),
    )
    TimexStage(today=TODAY).process(doc)
    assert doc.meta.published == DateValue("2023-09-14", "day", "text")
    assert [(e.text, e.iso, e.basis) for e in doc.timex] == [
        ("mercredi", "2023-09-13", "anchor"),
        ("mardi dernier", "2023-09-12", "anchor"),
    ]


def test_stage_dates_an_undated_text_by_its_latest_full_day_at_month_precision() -> None:
    """ "jeudi 1er juin" implies 2023; the latest such day dates the text at month
    precision (news is published after what it tells), and the expressions that need an
    anchor are resolved against that month."""
    doc = _stage_doc(
        "Moscou a annoncé jeudi 1er juin avoir repoussé une attaque. Depuis le 22 mai, "
        "les frappes se multiplient, et la nuit de mercredi 31 mai a été la plus dure."
    )
    TimexStage(today=TODAY).process(doc)
    assert doc.meta.published == DateValue("2023-06", "month", "text_latest")
    assert [(e.text, e.iso, e.basis) for e in doc.timex] == [
        ("jeudi 1er juin", "2023-06-01", "weekday"),
        ("22 mai", "2023-05-22", "anchor"),
        ("mercredi 31 mai", "2023-05-31", "weekday"),
    ]


def test_stage_infers_nothing_from_expressions_that_need_an_anchor() -> None:
    doc = _stage_doc("Poutine est arrivé mercredi à Pyongyang, le 19 juin, comme l'an dernier.")
    TimexStage(today=TODAY).process(doc)
    assert doc.meta.published is None
    assert [(e.text, e.iso) for e in doc.timex] == [
        ("mercredi", None),
        ("19 juin", None),
        ("l'an dernier", None),
    ]


def test_stage_declarations() -> None:
    assert TimexStage.name == "meta.timex"
    # after meta.language: the language decides which words count
    assert TimexStage.requires == frozenset({"text", "meta.published", "meta.language"})
    assert "timex" in TimexStage.provides


def _seed(prefix: str) -> Document:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.meta.dates import DateStage
    from recoupe.read.isodate import header_date

    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (shared data is not here)")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    doc = Document(
        id=path.stem, source=path.name, raw=raw, format="txt", meta=Meta(published=header_date(raw))
    )
    return DateStage().process(CleanStage().process(doc))


def test_seed_000_dates_resolved_against_its_month_header() -> None:
    doc = TimexStage(today=TODAY).process(_seed("000"))
    assert doc.meta.published == DateValue("2023-09", "month", "header")
    got = {e.text: (e.iso, e.basis) for e in doc.timex}
    assert got["9 septembre"] == ("2023-09-09", "anchor")
    assert got["ce 12 septembre"] == ("2023-09-12", "anchor")
    assert got["juillet dernier"] == ("2023-07", "anchor")
    assert got["février 2022"] == ("2022-02", "absolute")
    assert got["mercredi"] == (None, "unresolved")  # a month says nothing of which Wednesday
    for e in doc.timex:
        assert doc.text[e.start : e.end] == e.text


def test_seed_002_podcast_dated_by_its_weekdays_and_the_summit_story_left_undated() -> None:
    """Seed 002 has no date at all. Split into its stories, the podcast says "Ce vendredi
    2 juin", which implies 2023 and dates it June 2023; the Vostochny summit story above
    it names no full day and stays undated rather than taking the podcast's month."""
    from recoupe.clean.split import SplitStage

    page = _seed("002")
    assert page.meta.published is None
    parts = SplitStage().process(page)
    assert isinstance(parts, list)
    stage = TimexStage(today=TODAY)
    for part in parts:
        stage.process(part)
    (podcast,) = [p for p in parts if "PODCAST" in p.text[:40]]
    assert podcast.meta.published == DateValue("2023-06", "month", "text_latest")
    got = {(e.text, e.iso, e.basis) for e in podcast.timex}
    assert ("Ce vendredi 2 juin", "2023-06-02", "weekday") in got
    # without a weekday, "le 22 mai" is resolved against the month the text was given
    assert ("22 mai", "2023-05-22", "anchor") in got
    (summit,) = [p for p in parts if "Poutine" in p.text[:100]]
    assert summit.meta.published is None
    assert summit.timex and all(e.iso is None for e in summit.timex)


def test_timex_round_trips_through_the_store_codec() -> None:
    from recoupe.store.codec import analysis_to_json, document_from_row

    doc = Document(id="d", source="s", raw="Hier, à Moscou.", format="txt", text="Hier, à Moscou.")
    doc.timex = resolve_all(doc.text, THURSDAY, today=TODAY)
    row = {
        "id": "d",
        "source": "s",
        "raw": doc.raw,
        "format": "txt",
        "text": doc.text,
        "parent_id": None,
        "is_container": 0,
        "duplicate_of": None,
        "analysis": analysis_to_json(doc),
    }
    assert document_from_row(row).timex == [
        TimeExpression(0, 4, "Hier", "2023-09-13", "day", "anchor", "day_offset")
    ]
    old = json.loads(row["analysis"])
    del old["timex"]  # a row stored before time expressions existed
    assert document_from_row({**row, "analysis": json.dumps(old)}).timex == []


def test_json_export_lists_the_dates_and_follows_its_schema() -> None:
    from recoupe.render.json_export import export_dict, validate_export

    text = "Publié le 14 septembre 2023 à 10h15. Kim est arrivé mercredi soir."
    doc = Document(id="d", source="s", raw=text, format="txt", text=text)
    doc.meta.published = THURSDAY
    unresolved = TimeExpression(0, 0, "", None, None, "unresolved", "weekday")
    doc.timex = [*resolve_all(text, THURSDAY, today=TODAY), unresolved]
    data = export_dict(Corpus(documents={"d": doc}), "test")
    validate_export(data)
    assert data["documents"][0]["dates"] == [
        {
            "start": text.index("14 septembre"),
            "end": text.index(". Kim"),
            "text": "14 septembre 2023 à 10h15",
            "date": "2023-09-14",  # never a time, as everywhere in the export
            "precision": "day",
            "basis": "absolute",
        },
        {
            "start": text.index("mercredi soir"),
            "end": text.index("mercredi soir") + len("mercredi soir"),
            "text": "mercredi soir",
            "date": "2023-09-13",
            "precision": "day",
            "basis": "anchor",
        },
        {"start": 0, "end": 0, "text": "", "date": None, "precision": None, "basis": "unresolved"},
    ]

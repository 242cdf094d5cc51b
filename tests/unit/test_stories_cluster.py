"""Event and story clustering on hand-built analysed documents (lemmas and entities filled
as the nlp stage would), plus B-cubed and the title/date labels."""

from __future__ import annotations

import random

import pytest

from recoupe.model import Corpus, DateValue, Document, Mention, Meta, Span
from recoupe.stories import features
from recoupe.stories.bcubed import bcubed
from recoupe.stories.cluster import EventStage
from recoupe.stories.labels import clean_title, event_date

QUAKE = [
    "séisme",
    "magnitude",
    "secousse",
    "frapper",
    "sud-est",
    "bilan",
    "victime",
    "mort",
    "blessé",
    "décombres",
    "secouriste",
    "immeuble",
    "effondrer",
    "recherche",
    "survivant",
    "nuit",
    "froid",
    "hôpital",
]
QUAKE_LATER = [
    "séisme",
    "reconstruction",
    "victime",
    "sinistré",
    "abri",
    "tente",
    "camp",
    "conteneur",
    "bilan",
    "mort",
    "relogement",
    "immeuble",
    "effondrer",
    "promesse",
    "gouvernement",
    "colère",
]
STRIKE = [
    "grève",
    "retraite",
    "réforme",
    "syndicat",
    "manifestation",
    "cortège",
    "mobilisation",
    "âge",
    "légal",
    "gouvernement",
    "intersyndicale",
    "défilé",
    "appel",
    "journée",
    "perturbation",
    "transport",
]


def make(
    doc_id: str,
    lemmas: list[str],
    entities: list[tuple[str, str]],
    day: str | None,
    title: str | None = None,
    extra: tuple[str, ...] = (),
    duplicate_of: str | None = None,
) -> Document:
    text = (title or doc_id) + ". " + " ".join(lemmas)
    precision = "day" if day and len(day) == 10 else "month"
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(title=title, published=DateValue(day, precision) if day else None),
        sentences=[Span(0, len(title or doc_id))],
        lemmas=[*lemmas, *extra],
        entities=[Mention(0, 1, name, label, canonical=name) for name, label in entities],
        duplicate_of=duplicate_of,
    )


TURKEY = [("Turquie", "LOC"), ("Kahramanmaras", "LOC"), ("Recep Tayyip Erdogan", "PER")]
FRANCE = [("CGT", "ORG"), ("Élisabeth Borne", "PER"), ("Paris", "LOC")]


def corpus() -> Corpus:
    docs = [
        make(
            "q1",
            QUAKE,
            TURKEY,
            "2023-02-06",
            "Séisme en Turquie : le bilan dépasse 2 000 morts | Monde",
            ("turc",),
        ),
        make(
            "q2",
            QUAKE[2:],
            TURKEY,
            "2023-02-06",
            "Les secouristes fouillent les décombres",
            ("aide",),
        ),
        make("q3", QUAKE[:-3], TURKEY[:2], "2023-02-07", None, ("international",)),
        make("q3-copy", QUAKE[:-3], TURKEY[:2], "2023-02-08", "Reprise", duplicate_of="q3"),
        make("s1", STRIKE, FRANCE, "2023-02-07", "Retraites : nouvelle journée de grève"),
        make("s2", STRIKE[1:], FRANCE, "2023-02-07", "Les syndicats appellent à manifester"),
        make("s3", STRIKE[:-2], FRANCE[:2], "2023-02-08", "Grève : les transports perturbés"),
        # Two months later: the same story (Turkey's earthquake), another event.
        make(
            "r1",
            QUAKE_LATER,
            TURKEY,
            "2023-04-10",
            "Deux mois après le séisme, la colère des sinistrés",
        ),
        make("r2", QUAKE_LATER[1:], TURKEY, "2023-04-11", "Dans les camps de tentes du sud-est"),
    ]
    return Corpus(documents={d.id: d for d in docs})


def members(c: Corpus) -> list[set[str]]:
    return sorted((set(e.document_ids) for e in c.events), key=sorted)


def test_happenings_are_separated_and_a_later_event_joins_the_story() -> None:
    c = corpus()
    EventStage().run(c)
    assert members(c) == [{"q1", "q2", "q3", "q3-copy"}, {"r1", "r2"}, {"s1", "s2", "s3"}]
    by_doc = {d: e for e in c.events for d in e.document_ids}
    quake, later, strike = by_doc["q1"], by_doc["r1"], by_doc["s1"]
    assert quake.story_id == later.story_id != strike.story_id
    assert len(c.stories) == 2
    story = next(s for s in c.stories if s.id == quake.story_id)
    assert story.event_ids == [quake.id, later.id]  # in date order
    assert story.title == quake.title  # the biggest event names the story
    assert quake.id.startswith("ev-") and story.id.startswith("st-")
    assert quake.date == "2023-02-06" and later.date in {"2023-04-10", "2023-04-11"}
    assert "|" not in quake.title and all(e.title for e in c.events)


def test_the_time_window_splits_identical_texts_a_month_apart() -> None:
    docs = [
        make("a", QUAKE, TURKEY, "2023-02-06"),
        make("b", QUAKE, TURKEY, "2023-03-20"),
        make("c", QUAKE, TURKEY, None),  # undated: text decides, it may join either
    ]
    c = Corpus(documents={d.id: d for d in docs})
    EventStage().run(c)
    groups = members(c)
    assert len(groups) == 2 and not any({"a", "b"} <= g for g in groups)
    # month precision: "2023-02" may meet a day in February but not one in April
    month = [
        make("m", QUAKE, TURKEY, "2023-02"),
        make("d", QUAKE, TURKEY, "2023-02-20"),
        make("x", QUAKE, TURKEY, "2023-04-20"),
    ]
    c = Corpus(documents={d.id: d for d in month})
    EventStage().run(c)
    assert members(c) == [{"d", "m"}, {"x"}]
    assert len(c.stories) == 1


# Two stories of one crisis: they share its vocabulary, not what each is about.
CRISIS = [
    "crise",
    "financier",
    "milliard",
    "euro",
    "plan",
    "état",
    "gouvernement",
    "économie",
    "marché",
    "mesure",
    "annoncer",
    "français",
    "président",
    "ministre",
]
RESCUE = ["banque", "crédit", "recapitalisation", "fonds", "propre", "prêt", "bancaire"]
STIMULUS = ["relance", "investissement", "automobile", "chantier", "emploi", "prime", "déficit"]
BANKS = [("BNP Paribas", "ORG"), ("Crédit agricole", "ORG"), ("Christine Lagarde", "PER")]
PRESIDENT = [("Nicolas Sarkozy", "PER"), ("Douai", "LOC"), ("Patrick Devedjian", "PER")]


def crisis_corpus() -> Corpus:
    # First day of each article (3 days running), its event's own words: as many as a
    # news article has of its own (story links weigh the terms an event ranks first).
    happenings = {
        "a": (
            "2008-10-0",
            "réunion élysée dirigeant urgence garantie dexia sauvetage épargnant assureur "
            "tempête faillite lehman interbancaire liquidité prêteur défaillance confiance "
            "guichet dépôt panique bourse effondrement obligation refinancement caution "
            "plafond banquier trésor signature nuit",
        ),
        "b": (
            "2008-11-1",
            "injection contrepartie rémunération engagement bonus dividende titre "
            "subordonné caisse mutuel parachute société conseil administration rapport "
            "actionnaire coupon taux rendement contrôle gouvernance salaire patron "
            "renonciation exigence transparence audit sénat commission amendement",
        ),
        "c": (
            "2008-12-0",
            "discours usine grand travaux chômage ferroviaire autoroute logement "
            "remboursement tva trésorerie sous-traitant chantier canal hôpital université "
            "rénovation casse véhicule concessionnaire constructeur embauche apprenti "
            "collectivité dotation avance délai paiement pme douai",
        ),
    }
    docs = []
    for key, (month, words) in happenings.items():
        story, names = (STIMULUS, PRESIDENT) if key == "c" else (RESCUE, BANKS)
        for i in range(3):
            # each article leaves out words of its own, as real ones differ
            own = [w for j, w in enumerate(words.split()) if j % 3 != i]
            docs.append(make(f"{key}{i}", CRISIS + story + own, names, f"{month}{i + 4}"))
    return Corpus(documents={d.id: d for d in docs})


def test_stories_of_one_crisis_are_told_apart_by_what_each_is_about(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = crisis_corpus()
    EventStage().run(c)
    assert members(c) == [{"a0", "a1", "a2"}, {"b0", "b1", "b2"}, {"c0", "c1", "c2"}]
    story = {d: e.story_id for e in c.events for d in e.document_ids}
    # the rescue and its sequel six weeks later: one story; the stimulus plan: another
    assert story["a0"] == story["b0"] != story["c0"]
    # Their common words alone would join the plan to the rescue: the mean similarity of
    # their documents (0.101, with the lead embeddings' part above the story threshold of
    # 0.10) lies on none of the words and names either ranks first; the rescue's two
    # events put 0.23 of theirs (0.25) there.
    monkeypatch.setattr(features, "CORE_SHARE", 0.0)
    c = crisis_corpus()
    EventStage().run(c)
    assert len({e.story_id for e in c.events}) == 1


def test_every_document_is_in_exactly_one_event_and_empty_is_fine() -> None:
    c = corpus()
    c.documents["lonely"] = make(
        "lonely", ["football", "match", "but", "victoire"], [], "2023-02-07"
    )
    EventStage().run(c)
    seen = [d for e in c.events for d in e.document_ids]
    assert sorted(seen) == sorted(c.documents)
    empty = Corpus(documents={})
    EventStage().run(empty)
    assert empty.events == [] and empty.stories == []


def test_clustering_does_not_depend_on_input_order() -> None:
    first = corpus()
    EventStage().run(first)
    items = list(corpus().documents.items())
    random.Random(3).shuffle(items)
    second = Corpus(documents=dict(items))
    EventStage().run(second)
    assert [(e.id, e.title, e.date, e.story_id) for e in first.events] == [
        (e.id, e.title, e.date, e.story_id) for e in second.events
    ]
    assert [(s.id, s.event_ids) for s in first.stories] == [
        (s.id, s.event_ids) for s in second.stories
    ]


def test_bcubed_scores() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed({"a": "x", "b": "x", "c": "y", "d": "y"}, gold).f1 == 1.0
    lumped = bcubed({k: 0 for k in gold}, gold)
    assert lumped.recall == 1.0 and lumped.precision == 0.5
    split = bcubed({k: k for k in gold}, gold)
    assert split.precision == 1.0 and split.recall == 0.5
    assert bcubed({}, gold).f1 == 0.0


def test_titles_and_dates() -> None:
    assert clean_title(
        "Poutine en Corée du Nord en direct : le président russe remercie Kim | Ukraine"
    ) == ("Poutine en Corée du Nord en direct : le président russe remercie Kim")
    assert clean_title(" date 2023-09 Kim Jong-un en Russie - Le Monde") == "Kim Jong-un en Russie"
    assert clean_title(
        "Paris-Roubaix : la course - qui a gagné et comment les favoris ont tous chuté"
    ) == ("Paris-Roubaix : la course - qui a gagné et comment les favoris ont tous chuté")
    long = clean_title("mot " * 60)
    assert len(long) <= 121 and long.endswith("…")
    dates = [
        DateValue("2023-09", "month"),
        DateValue("2023-09-13", "day"),
        DateValue("2023-09-13T10:15", "minute"),
        DateValue("2023-09-12", "day"),
        None,
    ]
    assert event_date(dates) == "2023-09-13"
    assert event_date([DateValue("2023-09", "month"), None]) == "2023-09"
    assert event_date([None, DateValue("2023", "year")]) is None


def test_specificity_comes_from_outside_the_corpus() -> None:
    """A word's specificity is how rare it is in general French and English, not in the
    corpus: a conflict's invented names are fully specific even where every document of a
    corpus about it names them; a name is as specific as its most specific word."""
    spec = features.specificity
    assert spec("de") < spec("plan") < spec("milliard") < spec("kerviel") < spec("valmérie")
    assert spec("valmérie") == 1.0 and spec("de") == 0.0
    assert spec("ent:nicolas_sarkozy") == max(spec("nicolas"), spec("sarkozy"))
    assert spec("ent:anton_veliskar") == 1.0  # an invented surname

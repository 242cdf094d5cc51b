"""Quantity expressions, French and English: a table over numbers.find_quantities."""

from __future__ import annotations

import pytest

from recoupe.extract.numbers import find_quantities

# (sentence, english, expression, value, value_max, qualifier, unit)
CASES = [
    ("Le bilan fait état de 24 blessés.", False, "24", 24, None, None, None),
    ("Ils ont abattu 41 drones.", False, "41", 41, None, None, None),
    (
        "Près de 1 200 soldats ont été déployés.",
        False,
        "Près de 1 200",
        1200,
        None,
        "près de",
        None,
    ),
    ("Une croissance de 1,5 % est attendue.", False, "1,5 %", 1.5, None, None, "%"),
    ("Il a purgé 18 mois de prison.", False, "18 mois", 18, None, None, "mois"),
    ("Deux missiles balistiques ont été tirés.", False, "Deux", 2, None, None, None),
    ("Trois drones ont été détruits.", False, "Trois", 3, None, None, None),
    ("Quatre roquettes sont tombées.", False, "Quatre", 4, None, None, None),
    ("On compte dix blessés.", False, "dix", 10, None, None, None),
    ("Une vingtaine de maisons ont brûlé.", False, "Une vingtaine", 20, None, "environ", None),
    ("Des dizaines de soldats ont fui.", False, "Des dizaines", 20, 90, "des dizaines", None),
    (
        "La réunion a duré plus de deux heures.",
        False,
        "plus de deux heures",
        2,
        None,
        "plus de",
        "heure",
    ),
    (
        "Environ 40 secondes plus tard, le missile est tombé.",
        False,
        "Environ 40 secondes",
        40,
        None,
        "environ",
        "seconde",
    ),
    ("Des groupes comptant jusqu'à 140 hommes.", False, "jusqu'à 140", 140, None, "jusqu'à", None),
    ("Au moins 12 civils ont été tués.", False, "Au moins 12", 12, None, "au moins", None),
    ("Quelque 300 réfugiés attendent.", False, "Quelque 300", 300, None, "quelque", None),
    ("Entre 12 et 15 villages ont été évacués.", False, "12 et 15", 12, 15, None, None),
    ("De 12 à 15 villages ont été évacués.", False, "12 à 15", 12, 15, None, None),
    ("Les défenses ont détruit 19 des 21 drones.", False, "19 des 21", 19, None, "sur 21", None),
    ("Un homme de 70 ans a été arrêté.", False, "70 ans", 70, None, None, "an"),
    ("Un budget de 2 millions d'euros.", False, "2 millions d'euros", 2e6, None, None, "EUR"),
    ("Le pays compte 1,5 million de déplacés.", False, "1,5 million", 1.5e6, None, None, None),
    ("Il a marché 42,7 kilomètres.", False, "42,7 kilomètres", 42.7, None, None, "km"),
    ("Vingt-cinq personnes sont mortes.", False, "Vingt-cinq", 25, None, None, None),
    ("Les taux ont baissé de 30 pour cent.", False, "30 pour cent", 30, None, None, "%"),
    ("Le missile a volé 170 km.", False, "170 km", 170, None, None, "km"),
    (
        "Plus d'un million de personnes ont fui.",
        False,
        "Plus d'un million",
        1e6,
        None,
        "plus d'",
        None,
    ),
    (
        "Une cinquantaine de dirigeants sont venus.",
        False,
        "Une cinquantaine",
        50,
        None,
        "environ",
        None,
    ),
    ("Le convoi a parcouru dix jours durant.", False, "dix jours", 10, None, None, "jour"),
    ("Il y a eu 2 000 morts.", False, "2 000", 2000, None, None, None),
    ("2000 soldats ont été envoyés.", False, "2000", 2000, None, None, None),
    ("About 300 people were evacuated.", True, "About 300", 300, None, "about", None),
    (
        "More than 1,200 soldiers were deployed.",
        True,
        "More than 1,200",
        1200,
        None,
        "more than",
        None,
    ),
    ("Up to 35 drones were launched.", True, "Up to 35", 35, None, "up to", None),
    ("At least 12 civilians died.", True, "At least 12", 12, None, "at least", None),
    ("A dozen villages were hit.", True, "A dozen", 12, None, "about", None),
    ("Dozens of soldiers fled.", True, "Dozens", 24, 108, "dozens", None),
    ("Inflation rose 3.5 percent.", True, "3.5 percent", 3.5, None, None, "%"),
    ("Talks lasted two hours.", True, "two hours", 2, None, None, "hour"),
    ("The fund holds $5 million.", True, "$5 million", 5e6, None, None, "USD"),
    ("Between 10 and 20 houses burned.", True, "10 and 20", 10, 20, None, None),
    ("Nineteen of 21 drones were downed.", True, "Nineteen of 21", 19, None, "of 21", None),
    ("The strike killed three people.", True, "three", 3, None, None, None),
]

# Not quantities: dates, years, times, ordinals, codes, anaphoric "les deux".
NOT_CLAIMS = [
    ("Le 9 septembre, il a écrit.", False),
    ("Un précédent voyage à Vladivostok en 2019.", False),
    ("Mis à jour à 07h42 CEST", False),
    ("07.19 CEST", False),
    ("À l'occasion du 75e anniversaire de la République.", False),
    ("Le 1er juin, la réunion a eu lieu.", False),
    ("Un obusier T-122 Sakarya a été détruit.", False),
    ("Les deux dirigeants se sont serré la main.", False),
    ("The two leaders met on June 19.", True),
    ("var t = 1718775858;", False),
    ("Le sommet du G7 s'ouvre.", False),
]


@pytest.mark.parametrize(("sentence", "english", "expr", "value", "vmax", "qual", "unit"), CASES)
def test_quantity_table(
    sentence: str,
    english: bool,
    expr: str,
    value: float,
    vmax: float | None,
    qual: str | None,
    unit: str | None,
) -> None:
    found = find_quantities(sentence, english=english)
    assert found, sentence
    q = found[0]
    assert sentence[q.start : q.end] == expr
    assert q.value == pytest.approx(value)
    assert q.value_max == (pytest.approx(vmax) if vmax is not None else None)
    assert q.qualifier == qual
    assert q.unit == unit


@pytest.mark.parametrize(("sentence", "english"), NOT_CLAIMS)
def test_not_quantities(sentence: str, english: bool) -> None:
    assert find_quantities(sentence, english=english) == []


def test_several_in_one_sentence() -> None:
    text = "Trois drones et 41 missiles ont été abattus en 2023, selon l'armée."
    assert [q.value for q in find_quantities(text)] == [3, 41]


def test_dates_written_as_ranges_and_abbreviated_months_are_not_claims() -> None:
    from recoupe.extract.numbers import find_quantities

    text = "Les tirs de la nuit du 5 au 6 mai ont fait trois morts. Castelmont, 14 avr. 2025 (ACP)"
    values = [q.value for q in find_quantities(text, english=False)]
    assert values == [3.0]

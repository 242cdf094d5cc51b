"""The lexicons extract/ reads: speech verbs and attribution cues, quantity words.

Both are data files in ``recoupe/data`` (tab-separated, ``#`` comments, one header row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("recoupe").joinpath(f"data/{name}").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return rows[1:]  # the header row


@dataclass(frozen=True, slots=True)
class Cues:
    verbs: dict[str, str]  # lemma -> class (neutral, assertive, claim, admission...)
    # Verbs that report speech only right after a quote, with an inverted subject
    # ("« … », a-t-elle lancé", "« … », lance le ministre"): class "inverted".
    inverted: frozenset[str]
    # Multi-word cues by their first word's lemma: "mettre" -> (("en", "garde"), "mettre
    # en garde"); the other words as written after the verb.
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    english_forms: dict[str, str]  # inflected English form -> lemma, for lemma-less pipelines
    sources: tuple[str, ...]  # "selon", "d'après", "according to"; longest first
    hedges: tuple[str, ...]  # "aurait", "reportedly"...; longest first


# English irregular past forms of the verbs in the lexicon (regular ones are generated).
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written")}


def _english_forms(lemma: str) -> set[str]:
    if lemma.endswith("e"):
        forms = {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms = {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms = {lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma in ("admit", "quip"):  # doubled final consonant
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms | {lemma} | set(_IRREGULAR.get(lemma, ()))


@cache
def cues() -> Cues:
    verbs: dict[str, str] = {}
    forms: dict[str, str] = {}
    sources: list[str] = []
    hedges: list[str] = []
    inverted: set[str] = set()
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cue, lang, cls in (r[:3] for r in _rows("speech_verbs.tsv")):
        if cls == "source":
            sources.append(cue)
        elif cls == "hedge":
            hedges.append(cue)
        elif cls == "inverted":
            inverted |= {cue, cue.removeprefix("se ").removeprefix("s'")}
        else:
            verbs[cue] = cls
            if lang == "en":
                forms.update(dict.fromkeys(_english_forms(cue), cue))
            # The tagger lemmatises "s'insurge" as "insurger": a reflexive cue is also
            # found by its bare verb, and a multi-word one by its first word.
            bare = cue.removeprefix("se ").removeprefix("s'")
            words = bare.split()
            if len(words) > 1:
                phrases.setdefault(words[0], []).append((tuple(words[1:]), cue))
            elif bare != cue:
                verbs.setdefault(bare, cls)
    return Cues(
        verbs,
        frozenset(inverted),
        {k: tuple(v) for k, v in phrases.items()},
        forms,
        _longest_first(sources),
        _longest_first(hedges),
    )


def _longest_first(phrases: list[str]) -> tuple[str, ...]:
    return tuple(sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Quantities:
    numbers: dict[str, float] = field(default_factory=dict)  # "deux" -> 2
    multipliers: dict[str, float] = field(default_factory=dict)  # "millions" -> 1e6
    approx: dict[str, float] = field(default_factory=dict)  # "vingtaine" -> 20
    qualifiers: tuple[str, ...] = ()  # longest first
    units: dict[str, str] = field(default_factory=dict)  # "heures" -> "heure"
    months: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()  # "mercredi", "hier": time words, not speakers


@cache
def quantities() -> Quantities:
    q = Quantities()
    qualifiers: list[str] = []
    months: set[str] = set()
    weekdays: set[str] = set()
    for phrase, _lang, kind, value in (r[:4] for r in _rows("number_words.tsv")):
        key = phrase.lower()
        if kind == "number":
            q.numbers[key] = float(value)
        elif kind == "multiplier":
            q.multipliers[key] = float(value)
        elif kind == "approx":
            q.approx[key] = float(value)
        elif kind == "qualifier":
            qualifiers.append(key)
        elif kind == "unit":
            q.units[key] = value
        elif kind == "month":
            months.add(key)
        elif kind == "weekday":
            weekdays.add(key)
    return Quantities(
        q.numbers,
        q.multipliers,
        q.approx,
        tuple(sorted(qualifiers, key=len, reverse=True)),
        q.units,
        frozenset(months),
        frozenset(weekdays),
    )


# Head nouns of bodies that speak ("la direction de l'entreprise affirme", "le syndicat
# estime", "le parquet a indiqué"): a body is not a person named earlier, so such a
# speaker is kept as written, never resolved like "le ministre". French institutions,
# companies, media and documents as the French press quotes them.
BODIES = frozenset(
    {"direction", "entreprise", "société", "groupe", "compagnie", "firme", "enseigne"}
    | {"syndicat", "intersyndicale", "association", "fédération", "collectif", "ong"}
    | {"gouvernement", "ministère", "préfecture", "mairie", "municipalité", "région"}
    | {"département", "parquet", "tribunal", "cour", "justice", "police", "gendarmerie"}
    | {"armée", "parti", "commission", "agence", "autorité", "conseil", "comité"}
    | {"assemblée", "sénat", "présidence", "élysée", "administration", "opposition"}
    | {"majorité", "hôpital", "université", "école", "lycée", "établissement", "institut"}
    | {"observatoire", "organisation", "journal", "hebdomadaire", "quotidien", "chaîne"}
    | {"magazine", "site", "radio", "club", "équipe", "famille", "rapport", "étude"}
    | {"communiqué", "document", "courrier", "lettre", "texte", "sondage", "enquête"}
)

"""Checkable quantities: "près de 580 soldats", "19 des 21 drones", "plus de deux heures".

numbers.py finds the expressions in the text; this stage adds what the tokens tell:
the noun counted, who the figure is attributed to, and whether it is hedged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import ClassVar

from recoupe.extract.attribution import Speaker, cue_lemma, np_after, np_before, parsed_subject
from recoupe.extract.doc_index import DocIndex
from recoupe.extract.lexicon import cues
from recoupe.extract.numbers import Quantity, find_quantities
from recoupe.model import Claim, Document, Span, stable_id
from recoupe.stage import DocStage

# How far after the number the counted noun may sit: "580 soldats" is next, "19 des 21
# drones" comes after the total (consumed), "deux missiles balistiques" next; 4 tokens
# allow "de" and an adjective or two in between ("plus de 20 000 jeunes soldats").
COUNTED_WINDOW = 4
# Nouns that count people, whose state follows: "24 personnes ont été blessées" -> blessé.
_PEOPLE = frozenset({"personne", "gens", "people", "person", "individu", "civil"})
# "ont été blessées": the participle sits within 4 tokens after the noun.
PARTICIPLE_WINDOW = 4
_SKIP_BEFORE_NOUN = frozenset({"ADJ", "ADP", "DET", "NUM", "ADV", "PUNCT"})
_OF = frozenset({"de", "d'", "d’", "du", "des", "of"})


class ClaimStage(DocStage):
    name: ClassVar[str] = "extract.claims"
    # 2: predicate, time frame and breakdown parts.
    version: ClassVar[int] = 2
    requires: ClassVar[frozenset[str]] = frozenset({"text", "sentences", "tokens"})
    provides: ClassVar[frozenset[str]] = frozenset({"claims"})

    def __init__(self) -> None:
        pass

    def process(self, doc: Document) -> Document:
        doc.claims = extract_claims(doc)
        return doc


def extract_claims(doc: Document) -> list[Claim]:
    ix = DocIndex(doc)
    claims: list[Claim] = []
    for qty in find_quantities(doc.text, english=ix.english):
        sent = ix.sentence_at(qty.start)
        counted, noun = (None, None) if qty.unit else _counted(ix, qty)
        qualifier = qty.qualifier
        if counted is not None and _others_before(doc.text, qty, noun, ix):
            # "Ingrid Betancourt et 14 autres otages": 15 in all, so 14 is a floor.
            qualifier = f"{qualifier}; autres" if qualifier else "autres"
        claims.append(
            Claim(
                id=stable_id(doc.id, str(qty.start), str(qty.end), prefix="c-"),
                start=qty.start,
                end=qty.end,
                text=doc.text[sent.start : sent.end].strip(),
                value=qty.value,
                value_max=qty.value_max,
                qualifier=qualifier,
                unit=qty.unit,
                counted=counted,
                attributed_to=attribution(ix, sent),
                hedged=is_hedged(doc.text[sent.start : sent.end]),
                predicate=predicate(ix, qty, counted, noun),
                frame=frame(doc.text[sent.start : sent.end], qty.start - sent.start),
            )
        )
    claims += _singular_tolls(ix, claims)
    claims.sort(key=lambda c: c.start)
    link_breakdowns(doc.text, claims)
    return claims


def _singular_tolls(ix: DocIndex, found: list[Claim]) -> list[Claim]:
    """ "un mort et quatre blessés", "une blessée", "one dead": numbers.py leaves "un"
    alone (an article far more often), but before a state of people it counts one."""
    heads = claim_heads()
    out: list[Claim] = []
    for j in range(len(ix.tokens) - 1):
        if ix.word(j).lower() not in ("un", "une", "one"):
            continue
        word = ix.word(j + 1).lower()
        form = word if ix.english else _masculine_singular(word)
        if form not in heads.states or ix.tokens[j + 1].pos not in ("NOUN", "ADJ", "VERB"):
            continue
        start, end = ix.tokens[j].start, ix.tokens[j + 1].end
        if any(c.start < end and start < c.end for c in found):
            continue
        sent = ix.sentence_at(start)
        sentence = ix.text[sent.start : sent.end]
        out.append(
            Claim(
                id=stable_id(ix.doc.id, str(start), str(end), prefix="c-"),
                start=start,
                end=end,
                text=sentence.strip(),
                value=1.0,
                counted=form,
                attributed_to=attribution(ix, sent),
                hedged=is_hedged(sentence),
                predicate=heads.families.get(form),
                frame=frame(sentence, start - sent.start),
            )
        )
    return out


def _others_before(text: str, qty: Quantity, noun: int | None, ix: DocIndex) -> bool:
    """ "14 autres otages", "14 other hostages": others besides those already named."""
    if noun is None:
        return False
    between = text[qty.number_end : ix.tokens[noun].start].lower()
    return bool(re.search(r"\b(?:autres|other)\b", between))


def counted_noun(ix: DocIndex, qty: Quantity) -> str | None:
    """Lemma of the noun the number counts, skipping "de" and adjectives."""
    return _counted(ix, qty)[0]


def _counted(ix: DocIndex, qty: Quantity) -> tuple[str | None, int | None]:
    """The counted lemma and the index of its noun token."""
    i = ix.first_token_from(qty.number_end)
    for j in range(i, min(i + COUNTED_WINDOW, len(ix.tokens))):
        tok = ix.tokens[j]
        if tok.pos == "NOUN":
            lemma = tok.lemma.lower()
            if lemma in _PEOPLE:
                return _participle_after(ix, j) or lemma, j
            return lemma, j
        if tok.pos not in _SKIP_BEFORE_NOUN or ix.word(j) in (".", ";", ":"):
            return None, None
        # Only "de"/"of" links a number to its noun: "255 sur l'axe" counts no axes.
        if tok.pos == "ADP" and ix.word(j).lower() not in _OF:
            return None, None
    return None, None


# Verbs that state or count a figure without saying what happened to it.
_LIGHT_VERBS = frozenset(
    [
        "avoir",
        "devoir",
        "pouvoir",
        "aller",
        "être",
        "faire",
        "compter",
        "dénombrer",
        "recenser",
        "signaler",
        "revendiquer",
        "chiffrer",
        "estimer",
        "évaluer",
        "atteindre",
        "have",
        "be",
        "make",
        "count",
        "include",
        "number",
        "estimate",
        "put",
        "total",
    ]
)
# How far up the parse the predicate of a figure may be: number -> noun -> verb is two
# hops; a third allows a participle or "de" in between ("la neutralisation de 580").
PREDICATE_HOPS = 3


def predicate(ix: DocIndex, qty: Quantity, counted: str | None, noun: int | None) -> str | None:
    """What happened to what is counted: the family of the counted state ("blessé" ->
    injured) or of the verb or noun governing it in the parse ("neutralisé 120 soldats"
    -> killed); for a measure ("a duré 2 heures"), the governing verb's lemma and its
    subject's ("durer:discussion")."""
    heads = claim_heads()
    if counted is not None and counted in heads.families:
        return heads.families[counted]
    i = noun if noun is not None else ix.last_token_before(qty.number_end)
    if not 0 <= i < len(ix.tokens):
        return None
    for _ in range(PREDICATE_HOPS):
        head = ix.tokens[i].head
        if head == i or not 0 <= head < len(ix.tokens):
            return None
        i = head
        tok = ix.tokens[i]
        lemma = tok.lemma.lower()
        if lemma in heads.families and tok.pos in ("VERB", "NOUN", "ADJ"):
            return heads.families[lemma]
        if tok.pos == "VERB" and (lemma in _LIGHT_VERBS or lemma in cues().verbs):
            return None  # "annonce 120 soldats", "compte 24 blessés": says nothing
        if tok.pos == "VERB":
            # For people an unlisted verb still tells facts apart: "24 personnes prises
            # en charge" is not "trois personnes tuées". For things the verb is mostly a
            # paraphrase ("l'accord prévoit 45 observateurs", "45 observateurs doivent
            # être déployés"): only a listed family splits them.
            if counted is None:
                return _with_subject(ix, i, lemma)
            return lemma if counted in heads.persons else None
    return None


def _with_subject(ix: DocIndex, verb: int, lemma: str) -> str:
    """A measure's verb with what it measures: "durer:discussion" for "les discussions ont
    duré plus de deux heures", so the handshake that "a duré 40 secondes" is another thing."""
    for child in ix.children[verb]:
        tok = ix.tokens[child]
        if tok.dep.startswith("nsubj") and tok.pos in ("NOUN", "PROPN"):
            return f"{lemma}:{tok.lemma.lower()}"
    return lemma


def frame(sentence: str, at: int) -> str | None:
    """ "period" or "cumulative" from the phrase nearest the figure in its sentence."""
    lowered = sentence.lower()
    best: tuple[int, str] | None = None
    for phrase, kind in claim_heads().frames.items():
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            distance = abs(m.start() - at)
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None


_INCLUDING = re.compile(r"\b(?:dont|including|among them|parmi eux|parmi lesquels)\b", re.I)
# A breakdown runs on to the next paragraph at most: seed 000's toll gives its total and
# first front in one paragraph and the other fronts in the next.
BREAKDOWN_PARAGRAPHS = 2


def link_breakdowns(text: str, claims: list[Claim]) -> None:
    """Mark the parts of a total: "près de 420 militaires, dont plus de 190 sur le front de
    Marivka ... jusqu'à 110 ... 60 ... 30 soldats": the figure after "dont" and those
    following it (same unit, smaller, people when the total counts people) point to it."""
    heads = claim_heads()
    ordered = sorted(claims, key=lambda c: c.start)
    for k, total in enumerate(ordered[:-1]):
        first = ordered[k + 1]
        if total.part_of is not None or total.value is None or first.value is None:
            continue
        between = text[total.end : first.start]
        if not _INCLUDING.search(between) or "\n" in between or first.value >= total.value:
            continue
        people = total.counted in heads.persons
        paragraphs = 1
        for part in ordered[k + 1 :]:
            gap = text[total.end : part.start]
            paragraphs = 1 + len(re.findall(r"\n\s*\n", gap))
            if paragraphs > BREAKDOWN_PARAGRAPHS or part.value is None:
                break
            if part.unit != total.unit or part.value >= total.value:
                break
            if part is not first and not (
                part.counted is None
                or part.counted == total.counted
                or (people and part.counted in heads.persons)
            ):
                break
            part.part_of = total.id


def _participle_after(ix: DocIndex, noun: int) -> str | None:
    """ "24 personnes ont été blessées" -> "blessé"; "5 people were killed" -> "killed"."""
    for j in range(noun + 1, min(noun + 1 + PARTICIPLE_WINDOW, len(ix.tokens))):
        tok = ix.tokens[j]
        word = ix.word(j).lower()
        # A participle, not any adjective: "civils russes tués" must not give "russe".
        if tok.pos == "VERB" or (
            tok.pos == "ADJ" and word.endswith(("é", "ée", "és", "ées", "ed"))
        ):
            form = word if ix.english else _masculine_singular(word)
            # Only a state a journalist counts: "personnes concernées" stays "personne".
            return form if form in state_participles() else None
        if tok.pos not in ("AUX", "ADV"):
            return None
    return None


@dataclass(frozen=True, slots=True)
class ClaimHeads:
    """data/claim_heads.tsv as extract reads it."""

    states: frozenset[str]  # participles that replace "personnes": blessé, killed
    families: dict[str, str]  # state, verb or noun lemma -> predicate family
    frames: dict[str, str]  # "en 24 heures" -> period
    persons: frozenset[str]  # nouns that count people


@cache
def claim_heads() -> ClaimHeads:
    text = resources.files("recoupe.data").joinpath("claim_heads.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = [r + [""] * (4 - len(r)) for r in rows[1:]]
    return ClaimHeads(
        states=frozenset(r[0] for r in rows if r[2] == "state"),
        families={r[0]: r[3].strip() for r in rows if r[2] in ("state", "verb", "noun")},
        frames={r[0]: r[3].strip() for r in rows if r[2] == "frame"},
        persons=frozenset(r[0] for r in rows if r[2] == "person"),
    )


def state_participles() -> frozenset[str]:
    """Participles that say what happened to people counted (data/claim_heads.tsv)."""
    return claim_heads().states


def _masculine_singular(word: str) -> str:
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    if word.endswith("ée"):
        return word[:-1]
    if len(word) > 3 and word.endswith(("te", "se")) and word[-3] not in "aeiouy":
        return word[:-1]  # morte -> mort
    return word


def attribution(ix: DocIndex, sent: Span) -> str | None:
    """Who the sentence's figures come from: "selon X", "d'après X", else the subject of a
    speech verb in the sentence ("a annoncé le ministère de la Défense")."""
    text = ix.text[sent.start : sent.end]
    lowered = text.lower()
    for phrase in cues().sources:
        m = re.search(rf"(?<![\w']){re.escape(phrase)}\s", lowered)
        if m is None:
            continue
        first = ix.first_token_from(sent.start + m.end())
        speaker = np_after(ix, first, first + 12)
        # "selon de premières informations": no one named; that is a hedge, not a source.
        if (
            speaker is not None
            and not speaker.pronoun
            and not _indefinite(speaker.text)
            and _names_someone(ix, speaker)
        ):
            return _name(speaker)
    lo = ix.first_token_from(sent.start)
    hi = ix.first_token_from(sent.end)
    for v in range(lo, hi):
        if cue_lemma(ix, v) is None:
            continue
        speaker = parsed_subject(ix, v) or np_after(ix, v + 1, hi) or np_before(ix, v, lo - 1)
        if speaker is not None and not speaker.pronoun:
            return _name(speaker)
    return None


def _names_someone(ix: DocIndex, speaker: Speaker) -> bool:
    """A source is a noun phrase: "de source indépendante" ("impossible à vérifier de
    source indépendante") leaves only an adjective, which names no one."""
    lo, hi = ix.first_token_from(speaker.start), ix.first_token_from(speaker.end)
    return any(ix.tokens[i].pos in ("NOUN", "PROPN") for i in range(lo, hi)) or lo == hi


def _indefinite(phrase: str) -> bool:
    return phrase.lower().split(" ", 1)[0] in ("de", "des", "d'", "certains", "some")


def _name(speaker: Speaker) -> str:
    return speaker.text


def is_hedged(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(re.search(rf"(?<!\w){re.escape(h)}(?!\w)", lowered) for h in cues().hedges)

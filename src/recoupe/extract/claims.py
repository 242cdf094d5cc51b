"""Checkable quantities: "près de 580 soldats", "19 des 21 drones", "plus de deux heures".

numbers.py finds the expressions in the text; this stage adds what the tokens tell:
the noun counted, who the figure is attributed to, and whether it is hedged.
"""

from __future__ import annotations

import re
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


class ClaimStage(DocStage):
    name: ClassVar[str] = "extract.claims"
    version: ClassVar[int] = 1
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
        counted = None if qty.unit else counted_noun(ix, qty)
        claims.append(
            Claim(
                id=stable_id(doc.id, str(qty.start), str(qty.end), prefix="c-"),
                start=qty.start,
                end=qty.end,
                text=doc.text[sent.start : sent.end].strip(),
                value=qty.value,
                value_max=qty.value_max,
                qualifier=qty.qualifier,
                unit=qty.unit,
                counted=counted,
                attributed_to=attribution(ix, sent),
                hedged=is_hedged(doc.text[sent.start : sent.end]),
            )
        )
    return claims


def counted_noun(ix: DocIndex, qty: Quantity) -> str | None:
    """Lemma of the noun the number counts, skipping "de" and adjectives."""
    i = ix.first_token_from(qty.number_end)
    for j in range(i, min(i + COUNTED_WINDOW, len(ix.tokens))):
        tok = ix.tokens[j]
        if tok.pos in ("NOUN", "PROPN") and tok.pos == "NOUN":
            lemma = tok.lemma.lower()
            if lemma in _PEOPLE:
                return _participle_after(ix, j) or lemma
            return lemma
        if tok.pos not in _SKIP_BEFORE_NOUN or ix.word(j) in (".", ";", ":"):
            return None
    return None


def _participle_after(ix: DocIndex, noun: int) -> str | None:
    """ "24 personnes ont été blessées" -> "blessé"; "5 people were killed" -> "killed"."""
    for j in range(noun + 1, min(noun + 1 + PARTICIPLE_WINDOW, len(ix.tokens))):
        tok = ix.tokens[j]
        word = ix.word(j).lower()
        # A participle, not any adjective: "civils russes tués" must not give "russe".
        if tok.pos == "VERB" or (
            tok.pos == "ADJ" and word.endswith(("é", "ée", "és", "ées", "ed"))
        ):
            return word if ix.english else _masculine_singular(word)
        if tok.pos not in ("AUX", "ADV"):
            return None
    return None


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
    speech verb in the sentence ("a annoncé le ministère russe de la Défense")."""
    text = ix.text[sent.start : sent.end]
    lowered = text.lower()
    for phrase in cues().sources:
        m = re.search(rf"(?<![\w']){re.escape(phrase)}\s", lowered)
        if m is None:
            continue
        first = ix.first_token_from(sent.start + m.end())
        speaker = np_after(ix, first, first + 12)
        # "selon de premières informations": no one named; that is a hedge, not a source.
        if speaker is not None and not speaker.pronoun and not _indefinite(speaker.text):
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


def _indefinite(phrase: str) -> bool:
    return phrase.lower().split(" ", 1)[0] in ("de", "des", "d'", "certains", "some")


def _name(speaker: Speaker) -> str:
    return speaker.text


def is_hedged(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(re.search(rf"(?<!\w){re.escape(h)}(?!\w)", lowered) for h in cues().hedges)

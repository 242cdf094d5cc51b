"""Which marked text is a quote and which is a label: scare quotes, names and titles in
marks, crossheads glued into the text, and short partial quotes a speech verb governs.

Figures below are counts of marked segments on the two golds (ggt-quotes-en-dev, 48
articles; tests/gold/quotes-fr, 47 articles): how many the gold takes as quotes and how
many it does not, for the segments each rule decides.
"""

from __future__ import annotations

import re

from recoupe.extract.attribution import cue_lemma
from recoupe.extract.doc_index import DocIndex

_WORD = re.compile(r"\w+")
# Scare quotes: up to this many words in marks with no cue verb framing them
# (« camarade », « terroristes », « opération spéciale »). Chosen on the seeds: every
# 1-3 word marked phrase there is a label, not an utterance, unless a verb frames it.
SCARE_MAX_WORDS = 3
# How far up the parse a speech verb may govern a partial quote: "a affirmé avoir reçu
# des « insultes »" is 3 steps (insultes -> reçu -> affirmé); 6 reaches through a
# coordination ("des « insultes » et des « commentaires calomnieux »") and a relative.
GOVERN_STEPS = 6
_OPENERS = '«“"‹„'
_CLOSERS = '»”"›“'
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words a title leaves in lower case ("Tour de France", "Ring of Fire").
_SMALL_EN = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by"})
_SMALL_FR = frozenset(
    {"de", "du", "des", "la", "le", "les", "et", "à", "d", "l", "en", "au", "aux"}
)
_SMALL_WORDS = _SMALL_EN | _SMALL_FR
# What may stand before a quote that opens a statement rather than names a thing.
_STATEMENT_BEFORE = '.!?:;,»”"\n'


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_scare_quote(text: str, framed: bool) -> bool:
    """A label in marks (« camarade »), not an utterance: few words and no cue verb
    framing it (after it, or before it across a colon)."""
    return not framed and word_count(text) <= SCARE_MAX_WORDS


def governing_cue(ix: DocIndex, start: int, end: int) -> int | None:
    """Whether a speech verb outside the marked words governs them in the parse: "X a
    dénoncé une liste « d'opportunistes »", "il affirme avoir reçu des « insultes »",
    "qui salue cette « décision historique »". The verb's token index, else None."""
    sent = ix.sentence_at(start)
    for i in range(ix.first_token_from(start), ix.first_token_from(end)):
        j = i
        for _ in range(GOVERN_STEPS):
            h = ix.tokens[j].head
            if h == j or not 0 <= h < len(ix.tokens):
                break
            t = ix.tokens[h]
            if t.start < sent.start or t.end > sent.end:
                break
            if not start <= t.start < end and cue_lemma(ix, h) is not None:
                return h
            j = h
    return None


def is_title(ix: DocIndex, open_: int, start: int, end: int) -> bool:
    """A name or a title in marks ("Panama Papers", « Haut conseil pour le climat »,
    "Les Chatouilles"): in title case, or capitalised inside a sentence (not after a colon
    or a sentence end, where a quoted statement starts) with no verb in it. Measured for
    the latter: French gold 21 such segments, 2 of them quotes; ggt-en 14, none a quote."""
    words = ix.text[start:end]
    if not words[:1].isupper():
        return False
    if is_title_case(words):
        return True
    before = ix.text[:open_].rstrip()
    if not before or before[-1] in _STATEMENT_BEFORE:
        return False
    first, last = ix.first_token_from(start), ix.first_token_from(end)
    return not any(ix.tokens[i].pos in ("VERB", "AUX") for i in range(first, last))


def is_title_case(text: str) -> bool:
    """Every content word capitalised, two at least: "The Kid Who Would Be King", "Make
    America Great Again", "Proud Boys", an all-caps heading. Counted on both golds: 25
    such marked segments, none a quote (a quoted sentence has lower-case words)."""
    words = _LETTER_WORD.findall(text)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def is_crosshead(text: str, open_: int, close: int) -> bool:
    """A heading the page lost its line breaks around, glued to the next paragraph
    ('… au marché"."Le métier de rémouleur a disparu""Les lames, …'): no space after the
    closing mark, and either none before the opening one or no sentence end inside (a
    sentence quoted in the body ends on its stop). Call it only for a quote with no cue
    verb. Measured: 10 such segments on the French gold, none a quote (orangesum
    crossheads repeat a body quote); none on ggt-en."""
    if close >= len(text) or text[close] not in _CLOSERS or open_ == 0:
        return False
    before = text[open_ - 1]
    after = text[close + 1] if close + 1 < len(text) else " "
    if not (after.isalnum() or after in _OPENERS) or before in "(:":
        return False
    return not before.isspace() or text[:close].rstrip()[-1:] not in ".!?…"


def is_charge(ix: DocIndex, open_: int, start: int, end: int) -> bool:
    """The name of a charge or a procedure, not words anyone said: "condamné pour
    « abus de confiance aggravé »", "une plainte pour « abandon »" (French
    gold guideline). Marked words with no verb right after "pour". Measured on the French
    gold: 5 such segments, none a quote."""
    before = ix.text[:open_].rstrip().rsplit(None, 1)[-1:]
    if not before or before[0].lower() != "pour":
        return False
    first, last = ix.first_token_from(start), ix.first_token_from(end)
    return not any(ix.tokens[i].pos in ("VERB", "AUX") for i in range(first, last))


def is_loaded_term(text: str) -> bool:
    """Marked words that are just a loaded term of the framing lexicon (« terroristes »,
    « neutralisé », « opération de sécurisation »): the marks flag the word, the outlet
    keeping its distance, whoever used it first; check/framing.py counts them as quoted
    terms. On the French gold no partial quote is such a term."""
    from recoupe.framing_lexicon import fold, terms  # read once

    folded = fold(text).strip()
    return any(t.pattern.fullmatch(folded) for t in terms())


def repeated_terms(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """Short marked phrases that the text marks more than once ("gilets jaunes" four
    times): a recurring label, not a remark someone made once."""
    seen: dict[str, int] = {}
    for s, e in spans:
        key = text[s:e].lower()
        if word_count(key) <= SCARE_MAX_WORDS:
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n > 1}

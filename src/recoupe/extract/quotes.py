"""Direct quotes in « », “ ”, ‹ › and "…", with their speakers and speech verbs.

Finding the marks is a scan with a stack of expected closing marks, reset at every line
break: nested quotes stay inside the outer one, a stray closing mark is ignored and a quote
left open is cut at the end of its paragraph. Attribution then tries, in order:

1. after the quote: "« … », a déclaré X", "« … », a-t-il ajouté", '"…," said X', '"…," X said';
2. before it, across a colon: "X a déclaré : « … »", 'X said: "…"';
3. a cue verb earlier in the same sentence: "Il a affirmé que son pays « soutenait … »";
4. "selon X" / "according to X" in the same sentence.

Pronouns resolve to the last speaker, else to the last person named before the quote.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import ClassVar

from recoupe.extract.attribution import (
    Speaker,
    cue_lemma,
    np_after,
    np_before,
    parsed_subject,
)
from recoupe.extract.doc_index import DocIndex
from recoupe.extract.lexicon import cues
from recoupe.extract.roles import person_in_role
from recoupe.model import Document, Quote, stable_id
from recoupe.stage import DocStage

log = logging.getLogger(__name__)

_CLOSERS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}
# Scare quotes: up to this many words in marks with no cue verb framing them
# (« camarade », « terroristes », « opération spéciale »). Chosen on the seeds: every
# 1-3 word marked phrase there is a label, not an utterance, unless a verb frames it.
SCARE_MAX_WORDS = 3
# How far after the closing mark the cue verb may sit: ", a déclaré" is 3 tokens,
# '," Defence Minister Anna Varga said' 6; 8 leaves room and stays within the clause.
AFTER_WINDOW = 8
# How far back a cue verb may sit before a colon or an embedded quote in its sentence.
BEFORE_WINDOW = 25
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"^\S*[/=<>{}]\S*$|https?://")
_FRAME_END = frozenset({".", "!", "?", "«", "»", "“", "”", '"', ";"})
_FILLER_POS = frozenset({"PUNCT", "AUX", "ADV", "PRON", "DET", "NOUN", "PROPN", "ADJ", "SPACE"})


@dataclass(slots=True)
class Segment:
    """A marked quote: marks at ``open``/``close`` (close = end of the paragraph when left
    open), the words inside at ``start``/``end``."""

    open: int
    close: int
    start: int
    end: int


def find_segments(text: str) -> list[Segment]:
    """The outermost marked segments of ``text``, in order."""
    segments: list[Segment] = []
    stack: list[str] = []
    opened = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if stack:  # left open: cut at the paragraph end
                _add(segments, text, opened, i, closed=False)
                stack = []
            continue
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                _add(segments, text, opened, i, closed=True)
            continue
        if ch == '"' and '"' in stack:  # an inner quote left open: unwind to the "
            while stack and stack[-1] != '"':
                stack.pop()
            stack.pop()
            if not stack:
                _add(segments, text, opened, i, closed=True)
            continue
        if ch in _CLOSERS and _opens(text, i):
            if not stack:
                opened = i
            stack.append(_CLOSERS[ch])
    if stack:
        _add(segments, text, opened, len(text), closed=False)
    return segments


def _opens(text: str, i: int) -> bool:
    """A straight " opens only at the start of a word (not after a letter: 12")."""
    if text[i] != '"':
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def _add(segments: list[Segment], text: str, opened: int, close: int, closed: bool) -> None:
    start, end = opened + 1, close
    while start < end and (text[start].isspace() or text[start] in "\u00a0\u202f"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u00a0\u202f"):
        end -= 1
    inner = text[start:end]
    # Code and links in marks ("https://…/sdk.js", "a=b") are not quotes.
    if end > start and _WORD.search(inner) and not _CODE.search(inner):
        segments.append(Segment(opened, close if closed else end, start, end))


def is_scare_quote(text: str, framed: bool) -> bool:
    """A label in marks (« camarade »), not an utterance: few words and no cue verb
    framing it (after it, or before it across a colon)."""
    return not framed and len(_WORD.findall(text)) <= SCARE_MAX_WORDS


@dataclass(slots=True)
class Attribution:
    speaker: Speaker | None
    cue: str | None
    framed: bool  # the cue verb frames the quote (strategies 1-2), not just nearby


def attribute(ix: DocIndex, seg: Segment) -> Attribution:
    """The first strategy that names a speaker; the cue and the framing come from the
    first strategy that found a cue verb even when its speaker was missing."""
    found: list[Attribution] = []
    for strategy in (_after, _before_colon, _earlier_in_sentence, _selon):
        att = strategy(ix, seg)
        if att is None:
            continue
        found.append(att)
        if att.speaker is not None:
            break
    if not found:
        return Attribution(None, None, False)
    with_cue = [a for a in found if a.cue] or found
    speaker = next((a.speaker for a in found if a.speaker is not None), None)
    return Attribution(speaker, with_cue[0].cue, any(a.framed for a in found))


def _after(ix: DocIndex, seg: Segment) -> Attribution | None:
    first = ix.first_token_from(seg.close + 1)
    stop = min(len(ix.tokens), first + AFTER_WINDOW)
    for v in range(first, stop):
        lemma = cue_lemma(ix, v)
        if lemma is not None:
            # "« … », a déclaré X" (inverted), '"…," Smith said', "« … », ajoutant-il".
            speaker = (
                np_after(ix, v + 1, v + 1 + 12)
                or np_before(ix, v, first - 1)
                or parsed_subject(ix, v)
            )
            return Attribution(speaker, lemma, True)
        # Between the quote and its verb: punctuation, auxiliaries, a subject; a
        # preposition ("avec"), another quote or the end of the sentence ends the frame.
        w = ix.word(v)
        if w in _FRAME_END or "\n" in w or not _frame_filler(ix, v):
            return None
    return None


def _frame_filler(ix: DocIndex, i: int) -> bool:
    t = ix.tokens[i]
    if not t.pos:  # no tagger: anything short of the sentence end
        return True
    return t.pos in _FILLER_POS or ix.word(i).lower() in ("de", "du", "d'", "of")


def _before_colon(ix: DocIndex, seg: Segment) -> Attribution | None:
    before = ix.text[max(0, seg.open - 4) : seg.open].rstrip()
    if not before.endswith(":"):
        return None
    colon = ix.last_token_before(seg.open)
    return _cue_before(ix, colon, framed=True)


def _earlier_in_sentence(ix: DocIndex, seg: Segment) -> Attribution | None:
    last = ix.last_token_before(seg.open)
    sent = ix.sentence_at(seg.start)
    # A quote that opens its sentence has nothing earlier in it.
    if last < 0 or ix.tokens[last].start < sent.start or ix.word(last) in _FRAME_END:
        return None
    return _cue_before(ix, last, framed=False)


def _cue_before(ix: DocIndex, last: int, framed: bool) -> Attribution | None:
    if last < 0:
        return None
    sent = ix.sentence_at(ix.tokens[last].start)
    floor = max(-1, last - BEFORE_WINDOW)
    for v in range(last, floor, -1):
        if ix.tokens[v].start < sent.start:
            break
        lemma = cue_lemma(ix, v)
        if lemma is None:
            continue
        first_in_sentence = ix.first_token_from(sent.start) - 1
        speaker = parsed_subject(ix, v) or np_before(ix, v, first_in_sentence)
        if speaker is None:
            speaker = np_after(ix, v + 1, last)
        return Attribution(speaker, lemma, framed)
    return None


def _selon(ix: DocIndex, seg: Segment) -> Attribution | None:
    sent = ix.sentence_at(seg.close)
    tail = ix.text[seg.close : sent.end]
    lowered = tail.lower()
    for phrase in cues().sources:
        at = re.search(rf"(?<!\w){re.escape(phrase)}\s", lowered)
        if at is None:
            continue
        first = ix.first_token_from(seg.close + at.end())
        speaker = np_after(ix, first, first + 12)
        if speaker is not None:
            return Attribution(speaker, None, False)
    return None


class QuoteStage(DocStage):
    name: ClassVar[str] = "extract.quotes"
    version: ClassVar[int] = 1
    requires: ClassVar[frozenset[str]] = frozenset({"text", "sentences", "tokens", "entities"})
    provides: ClassVar[frozenset[str]] = frozenset({"quotes"})

    def __init__(self) -> None:
        pass

    def process(self, doc: Document) -> Document:
        doc.quotes = extract_quotes(doc)
        return doc


def extract_quotes(doc: Document) -> list[Quote]:
    ix = DocIndex(doc)
    quotes: list[Quote] = []
    last_speaker: Speaker | None = None
    for seg in find_segments(doc.text):
        text = doc.text[seg.start : seg.end]
        att = attribute(ix, seg) if ix.tokens else Attribution(None, None, False)
        if is_scare_quote(text, att.framed):
            continue
        speaker = att.speaker
        if speaker is not None and speaker.pronoun:
            speaker = last_speaker or _last_person(ix, seg.open)
        elif speaker is not None and (named := person_in_role(doc, speaker.text)):
            speaker = Speaker(named.canonical or named.text, named.start, named.end)
        if speaker is not None:
            last_speaker = speaker
        quotes.append(
            Quote(
                id=stable_id(doc.id, str(seg.start), str(seg.end), prefix="q-"),
                start=seg.start,
                end=seg.end,
                text=text,
                direct=True,
                speaker=speaker.text if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                cue=att.cue,
            )
        )
    return quotes


def _last_person(ix: DocIndex, char: int) -> Speaker | None:
    m = ix.last_person_before(char)
    return Speaker(m.canonical or m.text, m.start, m.end) if m else None

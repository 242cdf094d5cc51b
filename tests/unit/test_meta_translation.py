"""The machine-translation flag: evidence found in text and in removed furniture."""

from __future__ import annotations

import pytest

from recoupe.clean.boilerplate import CleanStage
from recoupe.meta.translation import (
    TranslationStage,
    find_evidence,
    is_translated,
    parse_markers,
    reopened_quotes,
)
from recoupe.model import Document, Removed

NATIVE = (
    "Le président a prononcé mercredi une allocution télévisée depuis l'Élysée. "
    "« Nous ne céderons pas », a-t-il déclaré, avant de quitter la salle. "
    "Selon l'AFP, la réunion a duré plus de deux heures."
)


def kinds(text: str, removed: list[str] | None = None) -> set[str]:
    return {e.kind for e in find_evidence(text, removed or [])}


def test_native_french_with_a_parenthesis_after_fonction_is_not_code() -> None:
    text = NATIVE + " Dès sa prise de fonction (début juillet), le ministre a tranché."
    assert find_evidence(text, []) == []


@pytest.mark.parametrize(
    "code",
    [
        "fonction () { retour vrai ; }",
        "var notifyQ = fonction () { pour (i = 0; i < l; i++) { } }",
        "si (x) { y() } sinon { z() }",
    ],
)
def test_translated_javascript_is_strong_evidence(code: str) -> None:
    evidence = find_evidence(NATIVE, [code])
    assert [e.kind for e in evidence] == ["translated_code"]
    assert is_translated(evidence)


def test_one_weak_calque_is_not_enough_two_kinds_are() -> None:
    one = NATIVE + " Il a été cité par les médias d'État comme ayant déclaré que tout allait bien."
    assert kinds(one) == {"quoted_as_saying"}
    assert not is_translated(find_evidence(one, []))
    two = one + " Il a parlé dans une adresse télévisée à la nation."
    assert kinds(two) == {"quoted_as_saying", "calque"}
    assert is_translated(find_evidence(two, []))


def test_missing_elision_ignores_names_and_native_usage() -> None:
    assert kinds("Il a utilisé le abréviation officielle du pays.") == {"missing_elision"}
    assert kinds("Le défenseur de Araujo et Me Olivier Cousi ont parlé la énième fois.") == set()


def test_english_quoting_convention_needs_two_reopenings() -> None:
    once = "« Nous vaincrons. « Le peuple est uni. »"
    twice = "« Nous vaincrons. « Le peuple est uni. « Et fort. »"
    assert reopened_quotes(once) == [once.index("« Le")]
    assert kinds(once) == set()
    assert kinds(twice) == {"quote_convention"}


def test_stage_sets_the_flag_with_evidence_and_clears_a_stale_one() -> None:
    doc = Document(id="d", source="s", raw="", format="txt", text=NATIVE)
    doc.removed.append(Removed(0, 10, "share", "Partager : Gazouiller Facebook Courriel"))
    out = TranslationStage().process(doc)
    assert out.meta.extra["machine_translated"] == "likely"
    assert "translated_ui: Gazouiller" in out.meta.extra["translation_evidence"]
    out.removed.clear()
    again = TranslationStage().process(out)
    assert "machine_translated" not in again.meta.extra


def test_marker_file_errors_name_the_line() -> None:
    with pytest.raises(ValueError, match=r"x.tsv:2: expected 5"):
        parse_markers("# comment\nstrong\ttext\tkind\n", "x.tsv")
    with pytest.raises(ValueError, match=r"x.tsv:1: bad regex"):
        parse_markers("weak\ttext\tk\t(unclosed\twhy\n", "x.tsv")


def test_seeds_translated_from_english_are_flagged_and_native_ones_not(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    clean = CleanStage()
    flags = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = clean.process(
            Document(id=path.stem, source=path.name, raw=path.read_text("utf-8"), format="txt")
        )
        flags[path.name[:3]] = is_translated(find_evidence(doc.text, [r.text for r in doc.removed]))
    # 001 (an AP dispatch), 003 (a tabloid page with its JavaScript) and 004 (a Guardian
    # live blog) are engine translations; 000 and 002 were written in French.
    assert flags == {"000": False, "001": True, "002": False, "003": True, "004": True}

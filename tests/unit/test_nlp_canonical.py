"""Within-document names and mention clean-up: pure, no spaCy."""

from __future__ import annotations

from recoupe.model import Mention
from recoupe.nlp.canonical import assign_canonical
from recoupe.nlp.mentions import RawMention, clean_mentions, is_junk


def _people(*names: str, label: str = "PER") -> list[Mention]:
    out, pos = [], 0
    for n in names:
        out.append(Mention(pos, pos + len(n), n, label))
        pos += len(n) + 10
    return out


def test_surname_initial_and_title_resolve_to_the_full_name() -> None:
    ms = _people(
        "Poutine", "Vladimir Poutine", "V. Poutine", "M. Poutine", "Dmitri Peskov", "Peskov"
    )
    assign_canonical(ms)
    assert [m.canonical for m in ms] == ["Vladimir Poutine"] * 4 + ["Dmitri Peskov"] * 2


def test_korean_family_name_first_and_spelling_variants() -> None:
    ms = _people("Kim Jong-un", "Kim", "Kim Jong Un", "Kim Jong", "Kim Jong-un")
    assign_canonical(ms)
    assert {m.canonical for m in ms} == {"Kim Jong-un"}


def test_ambiguous_short_name_goes_to_the_most_named_person() -> None:
    ms = _people("Kim Jong-un", "Kim Yo-jong", "Kim Jong-un", "Kim")
    assign_canonical(ms)
    assert ms[-1].canonical == "Kim Jong-un"
    assert ms[1].canonical == "Kim Yo-jong"


def test_initial_must_match_the_first_name() -> None:
    ms = _people("Sergueï Choïgou", "S. Choïgou", "A. Choïgou")
    assign_canonical(ms)
    assert ms[1].canonical == "Sergueï Choïgou"
    assert ms[2].canonical != "Sergueï Choïgou"


def test_places_are_only_unified_by_spelling() -> None:
    ms = _people("Corée du Nord", "Corée", "corée du nord", label="LOC")
    assign_canonical(ms)
    assert [m.canonical for m in ms] == ["Corée du Nord", "Corée", "Corée du Nord"]


def test_unknown_title_only_name_keeps_itself() -> None:
    ms = _people("M. Macron")
    assign_canonical(ms)
    assert ms[0].canonical == "Macron"


def test_glued_words_are_split_and_junk_dropped() -> None:
    text = "Photographie : Getty ImagesPoutine et Kim. var js, i++ ; Kim\n\nLim Soo-suk"
    raw = [
        RawMention(text.index("Getty"), text.index(" et Kim"), "PER"),
        RawMention(text.index("var js"), text.index("var js") + 6, "PER"),
        RawMention(text.index("i++"), text.index("i++") + 3, "MISC"),
        RawMention(text.index("Kim\n"), len(text), "PER"),
    ]
    ms = clean_mentions(text, raw)
    assert [m.text for m in ms] == ["Getty Images", "Poutine", "Kim"]
    for m in ms:
        assert text[m.start : m.end] == m.text


def test_trailing_glue_is_trimmed_against_a_known_name() -> None:
    text = "Kim Jong Un salue. Son hôte, Kim Jong Unpassant devant les soldats."
    raw = [
        RawMention(0, 11, "PER"),
        RawMention(text.index("Kim Jong Unp"), text.index(" devant"), "PER"),
    ]
    ms = clean_mentions(text, raw)
    assert [m.text for m in ms] == ["Kim Jong Un", "Kim Jong Un"]
    assert text[ms[1].start : ms[1].end] == "Kim Jong Un"


def test_dangling_function_words_are_trimmed() -> None:
    text = "Le ministère de l'Intérieur"
    ms = clean_mentions(text, [RawMention(0, text.index("Intérieur"), "ORG")])
    assert ms[0].text == "Le ministère"


def test_english_labels_are_mapped_and_numbers_dropped() -> None:
    text = "Anna Varga met NATO in Brussels on Monday, 12 officials said."
    raw = [
        RawMention(0, 10, "PERSON"),
        RawMention(15, 19, "ORG"),
        RawMention(23, 31, "GPE"),
        RawMention(35, 41, "DATE"),
        RawMention(43, 45, "CARDINAL"),
    ]
    assert [(m.text, m.label) for m in clean_mentions(text, raw)] == [
        ("Anna Varga", "PER"),
        ("NATO", "ORG"),
        ("Brussels", "LOC"),
    ]


def test_is_junk() -> None:
    assert is_junk("false") and is_junk("X") and is_junk("2019") and is_junk("js.src")
    assert is_junk("var notifyQ")
    assert not is_junk("iPhone") and not is_junk("V. Poutine") and not is_junk("McDonald")

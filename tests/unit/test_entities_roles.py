"""Role phrases ("le locataire de l'Élysée", "the Chinese leader") resolve to the person
the corpus names in that role: in the document, its event or its story, never from a list."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from recoupe.check.entities import EntityStage
from recoupe.check.roles import RoleResolver, find_roles
from recoupe.model import Corpus, Document, Event, Mention, Meta, Quote, Story


def doc(did: str, text: str, persons: list[str], lang: str = "fr") -> Document:
    """A document whose person mentions are found in its text (first occurrence after the
    previous one), as the spaCy stage would tag them."""
    mentions, pos = [], 0
    for name in persons:
        start = text.index(name, pos)
        mentions.append(Mention(start, start + len(name), name, "PER", canonical=name))
        pos = start + 1
    return Document(
        id=did, source=did, raw=text, format="txt", text=text, meta=Meta(language=lang),
        entities=mentions,
    )  # fmt: skip


def speaker_quote(d: Document, speaker: str) -> Quote:
    start = d.text.index(speaker)
    q = Quote(f"q-{d.id}", 0, 5, "…", True, speaker=speaker, speaker_start=start,
              speaker_end=start + len(speaker))  # fmt: skip
    d.quotes.append(q)
    return q


def entity_of(corpus: Corpus, name: str) -> str | None:
    return next(e.id for e in corpus.entities if e.name == name)


@pytest.mark.parametrize("holder", ["Emmanuel Macron", "Hélène Sauvade"])
def test_a_role_takes_the_holder_its_document_names(holder: str) -> None:
    # The holder comes from the text: another name in the same sentence, another holder.
    d = doc(
        "a",
        f"Le président français {holder} a reçu son homologue. « Nous avançons », a dit "
        "le locataire de l'Élysée à la sortie.",
        [holder],
    )
    q = speaker_quote(d, "le locataire de l'Élysée")
    corpus = Corpus(documents={"a": d})
    EntityStage().run(corpus)
    assert q.entity_id == entity_of(corpus, holder)


def test_a_role_takes_the_holder_named_in_another_document_of_its_event() -> None:
    a = doc(
        "a", "Xi Jinping, the Chinese leader, met the delegation on Monday.", ["Xi Jinping"], "en"
    )
    b = doc("b", "Talks went on. The Chinese leader said the door was open.", [], "en")
    q = speaker_quote(b, "The Chinese leader")
    c = doc("c", "The Chinese leader spoke of trade.", [], "en")  # another story
    qc = speaker_quote(c, "The Chinese leader")
    corpus = Corpus(documents={"a": a, "b": b, "c": c})
    corpus.events = [
        Event("e1", "Visit", None, ["a", "b"], "s1"),
        Event("e2", "Trade", None, ["c"], "s2"),
    ]
    corpus.stories = [Story("s1", "Visit", ["e1"]), Story("s2", "Trade", ["e2"])]
    EntityStage().run(corpus)
    assert q.entity_id == entity_of(corpus, "Xi Jinping")
    assert qc.entity_id is None  # not named in its own event or story: no guess


def test_two_holders_in_scope_resolve_to_no_one() -> None:
    a = doc(
        "a",
        "Le Premier ministre israélien Benyamin Netanyahou a parlé. Plus tard, le Premier "
        "ministre israélien Naftali Bennett a répondu. Le Premier ministre israélien a ajouté.",
        ["Benyamin Netanyahou", "Naftali Bennett"],
    )
    corpus = Corpus(documents={"a": a})
    EntityStage().run(corpus)
    roles = RoleResolver(corpus).mentions
    assert [r.entity_id is None for r in roles] == [False, False, True]


def test_a_former_holder_is_no_evidence_and_a_role_with_a_country_needs_that_country() -> None:
    a = doc(
        "a",
        "L'ancien président français Nicolas Sarkozy a témoigné. Le président colombien "
        "Alvaro Uribe a salué l'opération. Le président français a appelé.",
        ["Nicolas Sarkozy", "Alvaro Uribe"],
    )
    corpus = Corpus(documents={"a": a})
    EntityStage().run(corpus)
    roles = {a.text[r.start : r.end]: r for r in RoleResolver(corpus).mentions}
    assert "président français" in roles
    assert roles["président français"].entity_id is None  # not Sarkozy (former), not Uribe
    assert roles["président colombien"].entity_id == entity_of(corpus, "Alvaro Uribe")


def test_a_mention_tagged_person_that_is_a_role_gets_the_holder_not_an_entity() -> None:
    text = "Le Premier ministre François Fillon l'a confirmé. Le président de la République aussi."
    a = doc("a", text, ["François Fillon", "président de la République"])
    b = doc("b", "Le président Nicolas Sarkozy a confirmé.", ["Nicolas Sarkozy"])
    corpus = Corpus(documents={"a": a, "b": b})
    corpus.events = [Event("e1", "Crise", None, ["a", "b"])]
    EntityStage().run(corpus)
    assert all(e.name != "président de la République" for e in corpus.entities)
    role_mention = a.entities[1]
    assert role_mention.entity_id == entity_of(corpus, "Nicolas Sarkozy")


def test_find_roles_reads_nationalities_and_fixed_countries() -> None:
    text = (
        "le ministre colombien de la Défense, la ministre française de l'Economie, "
        "le chef du Kremlin, le Premier ministre israélien, le président de l'Afub"
    )
    found = {
        text[s:e]: (o.office, o.country) for s, e, o in find_roles(text, "fr") if o.needs != "name"
    }
    assert found["ministre colombien de la Défense"] == ("defence_minister", "CO")
    assert found["ministre française de l'Economie"] == ("economy_minister", "FR")
    assert found["chef du Kremlin"] == ("head_of_state", "RU")
    assert found["Premier ministre israélien"] == ("head_of_government", "IL")
    assert not any(k.startswith("président") for k in found)  # a club's president is no office
    past = "le ministre de l'Intérieur d'alors, l'ex-Premier ministre, the former Israeli leader"
    assert [o for _, _, o in find_roles(past, None) if o.needs != "name"] == []


def test_the_role_gold_points_at_real_role_phrases(data_dir: Path) -> None:
    from recoupe.evaluate.entities import load_role_cases, read_rpm2

    cases = load_role_cases()
    assert len(cases) >= 30 and {c["set"] for c in cases} == {"tune", "held-out"}
    folder = data_dir / "rpm2-fr-dev" / "documents"
    for case in cases:
        start = int(case["start"])
        phrase = read_rpm2(folder / case["file"])[start : start + int(case["length"])]
        assert hashlib.sha1(phrase.encode()).hexdigest()[:10] == case["sha1"], case
        assert find_roles(phrase, "fr"), phrase  # each one is a phrase the lexicon knows


def test_no_office_phrase_holds_a_nationality_the_matcher_would_mask() -> None:
    from recoupe.check.roles import _lexicon

    lex = _lexicon()
    assert not [phrase for _, phrase in lex.offices if lex.nat.search(phrase)]

"""English quote spans as the Gender Gap Tracker annotates them (issue 7): a reported
clause takes in the marked words inside it, titles in marks are not quotes, indirect
questions and captions are not reported speech, a heading glued to the next paragraph is
not the clause; over documents the real NlpStage analysed (en_core_web_sm)."""

from __future__ import annotations

from test_extract_quotes import _quotes
from test_extract_quotes_speakers import needs_english

from recoupe.nlp.spacy_stage import NlpStage


@needs_english
def test_a_reported_clause_takes_in_its_marked_words(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        'Ellen Ruiz said the closure was "a painful but necessary decision" for the company.',
        lang="en",
    )
    assert [(q.text, q.direct, q.speaker, q.cue) for q in quotes] == [
        (
            'the closure was "a painful but necessary decision" for the company',
            False,
            "Ellen Ruiz",
            "say",
        )
    ]


@needs_english
def test_titles_questions_and_captions_are_not_quotes(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        'The council voted on the "Safe Streets For Everyone" plan on Monday.\n\n'
        "Spokesperson Ellen Ruiz did not say whether the plant would reopen.\n\n"
        "City officials said the bridge will stay closed. (Marc Dupuis/CBC)",
        lang="en",
    )
    assert quotes == []


@needs_english
def test_according_to_and_a_glued_heading(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Flooding is expected to worsen overnight, according to Environment Canada.\n\n"
        "Housing costs keep rising\n\nAnalyst Priya Nair said rents rose 9 per cent last year.",
        lang="en",
    )
    assert quotes[0].text == "Flooding is expected to worsen overnight"
    assert not quotes[0].direct and quotes[0].speaker == "Environment Canada"
    assert not any(q.text.startswith("Housing costs") for q in quotes)


@needs_english
def test_a_quote_framed_after_starts_at_its_sentence(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        'Riders have filed complaints about the "endless and unexplained delays," transit '
        "chair Omar Haddad said.",
        lang="en",
    )
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        (
            'Riders have filed complaints about the "endless and unexplained delays,',
            "Omar Haddad",
            "say",
        )
    ]


@needs_english
def test_a_clause_runs_past_the_comma_the_parse_cut_and_after_a_medial_cue(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Omar Haddad says he drank too much coffee, skipped meals and slept four hours a "
        "night.\n\nThe new buses are cheaper to run, Haddad says, and will be in service by "
        "March.",
        lang="en",
    )
    texts = [q.text for q in quotes if not q.direct]
    assert "he drank too much coffee, skipped meals and slept four hours a night" in texts
    assert "and will be in service by March" in texts

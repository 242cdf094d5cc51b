"""The quote scorer: the Gender Gap Tracker's matching, text-located gold, speakers."""

from __future__ import annotations

from recoupe.evaluate.quotes import GoldArticle, GoldQuote, locate, score
from recoupe.model import Document, Meta, Quote

TEXT = (
    'Anna Varga said the port would reopen in May. "We have rebuilt the two cranes and the '
    'rail link is back," she said. Officials were less sure.'
)


def _doc(quotes: list[Quote]) -> Document:
    return Document(
        id="d",
        source="d",
        raw=TEXT,
        format="txt",
        text=TEXT,
        meta=Meta(language="en"),
        quotes=quotes,
    )


def _quote(words: str, speaker: str | None, cut: int = 0) -> Quote:
    start = TEXT.index(words)
    end = start + len(words) - cut
    return Quote("q", start, end, TEXT[start:end], True, speaker=speaker)


def test_locate_tolerates_marks_spaces_and_apostrophes() -> None:
    span = locate('"We have  rebuilt the two cranes and the rail link is back,"', TEXT)
    assert span is not None
    assert (
        TEXT[span.start : span.end] == "We have rebuilt the two cranes and the rail link is back,"
    )
    assert locate("a sentence that is not there", TEXT) is None


def test_overlap_thresholds_and_speaker_by_reference() -> None:
    gold = GoldArticle(
        "d",
        TEXT,
        "en",
        [
            GoldQuote(
                '"We have rebuilt the two cranes and the rail link is back,"',
                "she",
                "said",
                "Anna Varga",
            ),
            GoldQuote("the port would reopen in May", "Anna Varga", "said"),
        ],
    )
    # the first quote half covered (0.5: a match at 0.3, not at 0.8); the second missed;
    # one prediction matches nothing
    long_q = "We have rebuilt the two cranes and the rail link is back,"
    preds = [_quote(long_q, "Anna Varga", cut=len(long_q) // 2), _quote("Officials", None)]
    result = score([gold], [_doc(preds)])
    low, high = result["overlap_0.3"], result["overlap_0.8"]
    assert (low["tp"], low["fp"], low["fn"]) == (1, 1, 1)
    assert (high["tp"], high["fp"], high["fn"]) == (0, 2, 2)
    # "she" with reference Anna Varga: recoupe's resolved "Anna Varga" is right
    assert low["speaker_accuracy"] == 1.0


def test_a_wrong_speaker_is_counted() -> None:
    gold = GoldArticle(
        "d", TEXT, "en", [GoldQuote("the port would reopen in May", "Anna Varga", "said")]
    )
    result = score([gold], [_doc([_quote("the port would reopen in May", "Officials")])])
    assert result["overlap_0.8"]["tp"] == 1
    assert result["overlap_0.8"]["speaker_accuracy"] == 0.0

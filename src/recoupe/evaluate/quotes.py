"""Quotes and speakers, scored the way the Gender Gap Tracker scores its extractor.

The metric (GenderGapTracker NLP/evaluation/src/eval/evaluate_quotes.py): each gold quote
takes the remaining predicted quote that covers the largest share of its characters,
|gold ∩ predicted| / |gold|, when that share is above the threshold (0.3 and 0.8); the
match is a true positive, unmatched gold quotes are misses, unmatched predictions false
positives. Speaker accuracy is over matched quotes.

Differences, and why:
- Gold offsets drift in the ggt spreadsheet, so every gold quote is located by its text
  (whitespace and quote-mark style tolerant) in the text recoupe analysed; the quote marks
  around a gold quote are trimmed (recoupe's spans hold the words, not the marks).
- A speaker is right when its span overlaps the gold speaker's occurrence nearest the
  quote (ggt's rule), or when recoupe's speaker names the same person as the gold one:
  recoupe resolves "she" to "Darian Lonechild" where ggt keeps the pronoun and gives the
  person in a ``reference`` field. Same person means every word of the shorter name
  (titles and articles dropped) appears in the longer one, in the same order: "Macron"
  is "Emmanuel Macron", but "Brigitte Macron" is not (a shared word used to count, which
  scored French speakers 0.598 where this strict rule gives 0.585, ggt-en 0.821 -> 0.815).

Any gold in the common format is scored: JSONL, one article a line, {"id", "text",
"language", "quotations": [{"quote", "speaker", "verb"}]}. The ggt set is converted to it
on the fly; tests/gold/quotes-fr/*.jsonl (French, hand-annotated) is scored when present.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe.errors import EvalError
from recoupe.evaluate import require
from recoupe.evaluate.metrics import prf
from recoupe.model import Document, Meta, Quote, Span
from recoupe.text import name_key, normalize

THRESHOLDS = (0.3, 0.8)
FRENCH_GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "quotes-fr"
# The tracker's own extractor, V7.0, on its 98 articles (we hold every other one).
PUBLISHED_GGT = {
    "source": "Gender Gap Tracker V7.0, full 98-article set (SOURCE.txt)",
    "precision_0.3": 0.846,
    "recall_0.3": 0.827,
    "f1_0.3": 0.837,
    "f1_0.8": 0.761,
    "speaker_accuracy": 0.865,
}
PUBLISHED_FR = {
    "source": "Radar de Parité (SFU), French quote extractor, own gold (issue 7)",
    "f1_0.3": 0.817,
    "speaker_accuracy": 0.804,
}
_MARKS = "\"'«»“”‘’‹›„ \n\t\u00a0\u202f"
_QUOTE_CHARS = "\"'«»“”‘’‹›„"
_QUOTE_CLASS = f"[{_QUOTE_CHARS}]"
# Titles and pronouns carry no identity: "Mr." in "Mr. Ford" and "Mr. Trudeau" must not
# make two speakers match.
_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "i", "we", "you", "il", "elle", "ils", "elles", "on", "nous", "je"}
)
_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "m", "mme", "mlle", "me", "monsieur", "madame"}
    | {"the", "le", "la", "les", "l"}
)


@dataclass(slots=True)
class GoldQuote:
    quote: str
    speaker: str | None
    verb: str | None
    reference: str | None = None  # the full name a pronoun speaker stands for (ggt)
    start: int | None = None  # where the annotator found it, when the gold says


@dataclass(slots=True)
class GoldArticle:
    id: str
    text: str
    language: str
    quotations: list[GoldQuote] = field(default_factory=list)


def load_jsonl(path: Path, data_dir: Path | None = None) -> list[GoldArticle]:
    """Articles in the common gold format. A row may give, instead of "text", the shared
    data set it comes from ("source": "orangesum-fr"): the text is then read there by id,
    so the repository never holds a copy of the shared texts."""
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    texts = _shared_texts(rows, data_dir)
    articles = []
    for row in rows:
        text = row.get("text") or texts.get((row.get("source", ""), str(row["id"])))
        if text is None:
            continue
        quotes = [
            GoldQuote(
                _quote_text(q, text, str(row["id"])),
                q.get("speaker"),
                q.get("verb"),
                q.get("reference"),
                q.get("start"),
            )
            for q in row.get("quotations", [])
        ]
        articles.append(GoldArticle(str(row["id"]), text, row.get("language", "fr"), quotes))
    return articles


def _quote_text(q: dict[str, Any], text: str, article: str) -> str:
    """The quoted words: given as "quote", or (when the gold must not copy its texts) as
    "start" + "length" into the article, checked against the first hex digits of their
    SHA-1 so that a changed source text fails loudly instead of scoring garbage."""
    if "quote" in q:
        return str(q["quote"])
    start, length, digest = int(q["start"]), int(q["length"]), str(q["sha1"])
    quote = text[start : start + length]
    if not hashlib.sha1(quote.encode("utf-8")).hexdigest().startswith(digest):
        raise EvalError(
            f"gold article {article}: the text at {start}+{length} is not the annotated "
            "quote (the shared text changed?)"
        )
    return quote


def _shared_texts(rows: list[dict[str, Any]], data_dir: Path | None) -> dict[tuple[str, str], str]:
    wanted: dict[str, set[str]] = {}
    for row in rows:
        if not row.get("text") and row.get("source"):
            wanted.setdefault(row["source"], set()).add(str(row["id"]))
    texts: dict[tuple[str, str], str] = {}
    for source, ids in wanted.items():
        archive = (data_dir or Path()) / source / "articles.jsonl.gz"
        if data_dir is None or not archive.is_file():
            continue
        with gzip.open(archive, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if str(row.get("id")) in ids:
                    texts[(source, str(row["id"]))] = row.get("article") or row.get("text") or ""
    return texts


def ggt_articles(folder: Path) -> list[GoldArticle]:
    """The ggt dev set in the common format: the spreadsheet rows whose article body is in
    rawtext/ (48 of 49); the "quotations" cell is a Python literal."""
    articles = []
    for line in (folder / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        raw = folder / "rawtext" / f"{row['doc_id']}.txt"
        if not raw.is_file():
            continue
        cell = row.get("quotations") or "[]"
        parsed = ast.literal_eval(cell) if isinstance(cell, str) else cell
        quotes = [
            GoldQuote(
                q.get("quote", ""),
                (q.get("speaker") or "").strip() or None,
                (q.get("verb") or "").strip() or None,
                (q.get("reference") or "").strip() or None,
            )
            for q in parsed
            if q.get("quote", "").strip(_MARKS)
        ]
        articles.append(GoldArticle(row["doc_id"], raw.read_text(encoding="utf-8"), "en", quotes))
    return articles


def locate(needle: str, text: str, near: int | None = None) -> Span | None:
    """Where ``needle`` occurs in ``text``, whitespace and quote-mark style tolerant; the
    occurrence nearest ``near`` when there are several."""
    core = normalize(needle).strip(_MARKS)
    words = core.split()
    if not words:
        return None
    pattern = r"\s+".join(_word_re(w) for w in words)
    found = [Span(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda s: abs(s.start - near))


def _word_re(word: str) -> str:
    return "".join(_QUOTE_CLASS if c in _QUOTE_CHARS else re.escape(c) for c in word)


def analyse(articles: list[GoldArticle]) -> list[Document]:
    """recoupe's real path on each article's text: cleaning, language, spaCy, quotes."""
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.extract.quotes import QuoteStage
    from recoupe.meta.language import LanguageStage
    from recoupe.nlp.spacy_stage import NlpStage

    clean, language, nlp, quotes = CleanStage(), LanguageStage(), NlpStage(), QuoteStage()
    language.setup()
    nlp.setup()
    docs = []
    for art in articles:
        doc = Document(id=art.id, source=art.id, raw=art.text, format="txt", meta=Meta())
        doc = clean.process(doc)
        doc = language.process(doc)
        if doc.meta.language not in ("fr", "en"):
            doc.meta.language = art.language  # the gold says which; lingua was unsure
        doc = quotes.process(nlp.process(doc))
        docs.append(doc)
    return docs


@dataclass(slots=True)
class _Located:
    gold: GoldQuote
    span: Span | None  # None: cleaning lost it
    speaker: Span | None


def _gold_spans(art: GoldArticle, doc: Document) -> tuple[list[_Located], int]:
    located, unlocatable = [], 0
    raw = normalize(art.text)
    for q in art.quotations:
        if locate(q.quote, raw) is None:
            unlocatable += 1  # the annotation does not occur in its own article
            continue
        # Near where the annotator found it: a repeated sentence is two quotes.
        span = locate(q.quote, doc.text, near=q.start)
        speaker = None
        if span is not None and q.speaker:
            speaker = locate(q.speaker, doc.text, near=span.start)
        located.append(_Located(q, span, speaker))
    return located, unlocatable


def _coverage(gold: Span, pred: Quote) -> float:
    inter = min(gold.end, pred.end) - max(gold.start, pred.start)
    return max(0, inter) / (gold.end - gold.start) if gold.end > gold.start else 0.0


def _name_words(name: str | None) -> list[str]:
    """A name's words for comparison: accent- and case-free, titles and articles dropped;
    a pronoun names no one."""
    if not name or name.strip().lower() in _PRONOUNS:
        return []
    return [w for w in name_key(name).split() if w not in _TITLES]


def same_person(a: str | None, b: str | None) -> bool:
    """Every word of the shorter name is in the longer one, in the same order ("Macron" is
    "Emmanuel Macron"; "Brigitte Macron" is not "Emmanuel Macron")."""
    short, long = sorted((_name_words(a), _name_words(b)), key=len)
    if not short:
        return False
    it = iter(long)
    return all(w in it for w in short)  # consumes ``it``: an in-order subsequence test


def speaker_ok(gold: _Located, pred: Quote) -> bool:
    g = gold.gold
    if not g.speaker:
        # ggt's "floating quote" (no speaker written nearby): right when recoupe leaves it
        # unattributed too, or names the person the annotator gave as its reference.
        return not pred.speaker or same_person(g.reference, pred.speaker)
    if not pred.speaker:
        return False
    if (
        gold.speaker is not None
        and pred.speaker_start is not None
        and pred.speaker_end is not None
        and pred.speaker_start < gold.speaker.end
        and gold.speaker.start < pred.speaker_end
    ):
        return True
    return same_person(g.speaker, pred.speaker) or same_person(g.reference, pred.speaker)


def score(articles: list[GoldArticle], docs: list[Document], listed: int = 30) -> dict[str, Any]:
    """The scores, with the first ``listed`` wrong speakers for error analysis."""
    per: dict[float, dict[str, int]] = {
        t: {"tp": 0, "fp": 0, "fn": 0, "spk": 0} for t in THRESHOLDS
    }
    misses: list[dict[str, Any]] = []
    wrong_speakers: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    n_gold = n_pred = unlocatable = lost = 0
    for art, doc in zip(articles, docs, strict=True):
        located, bad = _gold_spans(art, doc)
        unlocatable += bad
        lost += sum(g.span is None for g in located)
        n_gold += len(located)
        n_pred += len(doc.quotes)
        for t in THRESHOLDS:
            remaining = list(doc.quotes)
            c = per[t]
            for g in located:
                best, best_score = None, t
                for p in remaining if g.span is not None else []:
                    assert g.span is not None
                    s = _coverage(g.span, p)
                    if s > best_score:
                        best, best_score = p, s
                if best is None:
                    c["fn"] += 1
                    if t == THRESHOLDS[0]:
                        misses.append({"doc": art.id, "quote": g.gold.quote[:160]})
                    continue
                remaining.remove(best)
                c["tp"] += 1
                if speaker_ok(g, best):
                    c["spk"] += 1
                elif t == THRESHOLDS[0]:
                    wrong_speakers.append(
                        {
                            "doc": art.id,
                            "quote": best.text[:80],
                            "gold": g.gold.speaker,
                            "reference": g.gold.reference,
                            "ours": best.speaker,
                        }
                    )
            c["fp"] += len(remaining)
            if t == THRESHOLDS[0]:
                extra += [{"doc": art.id, "quote": p.text[:120]} for p in remaining]
    result: dict[str, Any] = {
        "articles": len(articles),
        "gold_quotes": n_gold,
        "gold_unlocatable": unlocatable,
        "gold_lost_in_cleaning": lost,
        "predicted": n_pred,
    }
    for t, c in per.items():
        result[f"overlap_{t}"] = {
            **prf(c["tp"], c["fp"], c["fn"]),
            "speaker_accuracy": round(c["spk"] / c["tp"], 4) if c["tp"] else 0.0,
            "tp": c["tp"],
            "fp": c["fp"],
            "fn": c["fn"],
        }
    result["misses"] = misses[:30]
    result["false_positives"] = extra[:20]
    result["wrong_speakers"] = wrong_speakers[:listed]
    return result


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    folder = require(data_dir / "ggt-quotes-en-dev", "ggt-quotes-en-dev")
    ggt = ggt_articles(folder)[:limit]
    results: dict[str, Any] = {"ggt_en": score(ggt, analyse(ggt))}
    results["ggt_en"]["published"] = PUBLISHED_GGT
    files = sorted(FRENCH_GOLD.glob("*.jsonl")) if FRENCH_GOLD.is_dir() else []
    if files:
        french = [a for f in files for a in load_jsonl(f, data_dir)][:limit]
        results["fr"] = score(french, analyse(french))
        results["fr"]["published"] = PUBLISHED_FR
    else:
        results["fr"] = {"skipped": f"{FRENCH_GOLD}/*.jsonl not found (French gold not written)"}
    return results

"""Human-facing labels of events: a clean title and the date at the precision known."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from recoupe.model import DateValue, Document
from recoupe.text import squash_spaces

MAX_TITLE = 120
# " | Ukraine", " - Le Monde", " — France 24": a section or outlet tail of at most this
# many words is dropped; a longer tail is part of the headline.
_TAIL = re.compile(r"\s+[|\-–—]\s+(\S+(?:\s+\S+){0,3})\s*$")
_DATE_HEADER = re.compile(r"^\s*date \d{4}-\d{2}\b\s*")


def clean_title(raw: str) -> str:
    """One line, no outlet/section tail, no ``date YYYY-MM`` header, at most ~120 chars."""
    title = squash_spaces(_DATE_HEADER.sub("", raw.replace("\n", " ")))
    while True:
        shorter = _TAIL.sub("", title)
        if shorter == title or not shorter:
            break
        title = shorter
    if len(title) > MAX_TITLE:
        cut = title[:MAX_TITLE].rsplit(" ", 1)[0]
        title = cut.rstrip(" ,;:-") + "…"
    return title


def document_title(doc: Document) -> str:
    """The document's title, else its first sentence, else its first line."""
    if doc.meta.title and doc.meta.title.strip():
        return clean_title(doc.meta.title)
    if doc.sentences:
        first = doc.sentences[0]
        return clean_title(doc.text[first.start : first.end])
    for line in doc.text.splitlines():
        if line.strip():
            return clean_title(line)
    return ""


def event_date(published: Sequence[DateValue | None]) -> str | None:
    """The most common day among the members' dates, else the most common month (ties:
    the earliest), as ISO at that precision; None when no member is dated."""
    days = [p.date for p in published if p is not None and p.precision in ("day", "minute")]
    if days:
        return _most_common(days)
    months = [p.iso[:7] for p in published if p is not None and p.precision != "year"]
    if months:
        return _most_common(months)
    return None


# A date in a document's lead names the day of the happening when it falls in the week
# before publication ("mardi soir" in Wednesday's paper, "le 6 mai" on 7 May); further
# back it is background ("l'accord signé le 14 avril"), after it a plan ("jeudi prochain").
LEAD_LOOKBACK_DAYS = 7
# The lead: the first two sentences (a news lead tells when), or this many characters.
LEAD_SENTENCES = 2
LEAD_CHARS = 400


def happened_on(doc: Document) -> str | None:
    """The day ``doc`` says its happening took place: the earliest day-precision date in
    its lead within LEAD_LOOKBACK_DAYS before its publication, else its publication day
    (month, at month precision); None when undated."""
    published = doc.meta.published
    interval = date_interval(published)
    if published is None or interval is None:
        return None
    if published.precision not in ("day", "minute"):
        return event_date([published])
    lead_end = (
        doc.sentences[min(LEAD_SENTENCES, len(doc.sentences)) - 1].end
        if doc.sentences
        else LEAD_CHARS
    )
    days = []
    for t in doc.timex:
        if t.start >= lead_end or not t.iso or t.precision not in ("day", "minute"):
            continue
        if t.basis == "unresolved":
            continue
        try:
            day = date.fromisoformat(t.iso[:10]).toordinal()
        except ValueError:
            continue
        if interval[0] - LEAD_LOOKBACK_DAYS <= day <= interval[0]:
            days.append(day)
    return date.fromordinal(min(days)).isoformat() if days else published.date


def events_date(docs: Sequence[Document]) -> str | None:
    """An event's date: the day most of its documents say it happened on (ties: the
    earliest), else the most common month; None when no member is dated."""
    votes = [v for v in (happened_on(d) for d in docs) if v]
    days = [v for v in votes if len(v) == 10]
    if days:
        return _most_common(days)
    return _most_common(votes) if votes else None


def _most_common(values: list[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def date_interval(value: DateValue | None) -> tuple[int, int] | None:
    """The days (proleptic ordinals, inclusive) a date may stand for: one day at day
    precision, the whole month or year otherwise; None when unknown or unreadable."""
    return value.days() if value is not None else None

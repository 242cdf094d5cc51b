"""The Markdown dossier: one story or one event, every fact and quote cited.

Article text is untrusted: it is put on one line and the characters Markdown (or the
HTML a Markdown renderer lets through) would interpret are backslash-escaped, so
``<script>`` in an article stays text in any CommonMark renderer.
"""

from __future__ import annotations

import re

from recoupe.errors import NotFound
from recoupe.model import Corpus
from recoupe.render.view import (
    Citation,
    CorpusView,
    DocView,
    EventView,
    FactView,
    SourceEntry,
    SpeakerQuotes,
    StoryView,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_SPACE = re.compile(r"\s+")


def md(text: str) -> str:
    """Untrusted text as inline Markdown: one line, special characters escaped."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text).strip())


def cite(c: Citation) -> str:
    """``[Outlet — title, doc d-xxxx §start-end]``: the exact passage of the exact article."""
    return f"[{md(c.label)}]"


def dossier_markdown(corpus: Corpus, item_id: str) -> str:
    """The dossier of a story (``st-…``) or an event (``ev-…``); ``NotFound`` otherwise."""
    view = CorpusView(corpus)
    if view.has_story(item_id):
        return _story(view.story(item_id))
    if view.has_event(item_id):
        return "\n".join(_event(view.event(item_id), level=1)).rstrip() + "\n"
    raise NotFound(f"no story or event with id {item_id!r}")


def index_markdown(corpus: Corpus) -> str:
    """Every story with its events and their counts; events no story holds come last."""
    view = CorpusView(corpus)
    lines = ["# Stories", ""]
    stories = view.stories()
    if not stories and not view.unfiled_events():
        lines += ["No story yet.", ""]
    for story in stories:
        lines += [f"## {md(story.title)} (`{story.id}`)", "", _story_counts(story), ""]
        lines += [_event_line(e) for e in story.events] + [""]
    unfiled = view.unfiled_events()
    if unfiled:
        lines += ["## Events in no story", ""] + [_event_line(e) for e in unfiled] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _story_counts(s: StoryView) -> str:
    return (
        f"{_plural(len(s.events), 'event')} · {_plural(s.document_count, 'document')} · "
        f"{_plural(len(s.outlets), 'outlet')} · {_plural(s.fact_count, 'fact')} · "
        f"{_plural(s.contradicted_count, 'contradiction')}"
    )


def _event_counts(e: EventView) -> str:
    return (
        f"{_plural(len(e.documents), 'document')} · {_plural(len(e.outlets), 'outlet')} · "
        f"{_plural(len(e.facts), 'fact')} · {_plural(e.contradicted_count, 'contradiction')}"
    )


def _event_line(e: EventView) -> str:
    return f"- {e.date or 'undated'} — {md(e.title)} (`{e.id}`): {_event_counts(e)}"


def _story(story: StoryView) -> str:
    lines = [f"# {md(story.title)}", "", f"Story `{story.id}` · {_story_counts(story)}", ""]
    for event in story.events:
        lines += _event(event, level=2)
    return "\n".join(lines).rstrip() + "\n"


def _event(e: EventView, *, level: int) -> list[str]:
    h = "#" * level
    lines = [f"{h} {e.date or 'undated'} — {md(e.title)}", ""]
    lines += [f"Event `{e.id}` · {_event_counts(e)}", ""]
    lines += [f"{h}# Facts", ""]
    lines += [line for f in e.facts for line in _fact(f)] or ["No checkable fact found."]
    lines += ["", f"{h}# Quotes", ""]
    lines += [line for s in e.speakers for line in _speaker(s, h + "##")] or ["No quote found.", ""]
    lines += [f"{h}# Documents", ""] + [_doc_line(d) for d in e.documents] + [""]
    lines += [f"{h}# Sources", ""] + [_source_line(s) for s in e.sources] + [""]
    return lines


def _fact(f: FactView) -> list[str]:
    note = f" ({md(f.note)})" if f.note else ""
    lines = [
        f"- **{f.status_label}**: {md(f.statement)}{note} · "
        f"{_plural(f.independent_sources, 'independent source')}"
    ]
    for outlet, evidence in f.evidence_by_outlet():
        for ev in evidence:
            details = []
            if ev.value is not None:
                value = f"{ev.qualifier + ' ' if ev.qualifier else ''}{ev.value:g}"
                if ev.value_max is not None:
                    value += f"–{ev.value_max:g}"
                details.append(value + (f" {ev.unit}" if ev.unit else ""))
            if ev.attributed_to:
                details.append(f"according to {ev.attributed_to}")
            if ev.hedged:
                details.append("hedged")
            extra = f" ({md('; '.join(details))})" if details else ""
            lines.append(f"  - {md(outlet)}: {_passage(ev.text)}{extra} {cite(ev.citation)}")
    return lines


def _speaker(s: SpeakerQuotes, heading: str) -> list[str]:
    lines = [f"{heading} {md(s.speaker) if s.speaker else 'Unattributed'}", ""]
    for u in s.utterances:
        if len(u.quotes) == 1:
            q = u.quotes[0]
            lines.append(f"- {_quote_text(q.text, q.direct)}{_cue(q.cue)} {cite(q.citation)}")
            continue
        lines.append(f"- Same words in {_plural(len(u.outlets), 'outlet')}:")
        for q in u.quotes:
            lines.append(
                f"  - {md(q.outlet)}: {_quote_text(q.text, q.direct)}{_cue(q.cue)} "
                f"{cite(q.citation)}"
            )
    return [*lines, ""]


def _passage(text: str) -> str:
    """A claim's passage in guillemets, unless it already opens with a quotation."""
    inner = md(text)
    return inner if inner.startswith("«") else f"« {inner} »"


def _quote_text(text: str, direct: bool) -> str:
    return f"« {md(text)} »" if direct else f"(indirect) {md(text)}"


def _cue(cue: str | None) -> str:
    return f" — {md(cue)}" if cue else ""


def _doc_line(d: DocView) -> str:
    parts = [d.date or "undated", f"{md(d.outlet)} — {md(d.title)}", f"`{d.id}`"]
    if d.language:
        parts.append(md(d.language))
    if d.duplicate_of:
        parts.append(f"copy of `{d.duplicate_of}`")
    if d.also_published_by:
        names = ", ".join(f"{md(o)} (`{i}`)" for o, i in d.also_published_by)
        parts.append(f"also published by {names}")
    return "- " + " · ".join(parts)


def _source_line(s: SourceEntry) -> str:
    o = s.original
    line = f"- {md(o.outlet)} — {md(o.title)} (`{o.id}`)"
    if o.agencies:
        line += f", credits {md(', '.join(o.agencies))}"
    if s.copies:
        line += ": copied by " + ", ".join(f"{md(c.outlet)} (`{c.id}`)" for c in s.copies)
    return line

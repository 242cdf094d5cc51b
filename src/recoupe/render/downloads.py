"""The downloads of a page: its JSON (the page object as it is) and CSV tables of facts
and quotes, one row per passage, so a spreadsheet can sort and filter them.

Article text is untrusted here too: a cell that starts with ``=``, ``+``, ``-``, ``@``
or a tab is a formula to Excel and LibreOffice (CSV injection), so such text cells get a
leading apostrophe, as OWASP advises. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from recoupe.render.view_types import EventView

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JSON_HTML_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

FACT_COLUMNS = (
    "event_id",
    "fact_id",
    "status",
    "statement",
    "independent_sources",
    "outlet",
    "figure",
    "value",
    "value_max",
    "unit",
    "attributed_to",
    "hedged",
    "passage",
    "document_id",
    "start",
    "end",
)
QUOTE_COLUMNS = (
    "event_id",
    "speaker",
    "group_id",
    "quote_id",
    "outlet",
    "direct",
    "cue",
    "text",
    "document_id",
    "start",
    "end",
)


def dumps(data: Any) -> str:
    """Indented JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``... escapes: the
    same data to any JSON reader, and no markup even to a browser that sniffs a file
    opened from disk as HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.translate(_JSON_HTML_ESCAPES) + "\n"


def to_json(page: Any) -> str:
    """A page object (a dataclass) as JSON (see ``dumps``), keys in field order."""
    return dumps(dataclasses.asdict(page))


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def facts_csv(events: Iterable[EventView]) -> str:
    """One row per piece of evidence of each fact (a fact with none: one row)."""
    rows: list[tuple[object, ...]] = []
    for ev in events:
        for f in ev.facts:
            head = (ev.id, f.id, f.status, f.statement, f.independent_sources)
            if not f.evidence:
                rows.append(head + (None,) * (len(FACT_COLUMNS) - len(head)))
            for e in f.evidence:
                c = e.citation
                rows.append(
                    (
                        *head,
                        e.outlet,
                        e.figure,
                        e.value,
                        e.value_max,
                        e.unit,
                        e.attributed_to,
                        e.hedged,
                        e.text,
                        c.doc_id,
                        c.start,
                        c.end,
                    )
                )
    return _table(FACT_COLUMNS, rows)


def quotes_csv(events: Iterable[EventView]) -> str:
    """One row per quote, grouped by speaker as the dossier shows them."""
    rows = [
        (
            ev.id,
            s.speaker,
            u.group_id,
            q.id,
            q.outlet,
            q.direct,
            q.cue,
            q.text,
            q.citation.doc_id,
            q.citation.start,
            q.citation.end,
        )
        for ev in events
        for s in ev.speakers
        for u in s.utterances
        for q in u.quotes
    ]
    return _table(QUOTE_COLUMNS, rows)

"""The SQLite store: one file, WAL mode, numbered migrations, upserts everywhere.

Document rows are upserted by their stable id, so running twice on the same input changes
nothing. Corpus-level results (entities, events, stories, facts, quote groups) are
written in one transaction from what the corpus stages decided: as a whole after a full
pass, and only the rows of the run's scope (``model.Scope``) when the run only added
documents, whose corpus pass then decodes only the documents its stages read
(``load_for_run``): adding one document to a big store costs what it reaches.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from recoupe.errors import NotFound, StoreError
from recoupe.model import (
    Citation,
    Corpus,
    DateValue,
    Document,
    DocumentInfo,
    Documents,
    Entity,
    Event,
    Fact,
    FramingUse,
    MemoryRows,
    QuoteGroup,
    Rejection,
    Scope,
    Story,
)
from recoupe.store.codec import analysis_to_json, document_from_row

log = logging.getLogger(__name__)

# The corpus stages' settings the stored corpus results were made with (stage_state).
SETTINGS_STATE = "corpus/settings"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str]]:
    """The numbered migrations shipped with the package, in order."""
    folder = resources.files("recoupe.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A recoupe store in one SQLite file (created and migrated on open)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        self.conn.row_factory = sqlite3.Row
        # The stage states as last loaded or saved: a state a stage hands back unchanged
        # (the same object: tens of MB of vectors) is not written again.
        self._states: dict[str, bytes] = {}
        # Each document's corpus-level columns as last read or written (duplicate_of and a
        # hash of the analysis JSON): save_corpus rewrites only the documents the corpus
        # stages changed, not every row (and every quote and claim, with their search
        # index triggers) of the store on each run.
        self._written: dict[str, tuple[str | None, int]] = {}
        # Documents this store object wrote again (an id already stored, processed by a
        # new pipeline): the corpus results of the store no longer hold for them, so the
        # next corpus pass is a full one.
        self.replaced_ids: set[str] = set()
        self.saved_ids: set[str] = set()
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a recoupe store ({exc})") from exc

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.conn:
                yield self.conn
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from exc

    def _migrate(self) -> None:
        current = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        for number, sql in migrations():
            if number <= current:
                continue
            log.info("store %s: applying migration %04d", self.path, number)
            with self.conn:
                self.conn.executescript(sql)
                self.conn.execute(f"PRAGMA user_version = {number:d}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ runs
    def begin_run(self, config: dict[str, Any], inputs: list[str], version: str) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started_at, status, recoupe_version, config, inputs)"
                " VALUES (?, 'running', ?, ?, ?)",
                (_now(), version, json.dumps(config), json.dumps(inputs)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(
        self, run_id: int, status: str, counts: dict[str, Any], timings: dict[str, Any]
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at=?, status=?, counts=?, timings=? WHERE id=?",
                (_now(), status, json.dumps(counts), json.dumps(timings), run_id),
            )

    def runs(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM runs ORDER BY id").fetchall()
        out = []
        for row in rows:
            item = dict(row)
            for key in ("config", "inputs", "counts", "timings"):
                item[key] = json.loads(item[key]) if item[key] else None
            out.append(item)
        return out

    # ------------------------------------------------------------------ rejections
    def save_rejections(self, run_id: int, rejections: Iterable[Rejection]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO rejections (run_id, source, document_id, stage, reason, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source, stage) DO UPDATE SET run_id=excluded.run_id,"
                " document_id=excluded.document_id, reason=excluded.reason,"
                " detail=excluded.detail",
                [
                    (run_id, r.source, r.document_id, r.stage, r.reason, r.detail)
                    for r in rejections
                ],
            )

    def clear_rejection(self, source: str) -> None:
        """A source that now goes through is no longer rejected."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM rejections WHERE source = ?", (source,))

    def rejections(self) -> list[Rejection]:
        rows = self.conn.execute(
            "SELECT source, stage, reason, detail, document_id FROM rejections ORDER BY source, stage"
        ).fetchall()
        return [
            Rejection(r["source"], r["stage"], r["reason"], r["detail"], r["document_id"])
            for r in rows
        ]

    # ------------------------------------------------------------------ documents
    def signature_of(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT signature FROM documents WHERE id=?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def touch(self, doc_ids: Iterable[str], run_id: int) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE documents SET last_run=? WHERE id=? OR parent_id=?",
                [(run_id, i, i) for i in doc_ids],
            )

    def save_documents(self, docs: Iterable[Document], signature: str, run_id: int) -> int:
        """Upsert documents with their quotes and claims; returns how many were written."""
        n = 0
        docs = list(docs)
        self.replaced_ids |= self._stored([d.id for d in docs])
        self.saved_ids.update(d.id for d in docs)
        with self.transaction() as conn:
            for doc in docs:
                self._upsert_document(conn, doc, signature, run_id)
                self._written.pop(doc.id, None)  # what save_corpus compares with is gone
                n += 1
        return n

    def _upsert_document(
        self, conn: sqlite3.Connection, doc: Document, signature: str, run_id: int
    ) -> None:
        published = doc.meta.published
        conn.execute(
            "INSERT INTO documents (id, parent_id, source, format, is_container, title, url,"
            " outlet, language, published, published_precision, duplicate_of, raw, text,"
            " analysis, signature, first_run, last_run)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET parent_id=excluded.parent_id,"
            " source=excluded.source, format=excluded.format,"
            " is_container=excluded.is_container, title=excluded.title, url=excluded.url,"
            " outlet=excluded.outlet, language=excluded.language,"
            " published=excluded.published, published_precision=excluded.published_precision,"
            " duplicate_of=excluded.duplicate_of, raw=excluded.raw, text=excluded.text,"
            " analysis=excluded.analysis, signature=excluded.signature,"
            " last_run=excluded.last_run",
            (
                doc.id,
                doc.parent_id,
                doc.source,
                doc.format,
                int(doc.is_container),
                doc.meta.title,
                doc.meta.url,
                doc.meta.outlet,
                doc.meta.language,
                published.iso if published else None,
                published.precision if published else None,
                doc.duplicate_of,
                doc.raw,
                doc.text,
                analysis_to_json(doc),
                signature,
                run_id,
                run_id,
            ),
        )
        self._write_quotes_claims(conn, doc)

    @staticmethod
    def _write_quotes_claims(conn: sqlite3.Connection, doc: Document) -> None:
        conn.execute("DELETE FROM quotes WHERE document_id=?", (doc.id,))
        conn.execute("DELETE FROM claims WHERE document_id=?", (doc.id,))
        conn.executemany(
            "INSERT INTO quotes (id, document_id, start, end, text, direct, speaker, cue,"
            " entity_id, group_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    q.id,
                    doc.id,
                    q.start,
                    q.end,
                    q.text,
                    int(q.direct),
                    q.speaker,
                    q.cue,
                    q.entity_id,
                    q.group_id,
                )
                for q in doc.quotes
            ],
        )
        conn.executemany(
            "INSERT INTO claims (id, document_id, start, end, text, value, value_max,"
            " qualifier, unit, counted, attributed_to, hedged, fact_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    c.id,
                    doc.id,
                    c.start,
                    c.end,
                    c.text,
                    c.value,
                    c.value_max,
                    c.qualifier,
                    c.unit,
                    c.counted,
                    c.attributed_to,
                    int(c.hedged),
                    c.fact_id,
                )
                for c in doc.claims
            ],
        )

    def document(self, doc_id: str) -> Document:
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id!r} in {self.path}")
        return document_from_row(dict(row))

    def documents(self) -> list[Document]:
        rows = self.conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
        return [self._decoded(r) for r in rows]

    def _decoded(self, row: sqlite3.Row) -> Document:
        """A document from its row, remembering what save_corpus compares with."""
        self._written[row["id"]] = (row["duplicate_of"], hash(row["analysis"]))
        return document_from_row(dict(row))

    def _load_documents(self, doc_ids: list[str]) -> dict[str, Document]:
        """The documents of these ids (a lazy corpus's loader)."""
        rows = _select_in(self.conn, "SELECT * FROM documents WHERE id IN ({})", doc_ids)
        return {r["id"]: self._decoded(r) for r in rows}

    def _stored(self, doc_ids: list[str]) -> set[str]:
        return {
            r[0]
            for r in _select_in(self.conn, "SELECT id FROM documents WHERE id IN ({})", doc_ids)
        }

    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # ------------------------------------------------------------------ corpus
    def load_corpus(self) -> Corpus:
        """Every document with its analysis, and the corpus-level results stored so far."""
        corpus = Corpus(documents={d.id: d for d in self.documents()})
        self._load_results(corpus)
        corpus.row_factory = self._rows
        return corpus

    def _rows(self, stage: str) -> _Rows:
        return _Rows(self.conn, stage)

    def load_for_run(self, settings: bytes = b"") -> Corpus:
        """The corpus a run's corpus stages work on. When the run only added documents to a
        store whose corpus results are current (``partial_run_possible``), a partial corpus:
        its documents (split containers aside: no corpus stage reads them) are decoded when
        a stage reads them, and of the corpus results only events, stories and the stages'
        states are loaded (``Scope``). Else every document and result, for a full pass.
        ``settings``: the corpus stages' settings; stored results made under others get a
        full pass (a changed tolerance must reach every fact), and are saved with them."""
        if not self.partial_run_possible(settings):
            corpus = self.load_corpus()
        else:
            corpus = self._lazy_corpus()
        corpus.stage_state[SETTINGS_STATE] = settings
        return corpus

    def _lazy_corpus(self) -> Corpus:
        corpus = Corpus(documents=Documents(_Catalog(self.conn), self._load_documents))
        corpus.row_factory = self._rows
        corpus.scope.full = False
        self._load_results(corpus, partial=True)
        return corpus

    def partial_run_possible(self, settings: bytes = b"") -> bool:
        """True when the stored corpus results hold for every stored document but those
        this store object added: none was written again (``replaced_ids``), the last run
        saved its clustering state (a store made before stage states gets a full pass),
        and every other analysed document is in an event (a run stopped between saving
        its documents and its corpus pass left some out: the next pass is a full one)."""
        if self.replaced_ids:
            return False
        states = {r[0] for r in self.conn.execute("SELECT stage FROM stage_state")}
        if not {"dedup.group", "stories.events", SETTINGS_STATE} <= states:
            return False
        stored = self.conn.execute(
            "SELECT state FROM stage_state WHERE stage=?", (SETTINGS_STATE,)
        ).fetchone()
        if bytes(stored[0]) != settings:
            return False
        unplaced = self.conn.execute(
            "SELECT id FROM documents WHERE is_container=0 AND id NOT IN"
            " (SELECT document_id FROM event_documents)"
        )
        return all(r[0] in self.saved_ids for r in unplaced)

    def _load_results(self, corpus: Corpus, partial: bool = False) -> None:
        conn = self.conn
        if not partial:
            corpus.entities = [
                Entity(r["id"], r["name"], r["type"], json.loads(r["aliases"]))
                for r in conn.execute("SELECT * FROM entities ORDER BY id")
            ]
        if partial:
            # Events and stories are read by key: a run adding one document reads the
            # few it touches, not 50,000 (100k documents: 0.5 s of the run's load).
            corpus.stored_events = _StoredEvents(conn)
            self._load_states(corpus)
            return
        members: dict[str, list[str]] = {}
        for r in conn.execute(
            "SELECT event_id, document_id FROM event_documents ORDER BY event_id, position"
        ):
            members.setdefault(r["event_id"], []).append(r["document_id"])
        corpus.events = [
            Event(r["id"], r["title"], r["date"], members.get(r["id"], []), r["story_id"])
            for r in conn.execute("SELECT * FROM events ORDER BY date, id")
        ]
        by_story: dict[str, list[str]] = {}
        for ev in corpus.events:
            if ev.story_id:
                by_story.setdefault(ev.story_id, []).append(ev.id)
        corpus.stories = [
            Story(r["id"], r["title"], by_story.get(r["id"], []))
            for r in conn.execute("SELECT * FROM stories ORDER BY id")
        ]
        self._load_states(corpus)
        corpus.quote_groups = [
            QuoteGroup(r["id"], json.loads(r["quote_ids"]), r["speaker"])
            for r in conn.execute("SELECT * FROM quote_groups ORDER BY id")
        ]
        corpus.facts = [
            Fact(
                id=r["id"],
                event_id=r["event_id"],
                statement=r["statement"],
                status=r["status"],
                claim_ids=json.loads(r["claim_ids"]),
                independent_sources=r["independent_sources"],
                outlets=json.loads(r["outlets"]),
                note=r["note"],
            )
            for r in conn.execute("SELECT * FROM facts ORDER BY id")
        ]
        corpus.framing = [
            FramingUse(
                r["event_id"],
                r["outlet"],
                r["term"],
                r["family"],
                r["stance"],
                r["count"],
                [Citation(d, a, b) for d, a, b in json.loads(r["citations"])],
            )
            for r in conn.execute("SELECT * FROM framing ORDER BY event_id, outlet, family, term")
        ]

    def _load_states(self, corpus: Corpus) -> None:
        corpus.stage_state = {
            r["stage"]: bytes(r["state"])
            for r in self.conn.execute("SELECT stage, state FROM stage_state")
        }
        self._states = dict(corpus.stage_state)

    def save_corpus(self, corpus: Corpus, run_id: int) -> None:
        """Write what the corpus stages decided, in one transaction: the documents' corpus
        fields (duplicate_of, entity/group/fact links) where they changed, and the corpus
        tables: rewritten as a whole after a full pass; after a partial one (``Scope``),
        only the rows of the scope are replaced and the entities it names upserted."""
        scope = corpus.scope
        documents = corpus.documents
        if isinstance(documents, Documents):
            # Decoded is not changed: the events stage reads its window's documents. In a
            # partial pass only the scope, the new documents and those dedup regrouped
            # can have changed; the others are not even compared.
            loaded = documents.loaded()
            if not scope.full:
                may_change = scope.documents | corpus.new_ids | corpus.touched_ids
                loaded = {k: d for k, d in loaded.items() if k in may_change}
            changed_docs: Iterable[Document] = loaded.values()
        else:
            changed_docs = documents.values()
        with self.transaction() as conn:
            if scope.full:
                for table in (
                    "framing",
                    "facts",
                    "quote_groups",
                    "event_documents",
                    "events",
                    "stories",
                    "entities",
                ):
                    conn.execute(f"DELETE FROM {table}")
            else:
                # Before the documents' quotes are rewritten: their old group ids name the
                # groups to replace.
                self._delete_scope(conn, scope)
            for doc in changed_docs:
                analysis = analysis_to_json(doc)
                written = (doc.duplicate_of, hash(analysis))
                if self._written.get(doc.id) == written:
                    continue  # the corpus stages left it as stored
                conn.execute(
                    "UPDATE documents SET duplicate_of=?, analysis=? WHERE id=?",
                    (doc.duplicate_of, analysis, doc.id),
                )
                self._write_quotes_claims(conn, doc)
                self._written[doc.id] = written
            events = corpus.events
            stories = corpus.stories
            if not scope.full:
                events = [e for e in events if e.id in scope.events]
                stories = [s for s in stories if s.id in scope.stories]
            self._write_results(conn, corpus, events, stories, run_id)
            for stage, rows in corpus.row_tables.items():
                if isinstance(rows, _Rows):
                    rows.flush(conn)
                elif isinstance(rows, MemoryRows):  # a corpus built in memory, saved here
                    conn.execute("DELETE FROM stage_rows WHERE stage=?", (stage,))
                    conn.executemany(
                        "INSERT INTO stage_rows (stage, key, value) VALUES (?,?,?)",
                        [(stage, k, v) for k, v in rows.rows.items()],
                    )
        self._states = dict(corpus.stage_state)

    @staticmethod
    def _delete_scope(conn: sqlite3.Connection, scope: Scope) -> None:
        """Delete the stored rows a partial pass gives again: facts, framing, events and
        stories of the scope, the quote groups of its documents (and the entities, when
        the entity stage gave them all)."""
        for name, ids in (
            ("scope_events", scope.events),
            ("scope_stories", scope.stories),
            ("scope_documents", scope.documents),
        ):
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
            conn.execute(f"DELETE FROM {name}")
            conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", [(i,) for i in ids])
        conn.execute(
            "DELETE FROM quote_groups WHERE id IN (SELECT group_id FROM quotes"
            " WHERE document_id IN (SELECT id FROM scope_documents) AND group_id IS NOT NULL)"
        )
        for table in ("framing", "facts", "event_documents"):
            conn.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT id FROM scope_events)")
        conn.execute("DELETE FROM events WHERE id IN (SELECT id FROM scope_events)")
        conn.execute("DELETE FROM stories WHERE id IN (SELECT id FROM scope_stories)")
        if scope.entities_full:
            conn.execute("DELETE FROM entities")
        conn.executemany("DELETE FROM entities WHERE id=?", [(i,) for i in scope.entities_gone])

    def _write_results(
        self,
        conn: sqlite3.Connection,
        corpus: Corpus,
        events: list[Event],
        stories: list[Story],
        run_id: int,
    ) -> None:
        conn.executemany(
            "INSERT INTO entities (id, name, type, aliases) VALUES (?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET name=excluded.name, type=excluded.type,"
            " aliases=excluded.aliases",
            [
                (e.id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False))
                for e in corpus.entities
            ],
        )
        conn.executemany(
            "INSERT INTO stories (id, title) VALUES (?,?)",
            [(s.id, s.title) for s in stories],
        )
        conn.executemany(
            "INSERT INTO events (id, title, date, story_id) VALUES (?,?,?,?)",
            [(e.id, e.title, e.date, e.story_id) for e in events],
        )
        conn.executemany(
            "INSERT INTO event_documents (event_id, document_id, position) VALUES (?,?,?)",
            [(e.id, doc_id, i) for e in events for i, doc_id in enumerate(e.document_ids)],
        )
        conn.executemany(
            "INSERT INTO quote_groups (id, speaker, quote_ids) VALUES (?,?,?)",
            [(g.id, g.speaker, json.dumps(g.quote_ids)) for g in corpus.quote_groups],
        )
        conn.executemany(
            "INSERT INTO facts (id, event_id, statement, status, independent_sources,"
            " outlets, note, claim_ids) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    f.id,
                    f.event_id,
                    f.statement,
                    f.status,
                    f.independent_sources,
                    json.dumps(f.outlets, ensure_ascii=False),
                    f.note,
                    json.dumps(f.claim_ids),
                )
                for f in corpus.facts
            ],
        )
        conn.executemany(
            "INSERT INTO framing (event_id, outlet, term, family, stance, count, citations)"
            " VALUES (?,?,?,?,?,?,?)",
            [
                (
                    u.event_id,
                    u.outlet,
                    u.term,
                    u.family,
                    u.stance,
                    u.count,
                    json.dumps([[c.document_id, c.start, c.end] for c in u.citations]),
                )
                for u in corpus.framing
            ],
        )
        conn.executemany(
            "INSERT INTO stage_state (stage, run_id, state) VALUES (?,?,?)"
            " ON CONFLICT(stage) DO UPDATE SET run_id=excluded.run_id, state=excluded.state",
            [
                (stage, run_id, state)
                for stage, state in sorted(corpus.stage_state.items())
                if state is not self._states.get(stage)
            ],
        )

    # ------------------------------------------------------------------ outlet furniture
    def count_lines(self, documents: Iterable[tuple[str, str, dict[int, int]]]) -> int:
        """Add (outlet key, document id, {line hash: words}) to the furniture counts, in
        one transaction. A document already counted under its key is skipped, so reading
        the same input again changes nothing. Returns how many documents were new."""
        new = 0
        with self.transaction() as conn:
            for key, doc_id, lines in documents:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO furniture_docs (outlet_key, doc_id) VALUES (?, ?)",
                    (key, doc_id),
                )
                if cur.rowcount != 1:
                    continue
                new += 1
                conn.executemany(
                    "INSERT INTO furniture_lines (outlet_key, line_hash, words, docs)"
                    " VALUES (?, ?, ?, 1)"
                    " ON CONFLICT (outlet_key, line_hash) DO UPDATE SET docs = docs + 1",
                    [(key, h, words) for h, words in lines.items()],
                )
        return new

    def line_counts(self, key: str, min_docs: int) -> tuple[int, list[tuple[int, int, int]]]:
        """An outlet's number of counted documents, and its lines seen in at least
        ``min_docs`` of them as (line hash, words, documents)."""
        total = self.conn.execute(
            "SELECT COUNT(*) FROM furniture_docs WHERE outlet_key = ?", (key,)
        ).fetchone()[0]
        rows = self.conn.execute(
            "SELECT line_hash, words, docs FROM furniture_lines WHERE outlet_key = ? AND docs >= ?",
            (key, min_docs),
        ).fetchall()
        return int(total), [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    def counts(self) -> dict[str, int]:
        tables = (
            "documents",
            "quotes",
            "claims",
            "entities",
            "events",
            "stories",
            "facts",
            "quote_groups",
            "rejections",
            "runs",
        )
        return {
            t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables
        }


class _Catalog:
    """The analysed documents' ids, languages and dates, from the documents table's
    columns (model.Catalog): a partial run picks documents by date without decoding."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def ids(self) -> list[str]:
        rows = self.conn.execute("SELECT id FROM documents WHERE is_container=0 ORDER BY id")
        return [r[0] for r in rows]

    def info(self, doc_id: str) -> DocumentInfo:
        row = self.conn.execute(
            "SELECT language, published, published_precision FROM documents WHERE id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return DocumentInfo(row[0], _date_value(row[1], row[2]))

    def languages(self) -> set[str]:
        # Containers too (a split page's language is its children's): the language index
        # then answers alone, without reading each row.
        rows = self.conn.execute(
            "SELECT DISTINCT language FROM documents WHERE language IS NOT NULL"
        )
        return {r[0] for r in rows}

    def undated(self, span_days: int) -> list[str]:
        # Day and minute dates span one day: only the others need a look.
        rows = self.conn.execute(
            "SELECT id, published, published_precision FROM documents WHERE is_container=0"
            " AND (published IS NULL OR published_precision NOT IN ('day', 'minute'))"
        )
        out = []
        for doc_id, iso, precision in rows:
            value = _date_value(iso, precision)
            days = value.days() if value else None
            if days is None or days[1] - days[0] > span_days:
                out.append(doc_id)
        return sorted(out)

    def dated_within(self, first: int, last: int, span_days: int) -> list[str]:
        # ISO dates sort as text, a month or year before its days ("2024-03" < "2024-03-05"):
        # a date spanning at most span_days starts no earlier than first - span_days.
        low = date.fromordinal(max(1, first - span_days)).isoformat()
        high = date.fromordinal(last).isoformat() + "\uffff"
        rows = self.conn.execute(
            "SELECT id, published, published_precision FROM documents"
            " WHERE is_container=0 AND published BETWEEN ? AND ?",
            (low, high),
        )
        out = []
        for doc_id, iso, precision in rows:
            value = _date_value(iso, precision)
            days = value.days() if value else None
            if days and days[1] - days[0] <= span_days and days[1] >= first and days[0] <= last:
                out.append(doc_id)
        return sorted(out)


class _StoredEvents:
    """The stored events and stories, read by key (model.StoredEvents)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def event_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        sql = "SELECT document_id, event_id FROM event_documents WHERE document_id IN ({})"
        return {r[0]: r[1] for r in _select_in(self.conn, sql, sorted(set(doc_ids)))}

    def events(self, event_ids: Iterable[str]) -> dict[str, Event]:
        ids = sorted(set(event_ids))
        members: dict[str, list[str]] = {}
        sql = (
            "SELECT event_id, document_id FROM event_documents WHERE event_id IN ({})"
            " ORDER BY event_id, position"
        )
        for r in _select_in(self.conn, sql, ids):
            members.setdefault(r[0], []).append(r[1])
        sql = "SELECT id, title, date, story_id FROM events WHERE id IN ({})"
        return {
            r[0]: Event(r[0], r[1], r[2], members.get(r[0], []), r[3])
            for r in _select_in(self.conn, sql, ids)
        }

    def stories(self, story_ids: Iterable[str]) -> dict[str, Story]:
        ids = sorted(set(story_ids))
        events: dict[str, list[str]] = {}
        # As _load_results lists them: by date (undated first), then id.
        sql = "SELECT story_id, id FROM events WHERE story_id IN ({}) ORDER BY date, id"
        for r in sorted(_select_in(self.conn, sql, ids), key=lambda r: (r[0],)):
            events.setdefault(r[0], []).append(r[1])
        sql = "SELECT id, title FROM stories WHERE id IN ({})"
        return {
            r[0]: Story(r[0], r[1], events.get(r[0], [])) for r in _select_in(self.conn, sql, ids)
        }


def _date_value(iso: str | None, precision: str | None) -> DateValue | None:
    if not iso or precision not in ("year", "month", "day", "minute"):
        return None
    return DateValue(iso, precision)  # type: ignore[arg-type]  # checked just above


class _Rows:
    """A stage's rows in the stage_rows table (model.StateRows). Writes wait in memory
    until ``flush`` (called by save_corpus, in its transaction): a run that fails before
    saving leaves the stored state as the stored results it goes with."""

    def __init__(self, conn: sqlite3.Connection, stage: str) -> None:
        self.conn = conn
        self.stage = stage
        self._pending: dict[str, bytes | None] = {}  # None: deleted
        self._cleared = False

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        stored: list[str] = []
        for key in keys:
            if key in self._pending:
                value = self._pending[key]
                if value is not None:
                    out[key] = value
            elif not self._cleared:
                stored.append(key)
        sql = "SELECT key, value FROM stage_rows WHERE stage=? AND key IN ({})"
        for key, value in _select_in(self.conn, sql, stored, (self.stage,)):
            out[key] = bytes(value)
        return out

    def put(self, rows: Mapping[str, bytes]) -> None:
        self._pending.update(rows)

    def delete(self, keys: Iterable[str]) -> None:
        self._pending.update(dict.fromkeys(keys))

    def clear(self) -> None:
        self._pending.clear()
        self._cleared = True

    def count(self, prefix: str = "") -> int:
        pending = {k: v for k, v in self._pending.items() if k.startswith(prefix)}
        if self._cleared:
            return sum(v is not None for v in pending.values())
        # A key sorts between the prefix and the prefix followed by the highest character.
        stored = int(
            self.conn.execute(
                "SELECT COUNT(*) FROM stage_rows WHERE stage=? AND key >= ? AND key < ?",
                (self.stage, prefix, prefix + "\U0010ffff"),
            ).fetchone()[0]
        )
        existing = set(self._stored_keys(list(pending)))
        added = sum(1 for k, v in pending.items() if v is not None and k not in existing)
        removed = sum(1 for k, v in pending.items() if v is None and k in existing)
        return stored + added - removed

    def _stored_keys(self, keys: list[str]) -> list[str]:
        sql = "SELECT key FROM stage_rows WHERE stage=? AND key IN ({})"
        return [r[0] for r in _select_in(self.conn, sql, keys, (self.stage,))]

    def flush(self, conn: sqlite3.Connection) -> None:
        if self._cleared:
            conn.execute("DELETE FROM stage_rows WHERE stage=?", (self.stage,))
        conn.executemany(
            "DELETE FROM stage_rows WHERE stage=? AND key=?",
            [(self.stage, k) for k, v in self._pending.items() if v is None],
        )
        conn.executemany(
            "INSERT INTO stage_rows (stage, key, value) VALUES (?,?,?)"
            " ON CONFLICT (stage, key) DO UPDATE SET value=excluded.value",
            [(self.stage, k, v) for k, v in self._pending.items() if v is not None],
        )
        self._pending.clear()
        self._cleared = False


# Values per "IN (...)" list: SQLite's default limit on bound parameters is 32,766
# (999 before 3.32); batches of 500 stay under both.
_IN_BATCH = 500


def _select_in(
    conn: sqlite3.Connection, sql: str, values: Sequence[str], before: tuple[str, ...] = ()
) -> Iterator[sqlite3.Row]:
    """The rows of ``sql`` (whose "{}" is an IN list) for ``values``, in batches; ``before``
    are the parameters bound ahead of the list."""
    for at in range(0, len(values), _IN_BATCH):
        batch = values[at : at + _IN_BATCH]
        yield from conn.execute(sql.format(",".join("?" * len(batch))), [*before, *batch])

-- recoupe's store, as documentation. The migrations in migrations/ build exactly this
-- (a test checks it); change both together and add a numbered migration.
-- SQLite in WAL mode; PRAGMA user_version holds the number of the last migration applied.

-- One row per document: read inputs, split-page containers and their children alike.
-- id is a stable hash of source + content, so re-running on the same input upserts.
-- text is the cleaned text (written once by clean/); every span elsewhere points into it.
-- analysis is JSON: the full meta, what cleaning removed, sentences, lemmas, entity
-- mentions, quotes, claims and the MinHash fingerprint (quotes and claims are also
-- flattened into their own tables below for querying).
-- signature is the stage list with versions that produced the row: a document whose
-- signature matches the current pipeline is not processed again.
CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,
    parent_id           TEXT,              -- set on the parts of a split page / live blog
    source              TEXT NOT NULL,     -- path, URL, "file.jsonl#L12", "page.html#part2"
    format              TEXT NOT NULL,     -- txt | html | jsonl | stdin
    is_container        INTEGER NOT NULL DEFAULT 0,  -- 1: split page, children carry analysis
    title               TEXT,
    url                 TEXT,
    outlet              TEXT,
    language            TEXT,              -- ISO 639-1
    published           TEXT,              -- ISO at the precision known
    published_precision TEXT,              -- year | month | day | minute
    duplicate_of        TEXT,              -- the original this one copies (dedup.group)
    raw                 TEXT NOT NULL,
    text                TEXT NOT NULL,
    analysis            TEXT NOT NULL,
    signature           TEXT NOT NULL,
    first_run           INTEGER,           -- runs.id that first stored it
    last_run            INTEGER            -- runs.id that last saw it
);
CREATE INDEX documents_parent ON documents(parent_id);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_published ON documents(published);
-- The languages of a store (a partial run looks for translations only when it holds two)
-- without a scan of every document (migration 0006).
CREATE INDEX documents_language ON documents(language);
-- The analysed documents' ids without reading their rows (migration 0006): a partial run lists
-- them, and checks that every one is in an event, from this index alone (36k: 70 -> 9 ms).
CREATE INDEX documents_leaves ON documents(is_container, id);

-- Direct quotes; start/end index documents.text. group_id: the same utterance elsewhere.
CREATE TABLE quotes (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    direct      INTEGER NOT NULL,
    speaker     TEXT,
    cue         TEXT,                      -- speech verb lemma: said vs claimed vs admitted
    entity_id   TEXT,
    group_id    TEXT
);
CREATE INDEX quotes_document ON quotes(document_id);

-- Checkable quantities; fact_id links a claim to the fact it supports or contradicts.
CREATE TABLE claims (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    value         REAL,
    value_max     REAL,                    -- upper bound of a range ("12 à 15")
    qualifier     TEXT,                    -- "plus de", "environ", "jusqu'à"...
    unit          TEXT,
    counted       TEXT,                    -- lemma of what is counted: soldat, drone
    attributed_to TEXT,
    hedged        INTEGER NOT NULL DEFAULT 0,
    fact_id       TEXT
);
CREATE INDEX claims_document ON claims(document_id);

-- Corpus-level results below are rewritten as a whole by each run's corpus stages.

-- Canonical entities across the corpus, with every alias seen (JSON list).
CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    aliases TEXT NOT NULL
);

-- Stories: events linked over time into an arc.
CREATE TABLE stories (
    id    TEXT PRIMARY KEY,
    title TEXT NOT NULL
);

-- Events: one real-world happening; date ISO at the precision known.
CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    date     TEXT,
    story_id TEXT REFERENCES stories(id)
);
CREATE INDEX events_story ON events(story_id);

CREATE TABLE event_documents (
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,          -- order of documents within the event
    PRIMARY KEY (event_id, document_id)
);
CREATE INDEX event_documents_document ON event_documents(document_id);

-- The same utterance across outlets (quote_ids: JSON list).
CREATE TABLE quote_groups (
    id       TEXT PRIMARY KEY,
    speaker  TEXT,
    quote_ids TEXT NOT NULL
);

-- Facts: aligned claims of one event with a status. outlets and claim_ids are JSON lists;
-- note says why the status (e.g. "3 vs 5", "every origin is a party").
CREATE TABLE facts (
    id                  TEXT PRIMARY KEY,
    event_id            TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    statement           TEXT NOT NULL,
    status              TEXT NOT NULL
        CHECK (status IN ('corroborated', 'contradicted', 'single_source', 'party_claim')),
    independent_sources INTEGER NOT NULL,
    outlets             TEXT NOT NULL,
    note                TEXT NOT NULL,
    claim_ids           TEXT NOT NULL
);
CREATE INDEX facts_event ON facts(event_id);

-- One row per `recoupe run`: its configuration (JSON), inputs, counts per stage and timings.
CREATE TABLE runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL,          -- running | done | failed
    recoupe_version TEXT NOT NULL,
    config          TEXT NOT NULL,
    inputs          TEXT NOT NULL,
    counts          TEXT,
    timings         TEXT
);

-- Inputs and documents that did not make it through a stage, and why. One row per
-- (source, stage): a re-run updates it instead of piling up copies.
CREATE TABLE rejections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER REFERENCES runs(id),
    source      TEXT NOT NULL,
    document_id TEXT,
    stage       TEXT NOT NULL,
    reason      TEXT NOT NULL,              -- empty | binary | too_large | encoding | parse | ...
    detail      TEXT NOT NULL,
    UNIQUE (source, stage)
);

-- Outlet furniture (clean/furniture.py): in how many documents of an outlet each distinct
-- line of plain text occurs, kept across runs so that a new article is cleaned against
-- everything the store has seen of its outlet. outlet_key is "site:lemonde.fr",
-- "outlet:<name>", "dir:<folder>" or "stdin"; a document is counted once per outlet key
-- (furniture_docs), however often it is read again. Only counts: no text is kept here.
CREATE TABLE furniture_docs (
    outlet_key TEXT NOT NULL,
    doc_id     TEXT NOT NULL,               -- documents.id; no foreign key: a document
                                            -- is counted before it is stored (or rejected)
    PRIMARY KEY (outlet_key, doc_id)
) WITHOUT ROWID;

CREATE TABLE furniture_lines (
    outlet_key TEXT NOT NULL,
    line_hash  INTEGER NOT NULL,            -- blake2b-64 of the normalised line, signed
    words      INTEGER NOT NULL,            -- words in the line
    docs       INTEGER NOT NULL,            -- documents of the outlet holding the line
    PRIMARY KEY (outlet_key, line_hash)
) WITHOUT ROWID;

-- Full-text search for `recoupe serve` (web/search.py): FTS5 indexes over documents
-- (title, text), quotes (text, speaker) and claims (text). External content: the index
-- keeps tokens only and reads the text back from its table by rowid. unicode61 with
-- remove_diacritics folds accents ("sebastopol" finds "Sébastopol"). The triggers below
-- keep each index in step with its table on every insert, delete (cascades included) and
-- update of an indexed column; migration 0003 also indexes what an older store held.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content='quotes', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, content='claims', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker)
        VALUES ('delete', old.rowid, old.text, old.speaker);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker)
        VALUES ('delete', old.rowid, old.text, old.speaker);
    INSERT INTO quotes_fts (rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
END;
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO claims_fts (rowid, text) VALUES (new.rowid, new.text);
END;

-- Framing (check/framing.py): per event and outlet, the loaded terms and the scare quotes
-- it uses, each with its passages (citations: JSON list of [document, start, end]).
CREATE TABLE framing (
    event_id  TEXT NOT NULL,
    outlet    TEXT NOT NULL,
    term      TEXT NOT NULL,
    family    TEXT NOT NULL,
    stance    TEXT NOT NULL,
    count     INTEGER NOT NULL,
    citations TEXT NOT NULL,
    PRIMARY KEY (event_id, outlet, family, term)
);

-- What corpus stages keep between runs (Corpus.stage_state): per stage, an opaque blob it
-- versions itself (stories.events: the fitted TF-IDF vocabulary and IDF and each
-- document's dates; dedup.group: the LSH band keys of every fingerprint), so that a new
-- run adding one document neither refits nor rebuilds over the whole store. Written with
-- the corpus results, in the same transaction.
CREATE TABLE stage_state (
    stage  TEXT PRIMARY KEY,                -- the corpus stage's name
    run_id INTEGER REFERENCES runs(id),     -- the run that saved it
    state  BLOB NOT NULL
);

-- Corpus stage state as keyed rows (model.StateRows), for state too big to rewrite on
-- every run (check.entities: the counts and documents of every name key): a run adding one
-- document reads and writes the rows of the keys it touches. Written with the results.
CREATE TABLE stage_rows (
    stage TEXT NOT NULL,                    -- the corpus stage's name
    key   TEXT NOT NULL,                    -- the stage's key (its own prefixes)
    value BLOB NOT NULL,
    PRIMARY KEY (stage, key)
) WITHOUT ROWID;

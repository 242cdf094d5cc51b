-- 0001: the first schema. See ../schema.sql for the documented current state.
CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,
    parent_id           TEXT,
    source              TEXT NOT NULL,
    format              TEXT NOT NULL,
    is_container        INTEGER NOT NULL DEFAULT 0,
    title               TEXT,
    url                 TEXT,
    outlet              TEXT,
    language            TEXT,
    published           TEXT,
    published_precision TEXT,
    duplicate_of        TEXT,
    raw                 TEXT NOT NULL,
    text                TEXT NOT NULL,
    analysis            TEXT NOT NULL,
    signature           TEXT NOT NULL,
    first_run           INTEGER,
    last_run            INTEGER
);
CREATE INDEX documents_parent ON documents(parent_id);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE quotes (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    direct      INTEGER NOT NULL,
    speaker     TEXT,
    cue         TEXT,
    entity_id   TEXT,
    group_id    TEXT
);
CREATE INDEX quotes_document ON quotes(document_id);

CREATE TABLE claims (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    value         REAL,
    value_max     REAL,
    qualifier     TEXT,
    unit          TEXT,
    counted       TEXT,
    attributed_to TEXT,
    hedged        INTEGER NOT NULL DEFAULT 0,
    fact_id       TEXT
);
CREATE INDEX claims_document ON claims(document_id);

CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    aliases TEXT NOT NULL
);

CREATE TABLE stories (
    id    TEXT PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    date     TEXT,
    story_id TEXT REFERENCES stories(id)
);

CREATE TABLE event_documents (
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (event_id, document_id)
);
CREATE INDEX event_documents_document ON event_documents(document_id);

CREATE TABLE quote_groups (
    id       TEXT PRIMARY KEY,
    speaker  TEXT,
    quote_ids TEXT NOT NULL
);

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

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL,
    recoupe_version TEXT NOT NULL,
    config          TEXT NOT NULL,
    inputs          TEXT NOT NULL,
    counts          TEXT,
    timings         TEXT
);

CREATE TABLE rejections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER REFERENCES runs(id),
    source      TEXT NOT NULL,
    document_id TEXT,
    stage       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    UNIQUE (source, stage)
);

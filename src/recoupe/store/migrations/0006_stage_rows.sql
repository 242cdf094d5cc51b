-- 0006: corpus stage state as keyed rows (model.StateRows), for state too big to rewrite
-- on every run (check.entities: the counts and documents of every name key): a run adding
-- one document reads and writes the rows of the keys it touches.
CREATE TABLE stage_rows (
    stage TEXT NOT NULL,                    -- the corpus stage's name
    key   TEXT NOT NULL,                    -- the stage's key (its own prefixes)
    value BLOB NOT NULL,
    PRIMARY KEY (stage, key)
) WITHOUT ROWID;

-- The languages of a store (a partial run looks for translations only when it holds two)
-- without a scan of every document.
CREATE INDEX documents_language ON documents(language);

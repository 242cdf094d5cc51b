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
-- The analysed documents' ids without reading their rows: a partial run lists
-- them, and checks that every one is in an event, from this index alone (36k: 70 -> 9 ms).
CREATE INDEX documents_leaves ON documents(is_container, id);

-- 0005: what corpus stages keep between runs (Corpus.stage_state): per stage, an opaque
-- blob it versions itself (stories.events: the fitted TF-IDF vocabulary and IDF and each
-- document's dates; dedup.group: the LSH band keys of every fingerprint), so that a new
-- run adding one document neither refits nor rebuilds over the whole store.
CREATE TABLE stage_state (
    stage  TEXT PRIMARY KEY,                -- the corpus stage's name
    run_id INTEGER REFERENCES runs(id),     -- the run that saved it
    state  BLOB NOT NULL
);

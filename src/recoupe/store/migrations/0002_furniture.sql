-- 0002: per-outlet counts of repeated lines (outlet furniture, see clean/furniture.py).
CREATE TABLE furniture_docs (
    outlet_key TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    PRIMARY KEY (outlet_key, doc_id)
) WITHOUT ROWID;

CREATE TABLE furniture_lines (
    outlet_key TEXT NOT NULL,
    line_hash  INTEGER NOT NULL,
    words      INTEGER NOT NULL,
    docs       INTEGER NOT NULL,
    PRIMARY KEY (outlet_key, line_hash)
) WITHOUT ROWID;

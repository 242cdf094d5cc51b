-- 0004: framing (check/framing.py): per event and outlet, the loaded terms and the scare
-- quotes it uses, each with its passages (citations: JSON list of [document, start, end]).
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

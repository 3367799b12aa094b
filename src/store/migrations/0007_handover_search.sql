-- Full-text search over handover notes and their addenda (FTS5, inside the encrypted file).
-- rowid is the handover's id; the store rewrites a note's row whenever its text changes.
CREATE VIRTUAL TABLE handover_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

CREATE INDEX handovers_by_date ON handovers (service_date DESC);

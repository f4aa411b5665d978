-- Search at a million claims (see BENCHMARKS.md). Every word an editor types is a prefix term. FTS5 answers
-- a prefix from a prefix index of exactly that many characters; without one it merges the posting list of
-- every term that starts with it before it can intersect anything, which at a million claims cost more
-- than the rest of the search. The search never asks for phrases or nearness, so the index keeps which
-- column a word is in (for the public side's column filter) but not its position: detail = column.
-- Words longer than the longest prefix indexed are searched by that prefix (SearchText.MaxPrefix).
DROP TABLE claims_fts;

CREATE VIRTUAL TABLE claims_fts USING fts5 (
    statement,
    claimant,
    appearances,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = column,
    prefix = '2 3 4 5 6 7 8 9 10'
);

INSERT INTO claims_fts (rowid, statement, claimant, appearances)
SELECT c.id, c.statement, c.claimant,
       COALESCE((SELECT group_concat(a.headline || ' ' || COALESCE(a.excerpt, ''), ' ') FROM appearances a WHERE a.claim_id = c.id), '')
  FROM claims c;

-- Similar claims (issue 13): an index of each claim's match terms, and the alias list.
--
-- match_terms(statement, claimant) is the app's own SQL function (Similarity/MatchTerms.cs, registered on every
-- connection Database.OpenAsync hands out): the distinct normalised terms of a claim, space-separated. The
-- triggers keep the index in step with every write of a statement or claimant, in the writer's own transaction.
-- It holds terms only, never positions (detail = none): the lookup asks which claims hold a term, nothing more.
CREATE VIRTUAL TABLE claims_similarity USING fts5 (
    terms,
    detail = none,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- How many claims hold each term, for weighing rare terms above common ones.
CREATE VIRTUAL TABLE claims_similarity_vocab USING fts5vocab (claims_similarity, row);

INSERT INTO claims_similarity (rowid, terms) SELECT id, match_terms(statement, claimant) FROM claims;

CREATE TRIGGER claims_similarity_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_similarity (rowid, terms) VALUES (new.id, match_terms(new.statement, new.claimant));
END;

CREATE TRIGGER claims_similarity_update AFTER UPDATE OF statement, claimant ON claims
BEGIN
    UPDATE claims_similarity SET terms = match_terms(new.statement, new.claimant) WHERE rowid = new.id;
END;

CREATE TRIGGER claims_similarity_delete AFTER DELETE ON claims
BEGIN
    DELETE FROM claims_similarity WHERE rowid = old.id;
END;

-- The alias list: a group is a main name and the other names of the same party or place. Aliases apply when a
-- lookup or a search runs, so editing them re-indexes nothing.
CREATE TABLE alias_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_alias_groups_name ON alias_groups (name COLLATE NOCASE);

CREATE TABLE alias_terms (
    group_id INTEGER NOT NULL REFERENCES alias_groups (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    term     TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
) WITHOUT ROWID;

-- Every change to the list moves its generation, so each app instance knows when its compiled copy is stale.
INSERT INTO app_settings (key, value) VALUES ('aliases_generation', '0');

CREATE TRIGGER alias_groups_insert AFTER INSERT ON alias_groups
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

CREATE TRIGGER alias_groups_update AFTER UPDATE ON alias_groups
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

CREATE TRIGGER alias_groups_delete AFTER DELETE ON alias_groups
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

CREATE TRIGGER alias_terms_insert AFTER INSERT ON alias_terms
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

CREATE TRIGGER alias_terms_update AFTER UPDATE ON alias_terms
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

CREATE TRIGGER alias_terms_delete AFTER DELETE ON alias_terms
BEGIN
    UPDATE app_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_generation';
END;

-- A handful of common ones to start from; admins edit them on /admin/aliases.
INSERT INTO alias_groups (id, name, created_at, updated_at) VALUES
    (1, 'Islamic State', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (2, 'Federal Security Service', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (3, 'Russian Defence Ministry', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (4, 'Syrian Democratic Forces', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (5, 'United States', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (6, 'Deir ez-Zor', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (7, 'Amaq News Agency', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (8, 'Tass', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (9, 'Al-Qaeda', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (10, 'Hezbollah', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (11, 'Hayat Tahrir al-Sham', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    (12, 'Syrian Observatory for Human Rights', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO alias_terms (group_id, position, term) VALUES
    (1, 1, 'ISIS'), (1, 2, 'IS'), (1, 3, 'ISIL'), (1, 4, 'Daesh'), (1, 5, 'Daish'),
    (2, 1, 'FSB'),
    (3, 1, 'Russian Defense Ministry'), (3, 2, 'Russia''s Defence Ministry'), (3, 3, 'Russia''s Defense Ministry'),
    (3, 4, 'Ministry of Defence of Russia'), (3, 5, 'Russian Ministry of Defence'), (3, 6, 'MoD'),
    (4, 1, 'SDF'),
    (5, 1, 'US'), (5, 2, 'USA'), (5, 3, 'America'),
    (6, 1, 'Deir Ezzor'), (6, 2, 'Deir al-Zour'), (6, 3, 'Deir el-Zor'), (6, 4, 'Dayr az-Zawr'),
    (7, 1, 'Amaq'),
    (8, 1, 'TASS'),
    (9, 1, 'al-Qaida'), (9, 2, 'Al Qaeda'), (9, 3, 'AQ'),
    (10, 1, 'Hizbollah'), (10, 2, 'Hizballah'),
    (11, 1, 'HTS'), (11, 2, 'Tahrir al-Sham'),
    (12, 1, 'SOHR');

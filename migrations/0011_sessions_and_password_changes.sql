-- A sign-in cookie carries its user's security stamp and its session's id. Rotating the stamp ends every
-- session of the user at once (sign out everywhere, an admin's password reset); ending one row ends one
-- session for good, even for a copy of its cookie (sign-out, a password change keeping the current one).
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- Cookies issued before this script carry no stamp: giving every user a fresh one signs them all out once.
UPDATE users SET security_stamp = lower(hex(randomblob(16)));

CREATE TABLE user_sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT
) WITHOUT ROWID;

CREATE INDEX ix_user_sessions_live ON user_sessions (user_id) WHERE ended_at IS NULL;

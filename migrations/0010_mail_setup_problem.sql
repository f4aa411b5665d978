-- What holds all mail back when the mail settings are wrong (refused credentials, a refused certificate):
-- no message is to blame, so it is kept here, once, for /admin/outbox, until a message goes through again.
CREATE TABLE mail_setup_problem (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    description TEXT NOT NULL,
    seen_at     TEXT NOT NULL
);

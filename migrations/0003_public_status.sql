-- When something the public can see last changed: state, public note, statement, claimant, appearances,
-- publishing. Internal work (assignment, reviews, evidence) never moves it, so public timestamps reveal
-- nothing about it.
ALTER TABLE claims ADD COLUMN public_updated_at TEXT NOT NULL DEFAULT '';

UPDATE claims
   SET public_updated_at = MAX(state_changed_at, COALESCE(published_at, ''), created_at);

CREATE INDEX ix_claims_public ON claims (public_updated_at DESC, id DESC) WHERE is_published = 1;
CREATE INDEX ix_claims_slug_published ON claims (slug) WHERE is_published = 1;
DROP INDEX ix_claims_published;

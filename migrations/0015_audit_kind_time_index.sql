-- The dashboard counts reminders, escalations and publications over a period: by kind, then by time. Audit ids
-- follow time only as long as the clock does, so the (kind, id) index cannot stand in for this one.
CREATE INDEX ix_audit_events_kind_at ON audit_events (kind, at);

-- A change that moves a claim's review window now sets next_reminder_at in the same UPDATE, so the claim's
-- row and its reminder index are written once (see BENCHMARKS.md). The trigger stays as the safety net for
-- any other UPDATE of review_due_at, and now fires only when that UPDATE left next_reminder_at behind.
DROP TRIGGER claims_review_window_moved;

CREATE TRIGGER claims_review_window_moved AFTER UPDATE OF review_due_at ON claims
WHEN new.review_due_at IS NOT old.review_due_at AND new.next_reminder_at IS NOT new.review_due_at
BEGIN
    UPDATE claims SET next_reminder_at = new.review_due_at WHERE id = new.id;
END;

-- Module cbp: reminders sent, so each goes once: a week before an item's due date (due_soon) and once it is
-- overdue (overdue), to each assigned official who has not completed it. The messages are in org's outbox.
CREATE TABLE cbp_reminders (
  item_id @BIGINT@ NOT NULL REFERENCES cbp_items (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  kind TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  queued_at @BIGINT@ NOT NULL,
  PRIMARY KEY (item_id, official_id, kind)
);
CREATE INDEX cbp_assignments_due ON cbp_assignments (due_at);

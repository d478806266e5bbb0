-- Module cbp: who each published plan item is assigned to. Made when the plan is published and kept in step as
-- officials join, move, change designation or status, or gain and lose roles (org tells cbp through its hooks);
-- left_at: the official has left the item's audience and is no longer counted (what they completed stays
-- theirs, in learn). due_at and mandatory are the item's, kept here for the official's list and compliance.
CREATE TABLE cbp_assignments (
  item_id @BIGINT@ NOT NULL REFERENCES cbp_items (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  plan_id @BIGINT@ NOT NULL REFERENCES cbp_plans (id),
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  due_at @BIGINT@ NOT NULL,
  mandatory @BIGINT@ NOT NULL CHECK (mandatory IN (0, 1)),
  assigned_at @BIGINT@ NOT NULL,
  left_at @BIGINT@,
  PRIMARY KEY (item_id, official_id)
);
CREATE INDEX cbp_assignments_official ON cbp_assignments (official_id, left_at, due_at);
CREATE INDEX cbp_assignments_plan ON cbp_assignments (plan_id, left_at);

-- Module cbp: annual capacity-building plans. A plan belongs to an organisation and a financial year (year
-- 2026 is 1 April 2026 to 31 March 2027, as ministries plan). Revisions move draft -> approved -> published;
-- a published revision never changes: a change is a new revision, which supersedes it when published.
CREATE TABLE cbp_plans (
  id @ID@,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  year @BIGINT@ NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  revision @BIGINT@ NOT NULL CHECK (revision >= 1),
  status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published', 'superseded')),
  title_en TEXT NOT NULL,
  title_hi TEXT,
  created_by @BIGINT@ NOT NULL REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  approved_by @BIGINT@ REFERENCES officials (id),
  approved_at @BIGINT@,
  published_by @BIGINT@ REFERENCES officials (id),
  published_at @BIGINT@,
  superseded_at @BIGINT@,
  UNIQUE (org_id, year, revision)
);
CREATE INDEX cbp_plans_status ON cbp_plans (status, org_id, year);

-- An item: content, its due date (a day; due_at is the end of that day in India, UTC+05:30), mandatory or
-- recommended, and its audience (cbp_audience). audience_count is what the audience resolved to when saved.
CREATE TABLE cbp_items (
  id @ID@,
  plan_id @BIGINT@ NOT NULL REFERENCES cbp_plans (id),
  seq @BIGINT@ NOT NULL,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  due_on TEXT NOT NULL,
  due_at @BIGINT@ NOT NULL,
  mandatory @BIGINT@ NOT NULL CHECK (mandatory IN (0, 1)),
  audience_count @BIGINT@ NOT NULL DEFAULT 0,
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  UNIQUE (plan_id, content_id)
);
CREATE INDEX cbp_items_plan ON cbp_items (plan_id, seq);

-- An item's audience: rules, each a set of criteria (kind, value) that must all hold (any value of a kind);
-- an official is in the audience when any rule holds. subtree: an organisation id and everything under it
-- (org: that organisation alone); designation: a code; grp: A, B or C; role: a role held anywhere; position:
-- a position id currently held; official: an official id. item_id has no foreign key: an audience is first
-- counted stored under a scratch (negative) id, in transactions of its own, so that counting a large audience
-- never holds the write lock (cbp/audience.c).
CREATE TABLE cbp_audience (
  item_id @BIGINT@ NOT NULL,
  rule @BIGINT@ NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('subtree', 'org', 'designation', 'grp', 'role', 'position', 'official')),
  value TEXT NOT NULL,
  PRIMARY KEY (item_id, rule, kind, value)
);

-- What happened to a plan, for its page: created, edited, approved, reopened, published, superseded, revised.
CREATE TABLE cbp_plan_events (
  id @ID@,
  plan_id @BIGINT@ NOT NULL REFERENCES cbp_plans (id),
  at @BIGINT@ NOT NULL,
  actor_id @BIGINT@ REFERENCES officials (id),
  action TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX cbp_plan_events_plan ON cbp_plan_events (plan_id, id);

-- Module learn: enrolments, progress per resource, completions, certificates, learning hours and karma
-- points. Times are epoch ms. Completion is derived on the server (never taken from a client) and kept with
-- its date; a certificate is a snapshot of what it certifies, taken when it is issued.

-- One row per official per content item. The version is the one they started: a newer published version
-- does not move them. source says how they came: themselves, an admin, a capacity-building plan, or a
-- programme they enrolled in (via_content_id names it).
CREATE TABLE enrolments (
  id @ID@,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  kind TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('self', 'admin', 'plan', 'programme')),
  assigned_by @BIGINT@ REFERENCES officials (id),
  via_content_id @BIGINT@ REFERENCES contents (id),
  status TEXT NOT NULL CHECK (status IN ('enrolled', 'in_progress', 'completed', 'left')),
  progress @BIGINT@ NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100), -- over required resources or courses
  due_at @BIGINT@,
  enrolled_at @BIGINT@ NOT NULL,
  last_activity_at @BIGINT@ NOT NULL,
  completed_at @BIGINT@,
  credited_minutes @BIGINT@ NOT NULL DEFAULT 0, -- learning time credited on completion (the version's duration)
  left_at @BIGINT@,
  UNIQUE (official_id, content_id)
);
CREATE INDEX enrolments_official ON enrolments (official_id, last_activity_at);
CREATE INDEX enrolments_completed ON enrolments (official_id, completed_at);
CREATE INDEX enrolments_content ON enrolments (content_id, status);

-- Progress per resource of an enrolment. Monotonic: percent and time spent only grow; position (where to
-- resume: seconds into a video, a page of a PDF) is the newest by the client's clock, so an old update
-- arriving late changes nothing. required is copied from the resource (its version never changes).
CREATE TABLE resource_progress (
  enrolment_id @BIGINT@ NOT NULL REFERENCES enrolments (id),
  resource_id @BIGINT@ NOT NULL REFERENCES resources (id),
  required @BIGINT@ NOT NULL CHECK (required IN (0, 1)),
  percent @BIGINT@ NOT NULL CHECK (percent BETWEEN 0 AND 100),
  position @BIGINT@ NOT NULL DEFAULT 0,
  time_spent_s @BIGINT@ NOT NULL DEFAULT 0,
  client_at @BIGINT@ NOT NULL,
  completed_at @BIGINT@,
  updated_at @BIGINT@ NOT NULL,
  PRIMARY KEY (enrolment_id, resource_id)
) @SQLITE@ WITHOUT ROWID @END@; -- on SQLite the key is the only way in: one B-tree, one page fewer per write

-- A certificate for a completed enrolment, with an unguessable code (its verification URL and Open Badges
-- assertion). Names, title, provider and competencies are as they were when it was issued.
CREATE TABLE certificates (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  enrolment_id @BIGINT@ NOT NULL UNIQUE REFERENCES enrolments (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  official_name_en TEXT NOT NULL,
  official_name_hi TEXT,
  official_email TEXT NOT NULL,
  title_en TEXT NOT NULL,
  title_hi TEXT,
  provider_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  provider_name_en TEXT NOT NULL,
  provider_name_hi TEXT,
  competencies TEXT NOT NULL, -- JSON: [{"id", "code", "name_en", "name_hi", "level"}]
  credited_minutes @BIGINT@ NOT NULL DEFAULT 0,
  issued_at @BIGINT@ NOT NULL,
  revoked_at @BIGINT@,
  revoked_by @BIGINT@ REFERENCES officials (id),
  revoke_reason TEXT
);
CREATE INDEX certificates_official ON certificates (official_id, issued_at);

-- Karma points: the rules (one table, national defaults with org_id 0, a ministry may override an event for
-- its people with its own row) and the ledger. ref names what earned it (e.g. "content:12"), so the same
-- deed never pays twice.
CREATE TABLE karma_rules (
  org_id @BIGINT@ NOT NULL DEFAULT 0,
  event TEXT NOT NULL,
  points @BIGINT@ NOT NULL CHECK (points BETWEEN 0 AND 1000),
  monthly_cap @BIGINT@ CHECK (monthly_cap IS NULL OR monthly_cap >= 0), -- awards per official per month
  updated_by @BIGINT@ REFERENCES officials (id),
  updated_at @BIGINT@ NOT NULL,
  PRIMARY KEY (org_id, event)
);
INSERT INTO karma_rules (org_id, event, points, monthly_cap, updated_at) VALUES
  (0, 'first_login', 5, NULL, 0),
  (0, 'first_enrolment', 5, NULL, 0),
  (0, 'course_completion', 5, NULL, 0),       -- content a capacity-building plan asked for
  (0, 'non_plan_completion', 5, 4, 0),        -- any other: at most 4 rewarded a month
  (0, 'assessment_pass', 5, NULL, 0),
  (0, 'rating', 2, NULL, 0),
  (0, 'plan_early_bonus', 5, NULL, 0);

CREATE TABLE karma_ledger (
  id @ID@,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id), -- the official's organisation when earned
  event TEXT NOT NULL,
  ref TEXT NOT NULL,
  points @BIGINT@ NOT NULL,
  at @BIGINT@ NOT NULL,
  UNIQUE (official_id, event, ref)
);
CREATE INDEX karma_ledger_official ON karma_ledger (official_id, at);
CREATE INDEX karma_ledger_org ON karma_ledger (org_id, at);

-- The learning hours a ministry asks of each of its officials in a year.
CREATE TABLE learning_targets (
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  year @BIGINT@ NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  hours @BIGINT@ NOT NULL CHECK (hours BETWEEN 0 AND 2000),
  updated_by @BIGINT@ REFERENCES officials (id),
  updated_at @BIGINT@ NOT NULL,
  PRIMARY KEY (org_id, year)
);

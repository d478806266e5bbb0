-- Module org: organisations, officials and their history, designations, role grants, sessions,
-- activation tokens, the invitation outbox, login throttling and onboarding runs. Times are epoch ms.

CREATE TABLE organisations (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('government', 'ministry', 'department', 'attached_office',
                                     'subordinate_office', 'field_unit', 'organisation', 'state',
                                     'training_institution', 'provider', 'spv')),
  parent_id @BIGINT@ REFERENCES organisations (id),
  -- the ministry-level ancestor (a child of the root, or itself): employee codes are unique within it
  ministry_id @BIGINT@ REFERENCES organisations (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX organisations_parent ON organisations (parent_id, name_en);
CREATE INDEX organisations_ministry ON organisations (ministry_id);

CREATE TABLE designations (
  code TEXT PRIMARY KEY,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  grp TEXT CHECK (grp IS NULL OR grp IN ('A', 'B', 'C'))
);

CREATE TABLE officials (
  id @ID@,
  email TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  ministry_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  employee_code TEXT NOT NULL,
  mobile TEXT,
  designation TEXT REFERENCES designations (code),
  grp TEXT CHECK (grp IS NULL OR grp IN ('A', 'B', 'C')),
  service TEXT,
  pay_level @BIGINT@ CHECK (pay_level IS NULL OR (pay_level BETWEEN 1 AND 18)),
  date_of_joining TEXT,
  language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'hi')),
  password_hash TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  UNIQUE (ministry_id, employee_code)
);
CREATE INDEX officials_org_name ON officials (org_id, name_en, id);
CREATE INDEX officials_name ON officials (name_en, id);

-- Transfers, promotions and status changes: facts the dashboards and plans use.
CREATE TABLE official_history (
  id @ID@,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  at @BIGINT@ NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('org', 'designation', 'status')),
  old_value TEXT,
  new_value TEXT,
  actor_id @BIGINT@,
  source TEXT NOT NULL CHECK (source IN ('admin', 'onboarding', 'self', 'system'))
);
CREATE INDEX official_history_official ON official_history (official_id, at);

CREATE TABLE role_grants (
  id @ID@,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  role TEXT NOT NULL CHECK (role IN ('learner', 'mdo_admin', 'cbp_admin', 'content_creator', 'content_reviewer',
                                     'content_publisher', 'programme_coordinator', 'trainer', 'spv_admin')),
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  granted_by @BIGINT@ REFERENCES officials (id),
  granted_at @BIGINT@ NOT NULL,
  UNIQUE (official_id, role, org_id)
);
CREATE INDEX role_grants_official ON role_grants (official_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  expires_at @BIGINT@ NOT NULL,
  client TEXT
);
CREATE INDEX sessions_official ON sessions (official_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE activation_tokens (
  token_hash TEXT PRIMARY KEY,
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  expires_at @BIGINT@ NOT NULL,
  used_at @BIGINT@
);
CREATE INDEX activation_tokens_official ON activation_tokens (official_id);

-- No mail server here: invitations and reminders wait in the outbox, where admins see and export them.
-- A row keeps what varies (addressee, link); the subject and text of each kind are written when read,
-- so a million invitations from one onboarding stay small.
CREATE TABLE outbox (
  id @ID@,
  official_id @BIGINT@ REFERENCES officials (id),
  org_id @BIGINT@ REFERENCES organisations (id),
  kind TEXT NOT NULL,
  to_email TEXT NOT NULL,
  to_name TEXT NOT NULL,
  to_name_hi TEXT,
  link TEXT,
  created_at @BIGINT@ NOT NULL,
  sent_at @BIGINT@
);
CREATE INDEX outbox_org ON outbox (org_id, id);

CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures @BIGINT@ NOT NULL,
  window_start @BIGINT@ NOT NULL,
  locked_until @BIGINT@ NOT NULL
);

CREATE TABLE onboarding_runs (
  id @ID@,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  actor_id @BIGINT@ REFERENCES officials (id),
  at @BIGINT@ NOT NULL,
  format TEXT NOT NULL,
  rows_total @BIGINT@ NOT NULL,
  rows_created @BIGINT@ NOT NULL,
  rows_updated @BIGINT@ NOT NULL,
  rows_transferred @BIGINT@ NOT NULL,
  errors @BIGINT@ NOT NULL,
  report TEXT
);

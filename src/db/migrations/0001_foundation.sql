-- Foundation: organisations, officials (accounts), role grants, sessions, audit log.
-- Owners: org owns organisations, officials, role_grants; http/auth owns sessions; core audit owns audit_log.
-- Times are epoch milliseconds.

CREATE TABLE organisations (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('government', 'ministry', 'department', 'organisation', 'state',
                                     'training_institution', 'provider', 'spv')),
  parent_id @BIGINT@ REFERENCES organisations (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at @BIGINT@ NOT NULL
);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE officials (
  id @ID@,
  email TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  employee_code TEXT,
  designation TEXT,
  grp TEXT CHECK (grp IS NULL OR grp IN ('A', 'B', 'C')),
  language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'hi')),
  password_hash TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
  created_at @BIGINT@ NOT NULL
);
CREATE INDEX officials_org ON officials (org_id);

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

CREATE TABLE audit_log (
  id @ID@,
  at @BIGINT@ NOT NULL,
  actor_id @BIGINT@,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

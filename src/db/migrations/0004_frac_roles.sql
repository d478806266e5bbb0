-- Module frac, part 2: work roles (activities and required competencies), positions (posts) carrying
-- roles, who holds each position and who they report to, and the competency passport.
-- Times are epoch ms; the dates a position is held are calendar dates (YYYY-MM-DD text).

-- A work role ("Section Officer, procurement"). Owned by an organisation whose admins edit it; a shared
-- role may be carried by positions anywhere, a private one only inside the owner's subtree. A role may
-- extend another and inherits its activities and requirements (never in a cycle: checked on write).
CREATE TABLE work_roles (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  description_en TEXT,
  description_hi TEXT,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  shared @BIGINT@ NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
  extends_id @BIGINT@ REFERENCES work_roles (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX work_roles_name ON work_roles (name_en, id);
CREATE INDEX work_roles_extends ON work_roles (extends_id);

CREATE TABLE role_activities (
  role_id @BIGINT@ NOT NULL REFERENCES work_roles (id),
  seq @BIGINT@ NOT NULL,
  text_en TEXT NOT NULL,
  text_hi TEXT,
  PRIMARY KEY (role_id, seq)
);

-- A role's own requirements; inherited ones are read through extends_id.
CREATE TABLE role_requirements (
  role_id @BIGINT@ NOT NULL REFERENCES work_roles (id),
  competency_id @BIGINT@ NOT NULL REFERENCES competencies (id),
  level @BIGINT@ NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (role_id, competency_id)
);
CREATE INDEX role_requirements_competency ON role_requirements (competency_id);

-- A post in an organisation, carrying one or more roles.
CREATE TABLE positions (
  id @ID@,
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  code TEXT NOT NULL,
  title_en TEXT NOT NULL,
  title_hi TEXT,
  designation TEXT REFERENCES designations (code),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'abolished')),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  UNIQUE (org_id, code)
);
CREATE INDEX positions_org ON positions (org_id, title_en, id);

CREATE TABLE position_roles (
  position_id @BIGINT@ NOT NULL REFERENCES positions (id),
  role_id @BIGINT@ NOT NULL REFERENCES work_roles (id),
  PRIMARY KEY (position_id, role_id)
);
CREATE INDEX position_roles_role ON position_roles (role_id);

-- Who held a position, from when to when (end_date NULL while held), and their reporting officer then:
-- the supervisor who may verify their competencies.
CREATE TABLE position_holders (
  id @ID@,
  position_id @BIGINT@ NOT NULL REFERENCES positions (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  reporting_officer_id @BIGINT@ REFERENCES officials (id),
  start_date TEXT NOT NULL,
  end_date TEXT,
  assigned_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  CHECK (reporting_officer_id IS NULL OR reporting_officer_id <> official_id),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX position_holders_official ON position_holders (official_id, end_date);
CREATE INDEX position_holders_position ON position_holders (position_id, end_date);
CREATE INDEX position_holders_officer ON position_holders (reporting_officer_id, end_date);

-- The competency passport. source: course or assessment (written by those modules, verified), supervisor
-- (added or verified by the reporting officer) or self (declared, pending until a supervisor verifies it,
-- when it becomes source supervisor). A self-declared entry is never verified: the CHECK holds it.
CREATE TABLE passport_entries (
  id @KEPT_ID@, -- a withdrawn claim is deleted; its id stays its own in the audit log
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  -- the official's organisation, kept in step when they move (frac_official_moved, called by org), so
  -- ranking the officials of an organisation reads only its own rows
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  competency_id @BIGINT@ NOT NULL REFERENCES competencies (id),
  version_id @BIGINT@ NOT NULL REFERENCES competency_versions (id),
  level @BIGINT@ NOT NULL CHECK (level BETWEEN 1 AND 5),
  source TEXT NOT NULL CHECK (source IN ('course', 'assessment', 'supervisor', 'self')),
  status TEXT NOT NULL CHECK (status IN ('verified', 'pending', 'rejected')),
  claimed_level @BIGINT@ CHECK (claimed_level IS NULL OR claimed_level BETWEEN 1 AND 5),
  evidence TEXT,
  evidence_ref TEXT,
  earned_on TEXT NOT NULL,
  reviewer_id @BIGINT@ REFERENCES officials (id),
  review_comment TEXT,
  reviewed_at @BIGINT@,
  created_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  CHECK (source <> 'self' OR status <> 'verified')
);
CREATE INDEX passport_entries_official ON passport_entries (official_id, competency_id, status, level);
CREATE INDEX passport_entries_scope ON passport_entries (org_id, status, competency_id, official_id, level);
CREATE INDEX passport_entries_reviewer ON passport_entries (status, official_id);

-- Module frac, part 1: the competency dictionary, its versions and its governance queue. Times are epoch ms.
-- A passport entry (later) points at the version it was earned against, so versions are never changed.

CREATE TABLE competencies (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  area TEXT NOT NULL CHECK (area IN ('behavioural', 'functional', 'domain')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  current_version @BIGINT@ NOT NULL,
  name_en TEXT NOT NULL, -- the current version's, kept here for sorting and search
  name_hi TEXT,
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX competencies_name ON competencies (name_en, id);

CREATE TABLE competency_versions (
  id @ID@,
  competency_id @BIGINT@ NOT NULL REFERENCES competencies (id),
  version @BIGINT@ NOT NULL,
  name_en TEXT NOT NULL,
  name_hi TEXT,
  description_en TEXT NOT NULL,
  description_hi TEXT,
  created_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  UNIQUE (competency_id, version)
);

CREATE TABLE competency_levels (
  version_id @BIGINT@ NOT NULL REFERENCES competency_versions (id),
  level @BIGINT@ NOT NULL CHECK (level BETWEEN 1 AND 5),
  descriptor_en TEXT NOT NULL,
  descriptor_hi TEXT,
  PRIMARY KEY (version_id, level)
);

CREATE TABLE competency_proposals (
  id @ID@,
  competency_id @BIGINT@ REFERENCES competencies (id),
  org_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  proposed_by @BIGINT@ NOT NULL REFERENCES officials (id),
  payload TEXT NOT NULL,
  comment TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected')),
  reviewer_id @BIGINT@ REFERENCES officials (id),
  review_comment TEXT,
  created_at @BIGINT@ NOT NULL,
  reviewed_at @BIGINT@
);
CREATE INDEX competency_proposals_org ON competency_proposals (org_id, id);

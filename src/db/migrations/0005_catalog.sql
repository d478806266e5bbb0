-- Module catalog: content providers, content (courses, programmes, curated and blended programmes,
-- standalone assessments) in immutable versions moving through review, their outline and metadata, the
-- files they use, and the review trail. Times are epoch ms. The search index is in 0006 (per backend).

-- A provider is an organisation that offers content (kind provider or training_institution in the tree).
CREATE TABLE providers (
  org_id @BIGINT@ PRIMARY KEY REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('academy', 'university', 'startup', 'expert', 'government')),
  description_en TEXT,
  description_hi TEXT,
  website TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);

-- Uploaded files, stored once by content hash under the data folder (files/ab/cdef...).
CREATE TABLE files (
  id @ID@,
  sha256 TEXT NOT NULL UNIQUE,
  size @BIGINT@ NOT NULL,
  mime TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('video', 'pdf', 'image')),
  name TEXT, -- the name it was uploaded with, for downloads
  created_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL
);

CREATE TABLE contents (
  id @ID@,
  provider_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('course', 'programme', 'curated_programme', 'blended_programme', 'assessment')),
  code TEXT NOT NULL UNIQUE,
  latest_version_id @BIGINT@,    -- the newest version (being written, in review, or published)
  published_version_id @BIGINT@, -- what learners see; NULL until first published, kept when retired
  status TEXT NOT NULL,          -- the newest version's status, for queues and lists
  created_by @BIGINT@ REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX contents_provider ON contents (provider_id, status, id);
CREATE INDEX contents_status ON contents (status, updated_at);

-- One version of a content item. A published version never changes: an edit makes a new draft version
-- (a copy), and publishing it marks the old one superseded. A learner who started a version keeps it.
CREATE TABLE content_versions (
  id @ID@,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  version @BIGINT@ NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'published',
                                         'retired', 'superseded')),
  title_en TEXT NOT NULL,
  title_hi TEXT,
  description_en TEXT,
  description_hi TEXT,
  languages TEXT NOT NULL DEFAULT 'en', -- comma-separated codes, e.g. "en,hi"
  duration_minutes @BIGINT@ CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 100000),
  keywords TEXT,      -- comma-separated
  target_groups TEXT, -- comma-separated service groups: A, B, C
  thumbnail_file_id @BIGINT@ REFERENCES files (id),
  audience_org_id @BIGINT@ REFERENCES organisations (id), -- a curated programme's ministry or institution
  audience_en TEXT,   -- a curated programme's intended audience, in words
  audience_hi TEXT,
  author_id @BIGINT@ REFERENCES officials (id),   -- who wrote this version (never its reviewer)
  reviewer_id @BIGINT@ REFERENCES officials (id), -- who took it into review
  approved_by @BIGINT@ REFERENCES officials (id), -- the reviewer who approved it for publishing
  published_by @BIGINT@ REFERENCES officials (id),
  submitted_at @BIGINT@,
  approved_at @BIGINT@,
  published_at @BIGINT@,
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  UNIQUE (content_id, version)
);

CREATE TABLE content_competencies (
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  competency_id @BIGINT@ NOT NULL REFERENCES competencies (id),
  level @BIGINT@ NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (version_id, competency_id)
);
CREATE INDEX content_competencies_competency ON content_competencies (competency_id, level);

CREATE TABLE content_designations (
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  designation TEXT NOT NULL REFERENCES designations (code),
  PRIMARY KEY (version_id, designation)
);

-- A course: modules, each an ordered list of resources.
CREATE TABLE course_modules (
  id @ID@,
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  seq @BIGINT@ NOT NULL,
  title_en TEXT NOT NULL,
  title_hi TEXT,
  UNIQUE (version_id, seq)
);

CREATE TABLE resources (
  id @ID@,
  module_id @BIGINT@ NOT NULL REFERENCES course_modules (id),
  seq @BIGINT@ NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('video', 'pdf', 'html', 'link', 'quiz')),
  title_en TEXT NOT NULL,
  title_hi TEXT,
  file_id @BIGINT@ REFERENCES files (id), -- an uploaded video or PDF
  url TEXT,                               -- an external video or link
  html TEXT,                              -- an HTML page, sanitised on the way in
  assessment_ref TEXT,                    -- a quiz: the assessment it refers to (its engine: issue 7)
  duration_minutes @BIGINT@,
  required @BIGINT@ NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
  UNIQUE (module_id, seq)
);

-- A programme (plain, curated or blended): an ordered list of courses.
CREATE TABLE programme_items (
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  seq @BIGINT@ NOT NULL,
  course_id @BIGINT@ NOT NULL REFERENCES contents (id),
  PRIMARY KEY (version_id, seq)
);

-- A blended programme's plan of offline sessions (its batches come with the cascade issue).
CREATE TABLE blended_sessions (
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  seq @BIGINT@ NOT NULL,
  title_en TEXT NOT NULL,
  title_hi TEXT,
  mode TEXT NOT NULL CHECK (mode IN ('classroom', 'field', 'virtual')),
  duration_minutes @BIGINT@ NOT NULL CHECK (duration_minutes BETWEEN 1 AND 10000),
  PRIMARY KEY (version_id, seq)
);

-- Every workflow step, with its comment: the review trail.
CREATE TABLE content_transitions (
  id @ID@,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id @BIGINT@ NOT NULL REFERENCES officials (id),
  comment TEXT,
  at @BIGINT@ NOT NULL
);
CREATE INDEX content_transitions_content ON content_transitions (content_id, id);

-- A reviewer's comment on one part of a version (shown beside that part): anchor names it, e.g.
-- "title", "description", "module:3", "resource:12".
CREATE TABLE review_comments (
  id @ID@,
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  anchor TEXT NOT NULL,
  author_id @BIGINT@ NOT NULL REFERENCES officials (id),
  body TEXT NOT NULL,
  resolved @BIGINT@ NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  created_at @BIGINT@ NOT NULL
);
CREATE INDEX review_comments_version ON review_comments (version_id, id);

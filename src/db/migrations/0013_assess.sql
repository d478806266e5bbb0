-- Module assess: question banks owned by providers, the settings of each assessment (a catalogue item of kind
-- 'assessment', reviewed and published like any other, one settings row per version so a published assessment
-- never changes), and attempts, decided on the server. Times are epoch ms; scores are in hundredths of a point.

-- A provider's bank of questions. Its code is unique across providers (imports and exports name it).
CREATE TABLE question_banks (
  id @ID@,
  provider_id @BIGINT@ NOT NULL REFERENCES providers (org_id),
  code TEXT NOT NULL UNIQUE,
  title_en TEXT NOT NULL,
  title_hi TEXT,
  created_by @BIGINT@ NOT NULL REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX question_banks_provider ON question_banks (provider_id, id);

-- A question. Editing one that an attempt has drawn makes a new row (replaces_id names the old one, which is
-- retired), so an attempt's review shows what was asked. competency and level are the tag draws select on.
CREATE TABLE questions (
  id @ID@,
  bank_id @BIGINT@ NOT NULL REFERENCES question_banks (id),
  kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false', 'fill_blank')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  text_en TEXT NOT NULL,
  text_hi TEXT,
  explanation_en TEXT,
  explanation_hi TEXT,
  competency_id @BIGINT@ REFERENCES competencies (id),
  level @BIGINT@ CHECK (level IS NULL OR level BETWEEN 1 AND 5),
  points @BIGINT@ NOT NULL DEFAULT 1 CHECK (points BETWEEN 1 AND 100),
  replaces_id @BIGINT@ REFERENCES questions (id),
  created_by @BIGINT@ NOT NULL REFERENCES officials (id),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL
);
CREATE INDEX questions_draw ON questions (bank_id, status, competency_id, level, id);

-- The options of a single, multiple or true/false question (true/false: two options, "True" and "False").
CREATE TABLE question_options (
  id @ID@,
  question_id @BIGINT@ NOT NULL REFERENCES questions (id),
  seq @BIGINT@ NOT NULL,
  text_en TEXT NOT NULL,
  text_hi TEXT,
  correct @BIGINT@ NOT NULL CHECK (correct IN (0, 1)),
  UNIQUE (question_id, seq)
);

-- The accepted answers of a fill-in-the-blank question, as written and normalised (Unicode NFC, case folded,
-- spaces trimmed and collapsed), so a Hindi answer typed with other code points still matches.
CREATE TABLE question_answers (
  question_id @BIGINT@ NOT NULL REFERENCES questions (id),
  seq @BIGINT@ NOT NULL,
  answer TEXT NOT NULL,
  normalised TEXT NOT NULL,
  PRIMARY KEY (question_id, seq)
);

-- The settings of an assessment version. purpose: a practice quiz inside a course, a course's final
-- assessment, a standalone proficiency assessment (a pass grants grant_competency_id at grant_level in the
-- passport, source 'assessment'), or a course's pre-test / post-test (their scores are the learning gain).
-- max_attempts and time_limit_s NULL: no limit.
CREATE TABLE assessment_settings (
  version_id @BIGINT@ PRIMARY KEY REFERENCES content_versions (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('practice', 'final', 'proficiency', 'pre_test', 'post_test')),
  pass_percent @BIGINT@ NOT NULL CHECK (pass_percent BETWEEN 0 AND 100),
  max_attempts @BIGINT@ CHECK (max_attempts IS NULL OR max_attempts BETWEEN 1 AND 100),
  time_limit_s @BIGINT@ CHECK (time_limit_s IS NULL OR time_limit_s BETWEEN 60 AND 86400),
  shuffle_questions @BIGINT@ NOT NULL DEFAULT 1 CHECK (shuffle_questions IN (0, 1)),
  shuffle_options @BIGINT@ NOT NULL DEFAULT 1 CHECK (shuffle_options IN (0, 1)),
  allow_review @BIGINT@ NOT NULL DEFAULT 1 CHECK (allow_review IN (0, 1)),
  grant_competency_id @BIGINT@ REFERENCES competencies (id),
  grant_level @BIGINT@ CHECK (grant_level IS NULL OR grant_level BETWEEN 1 AND 5),
  updated_at @BIGINT@ NOT NULL
);

-- What an attempt draws: count questions from a bank, optionally only those tagged with a competency and a
-- level; draws are made in seq order and never draw one question twice.
CREATE TABLE assessment_draws (
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  seq @BIGINT@ NOT NULL,
  bank_id @BIGINT@ NOT NULL REFERENCES question_banks (id),
  competency_id @BIGINT@ REFERENCES competencies (id),
  level @BIGINT@ CHECK (level IS NULL OR level BETWEEN 1 AND 5),
  count @BIGINT@ NOT NULL CHECK (count BETWEEN 1 AND 200),
  PRIMARY KEY (version_id, seq)
);

-- An official's attempt at an assessment version. deadline_at (started_at + time limit) is enforced on the
-- server: an answer after it is refused and the attempt is submitted as it stood (auto_submitted 1).
CREATE TABLE attempts (
  id @ID@,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  number @BIGINT@ NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted')),
  started_at @BIGINT@ NOT NULL,
  deadline_at @BIGINT@,
  submitted_at @BIGINT@,
  auto_submitted @BIGINT@ NOT NULL DEFAULT 0 CHECK (auto_submitted IN (0, 1)),
  score_x100 @BIGINT@,
  max_score @BIGINT@ NOT NULL,
  percent @BIGINT@ CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
  passed @BIGINT@ CHECK (passed IS NULL OR passed IN (0, 1)),
  UNIQUE (official_id, content_id, number)
);
CREATE INDEX attempts_open ON attempts (status, deadline_at);

-- The questions an attempt drew, in the order shown, with the options' order (option ids, comma separated)
-- and the answer saved so far: JSON, {"option_ids":[...]} or {"text":"..."}.
CREATE TABLE attempt_questions (
  attempt_id @BIGINT@ NOT NULL REFERENCES attempts (id),
  question_id @BIGINT@ NOT NULL REFERENCES questions (id),
  seq @BIGINT@ NOT NULL,
  option_order TEXT,
  points @BIGINT@ NOT NULL,
  answer TEXT,
  answered_at @BIGINT@,
  score_x100 @BIGINT@,
  PRIMARY KEY (attempt_id, question_id)
) @SQLITE@ WITHOUT ROWID @END@;

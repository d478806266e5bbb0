-- Module catalog, part 3: learners' ratings. One per official per content item (changed in place), only
-- after they completed it (asked of learn through its header). A review may be reported as abusive; a
-- hidden review keeps its stars in the average but its text is no longer shown.
CREATE TABLE content_ratings (
  id @ID@,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  official_id @BIGINT@ NOT NULL REFERENCES officials (id),
  stars @BIGINT@ NOT NULL CHECK (stars BETWEEN 1 AND 5),
  review TEXT,
  hidden @BIGINT@ NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  created_at @BIGINT@ NOT NULL,
  updated_at @BIGINT@ NOT NULL,
  UNIQUE (content_id, official_id)
);
CREATE INDEX content_ratings_content ON content_ratings (content_id, updated_at, id);

CREATE TABLE rating_reports (
  id @ID@,
  rating_id @BIGINT@ NOT NULL REFERENCES content_ratings (id),
  reporter_id @BIGINT@ NOT NULL REFERENCES officials (id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  decided_by @BIGINT@ REFERENCES officials (id),
  decided_at @BIGINT@,
  created_at @BIGINT@ NOT NULL,
  UNIQUE (rating_id, reporter_id)
);
CREATE INDEX rating_reports_open ON rating_reports (status, created_at);

-- Module cbp: how many officials of each designation completed each content item, for ranking My iGOT's
-- recommendations ("what peers with the same designation completed"). Recounted by the server's ticker every
-- ten minutes (and at start), so a home page reads one row per candidate instead of counting enrolments.
CREATE TABLE cbp_peer_completions (
  designation TEXT NOT NULL,
  content_id @BIGINT@ NOT NULL REFERENCES contents (id),
  completed @BIGINT@ NOT NULL,
  PRIMARY KEY (designation, content_id)
);

-- Module cbp: peers' completions are now kept up to date as they happen (learn tells cbp of each completion),
-- not recounted from every enrolment every ten minutes. This row says when the table was last counted whole:
-- a database without it (one made before, or loaded in bulk) is counted once, at the server's start.
CREATE TABLE cbp_peer_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  counted_at @BIGINT@ NOT NULL
);

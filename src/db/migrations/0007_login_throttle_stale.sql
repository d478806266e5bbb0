-- Module org: throttle rows whose window and lock have both passed are pruned as failures come in
-- (auth.c); this index lets each prune find them without reading the table.
CREATE INDEX login_throttle_stale ON login_throttle (window_start);

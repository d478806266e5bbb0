-- Module org: when an official first logged in, so the first login is known exactly once (other modules
-- hear of it through org_hooks.first_login, inside the login's transaction: learn pays its karma points).
ALTER TABLE officials ADD COLUMN first_login_at @BIGINT@;

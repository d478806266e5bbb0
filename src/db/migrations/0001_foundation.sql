-- Foundation: the tables of the HTTP core and the audit log. Times are epoch milliseconds.
-- Owners: http/auth.c owns sessions; core/audit owns audit_log. Organisations and officials are in 0002.

CREATE TABLE audit_log (
  id @ID@,
  at @BIGINT@ NOT NULL,
  actor_id @BIGINT@,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT,
  scope_org_id @BIGINT@,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_at ON audit_log (at);

// Reading the test server's database directly, for what the API does not show (audit rows, stored hashes,
// counts a test must check underneath): psql on PostgreSQL, the sqlite3 shell on SQLite, the same query text.
'use strict';
const path = require('node:path');
const { execFileSync } = require('node:child_process');

// The query's output, rows on lines and columns joined by '|', trimmed.
function sqlText(srv, query) {
  const out = srv.pgDatabase
    ? execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-AtqX', '-v', 'ON_ERROR_STOP=1', '-F', '|', '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '|', path.join(srv.tmp, 'test.db'), query],
      { encoding: 'utf8' });
  return out.trim();
}

// The query's rows, each an array of its columns as text.
function sqlRows(srv, query) {
  const out = sqlText(srv, query);
  return out ? out.split('\n').map((l) => l.split('|')) : [];
}

module.exports = { sqlText, sqlRows };

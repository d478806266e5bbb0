// Starts a real `karmayogi serve` on a free port against a fresh database, for the API and browser tests.
// Backend from KARMAYOGI_TEST_BACKEND (sqlite, the default, or postgresql with KARMAYOGI_TEST_PGHOST set
// to the throw-away cluster's socket folder). stop() fails the test if the server crashed, exited non-zero
// or printed a sanitizer report.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.KARMAYOGI_BIN || path.join(ROOT, 'build', 'karmayogi');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function freshDatabase(tmp) {
  const backend = process.env.KARMAYOGI_TEST_BACKEND || 'sqlite';
  if (backend === 'sqlite') return { url: `sqlite:${path.join(tmp, 'test.db')}`, name: null, drop() {} };
  if (backend !== 'postgresql') throw new Error(`unknown KARMAYOGI_TEST_BACKEND ${backend}`);
  const host = process.env.KARMAYOGI_TEST_PGHOST;
  if (!host) throw new Error('KARMAYOGI_TEST_PGHOST is not set');
  const name = 'kt_' + crypto.randomBytes(6).toString('hex');
  execFileSync('createdb', ['-h', host, '-U', 'postgres', name]);
  return {
    url: `postgresql:///${name}?host=${encodeURIComponent(host)}&user=postgres`,
    name,
    drop() {
      try { execFileSync('dropdb', ['-h', host, '-U', 'postgres', '--if-exists', name]); } catch (_) { /* cluster gone */ }
    },
  };
}

const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;

async function waitHealthy(url, child, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      const r = await fetch(url + '/healthz');
      if (r.status === 200) return;
    } catch (_) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become healthy in time');
}

// Spawns `karmayogi serve` with args and waits until it answers /healthz. Returns { child, url, output() }.
async function launch(args, port) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, 20000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${stderr}`);
  }
  return { child, url, output: () => stderr };
}

function serveArgs(dbUrl, port, tmp, options) {
  const args = ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`, '--web', path.join(ROOT, 'web'),
    '--data', path.join(tmp, 'files'), '--threads', '4'];
  if (options.sessionTtl) args.push('--session-ttl', String(options.sessionTtl));
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}

// options: { demo: true, sessionTtl: seconds, bodyLimit: bytes, extraArgs: [] }
async function startServer(options = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'karmayogi-test-'));
  const db = freshDatabase(tmp);
  if (options.demo !== false) execFileSync(BIN, ['demo', '--db', db.url], { stdio: ['ignore', 'ignore', 'pipe'] });
  let port = await freePort();
  let run = await launch(serveArgs(db.url, port, tmp, options), port);
  let earlier = ''; // the output of processes killed by crash()
  return {
    get url() { return run.url; },
    tmp,
    dbUrl: db.url,
    pgDatabase: db.name, // the PostgreSQL database's name (null on SQLite), for outage tests

    get log() { return earlier + run.output(); },
    // Kills the server with SIGKILL (no chance to finish anything) and starts it again on the same database.
    async crash() {
      const exited = new Promise((resolve) => run.child.once('exit', resolve));
      run.child.kill('SIGKILL');
      await exited;
      earlier += run.output();
      port = await freePort();
      run = await launch(serveArgs(db.url, port, tmp, options), port);
    },
    async stop() {
      const child = run.child;
      const stderr = () => earlier + run.output();
      const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
      if (child.exitCode === null) child.kill('SIGTERM');
      // A server that does not stop within 15 s is hung: kill it and fail, rather than hang the suite.
      let hung = false;
      const guard = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, 15000);
      const { code, sig } = child.exitCode !== null ? { code: child.exitCode, sig: null } : await exited;
      clearTimeout(guard);
      db.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
      if (SANITIZER.test(stderr())) throw new Error(`sanitizer report from the server:\n${stderr()}`);
      if (hung) throw new Error(`server did not stop within 15 s of SIGTERM\n${stderr().slice(-4000)}`);
      if (code !== 0) throw new Error(`server exited with code ${code} signal ${sig}\n${stderr().slice(-4000)}`);
    },
  };
}

module.exports = { startServer, BIN, ROOT };

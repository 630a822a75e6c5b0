/** dist/cli.js: several --database-url into one merged report directory; merge of report directories. */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { tempDir, writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');
const dbs: TestDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.drop();
});

function cli(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('--database-url twice: each database in its own directory, merged at the top; merge refuses a non-report', async () => {
  const pg = await createPostgresDatabase('mt_several');
  const maria = await createMysqlDatabase('mt_several');
  dbs.push(pg, maria);
  const ws = await writeTree({
    'db/migrations/V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
    'db/migrations/V2__add_name.sql': 'ALTER TABLE users ADD COLUMN name varchar(20);',
  });
  const r = await cli(['run', '--database-url', pg.url, '--database-url', maria.url, '--report-dir', 'out'], ws);
  expect({ code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, out: '' });
  const merged = JSON.parse(await fs.readFile(path.join(ws, 'out/report.json'), 'utf8')) as {
    status: string;
    merged: { reports: { database: { engine: string; label: string } }[] };
  };
  expect(validateAgainstJsonSchema(merged)).toEqual([]);
  expect(merged.status).toBe('passed');
  expect(merged.merged.reports.map((x) => [x.database.label, x.database.engine])).toEqual([
    ['postgres-1', 'postgres'],
    ['mysql-2', 'mariadb'],
  ]);
  await fs.access(path.join(ws, 'out/postgres-1/report.json'));
  await fs.access(path.join(ws, 'out/mysql-2/logs/2_add_name.up.log'));
  const comment = await fs.readFile(path.join(ws, 'out/comment.md'), 'utf8');
  expect(comment).toContain('#### Migrations by database');

  // The merged directory is itself an input of render and merge.
  expect((await cli(['render', '--report-dir', 'out'], ws)).code).toBe(0);
  const again = await cli(['merge', 'out', '--report-dir', await tempDir('mt-merge-again-')], ws);
  expect({ code: again.code, out: again.code === 0 ? '' : again.out }).toEqual({ code: 0, out: '' });
  await fs.writeFile(path.join(ws, 'db/report.json'), '{"schemaVersion": 2}');
  const bad = await cli(['merge', 'db', '--report-dir', 'other'], ws);
  expect(bad.code).toBe(2);
  expect(bad.out.trim().split('\n')).toHaveLength(1);
  expect(bad.out).toMatch(/^migration-test: merge: .*report\.json: not a migration-test report: schemaVersion/);
});

// Shared by test runs on one machine, so that a fresh CI machine downloads each package once.
const PACKAGE_CACHE = path.join(os.tmpdir(), 'migration-test-e2e-xdg-cache');

function cliWith(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

test('--postgres-versions 16,18: a downloaded PostgreSQL 16 and the installed 18, side by side in one merged report', async () => {
  const ws = await writeTree({
    'db/migrations/V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
    'db/migrations/V2__add_name.sql': 'ALTER TABLE users ADD COLUMN name varchar(20);',
  });
  const r = await cliWith(['run', '--postgres-versions', '16,18', '--report-dir', 'out'], ws, {
    XDG_CACHE_HOME: PACKAGE_CACHE,
  });
  expect({ code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, out: '' });
  // Each run's lines name its database: they run at once.
  expect(r.out).toMatch(/^\[postgres-16\] ✓ 1_create_users \(up\)/m);
  expect(r.out).toMatch(/^\[postgres-18\] ✓ 2_add_name \(up\)/m);
  const merged = JSON.parse(await fs.readFile(path.join(ws, 'out/report.json'), 'utf8')) as {
    status: string;
    merged: { reports: { status: string; database: { engine: string; label: string; serverVersion: string } }[] };
  };
  expect(validateAgainstJsonSchema(merged)).toEqual([]);
  expect(merged.status).toBe('passed');
  expect(
    merged.merged.reports.map((x) => [x.database.label, x.database.engine, x.database.serverVersion.split('.')[0]]),
  ).toEqual([
    ['postgres-16', 'postgres', '16'],
    ['postgres-18', 'postgres', '18'],
  ]);
  const comment = await fs.readFile(path.join(ws, 'out/comment.md'), 'utf8');
  expect(comment).toMatch(
    /\| Migration \| postgres-16 \(PostgreSQL 16\.\d+\) \| postgres-18 \(PostgreSQL 18\.\d+\) \|/,
  );
  // The download is kept for the next run, whole.
  const cached = (await fs.readdir(path.join(PACKAGE_CACHE, 'migration-test'))).filter((n) =>
    n.startsWith('postgres-16.'),
  );
  expect(cached).toHaveLength(1);
  expect(cached[0]).toMatch(/^postgres-16\.\d+\.\d+-beta\.\d+$/);
});

test.each([
  [
    ['--postgres-versions', ''],
    /^migration-test: --postgres-versions is empty \(allowed: a comma-separated list of 14, 15, 16, 17, 18\)$/,
  ],
  [
    ['--postgres-versions', '16,abc'],
    /^migration-test: --postgres-versions: "abc" is not a major version \(allowed: .*\)$/,
  ],
  [
    ['--postgres-versions=12,16'],
    /^migration-test: --postgres-versions: PostgreSQL 12 is not available \(allowed: .*14, 15, 16, 17, 18\)$/,
  ],
  [['--postgres-versions', '18,16,18'], /^migration-test: --postgres-versions: 18 is given twice/],
  [['--postgres-versions', '16', '--postgres-versions', '18'], /^migration-test: --postgres-versions is given once/],
  [['--postgres-versions'], /^migration-test: --postgres-versions is given once/],
  [
    ['--postgres-versions', '16,18', '--database-url', 'postgres://u:secret@127.0.0.1:1/x'],
    /^migration-test: --postgres-versions starts its own servers: it does not go with --database-url$/,
  ],
  [
    ['--postgres-versions', '16', '--config', 'mt.json'],
    /^migration-test: --postgres-versions starts its own servers: --config mt\.json sets databaseUrl$/,
  ],
])('run %j is refused in one line, before anything starts', async (flags, message) => {
  const ws = await writeTree({
    'db/migrations/V1__a.sql': 'SELECT 1;',
    'mt.json': '{"databaseUrl": "postgres://u@127.0.0.1:1/x"}',
  });
  // An unreachable registry: nothing may be downloaded for a refused flag.
  const r = await cliWith(['run', '--report-dir', 'out', ...flags], ws, { npm_config_registry: 'http://127.0.0.1:9/' });
  expect(r.code).toBe(2);
  expect(r.out.trim().split('\n')).toHaveLength(1);
  expect(r.out.trim()).toMatch(message);
  await expect(fs.access(path.join(ws, 'out'))).rejects.toThrow(/ENOENT/);
});

test('one SIGINT cancels every concurrent run: each writes its report, the merge is written, no server is left', async () => {
  const ws = await writeTree({
    'db/migrations/V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);',
    'db/migrations/V2__slow.sql': 'SELECT pg_sleep(60);',
  });
  const child = spawn(process.execPath, [CLI, 'run', '--postgres-versions', '16,18', '--report-dir', 'out'], {
    cwd: ws,
    env: { ...process.env, NODE_OPTIONS: '', XDG_CACHE_HOME: PACKAGE_CACHE },
  });
  let out = '';
  const bothSlow = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/\[postgres-16\] ✓ 1_create_users/.test(out) && /\[postgres-18\] ✓ 1_create_users/.test(out)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await bothSlow;
  // Both are now in (or about to send) the slow statement.
  await new Promise((resolve) => setTimeout(resolve, 500));
  child.kill('SIGINT');
  const code = await closed;
  expect({ code, out: code === 130 ? '' : out }).toEqual({ code: 130, out: '' });
  for (const label of ['postgres-16', 'postgres-18']) {
    const report = JSON.parse(await fs.readFile(path.join(ws, 'out', label, 'report.json'), 'utf8')) as {
      status: string;
      findings: { message: string }[];
    };
    expect({ label, status: report.status }).toEqual({ label, status: 'failed' });
    expect(report.findings.map((f) => f.message).join('\n')).toMatch(/interrupted|cancelled/);
  }
  const merged = JSON.parse(await fs.readFile(path.join(ws, 'out/report.json'), 'utf8')) as {
    merged: { reports: unknown[] };
  };
  expect(merged.merged.reports).toHaveLength(2);
  // The downloaded major's server ran from this cache: none of its processes is left.
  const left = (await fs.readdir('/proc')).filter((pid) => /^\d+$/.test(pid));
  const ours: string[] = [];
  for (const pid of left) {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(PACKAGE_CACHE)) ours.push(cmd);
  }
  expect(ours).toEqual([]);
});

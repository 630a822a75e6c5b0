import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { usageText } from '../src/config/help.js';
import { createMysqlDatabase, createPostgresDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { tempDir, writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a user starts it: the bundled file, a fresh process. */
function cli(args: string[], cwd = process.cwd()): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function readReport(dir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
}

test('--version and --help', async () => {
  const v = await cli(['--version']);
  expect(v.code).toBe(0);
  expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const h = await cli(['run', '--help']);
  expect(h.code).toBe(0);
  expect(h.stdout).toContain('--database-url URL');
  // The bundle carries the text made from the settings table when it was built: still the same.
  expect(h.stdout.slice(h.stdout.indexOf('\n\n') + 2)).toBe(usageText());
});

test('the demo: examples on an embedded PostgreSQL, with per-migration lines and a valid report', async () => {
  const out = await tempDir();
  // The verdict is what this test checks, not the machine's speed: time limits are set off, so a
  // loaded machine cannot turn PASSED into WARNING (the other limits keep their defaults).
  const config = path.join(await tempDir(), 'no-time-limits.json');
  await fs.writeFile(
    config,
    JSON.stringify({
      thresholds: {
        duration: { regular: null, postDeploy: null },
        queryDuration: { default: null, concurrentIndex: null },
      },
    }),
  );
  const r = await cli(['run', '--migrations', 'examples/flyway', '--report-dir', out, '--config', config]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^✓ \S+ \(up\) +[\d.]+ m?s +size [+-]?[\d.]+ \w*B/m);
  // The examples are written as production needs them: no finding above a notice (V4's column
  // and V6's backfill are separate transactions; V2's foreign key comes last in its own).
  expect(r.stdout).toMatch(
    /^PASSED: 7 new migrations on postgres [\d.]+ \(rollback cycle: 4 down, 4 up again\): 7 succeeded, 0 failed, 0 skipped/m,
  );
  expect(r.stdout).toMatch(/^✓ 3_seed_users_and_orders \(up, again\)/m);
  const report = await readReport(out);
  const warnings = (report.findings as { severity: string; rule: string; migration: string }[])
    .filter((f) => f.severity !== 'notice')
    .map((f) => `${f.rule} ${f.migration}`);
  expect(warnings).toEqual([]);
  const locks = (report.migrations as { id: string; phase: string; locks?: { relation: string; mode: string }[] }[])
    .filter((m) => m.phase === 'new')
    .flatMap((m) => (m.locks ?? []).map((l) => `${m.id} ${l.relation} ${l.mode}`));
  expect(locks).toContain('4_add_users_orders_count public.users AccessExclusiveLock');
  expect(validateAgainstJsonSchema(report)).toEqual([]);
  const runs = report.migrations as {
    logFile: string;
    queries: { executionMs?: number }[];
    durationMs: number;
    serverMs?: number | null;
  }[];
  expect(runs.length).toBeGreaterThanOrEqual(5);
  for (const run of runs) await expect(fs.stat(path.join(out, run.logFile))).resolves.toBeTruthy();
  // The embedded server preloads pg_stat_statements: server-side times are recorded.
  expect(runs.some((run) => run.queries.some((q) => typeof q.executionMs === 'number'))).toBe(true);
  // ...and each run's server-side time beside its round-trip time
  for (const run of runs) expect(run.serverMs).toEqual(expect.any(Number));
});

test.each([
  ['postgres', createPostgresDatabase],
  ['mysql', createMysqlDatabase],
] as const)('every format runs on %s and yields a report that validates', async (engine, create) => {
  const sets: Record<string, Record<string, string>> = {
    flyway: {
      'V1__t.sql': 'CREATE TABLE t (id INT);',
      'V1.1__u.sql': 'INSERT INTO t VALUES (1);',
      'R__v.sql': 'CREATE OR REPLACE VIEW v AS SELECT id FROM t;',
    },
    'golang-migrate': {
      '1_t.up.sql': 'CREATE TABLE t (id INT);',
      '1_t.down.sql': 'DROP TABLE t;',
      '2_u.up.sql': 'INSERT INTO t VALUES (1);',
    },
    dbmate: { '20240101000000_t.sql': '-- migrate:up\nCREATE TABLE t (id INT);\n-- migrate:down\nDROP TABLE t;\n' },
    pop: {
      '20240101000000_t.up.sql': 'CREATE TABLE t (id INT);',
      '20240102000000_u.autocommit.up.sql': 'INSERT INTO t VALUES (1);',
    },
    plain: { '001_t.sql': 'CREATE TABLE t (id INT);', '002_u.sql': 'INSERT INTO t VALUES (1);' },
  };
  for (const [format, files] of Object.entries(sets)) {
    const db = await create('mt_cli');
    try {
      const dir = await writeTree(files);
      const out = await tempDir();
      const r = await cli([
        'run',
        '--database-url',
        db.url,
        '--migrations',
        dir,
        '--format',
        format,
        '--report-dir',
        out,
      ]);
      expect({ format, code: r.code, stderr: r.stderr }).toEqual({ format, code: 0, stderr: '' });
      const report = await readReport(out);
      expect(validateAgainstJsonSchema(report)).toEqual([]);
      expect(report.source).toEqual({ dir, format, newMigrationsFrom: 'all migrations (no base)' });
      expect((report.database as { engine: string }).engine).toMatch(
        engine === 'postgres' ? /^postgres$/ : /^(mysql|mariadb)$/,
      );
    } finally {
      await db.drop();
    }
  }
});

test('a failed migration exits 1 with the report written; --json prints it to stdout', async () => {
  const db = await createPostgresDatabase('mt_cli');
  try {
    const dir = await writeTree({ 'V1__ok.sql': 'CREATE TABLE t (id int);', 'V2__bad.sql': 'SELECT * FROM nope;' });
    const out = await tempDir();
    const r = await cli(['run', '--database-url', db.url, '--migrations', dir, '--report-dir', out, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ 2_bad \(up\)/);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed' });
    expect(await readReport(out)).toMatchObject({ status: 'failed' });
    const never = await cli([
      'run',
      '--database-url',
      db.url,
      '--migrations',
      dir,
      '--report-dir',
      out,
      '--fail-on',
      'never',
      '--allow-existing',
    ]);
    expect(never.code).toBe(0);
  } finally {
    await db.drop();
  }
});

describe('bad input: one line, exit 2', () => {
  test.each([
    [['run', '--nope'], /Unknown option '--nope'/],
    [['run', '--format', 'rails', '--migrations', '.'], /--format: invalid value; allowed: auto, flyway/],
    [['run', '--connect-timeout', 'soon'], /--connect-timeout: expected a number of seconds/],
    [['run', '--fail-on', 'sometimes'], /--fail-on: invalid value; allowed: error, warning, never/],
    [
      ['run', '--database-url', 'redis://x/y', '--migrations', 'examples/flyway'],
      /--database-url: unsupported scheme "redis"/,
    ],
    [['run', '--migrations', '/nonexistent/dir'], /\/nonexistent\/dir/],
    [['run', '--config', '/nonexistent.yml'], /--config \/nonexistent\.yml: cannot read the file \(ENOENT\)/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a config file with a bad key names it', async () => {
    const dir = await writeTree({ 'mt.yml': 'format: flyway\nfailOn: loudly\ncolour: blue\n' });
    const r = await cli(['run', '--config', path.join(dir, 'mt.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/failOn: invalid value; allowed: error, warning, never/);
    expect(r.stderr).toMatch(/unknown key "colour"/);
  });
});

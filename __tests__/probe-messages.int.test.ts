/**
 * Issue 12, items 3 and 4 on real servers: the blocked-traffic probe measures how long reads
 * and writes of the tables a migration touches had to wait, without changing its counters or
 * leaving a session behind; the server's notices and warnings are kept per statement, and the
 * ones that say data was changed are findings.
 */
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { tempDir, writeTree } from './helpers/tree.js';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';

const ROWS = 200_000;

const PG_TABLE = `CREATE TABLE t (id integer PRIMARY KEY, v integer NOT NULL, s text NOT NULL);
INSERT INTO t SELECT g, g % 1000, md5(g::text) FROM generate_series(1, ${ROWS}) AS g;
CREATE INDEX t_v ON t (v);
`;

async function pgSessions(db: TestDatabase): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [db.name],
    );
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}

describe('postgres: blocked traffic and server messages', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_probe');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('ALTER COLUMN TYPE blocks reads and writes for most of its duration; no session is left', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': PG_TABLE,
      'V2__alter.sql': 'ALTER TABLE t ALTER COLUMN v TYPE bigint;\n',
    });
    expect(report.settings?.probe).toBe('on');
    const alter = report.migrations.find((m) => m.id === '2_alter' && m.phase === 'new')!;
    expect(alter.status).toBe('succeeded');
    // The table did not exist before V1: it is not probed there.
    expect(report.migrations.find((m) => m.id === '1_t' && m.phase === 'new')?.blocking).toBeUndefined();
    const t = alter.blocking?.find((b) => b.relation === 'public.t');
    expect(t).toBeDefined();
    expect(t!.readsBlockedMs).toBeGreaterThan(0);
    expect(t!.writesBlockedMs).toBeGreaterThan(0);
    expect(t!.readsBlockedMs).toBeGreaterThanOrEqual(alter.durationMs! * 0.5);
    expect(t!.writesBlockedMs).toBeGreaterThanOrEqual(alter.durationMs! * 0.5);
    expect(await pgSessions(db)).toBe(0);
  }, 120000);

  test('a limit on blocked traffic makes a finding naming the table, the traffic and the time', async () => {
    const { report } = await runOnFiles(
      db.url,
      { 'V1__t.sql': PG_TABLE, 'V2__alter.sql': 'ALTER TABLE t ALTER COLUMN v TYPE bigint;\n' },
      {
        thresholds: {
          duration: { regular: null, postDeploy: null },
          queryDuration: { default: null, concurrentIndex: null },
          blockedTraffic: { default: 0 },
        },
      },
    );
    const findings = report.findings.filter((f) => f.rule === 'blocked-traffic');
    expect(findings.map((f) => f.message.split(' ').slice(0, 3).join(' ')).sort()).toEqual([
      'reads to public.t',
      'writes to public.t',
    ]);
    for (const f of findings)
      expect(f).toMatchObject({ severity: 'warning', migration: '2_alter', limit: 0, unit: 'ms' });
    expect(report.settings?.thresholds.find((x) => x.name === 'blockedTraffic.default')?.limit).toBe(0);
  }, 120000);

  test('CREATE INDEX blocks writes but not reads; CONCURRENTLY blocks neither', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': PG_TABLE,
      'V2__index.sql': 'CREATE INDEX t_s ON t (s);\n',
      'V3__concurrently.sql': 'CREATE INDEX CONCURRENTLY t_s2 ON t (s);\n',
    });
    const index = report.migrations.find((m) => m.id === '2_index' && m.phase === 'new')!;
    expect(index.blocking).toEqual([{ relation: 'public.t', readsBlockedMs: 0, writesBlockedMs: expect.any(Number) }]);
    expect(index.blocking![0]!.writesBlockedMs).toBeGreaterThan(0);
    const concurrently = report.migrations.find((m) => m.id === '3_concurrently' && m.phase === 'new')!;
    expect(concurrently.status).toBe('succeeded');
    expect(concurrently.blocking).toEqual([{ relation: 'public.t', readsBlockedMs: 0, writesBlockedMs: 0 }]);
  }, 120000);

  test('--probe off: no blocking data, no probe session; the counters are the same either way', async () => {
    const files = {
      'V1__t.sql': PG_TABLE,
      'V2__alter.sql': 'ALTER TABLE t ALTER COLUMN v TYPE bigint;\nUPDATE t SET v = v + 1 WHERE id <= 1000;\n',
    };
    const off = await runOnFiles(db.url, files, { probe: 'off' });
    expect(off.report.settings?.probe).toBe('off');
    expect(off.report.migrations.every((m) => m.blocking === undefined)).toBe(true);
    const other = await createPostgresDatabase('mt_probe');
    try {
      const on = await runOnFiles(other.url, files);
      const counters = (r: typeof on.report) =>
        r.migrations.find((m) => m.id === '2_alter' && m.phase === 'new')!.counters;
      expect(counters(on.report).rowsRead).toBe(counters(off.report).rowsRead);
      expect(counters(on.report).rowsChanged).toBe(counters(off.report).rowsChanged);
      expect(on.report.findings.filter((f) => f.rule === 'other-sessions')).toEqual([]);
    } finally {
      await other.drop();
    }
  }, 180000);

  test('a cancelled run stops the probe with it: no session is left', async () => {
    const dir = await writeTree({
      'V1__t.sql': 'CREATE TABLE t (id int);\n',
      'V2__slow.sql': 'LOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(60);\n',
    });
    const abort = new AbortController();
    const config = resolveRunConfig({
      databaseUrl: db.url,
      migrations: dir,
      reportDir: await tempDir(),
      rollback: 'off',
      connectTimeout: 5,
    });
    const running = runMigrationTest(config, { cwd: dir, signal: abort.signal });
    // Cancelled once the probe has found the table blocked: both the migration and the probe are at work.
    const watcher = new pg.Client({ connectionString: db.url });
    await watcher.connect();
    try {
      for (let i = 0; i < 600; i++) {
        const r = await watcher.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep(60)%'",
          [db.name],
        );
        if (Number(r.rows[0].n) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await watcher.end();
    }
    abort.abort(new Error('cancelled by test'));
    const { report } = await running;
    const slow = report.migrations.find((m) => m.id === '2_slow')!;
    expect(slow.status).toBe('cancelled');
    expect(slow.blocking).toEqual([
      { relation: 'public.t', readsBlockedMs: expect.any(Number), writesBlockedMs: expect.any(Number) },
    ]);
    expect(await pgSessions(db)).toBe(0);
  }, 120000);

  test('RAISE NOTICE and WARNING in a DO block are kept with their statement and line, and logged', async () => {
    const { report, reportDir } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (id int);\n',
      'V2__raise.sql': `SELECT 1;
DO $$
BEGIN
  RAISE NOTICE 'about to change % rows', 3 USING HINT = 'look <here>';
  RAISE WARNING 'careful' USING DETAIL = 'the detail';
END $$;
`,
    });
    const raise = report.migrations.find((m) => m.id === '2_raise' && m.phase === 'new')!;
    expect(raise.messages).toEqual([
      {
        statementIndex: 1,
        line: 2,
        severity: 'notice',
        code: '00000',
        message: 'about to change 3 rows',
        hint: 'look <here>',
      },
      { statementIndex: 1, line: 2, severity: 'warning', code: '01000', message: 'careful', detail: 'the detail' },
    ]);
    // A RAISE WARNING is shown, not a finding: it says nothing of data the server changed.
    expect(report.findings.filter((f) => f.rule === 'server-warning')).toEqual([]);
    const log = await readFile(path.join(reportDir, raise.logFile!), 'utf8');
    expect(log).toContain('line 2: WARNING 01000: careful (the detail)');
  }, 60000);
});

describe('mariadb: blocked traffic and warnings', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createMysqlDatabase('mt_probe');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('warning 1264 under a lax sql_mode is a message and a server-warning finding', async () => {
    const { report, reportDir } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (id int PRIMARY KEY, v tinyint);\n',
      'V2__lax.sql': "SET SESSION sql_mode = '';\nINSERT INTO t VALUES (1, 999);\nINSERT INTO t VALUES (2, 1);\n",
    });
    const lax = report.migrations.find((m) => m.id === '2_lax' && m.phase === 'new')!;
    expect(lax.status).toBe('succeeded');
    expect(lax.messages).toEqual([
      { statementIndex: 1, line: 2, severity: 'warning', code: '1264', message: expect.stringContaining("'v'") },
    ]);
    // SHOW WARNINGS reads no rows: the counters are the two inserts alone.
    expect(lax.counters.rowsChanged).toBe(2);
    const findings = report.findings.filter((f) => f.rule === 'server-warning');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', migration: '2_lax', line: 2, value: 1, unit: 'count' }),
    ]);
    expect(findings[0]!.message).toContain('warning 1264');
    const log = await readFile(path.join(reportDir, lax.logFile!), 'utf8');
    expect(log).toContain('line 2: WARNING 1264:');
  }, 60000);

  test('ALTER … MODIFY to bigint (a copy) blocks writes; the probe leaves no session', async () => {
    const conn = await mysql.createConnection({ uri: db.url });
    try {
      const { report } = await runOnFiles(db.url, {
        'V1__t.sql': `CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, s varchar(40) NOT NULL);
INSERT INTO t SELECT seq, seq % 1000, MD5(seq) FROM seq_1_to_${ROWS};
`,
        'V2__alter.sql': 'ALTER TABLE t MODIFY v bigint NOT NULL, ALGORITHM=COPY;\n',
      });
      const alter = report.migrations.find((m) => m.id === '2_alter' && m.phase === 'new')!;
      expect(alter.status).toBe('succeeded');
      const t = alter.blocking?.find((b) => b.relation === 't');
      expect(t!.writesBlockedMs).toBeGreaterThan(0);
      // A connection that has quit may stay listed a moment while the server tears it down.
      let left = -1;
      for (let i = 0; i < 50 && left !== 0; i++) {
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()',
        );
        left = Number(rows[0]?.['n']);
        if (left !== 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(left).toBe(0);
    } finally {
      await conn.end();
    }
  }, 120000);
});

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { tempDir, writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');

interface Started {
  child: ChildProcessWithoutNullStreams;
  done: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
}

function startCli(args: string[]): Started {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let signalledAt = 0;
  const kill = child.kill.bind(child);
  child.kill = (sig?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return kill(sig);
  };
  const done = new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - signalledAt })),
  );
  return { child, done };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface EngineCase {
  name: string;
  create: (prefix: string) => Promise<TestDatabase>;
  sleep: string;
  /** Our sessions on the database, seen from a connection of the test's own. */
  ourSessions(db: TestDatabase, running?: string): Promise<number>;
}

const postgres: EngineCase = {
  name: 'postgres',
  create: createPostgresDatabase,
  sleep: 'SELECT pg_sleep(60);',
  async ourSessions(db, running) {
    const c = new pg.Client(db.url);
    await c.connect();
    try {
      const r = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'migration-test'${running ? ' AND query LIKE $1' : ''}`,
        running ? [`%${running}%`] : [],
      );
      return Number(r.rows[0]!.n);
    } finally {
      await c.end();
    }
  },
};

const mariadb: EngineCase = {
  name: 'mysql',
  create: createMysqlDatabase,
  sleep: 'SELECT SLEEP(60);',
  async ourSessions(db, running) {
    const c = await mysql.createConnection(db.url);
    try {
      const [rows] = await c.query<mysql.RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()${running ? ' AND INFO LIKE ?' : ''}`,
        running ? [`%${running}%`] : [],
      );
      return Number(rows[0]!['n']);
    } finally {
      await c.end();
    }
  },
};

describe.each([postgres, mariadb])('$name', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await engine.create('mt_signal');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('SIGTERM during a long statement: cancelled on the server, partial report, exit 143, no session left', async () => {
    const dir = await writeTree({
      '1_t.up.sql': 'CREATE TABLE t (id int);\n',
      '2_slow.up.sql': `${engine.sleep}\n`,
      '3_u.up.sql': 'CREATE TABLE u (id int);\n',
    });
    const out = await tempDir();
    const run = startCli([
      'run',
      '--database-url',
      db.url,
      '--migrations',
      dir,
      '--report-dir',
      out,
      '--rollback',
      'off',
    ]);
    await until('the slow statement to run', async () => (await engine.ourSessions(db, engine.sleep.slice(0, 12))) > 0);
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as {
      status: string;
      migrations: { id: string; status: string; durationMs: number | null }[];
      findings: { rule: string; message: string }[];
    };
    expect(report.status).toBe('failed');
    expect(report.migrations.map((m) => [m.id, m.status])).toEqual([
      ['1_t', 'succeeded'],
      ['2_slow', 'cancelled'],
      ['3_u', 'skipped'],
    ]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'cancelled', message: expect.stringContaining('cancelled by SIGTERM') }),
    );
    // cut short: the 60 s sleep did not run to its end (measured by the tool, not a bound on the machine's speed)
    expect(report.migrations.find((m) => m.id === '2_slow')!.durationMs).toBeLessThan(60_000);
    expect(await engine.ourSessions(db)).toBe(0);
  });

  test('two runs on one database: the second is refused with exit 2 while the first holds it', async () => {
    const dir = await writeTree({ '1_slow.up.sql': `${engine.sleep}\n` });
    const first = startCli([
      'run',
      '--database-url',
      db.url,
      '--migrations',
      dir,
      '--report-dir',
      await tempDir(),
      '--rollback',
      'off',
    ]);
    await until(
      'the first run to start its migration',
      async () => (await engine.ourSessions(db, engine.sleep.slice(0, 12))) > 0,
    );
    const second = startCli([
      'run',
      '--database-url',
      db.url,
      '--migrations',
      dir,
      '--report-dir',
      await tempDir(),
      '--rollback',
      'off',
      '--allow-existing',
    ]);
    const refused = await second.done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is in use by another migration-test run');
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(130);
  });
});

describe('another session holding a lock', () => {
  test('postgres: the wait is bounded and the error names the session holding ACCESS EXCLUSIVE', async () => {
    const db = await createPostgresDatabase('mt_lock');
    const holder = new pg.Client(db.url);
    await holder.connect();
    try {
      await holder.query('CREATE TABLE t (id int)');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const { report } = await runOnFiles(
        db.url,
        { 'V1__alter.sql': 'ALTER TABLE t ADD COLUMN x int;\n' },
        { allowExisting: true, statementTimeout: 4 },
      );
      const run = report.migrations[0]!;
      expect(run.status).toBe('failed');
      expect(run.error?.message).toContain(`pid ${holderPid}`);
      expect(run.error?.message).toContain('AccessExclusiveLock on t');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await db.drop();
    }
  });

  test('mysql: a statement waiting on a metadata lock names the other session', async () => {
    const db = await createMysqlDatabase('mt_lock');
    const holder = await mysql.createConnection(db.url);
    try {
      await holder.query('CREATE TABLE t (id int)');
      await holder.query('LOCK TABLES t WRITE');
      const [idRows] = await holder.query<mysql.RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
      const { report } = await runOnFiles(
        db.url,
        { 'V1__alter.sql': 'ALTER TABLE t ADD COLUMN x int;\n' },
        { allowExisting: true, statementTimeout: 4 },
      );
      const run = report.migrations[0]!;
      expect(run.status).toBe('failed');
      expect(run.error?.message).toContain(`thread ${String(idRows[0]!['id'])}`);
    } finally {
      await holder.query('UNLOCK TABLES').catch(() => undefined);
      await holder.end();
      await db.drop();
    }
  });
});

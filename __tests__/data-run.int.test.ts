import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

/** Seeds and synthetic rows through a whole run: the new migration then works on real volume. */
describe('data before the new migrations', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db.drop();
  });

  test('PostgreSQL: a gzipped COPY seed after the base migrations, then a fill; the report says what was loaded', async () => {
    db = await createPostgresDatabase('mt_data');
    const copyRows = Array.from({ length: 300 }, (_, i) => `${i + 1}\tuser${i + 1}@example.com\t\\N`).join('\n');
    const dump = `SET client_encoding = 'UTF8';\nCOPY public.users (id, email, note) FROM stdin;\n${copyRows}\n\\.\n`;
    const dir = await writeTree({
      'db/migrations/V1__users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, note text);',
      'db/migrations/V2__orders.sql':
        'CREATE TABLE orders (id bigserial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), total numeric(10, 2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
      'db/migrations/V3__orders_status.sql':
        "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\nUPDATE orders SET status = 'paid' WHERE total > 0;",
      'seed/users.sql.gz': zlib.gzipSync(dump),
    });
    const config = resolveRunConfig(
      {
        databaseUrl: db.url,
        migrations: 'db/migrations',
        newFrom: '3',
        seed: ['seed/users.sql.gz'],
        seedAfter: 'base',
        reportDir: await tempDir(),
        connectTimeout: 5,
      },
      { fill: { rows: 0, tables: { orders: 2000 }, seed: 42 } },
    );
    const { report, exitCode } = await runMigrationTest(config, { cwd: dir });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.data?.seeds).toEqual([
      expect.objectContaining({ file: 'seed/users.sql.gz', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    expect(report.data?.fill?.tables).toEqual([
      expect.objectContaining({ table: expect.stringMatching(/orders$/), rows: 2000 }),
    ]);
    expect(report.data?.rowsPerTable).toMatchObject({ 'public.users': 300, 'public.orders': 2000 });
    const status = report.migrations.find((m) => m.id === '3_orders_status' && m.phase === 'new')!;
    expect(status.counters.rowsUpdated).toBeGreaterThan(0);
    expect(status.counters.rowsUpdated).toBeLessThanOrEqual(2000);
  });

  test('MySQL: a seed before the base migrations that fails part-way keeps the report and names the line', async () => {
    db = await createMysqlDatabase('mt_data');
    const dir = await writeTree({
      'db/migrations/1_t.up.sql': 'CREATE TABLE t (id INT PRIMARY KEY);',
      'seed.sql': 'CREATE TABLE s (id INT PRIMARY KEY);\nINSERT INTO s VALUES (1),(2);\nINSERT INTO s VALUES (2);\n',
    });
    const config = resolveRunConfig({
      databaseUrl: db.url,
      migrations: 'db/migrations',
      seed: ['seed.sql'],
      reportDir: await tempDir(),
      connectTimeout: 5,
    });
    const { report, exitCode, reportPath } = await runMigrationTest(config, { cwd: dir });
    expect(exitCode).toBe(1);
    const seed = report.findings.find((f) => f.rule === 'seed');
    expect(seed?.message).toMatch(/seed\.sql:3/);
    expect(seed?.message).toMatch(/Duplicate entry/);
    expect(report.migrations.map((m) => m.status)).toEqual(['skipped']);
    await expect(fs.stat(reportPath)).resolves.toBeTruthy();
    expect(path.basename(reportPath)).toBe('report.json');
  });

  test('a fill naming a table that does not exist is an error finding, the base migrations stay measured', async () => {
    db = await createPostgresDatabase('mt_data');
    const dir = await writeTree({
      'db/migrations/V1__t.sql': 'CREATE TABLE t (id int PRIMARY KEY);',
      'db/migrations/V2__u.sql': 'ALTER TABLE t ADD COLUMN u int;',
    });
    const config = resolveRunConfig(
      { databaseUrl: db.url, migrations: 'db/migrations', newFrom: '2', reportDir: await tempDir(), connectTimeout: 5 },
      { fill: { rows: 10, tables: { nope: 5 } } },
    );
    const { report, exitCode } = await runMigrationTest(config, { cwd: dir });
    expect(exitCode).toBe(1);
    expect(report.findings.find((f) => f.rule === 'fill')?.message).toMatch(/nope/);
    expect(report.migrations.map((m) => `${m.phase}:${m.status}`)).toEqual(['base:succeeded', 'new:skipped']);
  });
});

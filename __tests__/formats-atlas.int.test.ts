// Atlas versioned directories run as `atlas migrate apply` runs them, on PostgreSQL and MariaDB:
// atlas.sum verified (a mismatch is an error finding, the run goes on), one transaction per file
// unless `-- atlas:txmode none`, and atlas_schema_revisions as Atlas creates and writes it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationRun } from '../src/report/model.js';
import { OPERATOR_VERSION } from '../src/migrations/formats/atlas-bookkeeping.js';
import { atlasHashFile, formatAtlasSum } from '../src/migrations/formats/atlas-sum.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { MigrationSourceError } from '../src/util/errors.js';
import { query as rows } from './helpers/bookkeeping-tables.js';

/** Files with the atlas.sum `atlas migrate hash` writes for them. */
function hashed(files: Record<string, string>): Record<string, string> {
  const names = Object.keys(files).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const sum = formatAtlasSum(atlasHashFile(names.map((name) => ({ name, text: files[name] ?? '' }))));
  return { ...files, 'atlas.sum': sum };
}

const hashOf = (files: Record<string, string>, name: string) =>
  atlasHashFile(
    Object.keys(files)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map((n) => ({ name: n, text: files[n] ?? '' })),
  ).find((e) => e.name === name)?.hash;

// From Atlas's own test data (ariga/atlas atlasexec/testdata/migrations) and its docs' layout.
const MIGRATIONS = {
  '20230727105553_init.sql': 'CREATE TABLE t1 ( c1 int );\n',
  '20230727105615_t2.sql': "CREATE TABLE t2 ( c1 int, c2 text );\nINSERT INTO t2 (c1, c2) VALUES (1, 'a'), (2, 'b');\n",
  '20230926085734_destructive-change.sql': 'DROP TABLE t2;\n',
};

const REVISIONS = { postgres: 'atlas_schema_revisions.atlas_schema_revisions', mysql: 'atlas_schema_revisions' };

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = engine === 'postgres' ? await createPostgresDatabase('mt_atlas') : await createMysqlDatabase('mt_atlas');
  });
  afterEach(async () => {
    await db.drop();
  });

  const revisions = async (table = REVISIONS[engine]) =>
    (
      await rows(
        db,
        `SELECT version, description, type, applied, total, error, error_stmt, hash, ${engine === 'postgres' ? 'partial_hashes::text AS partial_hashes' : 'CAST(partial_hashes AS CHAR) AS partial_hashes'}, operator_version, execution_time, executed_at FROM ${table} ORDER BY version`,
      )
    ).map((r) => ({
      ...r,
      version: r.version as string,
      type: Number(r.type),
      applied: Number(r.applied),
      total: Number(r.total),
      // JSON null (not SQL NULL): jsonb 'null' on PostgreSQL, the text 'null' on MariaDB.
      partial_hashes: r.partial_hashes as string | null,
      execution_time: Number(r.execution_time) >= 0 ? 'ns' : r.execution_time,
      executed_at: r.executed_at instanceof Date ? 'date' : r.executed_at,
    }));

  const row = (name: string, total: number, files: Record<string, string> = MIGRATIONS) => {
    const at = name.indexOf('_');
    return {
      version: name.slice(0, at),
      description: name.slice(at + 1).replace(/\.sql$/, ''),
      type: 2,
      applied: total,
      total,
      error: '',
      error_stmt: '',
      hash: hashOf(files, name),
      partial_hashes: 'null',
      operator_version: OPERATOR_VERSION,
      execution_time: 'ns',
      executed_at: 'date',
    };
  };

  test('the files run in order, each recorded in atlas_schema_revisions as Atlas records it', async () => {
    const { report, exitCode } = await runOnFiles(db.url, hashed(MIGRATIONS));
    expect(report.source.format).toBe('atlas');
    expect(report.migrations.map((m) => [m.id, m.phase, m.direction, m.status])).toEqual([
      ['20230727105553_init', 'new', 'up', 'succeeded'],
      ['20230727105615_t2', 'new', 'up', 'succeeded'],
      ['20230926085734_destructive-change', 'new', 'up', 'succeeded'],
    ]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    const t2 = report.migrations[1] as MigrationRun;
    expect(t2.statements).toBe(2);
    expect(t2.counters).toMatchObject({ rowsInserted: 2 });
    expect(t2.bookkeeping).toMatchObject({ table: 'atlas_schema_revisions', statements: 1 });
    expect(t2.queries.some((q) => /atlas_schema_revisions/i.test(q.sql))).toBe(false);
    expect(await revisions()).toEqual([
      row('20230727105553_init.sql', 1),
      row('20230727105615_t2.sql', 2),
      row('20230926085734_destructive-change.sql', 1),
    ]);
    const columns = await rows(
      db,
      engine === 'postgres'
        ? "SELECT column_name AS c, data_type AS t, is_nullable AS n FROM information_schema.columns WHERE table_schema = 'atlas_schema_revisions' AND table_name = 'atlas_schema_revisions' ORDER BY ordinal_position"
        : "SELECT column_name AS c, column_type AS t, is_nullable AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'atlas_schema_revisions' ORDER BY ordinal_position",
    );
    const shape = columns.map(
      (c) => `${String(c.c ?? c.C)} ${String(c.t ?? c.T)}${(c.n ?? c.N) === 'YES' ? ' NULL' : ''}`,
    );
    expect(shape).toEqual(
      engine === 'postgres'
        ? [
            'version character varying',
            'description character varying',
            'type bigint',
            'applied bigint',
            'total bigint',
            'executed_at timestamp with time zone',
            'execution_time bigint',
            'error text NULL',
            'error_stmt text NULL',
            'hash character varying',
            'partial_hashes jsonb NULL',
            'operator_version character varying',
          ]
        : [
            'version varchar(255)',
            'description varchar(255)',
            'type bigint(20) unsigned',
            'applied bigint(20)',
            'total bigint(20)',
            'executed_at timestamp NULL',
            'execution_time bigint(20)',
            'error longtext NULL',
            'error_stmt longtext NULL',
            'hash varchar(255)',
            'partial_hashes longtext NULL',
            'operator_version varchar(255)',
          ],
    );
  });

  test('an edited file is a checksum error finding naming it; the migrations still run and the report is written', async () => {
    const files = { ...hashed(MIGRATIONS), '20230727105615_t2.sql': 'CREATE TABLE t2 ( c1 int );\n' };
    const { report, exitCode, reportDir } = await runOnFiles(db.url, files);
    expect(report.findings.filter((f) => f.rule === 'checksum')).toEqual([
      expect.objectContaining({
        severity: 'error',
        migration: '20230727105615_t2',
        message: expect.stringContaining('atlas.sum:3: checksum mismatch: 20230727105615_t2.sql was edited'),
      }),
    ]);
    expect(report.migrations.map((m) => m.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(exitCode).not.toBe(0);
    expect(exitCode).not.toBe(2);
    const written = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as { findings: unknown[] };
    expect(JSON.stringify(written.findings)).toContain('checksum mismatch: 20230727105615_t2.sql was edited');
  });

  test('txmode file rolls a failing file back with its revision; txmode none keeps what ran', async () => {
    const failing = 'INSERT INTO t1 (c1) VALUES (1);\nINSERT INTO no_such_table (c1) VALUES (1);\n';
    const base = { '20230727105553_init.sql': MIGRATIONS['20230727105553_init.sql'] };
    const inTx = await runOnFiles(db.url, hashed({ ...base, '20230801000000_fill.sql': failing }));
    expect(inTx.report.migrations.map((m) => m.status)).toEqual(['succeeded', 'failed']);
    expect(await rows(db, 'SELECT c1 FROM t1')).toEqual([]);
    expect((await revisions()).map((r) => r.version)).toEqual(['20230727105553']);

    await rows(db, 'DROP TABLE t1');
    await rows(
      db,
      engine === 'postgres' ? 'DROP SCHEMA atlas_schema_revisions CASCADE' : 'DROP TABLE atlas_schema_revisions',
    );
    const none = { ...base, '20230801000000_fill.sql': `-- atlas:txmode none\n\n${failing}` };
    const noTx = await runOnFiles(db.url, hashed(none));
    expect(noTx.report.migrations.map((m) => m.status)).toEqual(['succeeded', 'failed']);
    expect((await rows(db, 'SELECT c1 FROM t1')).map((r) => Number(r.c1))).toEqual([1]);
    // Atlas's first write, before the file, stays: the file started and did not finish.
    expect((await revisions()).map((r) => [r.version, r.applied, r.total])).toEqual([
      ['20230727105553', 1, 1],
      ['20230801000000', 0, 2],
    ]);
  });

  test('--format auto refuses golang-migrate down files beside atlas.sum', async () => {
    await expect(
      runOnFiles(db.url, hashed({ '1_a.up.sql': 'SELECT 1;\n', '1_a.down.sql': 'SELECT 2;\n' })),
    ).rejects.toThrow(
      new MigrationSourceError(
        "1_a.down.sql: a golang-migrate down file beside atlas.sum: Atlas's own directory format would run it as a migration; for a directory Atlas reads with ?format=golang-migrate, pass --format golang-migrate",
      ),
    );
  });
});

describe('postgres only', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_atlas');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('CREATE INDEX CONCURRENTLY fails in the file’s transaction and passes with -- atlas:txmode none', async () => {
    const index = 'CREATE INDEX CONCURRENTLY t1_c1 ON t1 (c1);\n';
    const base = { '20230727105553_init.sql': MIGRATIONS['20230727105553_init.sql'] };
    const inTx = await runOnFiles(db.url, hashed({ ...base, '20230801000000_index.sql': index }));
    const failed = inTx.report.migrations[1] as MigrationRun;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/cannot run inside a transaction block/);

    await rows(db, 'DROP TABLE t1; DROP SCHEMA atlas_schema_revisions CASCADE');
    const files = hashed({ ...base, '20230801000000_index.sql': `-- atlas:txmode none\n\n${index}` });
    const { report, exitCode } = await runOnFiles(db.url, files);
    expect(report.migrations.map((m) => m.status)).toEqual(['succeeded', 'succeeded']);
    expect(exitCode).toBe(0);
    const revs = await rows(
      db,
      'SELECT version, applied, total FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY 1',
    );
    expect(revs.map((r) => [r.version, Number(r.applied), Number(r.total)])).toEqual([
      ['20230727105553', 1, 1],
      ['20230801000000', 1, 1],
    ]);
  });

  test('--migrations-table names the revisions schema, as --revisions-schema does', async () => {
    const { exitCode } = await runOnFiles(db.url, hashed(MIGRATIONS), { migrationsTable: 'ops' });
    expect(exitCode).toBe(0);
    const revs = await rows(db, 'SELECT version FROM ops.atlas_schema_revisions ORDER BY 1');
    expect(revs.map((r) => r.version)).toEqual(['20230727105553', '20230727105615', '20230926085734']);
    expect(await rows(db, "SELECT 1 FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'")).toEqual([]);
  });
});

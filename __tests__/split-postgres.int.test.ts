/**
 * The server agrees with the splitter: the statements it cuts run one by one on a real
 * PostgreSQL and build working objects; a broken statement reaches the server alone and its
 * error position maps back to the right line of the file; and what isNonTransactionalPostgres
 * claims is what the server enforces inside a transaction block.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isNonTransactionalPostgres, loadPostgresParser, splitPostgres } from '../src/migrations/split/postgres.js';
import type { Statement } from '../src/migrations/types.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../__fixtures__/split/postgres/${name}`, import.meta.url)), 'utf8');

interface PgError {
  code?: string;
  position?: string;
  message: string;
}

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  await loadPostgresParser();
  db = await createPostgresDatabase('split_pg');
  client = new pg.Client({ connectionString: db.url });
  client.on('error', () => undefined);
  await client.connect();
});

afterAll(async () => {
  await client?.end().catch(() => undefined);
  await db?.drop();
});

async function scalar<T>(sql: string): Promise<T> {
  const { rows } = await client.query<Record<string, T>>(sql);
  return Object.values(rows[0] ?? {})[0] as T;
}

async function tryQuery(sql: string): Promise<PgError | null> {
  try {
    await client.query(sql);
    return null;
  } catch (err) {
    return err as PgError;
  }
}

/** The 1-based line in the file of the server's error position (in characters) in `stmt`. */
function errorLine(stmt: Statement, position: number): number {
  const before = Array.from(stmt.sql)
    .slice(0, position - 1)
    .join('');
  return stmt.line + (before.match(/\n/g)?.length ?? 0);
}

test('the hard script runs statement by statement and its objects work', async () => {
  await client.query('CREATE SCHEMA hard; SET search_path = hard');
  const statements = splitPostgres(fixture('hard.sql'));
  expect(statements).toHaveLength(16);
  let lastResult: unknown;
  for (const stmt of statements) {
    const result = await client.query(stmt.sql).catch((err: Error) => {
      throw new Error(`line ${stmt.line}: ${err.message}\n${stmt.sql}`);
    });
    lastResult = result.rows[0]?.count;
  }
  expect(lastResult).toBe('2');

  expect(await scalar<number>('SELECT add_item(3, $$three$$)')).toBe(6);
  expect(await scalar<string>('SELECT tagged()')).toBe('a;b;c');
  expect(await scalar<number>('SELECT atomic_sum(NULL, 5)')).toBe(5);
  expect(await scalar<number>('SELECT atomic_sum(2, 3)')).toBe(5);
  const { rows: items } = await client.query<{ id: number; name: string; note: string | null }>(
    'SELECT id, name, note FROM items ORDER BY id',
  );
  expect(items).toEqual([
    { id: 1, name: 'one;', note: null },
    { id: 2, name: "it's; escaped\\", note: 'héllo 😀;' },
    { id: 3, name: 'three', note: null },
  ]);
  const { rows: audit } = await client.query<{ msg: string }>('SELECT msg FROM audit ORDER BY id');
  expect(audit.map((r) => r.msg)).toEqual([
    'rule;1',
    'rule;2',
    'proc',
    'proc;again',
    "legacy 'quoted'; string\\",
    'C:\\',
  ]);
  await client.query('RESET search_path');
});

test('a syntax error in statement 3 reaches the server alone, and its position maps to the right line', async () => {
  await client.query('CREATE SCHEMA broken; SET search_path = broken');
  const script = [
    '-- déjà vu: the third statement is broken 😀',
    'CREATE TABLE t (a int, b text);',
    "INSERT INTO t VALUES (1, 'ünïcödé; ok');",
    '/* broken: */ INSERT INTO t',
    "  VALUES (2, 'é;')",
    '  RETURNIN a;',
    "INSERT INTO t VALUES (4, 'after');",
  ].join('\n');
  const statements = splitPostgres(script, 5);
  expect(statements.map((s) => s.line)).toEqual([6, 7, 8, 11]);
  const errors: (PgError | null)[] = [];
  for (const stmt of statements) errors.push(await tryQuery(stmt.sql));
  expect(errors.map((e) => e?.code ?? null)).toEqual([null, null, '42601', null]);
  const error = errors[2] as PgError;
  expect(error.message).toBe('syntax error at or near "RETURNIN"');
  // the file's line of RETURNIN: line 6 of the script, which starts on line 5 of the file
  expect(errorLine(statements[2] as Statement, Number(error.position))).toBe(10);
  expect(await scalar<string>('SELECT count(*) FROM t')).toBe('2');
  await client.query('RESET search_path');
});

test('an unterminated string reaches the server with the rest of the file', async () => {
  const statements = splitPostgres("SELECT 1;\nSELECT 'abc;\nSELECT 2;");
  expect(statements).toHaveLength(2);
  const error = await tryQuery((statements[1] as Statement).sql);
  expect(error?.code).toBe('42601');
  expect(error?.message).toMatch(/unterminated quoted string/);
});

describe('isNonTransactionalPostgres agrees with the server', () => {
  beforeAll(async () => {
    await client.query(`
      CREATE SCHEMA ntx; SET search_path = ntx;
      CREATE TABLE t (a int); CREATE INDEX i0 ON t (a);
      CREATE TABLE p (k int) PARTITION BY LIST (k); CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
      CREATE TYPE mood AS ENUM ('a');
      CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x; CREATE UNIQUE INDEX ON mv (x);
    `);
  });

  const name = (): string => `"${db.name}"`;
  const cases: [string, () => string][] = [
    // cannot run in a transaction block
    ['CREATE INDEX CONCURRENTLY', () => 'CREATE INDEX CONCURRENTLY i2 ON t (a)'],
    ['CREATE UNIQUE INDEX CONCURRENTLY', () => 'CREATE UNIQUE INDEX CONCURRENTLY i3 ON t (a)'],
    ['DROP INDEX CONCURRENTLY', () => 'DROP INDEX CONCURRENTLY i0'],
    ['REINDEX INDEX CONCURRENTLY', () => 'REINDEX INDEX CONCURRENTLY i0'],
    ['REINDEX (CONCURRENTLY) TABLE', () => 'REINDEX (CONCURRENTLY) TABLE t'],
    ['REINDEX SCHEMA', () => 'REINDEX SCHEMA ntx'],
    ['REINDEX DATABASE', () => `REINDEX DATABASE ${name()}`],
    ['REINDEX SYSTEM', () => `REINDEX SYSTEM ${name()}`],
    ['VACUUM', () => 'VACUUM'],
    ['VACUUM (ANALYZE) t', () => 'VACUUM (ANALYZE) t'],
    ['CREATE DATABASE', () => `CREATE DATABASE "${db.name}_x"`],
    ['DROP DATABASE', () => `DROP DATABASE IF EXISTS "${db.name}_x"`],
    ['CREATE TABLESPACE', () => "CREATE TABLESPACE mt_none LOCATION '/nonexistent'"],
    ['DROP TABLESPACE', () => 'DROP TABLESPACE IF EXISTS mt_none'],
    ['ALTER DATABASE SET TABLESPACE', () => `ALTER DATABASE ${name()} SET TABLESPACE pg_default`],
    ['DETACH PARTITION CONCURRENTLY', () => 'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY'],
    ['CLUSTER', () => 'CLUSTER'],
    ['CLUSTER VERBOSE', () => 'CLUSTER VERBOSE'],
    ['DISCARD ALL', () => 'DISCARD ALL'],
    ['COMMIT PREPARED', () => "COMMIT PREPARED 'mt_none'"],
    ['ROLLBACK PREPARED', () => "ROLLBACK PREPARED 'mt_none'"],
    ['CREATE SUBSCRIPTION', () => "CREATE SUBSCRIPTION mt_sub CONNECTION 'dbname=mt_none' PUBLICATION p"],
    // can
    ['CREATE INDEX', () => 'CREATE INDEX i1 ON t (a)'],
    ['DROP INDEX', () => 'DROP INDEX i0'],
    ['REINDEX TABLE', () => 'REINDEX TABLE t'],
    ['REINDEX (CONCURRENTLY false) TABLE', () => 'REINDEX (CONCURRENTLY false) TABLE t'],
    ['REINDEX INDEX', () => 'REINDEX INDEX i0'],
    ['ANALYZE', () => 'ANALYZE t'],
    ['CLUSTER t USING i0', () => 'CLUSTER t USING i0'],
    ['ALTER DATABASE SET', () => `ALTER DATABASE ${name()} SET work_mem = '8MB'`],
    ['DETACH PARTITION', () => 'ALTER TABLE p DETACH PARTITION p1'],
    ['ALTER TYPE ADD VALUE', () => "ALTER TYPE mood ADD VALUE 'b'"],
    ['DISCARD PLANS', () => 'DISCARD PLANS'],
    ['REFRESH MATERIALIZED VIEW CONCURRENTLY', () => 'REFRESH MATERIALIZED VIEW CONCURRENTLY mv'],
    [
      'CREATE SUBSCRIPTION WITH (connect = false)',
      () => "CREATE SUBSCRIPTION mt_sub CONNECTION 'dbname=mt_none' PUBLICATION p WITH (connect = false)",
    ],
  ];

  test.each(cases)('%s', async (_label, sql) => {
    const statement = sql();
    await client.query('BEGIN');
    const error = await tryQuery(statement);
    await client.query('ROLLBACK');
    if (isNonTransactionalPostgres(statement)) expect(error?.code).toBe('25001');
    else expect(error).toBeNull();
  });
});
